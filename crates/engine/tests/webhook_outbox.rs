//! The webhook subsystem on the engine's clock: signing keys survive a restart and
//! rotate by policy; failed deliveries back off by the clock; a refused target dies at
//! once instead of being retried.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use polyfin_domain::ids::ClientId;
use polyfin_domain::{Clock, ManualClock};
use polyfin_engine::plaid_items::config::Subscriptions;
use polyfin_engine::webhooks::{outbox_row, Destination, ItemEvent, TargetPolicy, WebhookEvent};
use polyfin_engine::{Engine, EngineConfig};
use std::sync::Arc;
use support::TestDatabase;
use time::Duration;

const CATALOGUE: &str = r#"{"favorites": [], "institutions": []}"#;

async fn engine(db: &TestDatabase, clock: ManualClock, targets: TargetPolicy) -> Engine {
    let config = EngineConfig {
        webhook_targets: targets,
        ..EngineConfig::default()
    };
    db.engine(Arc::new(clock), CATALOGUE, config).await
}

fn event() -> WebhookEvent {
    WebhookEvent::Item(ItemEvent::LoginRepaired {
        item_id: "item-1".to_owned(),
    })
}

fn destination(url: &str) -> Destination {
    Destination {
        client_id: ClientId::from_stored("client-1".to_owned()),
        member_guid: "MBR-1".to_owned(),
        url: url.to_owned(),
        subscriptions: Subscriptions::All,
    }
}

#[tokio::test]
async fn keys_survive_a_restart_and_rotate_by_policy() {
    let db = support::fresh_database().await;
    let clock = ManualClock::default();
    let first = engine(&db, clock.clone(), TargetPolicy::default()).await;
    let kid = first.webhooks().rotate_key().await.unwrap();
    let jwk = first
        .webhooks()
        .jwk(&kid)
        .await
        .unwrap()
        .expect("current key");
    drop(first);

    let again = engine(&db, clock.clone(), TargetPolicy::default()).await;
    assert_eq!(again.webhooks().jwk(&kid).await.unwrap(), Some(jwk.clone()));

    // 30 days later the key is replaced; the old one still verifies (expired_at null)…
    clock.advance(Duration::days(30));
    let new_kid = again
        .webhooks()
        .maintain_keys()
        .await
        .unwrap()
        .expect("rotated");
    assert_ne!(new_kid, kid);
    let old = again
        .webhooks()
        .jwk(&kid)
        .await
        .unwrap()
        .expect("still served");
    assert_eq!(old.expired_at, None);
    // …until the verification window passes, then it is served as expired.
    clock.advance(Duration::days(3));
    again.webhooks().maintain_keys().await.unwrap();
    let expired = again
        .webhooks()
        .jwk(&kid)
        .await
        .unwrap()
        .expect("served as expired");
    assert!(expired.expired_at.is_some());
    drop(again);
    let third = engine(&db, clock.clone(), TargetPolicy::default()).await;
    assert!(third.webhooks().jwk(&new_kid).await.unwrap().is_some());
    assert!(third
        .webhooks()
        .jwk(&kid)
        .await
        .unwrap()
        .unwrap()
        .expired_at
        .is_some());
}

#[tokio::test]
async fn an_internal_target_dies_without_retries() {
    let db = support::fresh_database().await;
    let clock = ManualClock::default();
    let engine = engine(&db, clock.clone(), TargetPolicy::default()).await;
    let row = outbox_row(
        &destination("http://127.0.0.1:9/hook"),
        event(),
        clock.now(),
    )
    .unwrap();
    engine.webhooks().enqueue(&[row]).await.unwrap();
    assert_eq!(engine.webhooks().deliver_due().await.unwrap(), 0);
    let stored = engine.webhooks().last_row("MBR-1").await.unwrap().unwrap();
    assert_eq!(stored.state, "dead");
    assert_eq!(stored.attempts, 1);
    assert!(stored.last_error.unwrap().contains("refused"));
}

#[tokio::test]
async fn a_failed_delivery_backs_off_on_the_clock() {
    // A loopback port with nothing listening: allowed by the policy, refused by the OS.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let db = support::fresh_database().await;
    let clock = ManualClock::default();
    let policy = TargetPolicy::from_rules(["127.0.0.1"]).unwrap();
    let engine = engine(&db, clock.clone(), policy).await;
    let url = format!("http://127.0.0.1:{port}/hook");
    let row = outbox_row(&destination(&url), event(), clock.now()).unwrap();
    engine.webhooks().enqueue(&[row]).await.unwrap();

    engine.webhooks().deliver_due().await.unwrap();
    let after_one = engine.webhooks().last_row("MBR-1").await.unwrap().unwrap();
    assert_eq!(
        (after_one.state.as_str(), after_one.attempts),
        ("pending", 1)
    );
    let wait = after_one.next_attempt_at.unwrap() - clock.now();
    assert!(
        wait > Duration::seconds(20) && wait <= Duration::seconds(30),
        "{wait}"
    );

    // Not due yet: nothing is attempted.
    engine.webhooks().deliver_due().await.unwrap();
    assert_eq!(
        engine
            .webhooks()
            .last_row("MBR-1")
            .await
            .unwrap()
            .unwrap()
            .attempts,
        1
    );

    clock.advance(Duration::seconds(30));
    engine.webhooks().deliver_due().await.unwrap();
    let after_two = engine.webhooks().last_row("MBR-1").await.unwrap().unwrap();
    assert_eq!(after_two.attempts, 2);
    let wait = after_two.next_attempt_at.unwrap() - clock.now();
    assert!(
        wait > Duration::seconds(45) && wait <= Duration::seconds(60),
        "{wait}"
    );
    assert_eq!(after_two.payload, after_one.payload);
}

#[test]
fn unsubscribed_events_are_not_queued() {
    let now = ManualClock::default().now();
    let mut to = destination("https://hooks.example.com/a");
    to.subscriptions = Subscriptions::Only(vec![("TRANSACTIONS".to_owned(), "*".to_owned())]);
    assert!(outbox_row(&to, event(), now).is_none());
    to.subscriptions = Subscriptions::Only(vec![("ITEM".to_owned(), "LOGIN_REPAIRED".to_owned())]);
    let row = outbox_row(&to, event(), now).expect("subscribed");
    assert_eq!(row.webhook_type, "ITEM");
}
