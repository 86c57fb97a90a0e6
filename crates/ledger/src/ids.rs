//! Identifiers of the ledger's records. All follow the spec's `resourceId` rule
//! (§1.6: 6..48 chars of `[-_:.~$a-zA-Z0-9]`) so any of them can appear in a path or a
//! response unchanged, and each kind has its own type so an entry id can never be
//! passed where an account id is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Shortest and longest `resourceId` (spec §1.6).
pub const MIN_ID_LEN: usize = 6;
pub const MAX_ID_LEN: usize = 48;

/// Text that is not a valid `resourceId`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid resource id: {reason}")]
pub struct IdError {
    pub value: String,
    pub reason: &'static str,
}

/// Checks the `resourceId` pattern `^[-_:.~$a-zA-Z0-9]{6,48}$`.
pub fn check_resource_id(text: &str) -> Result<(), IdError> {
    let fail = |reason| {
        Err(IdError {
            value: text.to_owned(),
            reason,
        })
    };
    if !(MIN_ID_LEN..=MAX_ID_LEN).contains(&text.len()) {
        return fail("must be 6 to 48 characters long");
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_:.~$".contains(&b))
    {
        return fail("may only contain letters, digits and - _ : . ~ $");
    }
    Ok(())
}

macro_rules! resource_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn new(text: impl Into<String>) -> Result<Self, IdError> {
                let text = text.into();
                check_resource_id(&text)?;
                Ok(Self(text))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(text: String) -> Result<Self, IdError> {
                Self::new(text)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(text: &str) -> Result<Self, IdError> {
                Self::new(text)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

resource_id!(
    /// A customer (the token's subject; owner of transfers, holder of accounts).
    CustomerId
);
resource_id!(
    /// A customer account, or one of the bank's own [`SystemAccount`]s.
    AccountId
);
resource_id!(
    /// A transfer (`transfer.id`).
    TransferId
);
resource_id!(
    /// A journal entry; also the `transaction.id` of each of its postings.
    EntryId
);
resource_id!(
    /// A hold on funds; also the `transaction.id` of the pending row it shows as.
    HoldId
);

/// Prefix reserved for the bank's own accounts, so a customer account can never be
/// opened under a system account's id.
pub const SYSTEM_PREFIX: &str = "bank:";

/// The bank's own side of every movement that enters or leaves the customer accounts.
/// Their balances are the mirror image of the customers' positions, which is what
/// makes the whole journal sum to zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SystemAccount {
    /// Teller cash: counterpart of cash deposits and withdrawals.
    Cash,
    /// ACH settlement with other institutions: counterpart of external transfers.
    AchClearing,
    /// Checks presented by other banks: counterpart of checks drawn on our accounts.
    CheckClearing,
    /// Card network settlement: counterpart of card purchases.
    CardSettlement,
    /// Owner's equity: counterpart of opening balances (conversion from a prior core).
    Equity,
}

impl SystemAccount {
    pub const ALL: [SystemAccount; 5] = [
        SystemAccount::Cash,
        SystemAccount::AchClearing,
        SystemAccount::CheckClearing,
        SystemAccount::CardSettlement,
        SystemAccount::Equity,
    ];

    pub fn id(self) -> AccountId {
        let name = match self {
            SystemAccount::Cash => "bank:cash",
            SystemAccount::AchClearing => "bank:ach-clearing",
            SystemAccount::CheckClearing => "bank:check-clearing",
            SystemAccount::CardSettlement => "bank:card-settlement",
            SystemAccount::Equity => "bank:equity",
        };
        AccountId(name.to_owned())
    }

    pub fn is_system(account: &AccountId) -> bool {
        account.as_str().starts_with(SYSTEM_PREFIX)
    }
}

/// Sequential ids (`je-000001`, `tr-000002`, …). One counter for all kinds keeps ids
/// unique across kinds and lets a store persist a single number to resume from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdSequence {
    pub next: u64,
}

impl IdSequence {
    pub(crate) fn take(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}-{:06}", self.next)
    }

    pub(crate) fn entry(&mut self) -> EntryId {
        EntryId(self.take("je"))
    }

    pub(crate) fn hold(&mut self) -> HoldId {
        HoldId(self.take("hd"))
    }

    pub(crate) fn transfer(&mut self) -> TransferId {
        TransferId(self.take("tr"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_id_rules() {
        assert!(AccountId::new("bf23bc970b78d27691e8").is_ok());
        assert!(AccountId::new("a-b_c:d.e~f$g").is_ok());
        assert!(AccountId::new("short").is_err());
        assert!(AccountId::new("x".repeat(49)).is_err());
        assert!(AccountId::new("has space").is_err());
        let parsed: TransferId = serde_json::from_str("\"0399abed-fd3d\"").unwrap();
        assert_eq!(parsed.as_str(), "0399abed-fd3d");
        assert!(serde_json::from_str::<TransferId>("\"bad\"").is_err());
    }

    #[test]
    fn system_ids_are_valid_and_reserved() {
        for account in SystemAccount::ALL {
            let id = account.id();
            assert!(check_resource_id(id.as_str()).is_ok());
            assert!(SystemAccount::is_system(&id));
        }
    }

    #[test]
    fn sequence_is_shared_and_valid() {
        let mut seq = IdSequence::default();
        assert_eq!(seq.entry().as_str(), "je-000001");
        assert_eq!(seq.transfer().as_str(), "tr-000002");
        assert_eq!(seq.hold().as_str(), "hd-000003");
    }
}
