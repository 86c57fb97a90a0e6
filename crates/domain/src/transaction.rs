//! Transactions: amounts are positive, direction comes from `kind` (MX convention).

use crate::ids::{AccountGuid, CategoryGuid, ClientId, MemberGuid, TransactionGuid, UserGuid};
use crate::origin::Origin;
use rust_decimal::Decimal;
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionKind {
    Credit,
    Debit,
}

impl TransactionKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Credit => "CREDIT",
            Self::Debit => "DEBIT",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_uppercase().as_str() {
            "CREDIT" => Some(Self::Credit),
            "DEBIT" => Some(Self::Debit),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionStatus {
    Posted,
    Pending,
}

impl TransactionStatus {
    pub fn name(self) -> &'static str {
        match self {
            Self::Posted => "POSTED",
            Self::Pending => "PENDING",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_uppercase().as_str() {
            "POSTED" => Some(Self::Posted),
            "PENDING" => Some(Self::Pending),
            _ => None,
        }
    }
}

/// The `is_*` flags MX puts on every transaction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TransactionFlags {
    pub is_bill_pay: bool,
    pub is_direct_deposit: bool,
    pub is_expense: bool,
    pub is_fee: bool,
    pub is_income: bool,
    pub is_overdraft_fee: bool,
    pub is_payroll_advance: bool,
    pub is_subscription: bool,
    pub is_recurring: bool,
    pub is_international: bool,
}

/// What enrichment adds to a raw transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Enrichment {
    pub description: String,
    pub category_guid: CategoryGuid,
    pub merchant_name: Option<String>,
    pub flags: TransactionFlags,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Transaction {
    pub guid: TransactionGuid,
    pub client_id: ClientId,
    pub user_guid: UserGuid,
    pub member_guid: MemberGuid,
    pub account_guid: AccountGuid,
    /// The connector's stable id; re-aggregation updates rather than duplicates.
    /// Partner-managed transactions use the partner's `id` (unique per account).
    pub external_id: String,
    /// The partner's own id; only partner-managed transactions have one.
    pub id: Option<String>,
    pub origin: Origin,
    pub amount: Decimal,
    pub kind: TransactionKind,
    pub status: TransactionStatus,
    pub date: Date,
    pub transacted_at: OffsetDateTime,
    pub posted_at: Option<OffsetDateTime>,
    pub original_description: String,
    pub description: String,
    pub memo: Option<String>,
    pub category_guid: CategoryGuid,
    pub merchant_category_code: Option<u32>,
    pub merchant_name: Option<String>,
    pub check_number: Option<String>,
    pub currency_code: String,
    pub latitude: Option<Decimal>,
    pub longitude: Option<Decimal>,
    pub flags: TransactionFlags,
    pub metadata: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}
