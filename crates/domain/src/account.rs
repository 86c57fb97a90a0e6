//! Accounts as aggregated from an institution. Money is `Decimal`, never a float.

use crate::ids::{AccountGuid, ClientId, MemberGuid, UserGuid};
use crate::origin::Origin;
use rust_decimal::Decimal;
use time::{Date, OffsetDateTime};

/// MX parent account types (seed L2981). Stored and emitted as open strings.
pub const ACCOUNT_TYPES: [&str; 12] = [
    "CHECKING",
    "SAVINGS",
    "LOAN",
    "CREDIT_CARD",
    "INVESTMENT",
    "LINE_OF_CREDIT",
    "MORTGAGE",
    "PROPERTY",
    "CASH",
    "INSURANCE",
    "PREPAID",
    "ANY",
];

/// Amounts an institution reports for an account; all optional, all exact.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountFigures {
    pub balance: Option<Decimal>,
    pub available_balance: Option<Decimal>,
    pub available_credit: Option<Decimal>,
    pub credit_limit: Option<Decimal>,
    pub apr: Option<Decimal>,
    pub apy: Option<Decimal>,
    pub interest_rate: Option<Decimal>,
    pub minimum_payment: Option<Decimal>,
    pub last_payment: Option<Decimal>,
    pub original_balance: Option<Decimal>,
    pub loan_amount: Option<Decimal>,
    pub payoff_balance: Option<Decimal>,
    pub holdings_value: Option<Decimal>,
    pub cash_balance: Option<Decimal>,
    pub statement_balance: Option<Decimal>,
    pub cash_surrender_value: Option<Decimal>,
    pub minimum_balance: Option<Decimal>,
    /// A whole amount: MX and its SDK type it as an integer.
    pub death_benefit: Option<i64>,
    pub day_payment_is_due: Option<u8>,
    pub payment_due_at: Option<OffsetDateTime>,
    pub last_payment_at: Option<OffsetDateTime>,
    pub started_on: Option<Date>,
    pub matures_on: Option<Date>,
}

/// Amounts that cannot go below zero: limits, rates and payments. Balances can (an
/// overdrawn checking account, an overpaid card).
pub const NON_NEGATIVE_AMOUNTS: [&str; 11] = [
    "credit_limit",
    "apr",
    "apy",
    "interest_rate",
    "minimum_payment",
    "last_payment",
    "original_balance",
    "loan_amount",
    "cash_surrender_value",
    "minimum_balance",
    "holdings_value",
];

impl AccountFigures {
    /// Every amount by its MX field name: how they are stored and changed.
    pub fn amounts_mut(&mut self) -> [(&'static str, &mut Option<Decimal>); 17] {
        [
            ("balance", &mut self.balance),
            ("available_balance", &mut self.available_balance),
            ("available_credit", &mut self.available_credit),
            ("credit_limit", &mut self.credit_limit),
            ("apr", &mut self.apr),
            ("apy", &mut self.apy),
            ("interest_rate", &mut self.interest_rate),
            ("minimum_payment", &mut self.minimum_payment),
            ("last_payment", &mut self.last_payment),
            ("original_balance", &mut self.original_balance),
            ("loan_amount", &mut self.loan_amount),
            ("payoff_balance", &mut self.payoff_balance),
            ("holdings_value", &mut self.holdings_value),
            ("cash_balance", &mut self.cash_balance),
            ("statement_balance", &mut self.statement_balance),
            ("cash_surrender_value", &mut self.cash_surrender_value),
            ("minimum_balance", &mut self.minimum_balance),
        ]
    }

    /// Copies every value `changes` has over this one; what it lacks stays.
    pub fn apply(&mut self, changes: &AccountFigures) {
        let mut changes = changes.clone();
        for ((_, slot), (_, change)) in self.amounts_mut().into_iter().zip(changes.amounts_mut()) {
            if let Some(value) = change.take() {
                *slot = Some(value);
            }
        }
        self.death_benefit = changes.death_benefit.or(self.death_benefit);
        self.day_payment_is_due = changes.day_payment_is_due.or(self.day_payment_is_due);
        self.payment_due_at = changes.payment_due_at.or(self.payment_due_at);
        self.last_payment_at = changes.last_payment_at.or(self.last_payment_at);
        self.started_on = changes.started_on.or(self.started_on);
        self.matures_on = changes.matures_on.or(self.matures_on);
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub guid: AccountGuid,
    pub client_id: ClientId,
    pub user_guid: UserGuid,
    pub member_guid: MemberGuid,
    /// The connector's stable id for the account, unique within the member.
    pub external_id: String,
    pub id: Option<String>,
    pub institution_code: String,
    pub name: String,
    pub nickname: Option<String>,
    pub account_type: String,
    pub subtype: Option<String>,
    /// The last four digits; full numbers come from verification. Partner-managed
    /// accounts show what the partner sent.
    pub account_number_mask: Option<String>,
    /// Only partner-managed accounts carry one here; aggregated ones get theirs from
    /// verification (account numbers).
    pub routing_number: Option<String>,
    pub property_type: Option<String>,
    pub origin: Origin,
    pub currency_code: String,
    pub figures: AccountFigures,
    pub is_closed: bool,
    pub is_hidden: bool,
    pub metadata: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub imported_at: Option<OffsetDateTime>,
}
