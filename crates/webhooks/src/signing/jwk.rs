//! The public half of a signing key as `/webhook_verification_key/get` returns it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use p256::ecdsa::VerifyingKey;
use p256::EncodedPoint;
use serde::{Deserialize, Serialize};

use super::KeyError;

/// A P-256 JWK with Plaid's two extra members. Every key is always present: plaid-python
/// requires `expired_at` even when it is null, and both times must be integers (a float
/// like `1560466150.0` fails its type check). Fields are in Plaid's (alphabetical) order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    pub alg: String,
    /// Unix seconds when the key was created.
    pub created_at: i64,
    pub crv: String,
    /// Unix seconds after which verifiers must refuse the key; null while it is valid.
    pub expired_at: Option<i64>,
    pub kid: String,
    pub kty: String,
    #[serde(rename = "use")]
    pub use_: String,
    /// base64url (no padding) of the 32-byte big-endian affine x coordinate.
    pub x: String,
    /// base64url (no padding) of the 32-byte big-endian affine y coordinate.
    pub y: String,
}

impl Jwk {
    pub(crate) fn from_verifying_key(
        kid: &str,
        key: &VerifyingKey,
        created_at: i64,
        expired_at: Option<i64>,
    ) -> Self {
        // Uncompressed SEC1 always carries both coordinates, each padded to 32 bytes,
        // which is the fixed width RFC 7518 §6.2.1.2 requires.
        let point = key.to_encoded_point(false);
        let coordinate = |c: Option<&p256::FieldBytes>| {
            c.map(|bytes| URL_SAFE_NO_PAD.encode(bytes))
                .unwrap_or_default()
        };
        Self {
            alg: "ES256".to_owned(),
            created_at,
            crv: "P-256".to_owned(),
            expired_at,
            kid: kid.to_owned(),
            kty: "EC".to_owned(),
            use_: "sig".to_owned(),
            x: coordinate(point.x()),
            y: coordinate(point.y()),
        }
    }

    /// Rebuild the public key from `x`/`y` alone, as a receiving app must, checking the
    /// members that say what kind of key this is and that the point lies on the curve.
    pub fn verifying_key(&self) -> Result<VerifyingKey, KeyError> {
        if self.kty != "EC" {
            return Err(KeyError::InvalidJwk("kty is not EC"));
        }
        if self.crv != "P-256" {
            return Err(KeyError::InvalidJwk("crv is not P-256"));
        }
        if self.alg != "ES256" {
            return Err(KeyError::InvalidJwk("alg is not ES256"));
        }
        let x = decode_coordinate(&self.x)?;
        let y = decode_coordinate(&self.y)?;
        let point = EncodedPoint::from_affine_coordinates(&x.into(), &y.into(), false);
        VerifyingKey::from_encoded_point(&point)
            .map_err(|_| KeyError::InvalidJwk("the point is not on P-256"))
    }
}

fn decode_coordinate(text: &str) -> Result<[u8; 32], KeyError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| KeyError::InvalidJwk("a coordinate is not base64url"))?;
    bytes
        .try_into()
        .map_err(|_| KeyError::InvalidJwk("a coordinate is not 32 bytes"))
}
