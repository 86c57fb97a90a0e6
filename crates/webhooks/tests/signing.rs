//! The `Plaid-Verification` JWT: what we sign, and that every forgery is caught by the
//! check meant to catch it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use polyfin_webhooks::signing::{Jwk, KeyRing, RotationPolicy, SigningKey};
use polyfin_webhooks::verify::{verify, VerifyError};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const BODY: &[u8] = br#"{"webhook_type":"TRANSACTIONS","webhook_code":"DEFAULT_UPDATE","item_id":"wz666MBjYWTp2PDzzggYhM6oWWmBb","error":null,"new_transactions":3,"environment":"production"}"#;
const NOW: OffsetDateTime = datetime!(2024-05-01 12:00:00 UTC);

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

fn ring() -> KeyRing {
    KeyRing::new(RotationPolicy::default(), &mut rng(1), NOW)
}

fn decode_part(token: &str, index: usize) -> Value {
    let part = token.split('.').nth(index).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

fn encode_part(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

#[test]
fn sign_then_verify_round_trips() {
    let ring = ring();
    let token = ring.sign(BODY, NOW);
    let verified = verify(&token, BODY, &ring, NOW + Duration::seconds(2)).unwrap();
    assert_eq!(verified.kid, ring.current().kid());
    assert_eq!(verified.issued_at, NOW.unix_timestamp());
}

#[test]
fn token_has_plaids_header_and_claims() {
    let ring = ring();
    let token = ring.sign(BODY, NOW);
    assert_eq!(token.split('.').count(), 3);
    let header = decode_part(&token, 0);
    assert_eq!(
        header,
        json!({"alg": "ES256", "kid": ring.current().kid(), "typ": "JWT"})
    );
    let claims = decode_part(&token, 1);
    let expected_hash = hex::encode(Sha256::digest(BODY));
    assert_eq!(
        claims,
        json!({"iat": NOW.unix_timestamp(), "request_body_sha256": expected_hash})
    );
    assert_eq!(claims["iat"].as_i64(), Some(1_714_564_800));
    // Raw r‖s, not DER.
    let signature = URL_SAFE_NO_PAD
        .decode(token.split('.').nth(2).unwrap())
        .unwrap();
    assert_eq!(signature.len(), 64);
    // The kid is a UUID, as Plaid's are.
    assert!(uuid::Uuid::parse_str(ring.current().kid()).is_ok());
}

#[test]
fn tampered_body_fails_on_the_hash() {
    let ring = ring();
    let token = ring.sign(BODY, NOW);
    let tampered = String::from_utf8(BODY.to_vec())
        .unwrap()
        .replace("\"new_transactions\":3", "\"new_transactions\":4");
    assert_eq!(
        verify(&token, tampered.as_bytes(), &ring, NOW),
        Err(VerifyError::BodyHashMismatch)
    );
    // Even a whitespace change counts: the hash is over the exact bytes.
    let mut spaced = BODY.to_vec();
    spaced.push(b'\n');
    assert_eq!(
        verify(&token, &spaced, &ring, NOW),
        Err(VerifyError::BodyHashMismatch)
    );
}

#[test]
fn tampered_claims_fail_on_the_signature() {
    let ring = ring();
    let token = ring.sign(BODY, NOW);
    let parts: Vec<&str> = token.split('.').collect();
    let forged_claims = json!({
        "iat": NOW.unix_timestamp(),
        "request_body_sha256": hex::encode(Sha256::digest(b"{}")),
    });
    let forged = format!("{}.{}.{}", parts[0], encode_part(&forged_claims), parts[2]);
    assert_eq!(
        verify(&forged, b"{}", &ring, NOW),
        Err(VerifyError::BadSignature)
    );
}

#[test]
fn unknown_kid_fails() {
    let ring = ring();
    let other = KeyRing::new(RotationPolicy::default(), &mut rng(2), NOW);
    let token = other.sign(BODY, NOW);
    assert_eq!(
        verify(&token, BODY, &ring, NOW),
        Err(VerifyError::UnknownKey(other.current().kid().to_owned()))
    );
}

#[test]
fn signature_from_another_key_under_our_kid_fails() {
    let ring = ring();
    let impostor = SigningKey::from_scalar(
        ring.current().kid(),
        NOW,
        &*SigningKey::generate(&mut rng(3), NOW).to_scalar(),
    )
    .unwrap();
    let token = impostor.sign(BODY, NOW);
    assert_eq!(
        verify(&token, BODY, &ring, NOW),
        Err(VerifyError::BadSignature)
    );
}

#[test]
fn iat_more_than_five_minutes_old_fails() {
    let ring = ring();
    let token = ring.sign(BODY, NOW);
    assert!(verify(&token, BODY, &ring, NOW + Duration::minutes(5)).is_ok());
    assert_eq!(
        verify(
            &token,
            BODY,
            &ring,
            NOW + Duration::minutes(5) + Duration::seconds(1)
        ),
        Err(VerifyError::TooOld {
            issued_at: NOW.unix_timestamp()
        })
    );
}

#[test]
fn iat_more_than_five_minutes_in_the_future_fails() {
    let ring = ring();
    let token = ring.sign(BODY, NOW + Duration::minutes(6));
    assert_eq!(
        verify(&token, BODY, &ring, NOW),
        Err(VerifyError::IssuedInFuture {
            issued_at: (NOW + Duration::minutes(6)).unix_timestamp()
        })
    );
    let token = ring.sign(BODY, NOW + Duration::minutes(5));
    assert!(verify(&token, BODY, &ring, NOW).is_ok());
}

#[test]
fn alg_none_fails_before_any_key_lookup() {
    let ring = ring();
    let header = json!({"alg": "none", "kid": ring.current().kid(), "typ": "JWT"});
    let claims = json!({"iat": NOW.unix_timestamp(), "request_body_sha256": hex::encode(Sha256::digest(BODY))});
    let token = format!("{}.{}.", encode_part(&header), encode_part(&claims));
    assert_eq!(
        verify(&token, BODY, &ring, NOW),
        Err(VerifyError::UnsupportedAlgorithm("none".to_owned()))
    );
}

#[test]
fn other_algorithms_fail_even_with_a_valid_es256_signature() {
    let ring = ring();
    let token = ring.sign(BODY, NOW);
    let parts: Vec<&str> = token.split('.').collect();
    for alg in ["HS256", "RS256", "ES384", "es256"] {
        let header = json!({"alg": alg, "kid": ring.current().kid(), "typ": "JWT"});
        let forged = format!("{}.{}.{}", encode_part(&header), parts[1], parts[2]);
        assert_eq!(
            verify(&forged, BODY, &ring, NOW),
            Err(VerifyError::UnsupportedAlgorithm(alg.to_owned())),
            "{alg}"
        );
    }
}

#[test]
fn missing_header_fields_fail() {
    let ring = ring();
    let token = ring.sign(BODY, NOW);
    let parts: Vec<&str> = token.split('.').collect();
    let kid = ring.current().kid();
    let cases = [
        (json!({"kid": kid, "typ": "JWT"}), "alg"),
        (json!({"alg": "ES256", "typ": "JWT"}), "kid"),
        (json!({"alg": "ES256", "kid": kid}), "typ"),
    ];
    for (header, missing) in cases {
        let forged = format!("{}.{}.{}", encode_part(&header), parts[1], parts[2]);
        assert_eq!(
            verify(&forged, BODY, &ring, NOW),
            Err(VerifyError::MissingHeaderField(missing))
        );
    }
}

#[test]
fn malformed_tokens_fail() {
    let ring = ring();
    for token in ["", "abc", "a.b", "a.b.c.d", "!!.??.**"] {
        assert!(
            matches!(
                verify(token, BODY, &ring, NOW),
                Err(VerifyError::Malformed(_))
            ),
            "{token:?}"
        );
    }
}

#[test]
fn der_encoded_signature_is_not_accepted() {
    let ring = ring();
    let token = ring.sign(BODY, NOW);
    let parts: Vec<&str> = token.split('.').collect();
    let raw = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    let der = p256::ecdsa::Signature::from_slice(&raw).unwrap().to_der();
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        parts[1],
        URL_SAFE_NO_PAD.encode(der.as_bytes())
    );
    assert_eq!(
        verify(&forged, BODY, &ring, NOW),
        Err(VerifyError::BadSignature)
    );
}

#[test]
fn jwk_has_exactly_plaids_members_and_types() {
    let ring = ring();
    let jwk = ring.jwk(ring.current().kid()).unwrap();
    let value = serde_json::to_value(&jwk).unwrap();
    let object = value.as_object().unwrap();
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "alg",
            "created_at",
            "crv",
            "expired_at",
            "kid",
            "kty",
            "use",
            "x",
            "y"
        ]
    );
    assert_eq!(value["alg"], "ES256");
    assert_eq!(value["crv"], "P-256");
    assert_eq!(value["kty"], "EC");
    assert_eq!(value["use"], "sig");
    assert_eq!(value["expired_at"], Value::Null);
    // An integer, never `1714564800.0`: plaid-python rejects floats here.
    assert_eq!(
        serde_json::to_string(&value["created_at"]).unwrap(),
        NOW.unix_timestamp().to_string()
    );
    for coordinate in [&jwk.x, &jwk.y] {
        assert_eq!(URL_SAFE_NO_PAD.decode(coordinate).unwrap().len(), 32);
    }
    // And the seed's example JWK parses into the same type.
    let seed: Jwk = serde_json::from_value(json!({
        "alg": "ES256", "created_at": 1560466150, "crv": "P-256", "expired_at": null,
        "kid": "bfbd5111-8e33-4643-8ced-b2e642a72f3c", "kty": "EC", "use": "sig",
        "x": "hKXLGIjWvCBv-cP5euCTxl8g9GLG9zHo_3pO5NN1DwQ",
        "y": "shhexqPB7YffGn6fR6h2UhTSuCtPmfzQJ6ENVIoO4Ys"
    }))
    .unwrap();
    assert_eq!(seed.created_at, 1_560_466_150);
    assert!(
        seed.verifying_key().is_ok(),
        "the seed's key is a P-256 point"
    );
}

#[test]
fn a_verifier_built_only_from_the_published_jwk_accepts() {
    let ring = ring();
    let token = ring.sign(BODY, NOW);
    // Round-trip through JSON, as a receiver that fetched the key over HTTP would.
    let wire = serde_json::to_string(&ring.jwk(ring.current().kid()).unwrap()).unwrap();
    let jwk: Jwk = serde_json::from_str(&wire).unwrap();
    assert!(verify(&token, BODY, &vec![jwk], NOW).is_ok());
}

#[test]
fn jsonwebtoken_accepts_our_token_from_the_jwk_components() {
    // An independent implementation, configured the way a Plaid client would be.
    use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
    let ring = ring();
    let now = OffsetDateTime::now_utc();
    let token = ring.sign(BODY, now);
    let header = decode_header(&token).unwrap();
    assert_eq!(header.alg, Algorithm::ES256);
    let jwk = ring.jwk(header.kid.as_deref().unwrap()).unwrap();
    let key = DecodingKey::from_ec_components(&jwk.x, &jwk.y).unwrap();
    let mut validation = Validation::new(Algorithm::ES256);
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    let data = decode::<Value>(&token, &key, &validation).unwrap();
    assert_eq!(
        data.claims["request_body_sha256"],
        hex::encode(Sha256::digest(BODY))
    );
    assert_eq!(data.claims["iat"].as_i64(), Some(now.unix_timestamp()));
    // And it refuses the same token under a different key.
    let other = KeyRing::new(RotationPolicy::default(), &mut rng(9), now);
    let other_jwk = other.jwk(other.current().kid()).unwrap();
    let wrong = DecodingKey::from_ec_components(&other_jwk.x, &other_jwk.y).unwrap();
    assert!(decode::<Value>(&token, &wrong, &validation).is_err());
}

#[test]
fn key_material_round_trips_through_pkcs8_and_scalar() {
    let key = SigningKey::generate(&mut rng(4), NOW + Duration::milliseconds(250));
    assert_eq!(key.created_at(), NOW, "created_at is kept to whole seconds");
    let der = key.to_pkcs8_der().unwrap();
    let from_der = SigningKey::from_pkcs8_der(key.kid(), key.created_at(), &der).unwrap();
    let from_scalar =
        SigningKey::from_scalar(key.kid(), key.created_at(), &*key.to_scalar()).unwrap();
    for restored in [&from_der, &from_scalar] {
        assert_eq!(restored.jwk(None), key.jwk(None));
        // Deterministic ECDSA: same key, same input, same token.
        assert_eq!(restored.sign(BODY, NOW), key.sign(BODY, NOW));
    }
    assert!(SigningKey::from_pkcs8_der("k", NOW, b"not a key").is_err());
    assert!(SigningKey::from_scalar("k", NOW, &[0u8; 32]).is_err());
    // Debug output never contains key material.
    let debug = format!("{key:?}");
    assert!(debug.contains(key.kid()));
    assert!(!debug.contains(&hex::encode(*key.to_scalar())));
}

#[test]
fn jwk_with_bad_members_is_refused() {
    let ring = ring();
    let good = ring.jwk(ring.current().kid()).unwrap();
    let token = ring.sign(BODY, NOW);
    let mut wrong_curve = good.clone();
    wrong_curve.crv = "P-384".to_owned();
    let mut off_curve = good.clone();
    off_curve.y = off_curve.x.clone();
    let mut short = good;
    short.x = URL_SAFE_NO_PAD.encode([1u8; 31]);
    for jwk in [wrong_curve, off_curve, short] {
        assert!(matches!(
            verify(&token, BODY, &vec![jwk], NOW),
            Err(VerifyError::InvalidKey { .. })
        ));
    }
}
