//! What a receiving app does with the `Plaid-Verification` JWT (spec §3.3, the seed's
//! walkthrough). Our own tests verify through this, and it is the executable statement of
//! the contract our signing side must satisfy.
//!
//! Steps, each with its own error: decode the header without verifying → require
//! `alg` = ES256 and `kid`/`typ` present → look the kid up → refuse an expired key →
//! verify the ES256 signature → `iat` within 5 minutes of `now` (either side) → compare
//! `request_body_sha256` with the body's SHA-256 in constant time.

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::Signature;
use serde_json::Value;
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;
use time::{Duration, OffsetDateTime};

use crate::signing::{Jwk, KeyRing};

/// The largest gap allowed between `iat` and the receiver's clock, in either direction.
/// Plaid's sample verifier uses `maxTokenAge: '5 min'`; the future bound stops a token
/// minted with a skewed clock from living longer than that.
pub const MAX_TOKEN_AGE: Duration = Duration::minutes(5);

/// Where a verifier finds the JWK for a `kid`: in production an HTTP call to
/// `/webhook_verification_key/get` behind a cache, in tests our own key ring.
pub trait KeySource {
    fn jwk(&self, kid: &str) -> Option<Jwk>;
}

impl KeySource for KeyRing {
    fn jwk(&self, kid: &str) -> Option<Jwk> {
        KeyRing::jwk(self, kid)
    }
}

impl KeySource for [Jwk] {
    fn jwk(&self, kid: &str) -> Option<Jwk> {
        self.iter().find(|k| k.kid == kid).cloned()
    }
}

impl KeySource for Vec<Jwk> {
    fn jwk(&self, kid: &str) -> Option<Jwk> {
        self.as_slice().jwk(kid)
    }
}

impl KeySource for HashMap<String, Jwk> {
    fn jwk(&self, kid: &str) -> Option<Jwk> {
        self.get(kid).cloned()
    }
}

/// Why a webhook was refused. Each verifier step has its own variant so tests can assert
/// that the *right* check caught a forgery.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("the token is not a compact JWS: {0}")]
    Malformed(&'static str),
    #[error("the JWT header has no {0}")]
    MissingHeaderField(&'static str),
    #[error("unsupported alg {0:?}; only ES256 is accepted")]
    UnsupportedAlgorithm(String),
    #[error("no verification key with kid {0}")]
    UnknownKey(String),
    #[error("verification key {0} has expired")]
    KeyExpired(String),
    #[error("verification key {kid} is unusable: {reason}")]
    InvalidKey { kid: String, reason: String },
    #[error("the signature does not verify")]
    BadSignature,
    #[error("the JWT claims have no usable {0}")]
    MissingClaim(&'static str),
    #[error("the token was issued at {issued_at}, more than 5 minutes ago")]
    TooOld { issued_at: i64 },
    #[error("the token was issued at {issued_at}, more than 5 minutes in the future")]
    IssuedInFuture { issued_at: i64 },
    #[error("request_body_sha256 does not match the body")]
    BodyHashMismatch,
}

/// What a successful verification established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedWebhook {
    pub kid: String,
    pub issued_at: i64,
}

/// Verify `token` (the header value) against the exact `body` bytes received.
pub fn verify<K: KeySource + ?Sized>(
    token: &str,
    body: &[u8],
    keys: &K,
    now: OffsetDateTime,
) -> Result<VerifiedWebhook, VerifyError> {
    let mut parts = token.split('.');
    let (Some(header_b64), Some(claims_b64), Some(signature_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(VerifyError::Malformed("expected three dot-separated parts"));
    };
    let kid = check_header(&decode_json(header_b64)?)?;
    let jwk = keys
        .jwk(&kid)
        .ok_or_else(|| VerifyError::UnknownKey(kid.clone()))?;
    if jwk.expired_at.is_some() {
        return Err(VerifyError::KeyExpired(kid));
    }
    check_signature(&jwk, header_b64, claims_b64, signature_b64)?;
    let claims = decode_json(claims_b64)?;
    let issued_at = check_issued_at(&claims, now)?;
    check_body_hash(&claims, body)?;
    Ok(VerifiedWebhook { kid, issued_at })
}

fn decode_json(part: &str) -> Result<Value, VerifyError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| VerifyError::Malformed("a part is not base64url"))?;
    let value: Value =
        serde_json::from_slice(&bytes).map_err(|_| VerifyError::Malformed("a part is not JSON"))?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(VerifyError::Malformed("a part is not a JSON object"))
    }
}

/// Returns the kid. `alg` is checked before anything else so `none` and HMAC tokens are
/// refused without touching a key.
fn check_header(header: &Value) -> Result<String, VerifyError> {
    let field = |name: &'static str| {
        header
            .get(name)
            .and_then(Value::as_str)
            .ok_or(VerifyError::MissingHeaderField(name))
    };
    let alg = field("alg")?;
    if alg != "ES256" {
        return Err(VerifyError::UnsupportedAlgorithm(alg.to_owned()));
    }
    let kid = field("kid")?;
    field("typ")?;
    Ok(kid.to_owned())
}

fn check_signature(
    jwk: &Jwk,
    header_b64: &str,
    claims_b64: &str,
    signature_b64: &str,
) -> Result<(), VerifyError> {
    let key = jwk.verifying_key().map_err(|e| VerifyError::InvalidKey {
        kid: jwk.kid.clone(),
        reason: e.to_string(),
    })?;
    let raw = URL_SAFE_NO_PAD
        .decode(signature_b64)
        .map_err(|_| VerifyError::Malformed("the signature is not base64url"))?;
    // JWS ES256 signatures are exactly r‖s; a DER signature is a different (invalid) token.
    let signature = Signature::from_slice(&raw).map_err(|_| VerifyError::BadSignature)?;
    let signing_input = format!("{header_b64}.{claims_b64}");
    key.verify(signing_input.as_bytes(), &signature)
        .map_err(|_| VerifyError::BadSignature)
}

fn check_issued_at(claims: &Value, now: OffsetDateTime) -> Result<i64, VerifyError> {
    let issued_at = claims
        .get("iat")
        .and_then(Value::as_i64)
        .ok_or(VerifyError::MissingClaim("iat"))?;
    let age = now.unix_timestamp().saturating_sub(issued_at);
    let limit = MAX_TOKEN_AGE.whole_seconds();
    if age > limit {
        return Err(VerifyError::TooOld { issued_at });
    }
    if age < -limit {
        return Err(VerifyError::IssuedInFuture { issued_at });
    }
    Ok(issued_at)
}

fn check_body_hash(claims: &Value, body: &[u8]) -> Result<(), VerifyError> {
    let claimed = claims
        .get("request_body_sha256")
        .and_then(Value::as_str)
        .ok_or(VerifyError::MissingClaim("request_body_sha256"))?;
    // Compare digests, not strings: decoding first makes the check case-insensitive and
    // fixed-length, so `ct_eq` runs over the same 32 bytes every time.
    let claimed: [u8; 32] = hex::decode(claimed)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or(VerifyError::MissingClaim("request_body_sha256"))?;
    let actual: [u8; 32] = Sha256::digest(body).into();
    if bool::from(actual.ct_eq(&claimed)) {
        Ok(())
    } else {
        Err(VerifyError::BodyHashMismatch)
    }
}
