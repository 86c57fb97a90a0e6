//! One P-256 signing key with its `kid` and creation time.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::pkcs8::{DecodePrivateKey as _, EncodePrivateKey as _};
use rand::{CryptoRng, RngCore};
use serde_json::json;
use sha2::{Digest as _, Sha256};
use time::{OffsetDateTime, UtcOffset};
use zeroize::Zeroizing;

use super::{Jwk, KeyError};

/// A P-256 private key, its `kid` (a UUID, as Plaid's are) and when it was made.
///
/// `created_at` is kept to whole seconds: JWKs publish it as an integer, and a persisted
/// key must come back exactly equal.
#[derive(Clone)]
pub struct SigningKey {
    kid: String,
    created_at: OffsetDateTime,
    secret: p256::ecdsa::SigningKey,
}

impl fmt::Debug for SigningKey {
    // Never print the scalar: key rings end up in logs and panic messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// A fresh key. The `kid` comes from the same RNG so tests with a seeded RNG are
    /// reproducible end to end.
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R, now: OffsetDateTime) -> Self {
        let mut id = [0u8; 16];
        rng.fill_bytes(&mut id);
        let kid = uuid::Builder::from_random_bytes(id).into_uuid().to_string();
        Self {
            kid,
            created_at: whole_seconds(now),
            secret: p256::ecdsa::SigningKey::random(rng),
        }
    }

    /// Load a key persisted with [`SigningKey::to_pkcs8_der`].
    pub fn from_pkcs8_der(
        kid: &str,
        created_at: OffsetDateTime,
        der: &[u8],
    ) -> Result<Self, KeyError> {
        let secret =
            p256::ecdsa::SigningKey::from_pkcs8_der(der).map_err(|_| KeyError::InvalidPkcs8)?;
        Ok(Self::from_parts(kid, created_at, secret))
    }

    /// The private key as PKCS#8 DER, for sealed storage. Wiped from memory on drop.
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let document = self.secret.to_pkcs8_der().map_err(|_| KeyError::Encoding)?;
        Ok(Zeroizing::new(document.as_bytes().to_vec()))
    }

    /// Load a key from its raw 32-byte big-endian scalar.
    pub fn from_scalar(
        kid: &str,
        created_at: OffsetDateTime,
        bytes: &[u8],
    ) -> Result<Self, KeyError> {
        let secret =
            p256::ecdsa::SigningKey::from_slice(bytes).map_err(|_| KeyError::InvalidScalar)?;
        Ok(Self::from_parts(kid, created_at, secret))
    }

    /// The raw 32-byte big-endian scalar. Wiped from memory on drop.
    pub fn to_scalar(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.secret.to_bytes().into())
    }

    fn from_parts(kid: &str, created_at: OffsetDateTime, secret: p256::ecdsa::SigningKey) -> Self {
        Self {
            kid: kid.to_owned(),
            created_at: whole_seconds(created_at),
            secret,
        }
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub fn created_at(&self) -> OffsetDateTime {
        self.created_at
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        *self.secret.verifying_key()
    }

    /// The public JWK; `expired_at` is decided by the key ring, not the key.
    pub fn jwk(&self, expired_at: Option<OffsetDateTime>) -> Jwk {
        Jwk::from_verifying_key(
            &self.kid,
            &self.verifying_key(),
            self.created_at.unix_timestamp(),
            expired_at.map(OffsetDateTime::unix_timestamp),
        )
    }

    /// The compact JWS for the `Plaid-Verification` header: header
    /// `{"alg":"ES256","kid":…,"typ":"JWT"}`, claims `{"iat":…,"request_body_sha256":…}`
    /// where the hash is lowercase hex of exactly `body`, signature r‖s (64 bytes).
    ///
    /// Sign at send time, once per attempt: receivers refuse an `iat` older than 5 min.
    pub fn sign(&self, body: &[u8], now: OffsetDateTime) -> String {
        // serde_json's Display for `Value` cannot fail, unlike `to_vec`, and its maps are
        // ordered by key, which is the member order Plaid uses.
        let header = json!({"alg": "ES256", "kid": self.kid, "typ": "JWT"}).to_string();
        let claims = json!({
            "iat": now.unix_timestamp(),
            "request_body_sha256": hex::encode(Sha256::digest(body)),
        })
        .to_string();
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(claims)
        );
        // p256 hashes the input with SHA-256 and signs deterministically (RFC 6979), and
        // `Signature::to_bytes` is the fixed-width r‖s form JWS requires, not DER.
        let signature: Signature = self.secret.sign(signing_input.as_bytes());
        format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature.to_bytes())
        )
    }
}

fn whole_seconds(at: OffsetDateTime) -> OffsetDateTime {
    let utc = at.to_offset(UtcOffset::UTC);
    utc.replace_nanosecond(0).unwrap_or(utc)
}
