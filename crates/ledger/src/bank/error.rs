//! Errors of the [`super::Ledger`] facade, with the HTTP status and problem `type`
//! (spec §1.3) each should become.

use rust_decimal::Decimal;

use crate::accounts::AccountError;
use crate::ids::{AccountId, CustomerId, HoldId};
use crate::journal::JournalError;
use crate::transfers::TransferError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("no customer {0}")]
    UnknownCustomer(CustomerId),
    #[error("customer {0} already exists")]
    CustomerExists(CustomerId),
    #[error("no account {0}")]
    UnknownAccount(AccountId),
    #[error("account {0} already exists")]
    AccountExists(AccountId),
    /// External and outside accounts have no balance on this ledger.
    #[error("account {0} is not held at this institution")]
    NotOnBooks(AccountId),
    #[error("no active hold {0}")]
    UnknownHold(HoldId),
    #[error("amounts must be greater than 0.00")]
    NonPositiveAmount,
    #[error("amounts are whole cents")]
    SubCentAmount,
    /// The debit would take `posted − holds` below the account's floor.
    #[error("insufficient funds in {account}: {requested} requested, {spendable} spendable")]
    InsufficientFunds {
        account: AccountId,
        requested: Decimal,
        spendable: Decimal,
    },
    /// The credit would take the account above its ceiling (an overpaid loan).
    #[error("{account} can take at most {room} more")]
    ExceedsCeiling { account: AccountId, room: Decimal },
    #[error("check {number} on {account} has already cleared")]
    DuplicateCheckNumber { account: AccountId, number: u64 },
    #[error("{account} does not support {operation}")]
    NotSupported {
        account: AccountId,
        operation: &'static str,
    },
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error(transparent)]
    Transfer(#[from] TransferError),
}

impl LedgerError {
    pub fn status(&self) -> u16 {
        match self {
            LedgerError::Transfer(e) => e.status(),
            LedgerError::UnknownAccount(_) | LedgerError::UnknownHold(_) => 404,
            LedgerError::UnknownCustomer(_) => 403,
            LedgerError::CustomerExists(_)
            | LedgerError::AccountExists(_)
            | LedgerError::DuplicateCheckNumber { .. } => 409,
            LedgerError::SubCentAmount | LedgerError::Account(_) => 400,
            LedgerError::Journal(_) => 500,
            _ => 422,
        }
    }

    pub fn problem_type(&self) -> &'static str {
        match self {
            LedgerError::Transfer(e) => e.problem_type(),
            LedgerError::UnknownAccount(_) | LedgerError::UnknownHold(_) => "notFound",
            LedgerError::UnknownCustomer(_) => "forbidden",
            LedgerError::CustomerExists(_)
            | LedgerError::AccountExists(_)
            | LedgerError::DuplicateCheckNumber { .. } => "conflict",
            LedgerError::SubCentAmount | LedgerError::Account(_) => "badRequest",
            LedgerError::NonPositiveAmount => "nonPositiveAmount",
            LedgerError::InsufficientFunds { .. } => "insufficientFundsForTransfer",
            LedgerError::Journal(_) => "internalError",
            _ => "unprocessableEntity",
        }
    }

    pub fn is_insufficient_funds(&self) -> bool {
        matches!(self, LedgerError::InsufficientFunds { .. })
    }
}
