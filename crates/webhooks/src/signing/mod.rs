//! ES256 signing of webhook bodies (spec §3.3): P-256 keys, the key ring that rotates
//! them, the `Plaid-Verification` JWT, and the JWKs `/webhook_verification_key/get` serves.

mod jwk;
mod key;
mod ring;

pub use jwk::Jwk;
pub use key::SigningKey;
pub use ring::{KeyRing, Maintenance, RotationPolicy, StoredKey};

/// Why a key could not be loaded, built or looked up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the private key is not a valid P-256 PKCS#8 document")]
    InvalidPkcs8,
    #[error("the private key is not a valid P-256 scalar")]
    InvalidScalar,
    #[error("the private key could not be encoded as PKCS#8")]
    Encoding,
    #[error("the JWK is not a usable P-256 signing key: {0}")]
    InvalidJwk(&'static str),
    #[error("a stored timestamp is out of range")]
    InvalidTimestamp,
    #[error("a stored key ring needs exactly one current key, found {0}")]
    CurrentKeyCount(usize),
    #[error("key id {0} appears twice in the key ring")]
    DuplicateKid(String),
    #[error("unknown key id {0}")]
    UnknownKid(String),
    #[error("key {0} is the current signing key; rotate before expiring it")]
    CurrentKey(String),
}
