//! One account's history as the spec's transactions (§3.5, §5.3): each posting to the
//! account is a row, typed from its entry's kind and sign, with the running balance;
//! each active hold is a pending row.

use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use crate::ids::{AccountId, TransferId};

use super::{EntryKind, Holds, Journal, Merchant};

/// `transactionType` (spec §3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TransactionType {
    Balance,
    Debit,
    Credit,
    Check,
}

impl TransactionType {
    pub fn as_str(self) -> &'static str {
        match self {
            TransactionType::Balance => "balance",
            TransactionType::Debit => "debit",
            TransactionType::Credit => "credit",
            TransactionType::Check => "check",
        }
    }

    /// The type of a posting of `amount` made by an entry of `kind`. Only the drawer's
    /// side of a check is a `check`; the payee sees a `credit`.
    pub fn of(kind: EntryKind, amount: Decimal) -> TransactionType {
        match kind {
            EntryKind::OpeningBalance => TransactionType::Balance,
            EntryKind::Check if amount.is_sign_negative() => TransactionType::Check,
            _ if amount.is_sign_negative() => TransactionType::Debit,
            _ => TransactionType::Credit,
        }
    }
}

/// A `transaction` in model types; the HTTP layer formats amounts and dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionView {
    /// The entry id for posted rows, the hold id for pending ones. Ids are only
    /// unique per account: both sides of an internal transfer share the entry id.
    pub id: String,
    pub transaction_type: TransactionType,
    pub created_on: Date,
    /// `None` while pending.
    pub posted_on: Option<Date>,
    /// Signed: debits and checks negative, credits positive, `balance` rows zero.
    pub amount: Decimal,
    pub posted: bool,
    /// Running posted balance after this row; pending rows have none.
    pub balance: Option<Decimal>,
    pub memo: Option<String>,
    pub description: Option<String>,
    pub merchant: Option<Merchant>,
    pub check_number: Option<u64>,
    /// What caused the row (a pending hold shows as a withdrawal or card purchase).
    pub kind: EntryKind,
    /// The transfer this row is one side of.
    pub transfer: Option<TransferId>,
}

/// All rows of `account`, oldest first: posted rows in journal order, then pending
/// holds. The API reverses and filters as it needs.
pub fn transactions(journal: &Journal, holds: &Holds, account: &AccountId) -> Vec<TransactionView> {
    let mut running = Decimal::ZERO;
    let mut rows = Vec::new();
    for entry in journal.entries() {
        let Some(amount) = entry.amount_for(account) else {
            continue;
        };
        running += amount;
        let data = entry.data();
        let transaction_type = TransactionType::of(data.kind, amount);
        rows.push(TransactionView {
            id: data.id.to_string(),
            transaction_type,
            created_on: data.created_on,
            posted_on: Some(data.posted_on),
            // A `balance` row establishes the balance rather than moving money, and
            // the spec shows it with amount 0.00 (§3.5, §7 fixture).
            amount: if transaction_type == TransactionType::Balance {
                Decimal::ZERO
            } else {
                amount
            },
            posted: true,
            balance: Some(running),
            memo: data.memo.clone(),
            description: data.description.clone(),
            merchant: data.merchant.clone(),
            check_number: data.check_number.filter(|_| amount.is_sign_negative()),
            kind: data.kind,
            transfer: data.transfer.clone(),
        });
    }
    rows.extend(holds.for_account(account).map(|hold| TransactionView {
        id: hold.id.to_string(),
        transaction_type: TransactionType::Debit,
        created_on: hold.placed_on,
        posted_on: None,
        amount: -hold.amount,
        posted: false,
        balance: None,
        memo: None,
        description: hold.description.clone(),
        merchant: hold.merchant.clone(),
        check_number: None,
        kind: if hold.merchant.is_some() {
            EntryKind::CardPurchase
        } else {
            EntryKind::Withdrawal
        },
        transfer: None,
    }));
    rows
}
