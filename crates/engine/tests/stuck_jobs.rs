//! A connector that never answers must not leave a member aggregating: the worker's
//! timeout ends the job, and a job whose worker died goes back to the queue once its
//! lease has passed on the engine's clock, and is ended when that keeps happening.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use async_trait::async_trait;
use polyfin_connectors::{
    Connector, ConnectorError, FetchRequest, FetchedData, LoginStep, Session,
};
use polyfin_domain::challenge::ChallengeAnswer;
use polyfin_domain::ids::ClientId;
use polyfin_domain::member::ConnectionStatus;
use polyfin_domain::user::UserFields;
use polyfin_domain::ManualClock;
use polyfin_engine::members::{CredentialInput, NewMember};
use polyfin_engine::{Engine, EngineConfig};
use std::sync::Arc;
use support::TestDatabase;

mod support;

#[derive(Debug)]
struct NeverAnswers;

#[async_trait]
impl Connector for NeverAnswers {
    async fn login(&self, _: &Session<'_>) -> Result<LoginStep, ConnectorError> {
        std::future::pending().await
    }
    async fn answer(
        &self,
        _: &Session<'_>,
        _: &str,
        _: &[ChallengeAnswer],
    ) -> Result<LoginStep, ConnectorError> {
        std::future::pending().await
    }
    async fn fetch(
        &self,
        _: &Session<'_>,
        _: &FetchRequest,
    ) -> Result<FetchedData, ConnectorError> {
        std::future::pending().await
    }
}

const CATALOGUE: &str = r##"{"favorites": [], "institutions": [
  {"code": "slowbank", "name": "Slow Bank", "url": "https://slow.example", "brand_color": "#333333",
   "connector": "never", "credentials": [
     {"field_name": "LOGIN", "label": "Username", "field_type": "TEXT"},
     {"field_name": "PASSWORD", "label": "Password", "field_type": "PASSWORD"}]}]}"##;

async fn engine(db: &TestDatabase, clock: ManualClock) -> (Engine, ClientId) {
    let config = EngineConfig {
        job_lease: time::Duration::seconds(1),
        ..EngineConfig::default()
    };
    let engine = db
        .engine(Arc::new(clock), CATALOGUE, config)
        .await
        .with_connector("never", Arc::new(NeverAnswers));
    let client = engine
        .clients()
        .create("t")
        .await
        .expect("client")
        .client_id;
    (engine, client)
}

async fn start_member(engine: &Engine, client: &ClientId) -> (polyfin_domain::user::User, String) {
    let user = engine
        .users()
        .create(client, UserFields::default())
        .await
        .expect("user");
    let input = |name: &str, value: &str| CredentialInput {
        field_name: Some(name.to_owned()),
        value: value.to_owned(),
        ..CredentialInput::default()
    };
    let created = engine
        .members()
        .create(
            &user,
            NewMember {
                institution_code: "slowbank".into(),
                credentials: vec![input("LOGIN", "ann"), input("PASSWORD", "pw")],
                ..NewMember::default()
            },
        )
        .await
        .expect("member");
    assert!(created.job_started);
    (user, created.member.guid.to_string())
}

#[tokio::test]
async fn a_connector_that_never_answers_times_out_as_failed() {
    let db = support::fresh_database().await;
    let (engine, client) = engine(&db, ManualClock::default()).await;
    let (user, guid) = start_member(&engine, &client).await;
    assert!(engine.run_next_job().await.expect("job ran"));
    let member = engine.members().get(&user, &guid).await.expect("member");
    assert_eq!(member.connection_status, Some(ConnectionStatus::Failed));
    assert!(!member.is_being_aggregated);
    assert_eq!(member.running_job, None);
}

/// A worker claims the next job (under a one-second lease) and is never heard of
/// again; the clock passes the lease and the sweep runs.
async fn claim_and_die(
    engine: &Engine,
    store: &Arc<dyn polyfin_store::Store>,
    clock: &ManualClock,
) -> polyfin_engine::SweepReport {
    let lease = clock_now(clock) + time::Duration::seconds(1);
    assert!(store.claim_next_job(lease).await.expect("claim").is_some());
    clock.advance(time::Duration::seconds(2));
    engine.run_sweeps().await.expect("sweep")
}

#[tokio::test]
async fn a_job_whose_worker_died_is_retried_then_failed() {
    let db = support::fresh_database().await;
    let clock = ManualClock::default();
    let (engine, client) = engine(&db, clock.clone()).await;
    let (user, guid) = start_member(&engine, &client).await;
    let store = db.open().await;
    // Within its lease the job stays with its worker.
    let lease = clock_now(&clock) + time::Duration::seconds(1);
    assert!(store.claim_next_job(lease).await.expect("claim").is_some());
    engine.run_sweeps().await.expect("sweep");
    let member = engine.members().get(&user, &guid).await.expect("member");
    assert!(member.is_being_aggregated);
    // Its lease has passed: the job goes back to the queue for another worker.
    clock.advance(time::Duration::seconds(2));
    let report = engine.run_sweeps().await.expect("sweep");
    assert_eq!((report.requeued, report.failed), (1, 0));
    // The second worker dies too: back to the queue once more.
    let report = claim_and_die(&engine, &store, &clock).await;
    assert_eq!((report.requeued, report.failed), (1, 0));
    let member = engine.members().get(&user, &guid).await.expect("member");
    assert!(member.is_being_aggregated);
    // The third claim that dies gives the job up.
    let report = claim_and_die(&engine, &store, &clock).await;
    assert_eq!((report.requeued, report.failed), (0, 1));
    let member = engine.members().get(&user, &guid).await.expect("member");
    assert_eq!(member.connection_status, Some(ConnectionStatus::Failed));
    assert!(!member.is_being_aggregated);
}

#[tokio::test]
async fn a_job_that_waited_long_in_the_queue_survives_its_worker() {
    // Many members at once: the job waits many leases before a worker takes it.
    let db = support::fresh_database().await;
    let clock = ManualClock::default();
    let (engine, client) = engine(&db, clock.clone()).await;
    let (user, guid) = start_member(&engine, &client).await;
    let store = db.open().await;
    clock.advance(time::Duration::seconds(60));
    // Its first worker dies: the job is handed on, not failed for its age.
    let report = claim_and_die(&engine, &store, &clock).await;
    assert_eq!((report.requeued, report.failed), (1, 0));
    let member = engine.members().get(&user, &guid).await.expect("member");
    assert!(member.is_being_aggregated);
    assert_ne!(member.connection_status, Some(ConnectionStatus::Failed));
}

fn clock_now(clock: &ManualClock) -> time::OffsetDateTime {
    polyfin_domain::Clock::now(clock)
}
