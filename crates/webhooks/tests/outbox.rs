//! The outbox state machine, driven by a clock the test moves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use polyfin_webhooks::outbox::{after_attempt, DeliveryOutcome, DeliveryState, OutboxRecord};
use polyfin_webhooks::payload::{Environment, TransactionsEvent, WebhookEvent, WebhookPayload};
use polyfin_webhooks::retry::{NoJitter, RetryPolicy};
use polyfin_webhooks::signing::{KeyRing, RotationPolicy};
use polyfin_webhooks::verify::verify;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

const T0: OffsetDateTime = datetime!(2024-06-01 10:00:00 UTC);

fn record() -> OutboxRecord {
    let payload = WebhookPayload::new(
        WebhookEvent::Transactions(TransactionsEvent::DefaultUpdate {
            item_id: "wz666MBjYWTp2PDzzggYhM6oWWmBb".to_owned(),
            error: None,
            new_transactions: 3,
        }),
        Environment::Sandbox,
    );
    OutboxRecord::new(
        Uuid::nil(),
        "client-1",
        "MBR-1",
        "https://hooks.example.com/plaid",
        &payload,
        T0,
    )
    .unwrap()
}

#[test]
fn a_new_record_is_pending_and_due_at_once() {
    let r = record();
    assert_eq!(r.state, DeliveryState::Pending);
    assert_eq!(r.attempts, 0);
    assert_eq!(r.webhook_type, "TRANSACTIONS");
    assert_eq!(r.webhook_code, "DEFAULT_UPDATE");
    assert!(r.is_due(T0));
    assert!(!r.is_due(T0 - Duration::seconds(1)));
    assert!(r.payload.ends_with(r#""environment":"sandbox"}"#));
}

#[test]
fn two_xx_delivers() {
    for status in [200, 201, 204, 299] {
        let r = after_attempt(
            record(),
            &DeliveryOutcome::Status(status),
            T0,
            &RetryPolicy::default(),
            &mut NoJitter,
        );
        assert_eq!(r.state, DeliveryState::Delivered);
        assert_eq!(r.attempts, 1);
        assert_eq!(r.delivered_at, Some(T0));
        assert_eq!(r.next_attempt_at, None);
        assert!(!r.is_due(T0 + Duration::days(1)));
    }
}

#[test]
fn failures_back_off_until_the_record_dies() {
    let policy = RetryPolicy::default();
    let mut r = record();
    let mut clock = T0;
    let outcomes = [
        DeliveryOutcome::Status(500),
        DeliveryOutcome::Timeout,
        DeliveryOutcome::Status(404),
        DeliveryOutcome::Transport("connection refused".to_owned()),
        DeliveryOutcome::Status(301),
    ];
    for attempt in 1..=policy.max_attempts {
        assert!(r.is_due(clock), "attempt {attempt} due");
        let outcome = &outcomes[attempt as usize % outcomes.len()];
        r = after_attempt(r, outcome, clock, &policy, &mut NoJitter);
        assert_eq!(r.attempts, attempt);
        assert!(r.last_error.is_some());
        if attempt < policy.max_attempts {
            assert_eq!(r.state, DeliveryState::Pending);
            let next = r.next_attempt_at.unwrap();
            assert_eq!(next - clock, policy.nominal_delay(attempt).unwrap());
            assert!(!r.is_due(next - Duration::seconds(1)));
            clock = next;
        }
    }
    assert_eq!(r.state, DeliveryState::Dead);
    assert_eq!(r.next_attempt_at, None);
    assert!(!r.is_due(clock + Duration::days(365)));
    // The whole run spans about a day.
    assert!(clock - T0 > Duration::hours(23) && clock - T0 < Duration::hours(25));
}

#[test]
fn a_refused_target_dies_at_once() {
    let r = after_attempt(
        record(),
        &DeliveryOutcome::Refused("10.0.0.1 is a private address".to_owned()),
        T0,
        &RetryPolicy::default(),
        &mut NoJitter,
    );
    assert_eq!(r.state, DeliveryState::Dead);
    assert_eq!(r.attempts, 1);
    assert_eq!(
        r.last_error.as_deref(),
        Some("target refused: 10.0.0.1 is a private address")
    );
}

#[test]
fn final_records_are_not_revived() {
    let policy = RetryPolicy::default();
    let delivered = after_attempt(
        record(),
        &DeliveryOutcome::Status(200),
        T0,
        &policy,
        &mut NoJitter,
    );
    let again = after_attempt(
        delivered.clone(),
        &DeliveryOutcome::Status(500),
        T0,
        &policy,
        &mut NoJitter,
    );
    assert_eq!(again, delivered);
    let dead = after_attempt(
        record(),
        &DeliveryOutcome::Refused("x".to_owned()),
        T0,
        &policy,
        &mut NoJitter,
    );
    let again = after_attempt(
        dead.clone(),
        &DeliveryOutcome::Status(200),
        T0,
        &policy,
        &mut NoJitter,
    );
    assert_eq!(again, dead);
}

#[test]
fn long_errors_are_truncated_on_a_char_boundary() {
    let detail = "é".repeat(600);
    let r = after_attempt(
        record(),
        &DeliveryOutcome::Transport(detail),
        T0,
        &RetryPolicy::default(),
        &mut NoJitter,
    );
    let error = r.last_error.unwrap();
    assert!(error.len() <= 500);
    assert!(error.starts_with("transport error: é"));
}

#[test]
fn state_names_round_trip() {
    for state in [
        DeliveryState::Pending,
        DeliveryState::Delivered,
        DeliveryState::Dead,
    ] {
        assert_eq!(state.as_str().parse::<DeliveryState>().unwrap(), state);
        assert_eq!(state.to_string(), state.as_str());
    }
    assert!("sent".parse::<DeliveryState>().is_err());
}

#[test]
fn every_retry_sends_the_same_body_with_a_fresh_signature() {
    let ring = KeyRing::new(
        RotationPolicy::default(),
        &mut ChaCha20Rng::seed_from_u64(5),
        T0,
    );
    let policy = RetryPolicy::default();
    let first = record();
    let first_token = ring.sign(first.body(), T0);
    let retried = after_attempt(
        first.clone(),
        &DeliveryOutcome::Timeout,
        T0,
        &policy,
        &mut NoJitter,
    );
    let at = retried.next_attempt_at.unwrap();
    let second_token = ring.sign(retried.body(), at);
    assert_eq!(retried.body(), first.body());
    assert_ne!(first_token, second_token);
    // The first token would be stale by the retry; the fresh one verifies.
    assert!(verify(&second_token, retried.body(), &ring, at).is_ok());
    assert!(verify(
        &first_token,
        retried.body(),
        &ring,
        at + Duration::minutes(10)
    )
    .is_err());
}
