//! Key rotation: new keys on schedule, old keys verifiable until they expire, expired
//! keys published as expired, then forgotten; and the ring survives persistence.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use polyfin_webhooks::signing::{KeyError, KeyRing, RotationPolicy};
use polyfin_webhooks::verify::{verify, VerifyError};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const BODY: &[u8] = br#"{"webhook_type":"ITEM","webhook_code":"LOGIN_REPAIRED","item_id":"x","environment":"sandbox"}"#;
const T0: OffsetDateTime = datetime!(2024-01-01 00:00:00 UTC);

fn rng() -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(7)
}

#[test]
fn defaults_rotate_monthly_and_outlast_the_retry_window() {
    let policy = RotationPolicy::default();
    assert_eq!(policy.rotate_every, Duration::days(30));
    assert_eq!(policy.verify_for, Duration::days(2));
    assert_eq!(policy.forget_after, Duration::days(30));
    let retry = polyfin_webhooks::RetryPolicy::default();
    let mut window = Duration::ZERO;
    for attempt in 1..retry.max_attempts {
        window += retry.nominal_delay(attempt).unwrap();
    }
    assert!(policy.verify_for > window + Duration::minutes(5));
}

#[test]
fn maintain_rotates_on_schedule_and_old_key_verifies_until_it_expires() {
    let mut rng = rng();
    let mut ring = KeyRing::new(RotationPolicy::default(), &mut rng, T0);
    let first = ring.current().kid().to_owned();
    let t_rotate = T0 + Duration::days(30);
    let signed_before = ring.sign(BODY, t_rotate - Duration::seconds(10));

    // Nothing to do before the rotation is due.
    assert_eq!(
        ring.maintain(&mut rng, T0 + Duration::days(29)),
        Default::default()
    );

    let report = ring.maintain(&mut rng, t_rotate);
    let second = report.rotated_to.clone().unwrap();
    assert_ne!(first, second);
    assert_eq!(ring.current().kid(), second);
    assert!(report.expired.is_empty());

    // A webhook signed with the old key just before rotation still verifies, and the
    // old key is published with expired_at null for the whole verify_for window.
    assert!(verify(&signed_before, BODY, &ring, t_rotate).is_ok());
    let late = t_rotate + Duration::days(2) - Duration::seconds(1);
    assert!(ring.maintain(&mut rng, late).expired.is_empty());
    assert_eq!(ring.jwk(&first).unwrap().expired_at, None);
    assert_eq!(ring.jwks().len(), 2);
    assert_eq!(ring.jwks()[0].kid, second, "current key first");

    // At the deadline the old key is expired, with the rule's time, not the run's.
    let report = ring.maintain(&mut rng, t_rotate + Duration::days(3));
    assert_eq!(report.expired, vec![first.clone()]);
    assert_eq!(
        ring.jwk(&first).unwrap().expired_at,
        Some((t_rotate + Duration::days(2)).unix_timestamp())
    );

    // Forgotten 30 days after expiring.
    let gone = t_rotate + Duration::days(2) + Duration::days(30);
    let report = ring.maintain(&mut rng, gone);
    assert_eq!(report.forgotten, vec![first.clone()]);
    assert!(ring.jwk(&first).is_none());
}

#[test]
fn tokens_signed_by_a_rotated_key_verify_until_expiry_then_fail() {
    let mut rng = rng();
    let mut ring = KeyRing::new(RotationPolicy::default(), &mut rng, T0);
    let t_sign = T0 + Duration::days(1);
    let signed_by_old = ring.sign(BODY, t_sign);
    let old_kid = ring.current().kid().to_owned();

    ring.rotate(&mut rng, t_sign);
    let signed_by_new = ring.sign(BODY, t_sign);
    assert!(verify(&signed_by_old, BODY, &ring, t_sign).is_ok());
    assert!(verify(&signed_by_new, BODY, &ring, t_sign).is_ok());

    ring.maintain(&mut rng, t_sign + Duration::days(2));
    assert_eq!(
        verify(&signed_by_old, BODY, &ring, t_sign),
        Err(VerifyError::KeyExpired(old_kid))
    );
    assert!(verify(&signed_by_new, BODY, &ring, t_sign).is_ok());
}

#[test]
fn a_leaked_key_is_expired_at_once_after_rotation() {
    let mut rng = rng();
    let mut ring = KeyRing::new(RotationPolicy::default(), &mut rng, T0);
    let leaked = ring.current().kid().to_owned();
    assert_eq!(
        ring.expire(&leaked, T0),
        Err(KeyError::CurrentKey(leaked.clone()))
    );
    ring.rotate(&mut rng, T0 + Duration::hours(1));
    ring.expire(&leaked, T0 + Duration::hours(1)).unwrap();
    assert_eq!(
        ring.jwk(&leaked).unwrap().expired_at,
        Some((T0 + Duration::hours(1)).unix_timestamp())
    );
    assert_eq!(
        ring.expire("nope", T0),
        Err(KeyError::UnknownKid("nope".to_owned()))
    );
}

#[test]
fn stored_ring_round_trips() {
    let mut rng = rng();
    let mut ring = KeyRing::new(RotationPolicy::default(), &mut rng, T0);
    ring.rotate(&mut rng, T0 + Duration::days(30));
    ring.rotate(&mut rng, T0 + Duration::days(60));
    ring.maintain(&mut rng, T0 + Duration::days(61));
    let stored = ring.to_stored().unwrap();
    assert_eq!(stored.len(), 3);
    assert_eq!(stored[0].retired_at, None);
    assert!(
        !format!("{stored:?}").contains("pkcs8"),
        "no key bytes in Debug"
    );

    let restored = KeyRing::from_stored(RotationPolicy::default(), &stored).unwrap();
    assert_eq!(restored.jwks(), ring.jwks());
    let now = T0 + Duration::days(61);
    assert_eq!(restored.sign(BODY, now), ring.sign(BODY, now));
    assert!(verify(&ring.sign(BODY, now), BODY, &restored, now).is_ok());
}

#[test]
fn stored_ring_must_have_one_current_key_and_unique_kids() {
    let mut rng = rng();
    let mut ring = KeyRing::new(RotationPolicy::default(), &mut rng, T0);
    ring.rotate(&mut rng, T0 + Duration::days(1));
    let stored = ring.to_stored().unwrap();

    let mut two_current = stored.clone();
    two_current[1].retired_at = None;
    assert_eq!(
        KeyRing::from_stored(RotationPolicy::default(), &two_current).unwrap_err(),
        KeyError::CurrentKeyCount(2)
    );
    assert_eq!(
        KeyRing::from_stored(RotationPolicy::default(), &stored[1..]).unwrap_err(),
        KeyError::CurrentKeyCount(0)
    );
    let mut duplicate = stored.clone();
    duplicate[1].kid = duplicate[0].kid.clone();
    assert!(matches!(
        KeyRing::from_stored(RotationPolicy::default(), &duplicate),
        Err(KeyError::DuplicateKid(_))
    ));
    let mut corrupt = stored;
    corrupt[0].pkcs8_der = zeroize::Zeroizing::new(vec![1, 2, 3]);
    assert_eq!(
        KeyRing::from_stored(RotationPolicy::default(), &corrupt).unwrap_err(),
        KeyError::InvalidPkcs8
    );
}

#[test]
fn custom_policy_is_honoured() {
    let policy = RotationPolicy {
        rotate_every: Duration::days(7),
        verify_for: Duration::hours(36),
        forget_after: Duration::days(1),
    };
    let mut rng = rng();
    let mut ring = KeyRing::new(policy, &mut rng, T0);
    assert!(ring
        .maintain(&mut rng, T0 + Duration::days(7))
        .rotated_to
        .is_some());
    let t = T0 + Duration::days(7);
    assert!(ring
        .maintain(&mut rng, t + Duration::hours(35))
        .expired
        .is_empty());
    assert_eq!(
        ring.maintain(&mut rng, t + Duration::hours(36))
            .expired
            .len(),
        1
    );
    assert_eq!(
        ring.maintain(&mut rng, t + Duration::hours(60))
            .forgotten
            .len(),
        1
    );
    assert_eq!(ring.jwks().len(), 1);
}
