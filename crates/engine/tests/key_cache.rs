//! Checked API keys are remembered, and a revocation is seen at once: by the engine
//! that revoked, and by another one on the same database (as another process would
//! be, with its own memory). Time moves on the injected clock only.
//!
//! On PostgreSQL when `POLYFIN_TEST_DATABASE_URL` is set, else on a SQLite file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use polyfin_domain::ManualClock;
use polyfin_engine::clients::KEY_CACHE_TTL;
use polyfin_engine::{Engine, EngineConfig};
use std::sync::Arc;
use support::TestDatabase;

/// Two engines on one database, each with its own store and memory.
async fn two_engines(db: &TestDatabase, clock: &ManualClock) -> (Engine, Engine) {
    let open = || async {
        db.engine(
            Arc::new(clock.clone()),
            r#"{"favorites": [], "institutions": []}"#,
            EngineConfig::default(),
        )
        .await
    };
    (open().await, open().await)
}

async fn accepted(engine: &Engine, id: &str, key: &str) -> bool {
    engine
        .clients()
        .authenticate(id, key)
        .await
        .expect("authenticate")
        .is_some()
}

#[tokio::test]
async fn remembered_keys_never_outlive_a_revocation() {
    let db = support::fresh_database().await;
    let clock = ManualClock::default();
    let (server, other) = two_engines(&db, &clock).await;
    let a = server.clients().create("a").await.expect("client");
    let b = server.clients().create("b").await.expect("client");
    let (a_id, b_id) = (a.client_id.as_str(), b.client_id.as_str());

    // The first check reads the client; the next ones, right or wrong, do not.
    assert!(accepted(&server, a_id, &a.api_key).await);
    let lookups = server.clients().key_lookups();
    assert!(accepted(&server, a_id, &a.api_key).await);
    assert!(!accepted(&server, a_id, &b.api_key).await, "wrong key");
    assert!(!accepted(&server, a_id, "").await, "empty key");
    assert_eq!(server.clients().key_lookups(), lookups);

    // Revoked elsewhere (another process): refused at once, without moving time.
    other.clients().revoke(a_id).await.expect("revoke");
    assert!(!accepted(&server, a_id, &a.api_key).await);
    assert!(!accepted(&server, a_id, &a.api_key).await);

    // Revoked by this engine: refused at once too.
    assert!(accepted(&server, b_id, &b.api_key).await);
    server.clients().revoke(b_id).await.expect("revoke");
    assert!(!accepted(&server, b_id, &b.api_key).await);
    assert!(!accepted(&other, b_id, &b.api_key).await);

    // Unknown clients and malformed ids are refused.
    let c = other.clients().create("c").await.expect("client");
    assert!(!accepted(&server, "CLI-nope", &c.api_key).await);
    assert!(!accepted(&server, "", &c.api_key).await);
    // A client created elsewhere is found.
    assert!(accepted(&server, c.client_id.as_str(), &c.api_key).await);
}

#[tokio::test]
async fn remembered_keys_are_checked_again_after_the_ttl() {
    let db = support::fresh_database().await;
    let clock = ManualClock::default();
    let (server, _other) = two_engines(&db, &clock).await;
    let a = server.clients().create("a").await.expect("client");
    let id = a.client_id.as_str();

    assert!(accepted(&server, id, &a.api_key).await);
    let lookups = server.clients().key_lookups();
    clock.advance(KEY_CACHE_TTL - time::Duration::seconds(1));
    assert!(accepted(&server, id, &a.api_key).await);
    assert_eq!(server.clients().key_lookups(), lookups, "still remembered");

    clock.advance(time::Duration::seconds(1));
    assert!(accepted(&server, id, &a.api_key).await);
    assert_eq!(
        server.clients().key_lookups(),
        lookups + 1,
        "looked up again once the TTL has passed"
    );
    assert!(accepted(&server, id, &a.api_key).await);
    assert_eq!(server.clients().key_lookups(), lookups + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_checks_share_generation_reads_and_all_see_a_revocation() {
    let db = support::fresh_database().await;
    let clock = ManualClock::default();
    let (server, other) = two_engines(&db, &clock).await;
    let a = server.clients().create("a").await.expect("client");
    let id = a.client_id.as_str().to_owned();

    let check_all = |expect: bool| {
        let tasks: Vec<_> = (0..64)
            .map(|_| {
                let (server, id, key) = (server.clone(), id.clone(), a.api_key.clone());
                tokio::spawn(async move { accepted(&server, &id, &key).await })
            })
            .collect();
        async move {
            for task in tasks {
                assert_eq!(task.await.expect("task"), expect);
            }
        }
    };
    check_all(true).await;
    other.clients().revoke(&id).await.expect("revoke");
    check_all(false).await;
}
