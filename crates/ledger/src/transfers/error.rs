//! Typed transfer errors, each naming the spec's HTTP status and problem `type`
//! (§1.3) so the API layer translates without judgement calls.

use crate::ids::{AccountId, TransferId};

use super::TransferState;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransferError {
    #[error("no transfer {0}")]
    NotFound(TransferId),
    #[error("transfer {id} cannot go from {from} to {to}")]
    IllegalTransition {
        id: TransferId,
        from: TransferState,
        to: TransferState,
    },
    #[error("transfer {0} has started processing and cannot be deleted")]
    CannotDeleteProcessed(TransferId),
    #[error("transfer {id} is {state} and can no longer be modified")]
    NotModifiable {
        id: TransferId,
        state: TransferState,
    },
    #[error("the transfer amount must be greater than 0.00")]
    NonPositiveAmount,
    #[error("no such source account {0}")]
    InvalidSourceAccount(AccountId),
    #[error("no such target account {0}")]
    InvalidTargetAccount(AccountId),
    #[error("source and target are the same account")]
    SameSourceAndTarget,
    #[error("transfers between two external accounts are not allowed")]
    ExternalToExternal,
    #[error("account {0} does not allow transfers from it")]
    CannotTransferFrom(AccountId),
    #[error("account {0} does not allow transfers to it")]
    CannotTransferTo(AccountId),
    #[error("invalid transfer schedule: {0}")]
    InvalidSchedule(String),
    /// A malformed body member (wrong JSON type, pattern, length, forbidden `null`).
    #[error("invalid `{field}`: {message}")]
    BadRequest { field: String, message: String },
}

impl TransferError {
    pub(crate) fn schedule(message: impl Into<String>) -> Self {
        TransferError::InvalidSchedule(message.into())
    }

    pub(crate) fn bad(field: &str, message: impl Into<String>) -> Self {
        TransferError::BadRequest {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            TransferError::NotFound(_) => 404,
            TransferError::IllegalTransition { .. } | TransferError::CannotDeleteProcessed(_) => {
                409
            }
            TransferError::CannotTransferFrom(_) | TransferError::CannotTransferTo(_) => 403,
            TransferError::BadRequest { .. } => 400,
            _ => 422,
        }
    }

    /// The spec's problem `type` name (§1.3). PATCH of a started transfer has no 409 in
    /// the spec, hence `unprocessableEntity` (§6 #34).
    pub fn problem_type(&self) -> &'static str {
        match self {
            TransferError::NotFound(_) => "notFound",
            TransferError::IllegalTransition { .. } => "conflict",
            TransferError::CannotDeleteProcessed(_) => "cannotDeleteProcessedTransfers",
            TransferError::NotModifiable { .. } => "unprocessableEntity",
            TransferError::NonPositiveAmount => "nonPositiveAmount",
            TransferError::InvalidSourceAccount(_) => "invalidSourceAccountId",
            TransferError::InvalidTargetAccount(_) => "invalidTargetAccountId",
            TransferError::SameSourceAndTarget => "sameSourceAndTargetTransferAccounts",
            TransferError::ExternalToExternal => "externalToExternalTransferNotAllowed",
            TransferError::CannotTransferFrom(_) => "cannotTransferFrom",
            TransferError::CannotTransferTo(_) => "cannotTransferTo",
            TransferError::InvalidSchedule(_) => "invalidTransferSchedule",
            TransferError::BadRequest { .. } => "badRequest",
        }
    }
}
