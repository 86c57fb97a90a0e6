//! Many instances on one database (issue 9), each an engine with its own store, memory
//! and workers, as separate processes would be:
//!
//! - two webhook delivery workers share one batch of webhooks: every event reaches the
//!   receiver, none twice, each with its stable `Webhook-Id`, signed with a key both
//!   instances serve; a failed event is retried with the same id (PostgreSQL only);
//! - a key rotation on one instance reaches the other (both backends);
//! - one instance at a time leads the sweeps, so a background refresh is scheduled once,
//!   and the lead passes on when the leader goes (PostgreSQL only).
//!
//! Time moves on the injected clock. Waits for the workers end when the receiver has
//! what the test expects; their limit only turns a hang into a failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use polyfin_domain::ids::ClientId;
use polyfin_domain::member::JobKind;
use polyfin_domain::{Clock, ManualClock};
use polyfin_engine::members::NewMember;
use polyfin_engine::plaid_items::config::Subscriptions;
use polyfin_engine::webhooks::{
    outbox_row, run_webhook_worker, Destination, ItemEvent, Jwk, TargetPolicy, WebhookEvent,
};
use polyfin_engine::{Engine, EngineConfig};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use support::TestDatabase;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// More than one delivery pass (50 rows) of each instance.
const EVENTS: usize = 120;
/// Every this many events, the receiver refuses the first attempt.
const FAIL_EVERY: usize = 10;
/// Only turns a hang into a failure; the waits end as soon as the receiver has all.
const HANG_GUARD: std::time::Duration = std::time::Duration::from_secs(120);

fn skip_unless_postgres(test: &str) -> bool {
    if support::on_postgres() {
        return false;
    }
    eprintln!(
        "skipped {test}: it needs PostgreSQL; {} is unset (scripts/with-postgres.sh sets it)",
        support::POSTGRES_ENV
    );
    true
}

/// One request as the receiver saw it.
#[derive(Debug, Clone)]
struct Received {
    webhook_id: String,
    jwt: String,
    body: String,
    item: String,
    status: u16,
}

/// A local webhook receiver: keeps every request, refuses the first attempt of every
/// `FAIL_EVERY`th item, and counts requests for the test to wait on.
#[derive(Clone)]
struct Receiver {
    log: Arc<Mutex<Vec<Received>>>,
    count: Arc<watch::Sender<usize>>,
}

async fn hook(State(receiver): State<Receiver>, headers: HeaderMap, body: String) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let payload: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    let item = payload["item_id"].as_str().unwrap_or_default().to_owned();
    let index: usize = item.trim_start_matches("item-").parse().unwrap_or_default();
    let mut log = receiver.log.lock().unwrap();
    let first = !log.iter().any(|r| r.item == item);
    let status = if first && index.is_multiple_of(FAIL_EVERY) {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::OK
    };
    log.push(Received {
        webhook_id: header("webhook-id"),
        jwt: header("plaid-verification"),
        body,
        item,
        status: status.as_u16(),
    });
    receiver.count.send_replace(log.len());
    status
}

impl Receiver {
    /// Listens on a free loopback port; returns the receiver and its URL.
    async fn start() -> (Self, String) {
        let receiver = Self {
            log: Arc::default(),
            count: Arc::new(watch::channel(0).0),
        };
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(hook))
            .with_state(receiver.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (receiver, url)
    }

    /// Waits until the receiver has seen `n` requests.
    async fn wait_for(&self, n: usize) {
        let mut count = self.count.subscribe();
        tokio::time::timeout(HANG_GUARD, count.wait_for(|seen| *seen >= n))
            .await
            .unwrap_or_else(|_| panic!("the receiver did not get {n} requests"))
            .expect("receiver");
    }

    fn log(&self) -> Vec<Received> {
        self.log.lock().unwrap().clone()
    }
}

async fn engine(db: &TestDatabase, clock: &ManualClock) -> Arc<Engine> {
    let config = EngineConfig {
        webhook_targets: TargetPolicy::from_rules(["127.0.0.1"]).unwrap(),
        ..EngineConfig::default()
    };
    Arc::new(
        db.engine(
            Arc::new(clock.clone()),
            &support::mx_bank_catalogue(""),
            config,
        )
        .await,
    )
}

fn event_row(url: &str, i: usize, clock: &ManualClock) -> polyfin_store::OutboxRow {
    let to = Destination {
        client_id: ClientId::from_stored("client-1".to_owned()),
        member_guid: format!("MBR-{i}"),
        url: url.to_owned(),
        subscriptions: Subscriptions::All,
    };
    let event = WebhookEvent::Item(ItemEvent::LoginRepaired {
        item_id: format!("item-{i}"),
    });
    outbox_row(&to, event, clock.now()).unwrap()
}

/// Each engine's delivery worker, running until `stop`.
struct Workers {
    shutdown: CancellationToken,
    handles: Vec<tokio::task::JoinHandle<()>>,
}

impl Workers {
    fn start(engines: &[Arc<Engine>]) -> Self {
        let shutdown = CancellationToken::new();
        let handles = engines
            .iter()
            .map(|engine| tokio::spawn(run_webhook_worker(engine.clone(), shutdown.clone())))
            .collect();
        Self { shutdown, handles }
    }

    /// Stops the workers once their passes end: every attempt made is stored.
    async fn stop(self) {
        self.shutdown.cancel();
        for handle in self.handles {
            handle.await.expect("worker");
        }
    }
}

/// The `kid` in a JWT's header.
fn kid_of(jwt: &str) -> String {
    use base64::Engine as _;
    let header = jwt.split('.').next().unwrap_or_default();
    let header = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(header)
        .unwrap();
    let header: serde_json::Value = serde_json::from_slice(&header).unwrap();
    header["kid"].as_str().unwrap().to_owned()
}

/// Every request's signature verifies with the key that each engine serves for its kid.
async fn assert_verifiable(engines: &[Arc<Engine>], log: &[Received], clock: &ManualClock) {
    for request in log {
        let kid = kid_of(&request.jwt);
        for engine in engines {
            let keys: Vec<Jwk> = engine
                .webhooks()
                .jwk(&kid)
                .await
                .unwrap()
                .into_iter()
                .collect();
            let verified = polyfin_webhooks::verify(
                &request.jwt,
                request.body.as_bytes(),
                keys.as_slice(),
                clock.now(),
            );
            assert!(verified.is_ok(), "{}: {verified:?}", request.item);
        }
    }
}

/// The receiver's requests by `Webhook-Id`.
fn by_id(log: &[Received]) -> BTreeMap<String, Vec<Received>> {
    let mut by_id: BTreeMap<String, Vec<Received>> = BTreeMap::new();
    for request in log {
        by_id
            .entry(request.webhook_id.clone())
            .or_default()
            .push(request.clone());
    }
    by_id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_deliver_every_webhook_once_with_its_stable_id() {
    if skip_unless_postgres("two_instances_deliver_every_webhook_once_with_its_stable_id") {
        return;
    }
    let db = support::fresh_database().await;
    let clock = ManualClock::default();
    let engines = [engine(&db, &clock).await, engine(&db, &clock).await];
    let (receiver, url) = Receiver::start().await;
    let rows: Vec<_> = (0..EVENTS).map(|i| event_row(&url, i, &clock)).collect();
    // Half queued by each instance, all before either worker runs: both race for them.
    let (first, second) = rows.split_at(EVENTS / 2);
    engines[0].webhooks().enqueue(first).await.unwrap();
    engines[1].webhooks().enqueue(second).await.unwrap();

    // Every event is attempted once; the refused ones wait for their retry.
    let workers = Workers::start(&engines);
    receiver.wait_for(EVENTS).await;
    workers.stop().await;
    let log = receiver.log();
    let refused = EVENTS.div_ceil(FAIL_EVERY);
    assert_eq!(log.len(), EVENTS, "an event was attempted twice");
    let ids: BTreeSet<&str> = log.iter().map(|r| r.webhook_id.as_str()).collect();
    let stored: BTreeSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, stored, "each event carries its row's id");
    assert_eq!(log.iter().filter(|r| r.status == 500).count(), refused);

    // The retries fall due on the clock and go out, from whichever instance.
    clock.advance(time::Duration::seconds(61));
    let workers = Workers::start(&engines);
    receiver.wait_for(EVENTS + refused).await;
    workers.stop().await;
    let log = receiver.log();
    assert_eq!(log.len(), EVENTS + refused, "a retry was sent twice");
    for (id, requests) in by_id(&log) {
        let statuses: Vec<u16> = requests.iter().map(|r| r.status).collect();
        let items: BTreeSet<&str> = requests.iter().map(|r| r.item.as_str()).collect();
        assert_eq!(items.len(), 1, "{id} names one event");
        let refused_first = requests[0].status == 500;
        let expected: &[u16] = if refused_first { &[500, 200] } else { &[200] };
        assert_eq!(statuses, expected, "{id}");
        let bodies: BTreeSet<&str> = requests.iter().map(|r| r.body.as_str()).collect();
        assert_eq!(bodies.len(), 1, "{id}: the same bytes on every attempt");
    }
    let store = db.open().await;
    for i in 0..EVENTS {
        let row = store
            .last_outbox(&format!("MBR-{i}"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.state, "delivered", "MBR-{i}");
    }
    // Both instances signed with the one shared ring: either serves every key used.
    assert_verifiable(&engines, &log, &clock).await;
}

#[tokio::test]
async fn a_key_rotation_on_one_instance_reaches_the_other() {
    let db = support::fresh_database().await;
    let clock = ManualClock::default();
    let (a, b) = (engine(&db, &clock).await, engine(&db, &clock).await);
    let (receiver, url) = Receiver::start().await;
    // Both read the ring: the first one created it, the other found it.
    let first_kid = a.webhooks().rotate_key().await.unwrap();
    assert!(b.webhooks().jwk(&first_kid).await.unwrap().is_some());

    let rotated = a.webhooks().rotate_key().await.unwrap();
    // b serves the new key at once (it reads the ring again for a kid it lacks)…
    let served = b
        .webhooks()
        .jwk(&rotated)
        .await
        .unwrap()
        .expect("served by b");
    assert_eq!(Some(served), a.webhooks().jwk(&rotated).await.unwrap());
    // …and signs with it once it reads the ring again, a minute later at most.
    clock.advance(time::Duration::minutes(1));
    b.webhooks()
        .enqueue(&[event_row(&url, 1, &clock)])
        .await
        .unwrap();
    assert_eq!(b.webhooks().deliver_due().await.unwrap(), 1);
    let log = receiver.log();
    assert_eq!(kid_of(&log[0].jwt), rotated);
    assert_verifiable(&[a.clone(), b.clone()], &log, &clock).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_creating_the_first_key_at_once_share_one() {
    let db = support::fresh_database().await;
    let clock = ManualClock::default();
    let mut engines = Vec::new();
    for _ in 0..4 {
        engines.push(engine(&db, &clock).await);
    }
    let probes = engines.iter().map(|engine| {
        let engine = engine.clone();
        tokio::spawn(async move { engine.webhooks().jwk("no-such-kid").await })
    });
    for probe in probes.collect::<Vec<_>>() {
        assert_eq!(probe.await.unwrap().unwrap(), None);
    }
    let keys = db.open().await.load_webhook_keys().await.unwrap();
    assert_eq!(keys.len(), 1, "{keys:?}");
    for engine in &engines {
        assert!(engine.webhooks().jwk(&keys[0].kid).await.unwrap().is_some());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_instance_leads_the_sweeps_and_a_refresh_is_scheduled_once() {
    if skip_unless_postgres("one_instance_leads_the_sweeps_and_a_refresh_is_scheduled_once") {
        return;
    }
    let db = support::fresh_database().await;
    let clock = ManualClock::default();
    let (a, b) = (engine(&db, &clock).await, engine(&db, &clock).await);
    let (_, user) = support::client_and_user(&a).await;
    let new = NewMember {
        skip_aggregation: true,
        ..support::mx_bank_member("leader", "pw")
    };
    a.members().create(&user, new).await.unwrap();
    let store = db.open().await;
    clock.advance(EngineConfig::default().background_interval + time::Duration::minutes(1));

    // Both instances' schedulers tick at once: one leads, and queues the refresh.
    let (on_a, on_b) = tokio::join!(a.run_sweeps_if_leader(), b.run_sweeps_if_leader());
    let (on_a, on_b) = (on_a.unwrap(), on_b.unwrap());
    let (leader, follower, report) = match (on_a, on_b) {
        (Some(report), None) => (a, b, report),
        (None, Some(report)) => (b, a, report),
        other => panic!("exactly one instance leads: {other:?}"),
    };
    assert_eq!(report.refreshed, 1, "{report:?}");
    assert_eq!(store.queued_background_jobs().await.unwrap(), 1);
    // The next ticks: the same leader, nothing scheduled again.
    let (again, other) = tokio::join!(
        leader.run_sweeps_if_leader(),
        follower.run_sweeps_if_leader()
    );
    assert_eq!(again.unwrap().expect("still leads").refreshed, 0);
    assert_eq!(other.unwrap(), None);
    assert_eq!(store.queued_background_jobs().await.unwrap(), 1);
    let job = store
        .claim_next_job(clock.now() + time::Duration::minutes(1))
        .await
        .unwrap()
        .expect("the refresh");
    assert_eq!(job.job.kind, JobKind::Aggregation);

    // The leader goes (its session, and the lock with it): the other takes over.
    drop(leader);
    let took_over = async {
        loop {
            if follower.run_sweeps_if_leader().await.unwrap().is_some() {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(HANG_GUARD, took_over)
        .await
        .expect("the other instance takes the lead");
}
