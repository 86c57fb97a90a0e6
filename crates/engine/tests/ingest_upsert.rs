//! The ingest path upserts with dedupe, whatever the batch size: fetching the same
//! history again adds nothing, and a later fetch adds the new days and moves pending
//! transactions forward (counted as updates), never duplicating one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use polyfin_domain::member::ConnectionStatus;
use polyfin_domain::page::PageRequest;
use polyfin_domain::ManualClock;
use polyfin_engine::members::NewMember;
use polyfin_engine::transactions::TransactionFilter;
use polyfin_engine::EngineConfig;
use std::sync::Arc;

mod support;

/// Crosses every statement size the store splits a batch into (512, then halves).
const HISTORY: usize = 700;

#[tokio::test]
async fn repeated_and_later_fetches_upsert_without_duplicates() {
    let db = support::fresh_database().await;
    let clock = ManualClock::default();
    let engine = db
        .engine(
            Arc::new(clock.clone()),
            &support::mx_bank_catalogue(""),
            EngineConfig::default(),
        )
        .await;
    let (_, user) = support::client_and_user(&engine).await;
    let new = NewMember {
        skip_aggregation: true,
        ..support::mx_bank_member("upsert", "pw")
    };
    let member = engine
        .members()
        .create(&user, new)
        .await
        .expect("member")
        .member;

    let first = engine
        .prepare_history(&member.guid, 400, HISTORY)
        .await
        .expect("prepared");
    let outcome = engine.ingest_history(&first).await.expect("ingested");
    assert_eq!(outcome.transactions_added, HISTORY as u64);
    assert_eq!(outcome.transactions_updated, 0);

    let again = engine
        .prepare_history(&member.guid, 400, HISTORY)
        .await
        .expect("prepared");
    let outcome = engine.ingest_history(&again).await.expect("ingested");
    assert_eq!(
        (outcome.transactions_added, outcome.transactions_updated),
        (0, 0)
    );

    clock.advance(time::Duration::days(6));
    let later = engine
        .prepare_history(&member.guid, 400, HISTORY)
        .await
        .expect("prepared");
    let outcome = engine.ingest_history(&later).await.expect("ingested");
    assert!(outcome.transactions_added > 0, "{outcome:?}");
    assert!(
        outcome.transactions_updated > 0,
        "pending ones posted: {outcome:?}"
    );

    let filter = TransactionFilter {
        from: Some(time::macros::date!(2000 - 01 - 01)),
        ..TransactionFilter::default()
    };
    let page = PageRequest::from_query(None, Some("1"), 1000);
    let stored = engine
        .transactions()
        .list(&user, &filter, page)
        .await
        .expect("listed");
    assert_eq!(stored.total, HISTORY as u64 + outcome.transactions_added);
    let status = engine
        .members()
        .get(&user, member.guid.as_str())
        .await
        .expect("member");
    assert_eq!(status.connection_status, Some(ConnectionStatus::Connected));
}
