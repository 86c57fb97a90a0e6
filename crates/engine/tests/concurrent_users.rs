//! Users created at the same moment: on SQLite the writes waiting for the writer go in
//! one statement and one commit (group commit), and each request must still get its
//! own answer. A partner id taken refuses only the users that asked for it after the
//! first; users without a partner id never conflict.
//!
//! On PostgreSQL when `POLYFIN_TEST_DATABASE_URL` is set, else on a SQLite file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use polyfin_domain::ids::ClientId;
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::user::{User, UserFields, UserFilter};
use polyfin_domain::ManualClock;
use polyfin_engine::{Engine, EngineConfig, Error};
use std::collections::HashMap;
use std::sync::Arc;

const PARTNER_IDS: usize = 16;
const ASKS_PER_ID: usize = 4;
const WITHOUT_ID: usize = 40;

/// An engine on `db` and an API client of it (with one user already).
async fn engine_and_client(db: &support::TestDatabase) -> (Arc<Engine>, ClientId) {
    let engine = Arc::new(
        db.engine(
            Arc::new(ManualClock::default()),
            r#"{"favorites": [], "institutions": []}"#,
            EngineConfig::default(),
        )
        .await,
    );
    let (client, _) = support::client_and_user(&engine).await;
    (engine, client)
}

/// Every live user of `client` (the tests create fewer than a page of 1,000).
async fn users_of(engine: &Engine, client: &ClientId) -> Page<User> {
    engine
        .users()
        .list(
            client,
            &UserFilter::default(),
            PageRequest::from_query(None, Some("1000"), 1000),
        )
        .await
        .expect("list")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_each_get_their_own_answer() {
    let db = support::fresh_database().await;
    let (engine, client) = engine_and_client(&db).await;

    let mut asks: Vec<Option<String>> = (0..PARTNER_IDS * ASKS_PER_ID)
        .map(|i| Some(format!("partner-{}", i % PARTNER_IDS)))
        .collect();
    asks.extend(std::iter::repeat_n(None, WITHOUT_ID));
    let tasks: Vec<_> = asks
        .into_iter()
        .map(|id| {
            let engine = engine.clone();
            let client = client.clone();
            tokio::spawn(async move {
                let fields = UserFields {
                    id: id.clone(),
                    ..Default::default()
                };
                (id, engine.users().create(&client, fields).await)
            })
        })
        .collect();

    let mut created: HashMap<Option<String>, usize> = HashMap::new();
    let mut refused: HashMap<String, usize> = HashMap::new();
    for task in tasks {
        let (id, result) = task.await.expect("task");
        match result {
            Ok(user) => {
                assert_eq!(user.id, id);
                *created.entry(id).or_default() += 1;
            }
            Err(Error::Conflict(_)) => {
                *refused.entry(id.expect("only ids conflict")).or_default() += 1
            }
            Err(other) => panic!("unexpected error: {other}"),
        }
    }
    for i in 0..PARTNER_IDS {
        let id = format!("partner-{i}");
        assert_eq!(
            created.get(&Some(id.clone())),
            Some(&1),
            "{id} created once"
        );
        assert_eq!(
            refused.get(&id),
            Some(&(ASKS_PER_ID - 1)),
            "{id} refused the rest"
        );
    }
    assert_eq!(created.get(&None), Some(&WITHOUT_ID));

    // What was answered is what was written: the first user plus every one created.
    let listed = users_of(&engine, &client).await;
    assert_eq!(listed.total as usize, 1 + PARTNER_IDS + WITHOUT_ID);
    let mut ids: Vec<_> = listed.items.iter().filter_map(|u| u.id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), PARTNER_IDS);
}

/// A user the database refuses for another reason than its partner id (here a client
/// that does not exist) fails alone: the users written beside it are written.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_refused_user_does_not_fail_the_others() {
    let db = support::fresh_database().await;
    let (engine, client) = engine_and_client(&db).await;
    let missing = ClientId::parse("no-such-client").expect("client id");
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let engine = engine.clone();
            let owner = if i % 2 == 0 {
                client.clone()
            } else {
                missing.clone()
            };
            tokio::spawn(async move {
                let fields = UserFields {
                    id: Some(format!("partner-{i}")),
                    ..Default::default()
                };
                (i, engine.users().create(&owner, fields).await)
            })
        })
        .collect();
    for task in tasks {
        let (i, result) = task.await.expect("task");
        if i % 2 == 0 {
            assert!(result.is_ok(), "user {i}: {result:?}");
        } else {
            assert!(
                result.is_err() && !matches!(result, Err(Error::Conflict(_))),
                "user {i} of a missing client: {result:?}"
            );
        }
    }
    let listed = users_of(&engine, &client).await;
    assert_eq!(listed.total, 21);
}
