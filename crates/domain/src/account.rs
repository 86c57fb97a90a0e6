//! Accounts as aggregated from an institution. Money is `Decimal`, never a float.

use crate::ids::{AccountGuid, ClientId, MemberGuid, UserGuid};
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
    pub day_payment_is_due: Option<u8>,
    pub payment_due_at: Option<OffsetDateTime>,
    pub last_payment_at: Option<OffsetDateTime>,
    pub started_on: Option<Date>,
    pub matures_on: Option<Date>,
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
    /// The last four digits; full numbers come from verification.
    pub account_number_mask: Option<String>,
    pub currency_code: String,
    pub figures: AccountFigures,
    pub is_closed: bool,
    pub is_hidden: bool,
    pub metadata: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub imported_at: Option<OffsetDateTime>,
}
