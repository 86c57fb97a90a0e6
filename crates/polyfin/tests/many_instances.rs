#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `polyfin serve` processes on one PostgreSQL database share the work (issue 9's
//! acceptance). The same deterministic members (each its own MX Bank login, so its own
//! household) are aggregated three times, each time on a fresh database:
//!
//! 1. by one instance alone: the reference;
//! 2. by three instances: every job is claimed exactly once (`jobs.claims`, counted in
//!    the database), every member ends CONNECTED, the data equals the reference;
//! 3. by three instances, one SIGKILLed halfway: the survivors take over the jobs it
//!    held once their leases pass; every member ends CONNECTED, only jobs open at the
//!    kill ran twice, and no transaction is duplicated or missing against the
//!    reference (per member: account, transaction id, amount, dates, descriptions,
//!    status, category).
//!
//! Size: `POLYFIN_SCALE_MEMBERS` (default 30); the acceptance run is
//! `scripts/with-postgres.sh env POLYFIN_SCALE_MEMBERS=1000 cargo test --release -p polyfin --test many_instances -- --nocapture`.
//! Runs only on PostgreSQL (`POLYFIN_TEST_DATABASE_URL`).
mod support;

use serde_json::{json, Value};
use sqlx::{PgPool, Row};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{MX_ACCEPT, POSTGRES_ENV, TEST_SECRET_KEY};

const MEMBERS_ENV: &str = "POLYFIN_SCALE_MEMBERS";
const DEFAULT_MEMBERS: usize = 30;
const MEMBERS_PER_USER: usize = 10;
/// Requests creating members at once.
const CREATORS: usize = 8;

struct Instance {
    child: Child,
    base_url: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn polyfin(url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_polyfin"));
    command
        .env_remove("POLYFIN_DATA_DIR")
        .env("POLYFIN_DATABASE_URL", url)
        .env("POLYFIN_SECRET_KEY", TEST_SECRET_KEY)
        // Short leases, so a dead instance's jobs come back quickly.
        .env("POLYFIN_JOB_TIMEOUT_SECS", "5")
        .env("POLYFIN_LOG", "warn");
    command
}

fn start(url: &str) -> Instance {
    let mut child = polyfin(url)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("POLYFIN_WORKERS", "2")
        .stdout(Stdio::piped())
        .spawn()
        .expect("polyfin serve starts");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let base_url = loop {
        let line = lines.next().expect("a listening line").unwrap();
        if let Some(url) = line.strip_prefix("polyfin listening on ") {
            break url.to_owned();
        }
    };
    // Keep draining stdout so the server never blocks on it.
    std::thread::spawn(move || lines.for_each(drop));
    Instance { child, base_url }
}

fn create_client(url: &str) -> (String, String) {
    let output = polyfin(url)
        .args(["clients", "create", "--name", "many", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let created: Value = serde_json::from_slice(&output.stdout).unwrap();
    (
        created["client_id"].as_str().unwrap().to_owned(),
        created["api_key"].as_str().unwrap().to_owned(),
    )
}

struct Api {
    http: reqwest::Client,
    client: (String, String),
}

impl Api {
    async fn send(&self, request: reqwest::RequestBuilder, path: &str) -> Value {
        let reply = request
            .basic_auth(&self.client.0, Some(&self.client.1))
            .header("Accept", MX_ACCEPT)
            .send()
            .await
            .unwrap();
        assert!(reply.status().is_success(), "{path}: {}", reply.status());
        reply.json().await.unwrap()
    }

    async fn post(&self, base: &str, path: &str, body: Value) -> Value {
        let request = self.http.post(format!("{base}{path}")).json(&body);
        self.send(request, path).await
    }

    async fn get(&self, base: &str, path: &str) -> Value {
        self.send(self.http.get(format!("{base}{path}")), path)
            .await
    }
}

/// One aggregation run: its own database and instances.
struct Run {
    label: &'static str,
    pool: PgPool,
    instances: Vec<Instance>,
    api: Arc<Api>,
}

impl Run {
    async fn start(base: &str, label: &'static str, instances: usize) -> Self {
        let name = format!("scale_{label}_{}", std::process::id());
        let url = polyfin_store::postgres::create_database(base, &name)
            .await
            .unwrap();
        let migrated = polyfin(&url).arg("migrate").output().unwrap();
        assert!(migrated.status.success(), "{migrated:?}");
        let instances = (0..instances).map(|_| start(&url)).collect();
        let api = Arc::new(Api {
            http: reqwest::Client::new(),
            client: create_client(&url),
        });
        let pool = PgPool::connect(&url).await.unwrap();
        Self {
            label,
            pool,
            instances,
            api,
        }
    }

    fn bases(&self) -> Vec<String> {
        self.instances.iter().map(|i| i.base_url.clone()).collect()
    }

    async fn scalar(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.pool).await.unwrap()
    }
}

/// Creates `n` members, user after user and spread over the instances, `CREATORS`
/// requests at a time. Member `i` has partner id `m{i}` and its own login.
async fn create_members(run: &Run, n: usize) {
    let bases = Arc::new(run.bases());
    let fields = run
        .api
        .get(&bases[0], "/institutions/mxbank/credentials")
        .await;
    let fields: Arc<Vec<Value>> = Arc::new(fields["credentials"].as_array().unwrap().clone());
    let mut users = Vec::new();
    for u in 0..n.div_ceil(MEMBERS_PER_USER) {
        let base = &bases[u % bases.len()];
        let user = json!({"user": {"id": format!("u{u:05}")}});
        let user = run.api.post(base, "/users", user).await;
        users.push(user["user"]["guid"].as_str().unwrap().to_owned());
    }
    let users = Arc::new(users);
    let mut creators = tokio::task::JoinSet::new();
    for first in 0..CREATORS.min(n) {
        let (api, bases, fields, users) = (
            run.api.clone(),
            bases.clone(),
            fields.clone(),
            users.clone(),
        );
        creators.spawn(async move {
            for i in (first..n).step_by(CREATORS) {
                let login = format!("scale-{i:05}");
                let credentials: Vec<Value> = fields
                    .iter()
                    .zip([login.as_str(), "password"])
                    .map(|(field, value)| json!({"guid": field["guid"], "value": value}))
                    .collect();
                let body = json!({"member": {"id": format!("m{i:05}"),
                    "institution_code": "mxbank", "credentials": credentials}});
                let path = format!("/users/{}/members", users[i / MEMBERS_PER_USER]);
                api.post(&bases[i % bases.len()], &path, body).await;
            }
        });
    }
    while let Some(done) = creators.join_next().await {
        done.unwrap();
    }
}

/// What the kill found: the jobs open then, and those held (running) then.
struct Kill {
    open: i64,
    held: BTreeSet<String>,
}

/// Waits until half the members are aggregated, then SIGKILLs the first instance.
async fn kill_halfway(run: &mut Run, n: usize) -> Kill {
    let half = i64::try_from(n / 2).unwrap();
    let deadline = Instant::now() + Duration::from_secs(120 + u64::try_from(n).unwrap());
    while run
        .scalar("SELECT COUNT(*) FROM jobs WHERE state = 'finished'")
        .await
        < half
    {
        assert!(Instant::now() < deadline, "half the jobs never finished");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let victim = &mut run.instances[0].child;
    victim.kill().unwrap();
    victim.wait().unwrap();
    let open = run
        .scalar("SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')")
        .await;
    let held: Vec<String> = sqlx::query_scalar("SELECT guid FROM jobs WHERE state = 'running'")
        .fetch_all(&run.pool)
        .await
        .unwrap();
    Kill {
        open,
        held: held.into_iter().collect(),
    }
}

async fn wait_connected(run: &Run, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(120 + u64::try_from(n).unwrap());
    let sql = "SELECT COUNT(*) FROM members WHERE connection_status = 'CONNECTED' \
               AND running_job IS NULL";
    loop {
        let connected = run.scalar(sql).await;
        if connected == i64::try_from(n).unwrap() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{}: only {connected} of {n} members connected",
            run.label
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The jobs, as the database counted them.
struct Jobs {
    jobs: i64,
    connected: i64,
    claims: i64,
    /// Jobs claimed more than once, with their claims.
    repeated: Vec<(String, i64)>,
}

async fn jobs(run: &Run) -> Jobs {
    let row = sqlx::query(
        "SELECT COUNT(*) AS jobs, \
         COUNT(*) FILTER (WHERE state = 'finished' AND status = 'CONNECTED') AS connected, \
         COALESCE(SUM(claims), 0)::BIGINT AS claims FROM jobs",
    )
    .fetch_one(&run.pool)
    .await
    .unwrap();
    let repeated = sqlx::query("SELECT guid, claims FROM jobs WHERE claims <> 1 ORDER BY guid")
        .fetch_all(&run.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get::<String, _>("guid"), r.get::<i64, _>("claims")))
        .collect();
    Jobs {
        jobs: row.get("jobs"),
        connected: row.get("connected"),
        claims: row.get("claims"),
        repeated,
    }
}

/// Every transaction and account, one line each, keyed by the member's partner id and
/// the institution's ids (the guids differ from run to run), sorted. The runs happen
/// minutes apart on one day: what the sandbox shows of today depends on the time of
/// day (an event appears once its time has passed, and with it an available balance),
/// so today's transactions and the available figures are left out.
async fn fingerprint(run: &Run) -> (Vec<String>, Vec<String>) {
    let today = time::OffsetDateTime::now_utc().date();
    let transactions = sqlx::query_scalar(
        "SELECT concat_ws('|', m.partner_id, a.external_id, t.external_id, t.amount, t.kind, \
         t.status, t.date, t.transacted_at, t.posted_at, t.original_description, \
         t.description, t.category_guid, t.merchant_category_code, t.flags) AS line \
         FROM transactions t JOIN members m ON m.guid = t.member_guid \
         JOIN accounts a ON a.guid = t.account_guid WHERE t.date < $1 ORDER BY line",
    )
    .bind(today)
    .fetch_all(&run.pool)
    .await
    .unwrap();
    let accounts = sqlx::query_scalar(
        "SELECT concat_ws('|', m.partner_id, a.external_id, a.name, a.account_type, \
         a.subtype, (a.figures::jsonb - 'amounts')::text, \
         (SELECT string_agg(e::text, ',') FROM jsonb_array_elements(a.figures::jsonb -> 'amounts') e \
          WHERE e ->> 0 NOT IN ('available_balance', 'available_credit'))) AS line \
         FROM accounts a JOIN members m ON m.guid = a.member_guid ORDER BY line",
    )
    .fetch_all(&run.pool)
    .await
    .unwrap();
    (transactions, accounts)
}

/// Lines of `reference` missing from `other`, and lines of `other` beyond the
/// reference (a duplicate counts), both sorted as multisets.
fn differences(reference: &[String], other: &[String]) -> (Vec<String>, Vec<String>) {
    let (mut missing, mut extra) = (Vec::new(), Vec::new());
    let (mut a, mut b) = (reference.iter().peekable(), other.iter().peekable());
    loop {
        match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(x), Some(y)) if x == y => {
                a.next();
                b.next();
            }
            (Some(x), Some(y)) if x < y => missing.push(a.next().unwrap().clone()),
            (Some(_), None) => missing.push(a.next().unwrap().clone()),
            _ => extra.push(b.next().unwrap().clone()),
        }
    }
    (missing, extra)
}

fn assert_same(what: &str, reference: &[String], other: &[String]) {
    let (missing, extra) = differences(reference, other);
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what}: {} missing, {} extra against the single instance; first missing {:?}, \
         first extra {:?}",
        missing.len(),
        extra.len(),
        missing.first(),
        extra.first()
    );
}

/// What one run left in its database.
struct Outcome {
    jobs: Jobs,
    transactions: Vec<String>,
    accounts: Vec<String>,
    kill: Option<Kill>,
}

/// Aggregates `n` members on `instances` instances (killing one halfway when asked),
/// checks every member CONNECTED and every instance serving, and reports the numbers.
async fn aggregate(
    base: &str,
    label: &'static str,
    instances: usize,
    n: usize,
    kill: bool,
) -> Outcome {
    let mut run = Run::start(base, label, instances).await;
    let started = Instant::now();
    create_members(&run, n).await;
    let created = started.elapsed();
    let kill = if kill {
        Some(kill_halfway(&mut run, n).await)
    } else {
        None
    };
    wait_connected(&run, n).await;
    let seconds = started.elapsed().as_secs_f64();
    serve_the_same(&mut run, n, label).await;
    // A member is CONNECTED when its data is in; the user's recurring series are
    // refreshed just after. Stopping the instances lets that last work finish.
    for instance in run.instances.iter_mut() {
        stop(instance);
    }
    let jobs = jobs(&run).await;
    let (transactions, accounts) = fingerprint(&run).await;
    eprintln!(
        "scale {label}: {n} members on {instances} instance(s) CONNECTED in {seconds:.1} s \
         ({:.1} members/s; created in {:.1} s); {} jobs, {} claims; {} transactions, \
         {} accounts{}",
        n as f64 / seconds,
        created.as_secs_f64(),
        jobs.jobs,
        jobs.claims,
        transactions.len(),
        accounts.len(),
        kill.as_ref().map_or(String::new(), |k| format!(
            "; at the kill {} jobs open, {} running; {} taken over",
            k.open,
            k.held.len(),
            jobs.repeated.len()
        ))
    );
    Outcome {
        jobs,
        transactions,
        accounts,
        kill,
    }
}

/// Every live instance serves the same data.
async fn serve_the_same(run: &mut Run, n: usize, label: &str) {
    let users = i64::try_from(n.div_ceil(MEMBERS_PER_USER)).unwrap();
    for instance in run.instances.iter_mut() {
        if instance.child.try_wait().unwrap().is_none() {
            let page = run.api.get(&instance.base_url, "/users").await;
            assert_eq!(page["pagination"]["total_entries"], users, "{label}");
        }
    }
}

/// Stops a live instance as an operator would (SIGTERM): it finishes what it holds.
fn stop(instance: &mut Instance) {
    if instance.child.try_wait().unwrap().is_some() {
        return;
    }
    let pid = instance.child.id().to_string();
    let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(sent.success());
    let status = instance.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

fn member_count() -> usize {
    std::env::var(MEMBERS_ENV).map_or(DEFAULT_MEMBERS, |n| {
        n.parse().expect("POLYFIN_SCALE_MEMBERS is a number")
    })
}

/// Every one of `n` jobs ran once and connected its member.
fn assert_once_each(what: &str, jobs: &Jobs, n: i64) {
    assert_eq!(
        (jobs.jobs, jobs.connected),
        (n, n),
        "{what}: jobs, connected"
    );
    assert_eq!(jobs.claims, n, "{what}: claims");
    assert!(jobs.repeated.is_empty(), "{what}: {:?}", jobs.repeated);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_aggregate_each_member_once_and_survive_a_sigkill() {
    let Ok(base) = std::env::var(POSTGRES_ENV) else {
        eprintln!("skipped: {POSTGRES_ENV} is unset (scripts/with-postgres.sh sets it)");
        return;
    };
    let n = member_count();
    let count = i64::try_from(n).unwrap();
    let day = time::OffsetDateTime::now_utc().date();
    let single = aggregate(&base, "single", 1, n, false).await;
    assert_once_each("one instance", &single.jobs, count);
    let members: BTreeSet<&str> = single
        .transactions
        .iter()
        .filter_map(|line| line.split('|').next())
        .collect();
    assert_eq!(members.len(), n, "every member has transactions");
    // The comparison sees a lost and a doubled transaction.
    let (t, rest) = (&single.transactions, &single.transactions[1..]);
    assert_eq!(differences(t, rest), (vec![t[0].clone()], vec![]));
    let doubled: Vec<String> = [&t[..1], &t[..]].concat();
    assert_eq!(differences(t, &doubled), (vec![], vec![t[0].clone()]));

    let shared = aggregate(&base, "three", 3, n, false).await;
    assert_once_each("three instances", &shared.jobs, count);
    let killed = aggregate(&base, "killed", 3, n, true).await;
    // The sandbox's data follows the day: the runs must have shared one.
    assert_eq!(
        day,
        time::OffsetDateTime::now_utc().date(),
        "rerun: midnight UTC passed"
    );

    assert_same(
        "three instances",
        &single.transactions,
        &shared.transactions,
    );
    assert_same("three instances", &single.accounts, &shared.accounts);
    let kill = killed.kill.as_ref().unwrap();
    assert!(kill.open > 0, "the run was over before the kill");
    let jobs = &killed.jobs;
    assert_eq!((jobs.jobs, jobs.connected), (count, count));
    // Only jobs the dead instance held ran again, once.
    for (guid, claims) in &jobs.repeated {
        assert!(kill.held.contains(guid) && *claims == 2, "{guid}: {claims}");
    }
    assert_eq!(
        jobs.claims,
        count + i64::try_from(jobs.repeated.len()).unwrap()
    );
    assert_same("after the kill", &single.transactions, &killed.transactions);
    assert_same("after the kill", &single.accounts, &killed.accounts);
}
