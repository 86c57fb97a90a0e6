//! MX-style prefixed GUIDs (`USR-<uuid>`). Each kind of object has its own type, so a
//! member guid can never be passed where a user guid is expected.

use std::fmt;
use uuid::Uuid;

/// Declares a guid type with its MX prefix.
macro_rules! guid_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub const PREFIX: &'static str = $prefix;

            /// Time-ordered (UUID v7): rows inserted together sit together in the
            /// guid's unique index, so a bulk insert appends to it instead of
            /// touching a random page per row. The suffix stays opaque to clients.
            pub fn generate() -> Self {
                Self(format!("{}-{}", $prefix, Uuid::now_v7()))
            }

            /// A guid derived from a name, stable across runs (catalogue data).
            pub fn derived(name: &str) -> Self {
                Self(format!("{}-{}", $prefix, Uuid::new_v5(&GUID_NAMESPACE, name.as_bytes())))
            }

            /// Accepts any `PREFIX-…` text of sane length; the suffix is opaque.
            pub fn parse(text: &str) -> Option<Self> {
                let suffix = text.strip_prefix($prefix)?.strip_prefix('-')?;
                let sane = !suffix.is_empty()
                    && suffix.len() <= 64
                    && suffix.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
                sane.then(|| Self(text.to_owned()))
            }

            /// Wraps a value read back from storage, where it was validated on the way in.
            pub fn from_stored(text: String) -> Self {
                Self(text)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
    };
}

const GUID_NAMESPACE: Uuid = Uuid::from_u128(0x6f1c_3b0e_8a57_4d2b_9e11_5c0d_7a43_2f90);

guid_type!(UserGuid, "USR");
guid_type!(MemberGuid, "MBR");
guid_type!(AccountGuid, "ACT");
guid_type!(TransactionGuid, "TRN");
guid_type!(InstitutionGuid, "INS");
guid_type!(CredentialGuid, "CRD");
guid_type!(JobGuid, "JOB");
guid_type!(CategoryGuid, "CAT");
guid_type!(MerchantGuid, "MCH");
guid_type!(AccountNumberGuid, "ACN");
guid_type!(AccountOwnerGuid, "ACO");
guid_type!(HoldingGuid, "HOL");
guid_type!(StatementGuid, "STA");
guid_type!(MicroDepositGuid, "MIC");
guid_type!(TagGuid, "TAG");
guid_type!(TaggingGuid, "TGN");
guid_type!(TransactionRuleGuid, "TXR");
guid_type!(RepeatingTransactionGuid, "RPT");
guid_type!(SupportTicketGuid, "SPT");

/// Manual transactions carry MX's `MAN-` prefix; every other route that takes a
/// transaction guid accepts both forms.
impl TransactionGuid {
    pub const MANUAL_PREFIX: &'static str = "MAN";

    pub fn generate_manual() -> Self {
        Self(format!("{}-{}", Self::MANUAL_PREFIX, Uuid::now_v7()))
    }

    /// A `TRN-…` or `MAN-…` guid.
    pub fn parse_any(text: &str) -> Option<Self> {
        Self::parse(text).or_else(|| {
            let suffix = text.strip_prefix(Self::MANUAL_PREFIX)?.strip_prefix('-')?;
            TransactionGuid::parse(&format!("{}-{suffix}", Self::PREFIX))
                .map(|_| Self(text.to_owned()))
        })
    }
}

/// An API client: the tenant every stored object belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientId(String);

impl ClientId {
    pub fn generate() -> Self {
        Self(Uuid::new_v4().simple().to_string())
    }

    pub fn parse(text: &str) -> Option<Self> {
        let sane = !text.is_empty()
            && text.len() <= 64
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        sane.then(|| Self(text.to_owned()))
    }

    pub fn from_stored(text: String) -> Self {
        Self(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_guids_carry_their_prefix_and_parse_back() {
        let guid = UserGuid::generate();
        assert!(guid.as_str().starts_with("USR-"));
        assert_eq!(UserGuid::parse(guid.as_str()), Some(guid));
    }

    #[test]
    fn parse_rejects_other_prefixes_and_junk() {
        assert!(UserGuid::parse("MBR-123").is_none());
        assert!(UserGuid::parse("USR-").is_none());
        assert!(UserGuid::parse("USR-a b").is_none());
        assert!(UserGuid::parse("USR123").is_none());
    }

    #[test]
    fn manual_transaction_guids_parse_as_transaction_guids() {
        let manual = TransactionGuid::generate_manual();
        assert!(manual.as_str().starts_with("MAN-"));
        assert_eq!(TransactionGuid::parse_any(manual.as_str()), Some(manual));
        assert!(TransactionGuid::parse_any("MAN-").is_none());
        assert!(TransactionGuid::parse_any("MBR-1").is_none());
    }

    #[test]
    fn derived_guids_are_stable() {
        assert_eq!(
            CategoryGuid::derived("Groceries"),
            CategoryGuid::derived("Groceries")
        );
        assert_ne!(
            CategoryGuid::derived("Groceries"),
            CategoryGuid::derived("Gas")
        );
    }
}
