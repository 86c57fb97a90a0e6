#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `polyfin serve` processes on one PostgreSQL database share the work. A first
//! instance, alone, takes members and is killed with SIGKILL while it works through
//! their jobs; three more start then, take over the sweeps it led, finish the job it
//! held once its lease expires and drain the queue: every member ends CONNECTED with
//! one job and the same transactions, none twice. Runs only on PostgreSQL
//! (`POLYFIN_TEST_DATABASE_URL`).
mod support;

use serde_json::{json, Value};
use sqlx::Row;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{MX_ACCEPT, POSTGRES_ENV, TEST_SECRET_KEY};

const USERS: usize = 3;
const MEMBERS_PER_USER: usize = 10;

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

fn start(url: &str, workers: u32) -> Instance {
    let mut child = polyfin(url)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("POLYFIN_WORKERS", workers.to_string())
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
    async fn post(&self, base: &str, path: &str, body: Value) -> Value {
        let reply = self
            .http
            .post(format!("{base}{path}"))
            .basic_auth(&self.client.0, Some(&self.client.1))
            .header("Accept", MX_ACCEPT)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(reply.status().is_success(), "{path}: {}", reply.status());
        reply.json().await.unwrap()
    }

    async fn get(&self, base: &str, path: &str) -> Value {
        let reply = self
            .http
            .get(format!("{base}{path}"))
            .basic_auth(&self.client.0, Some(&self.client.1))
            .header("Accept", MX_ACCEPT)
            .send()
            .await
            .unwrap();
        assert!(reply.status().is_success(), "{path}: {}", reply.status());
        reply.json().await.unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_share_the_work_and_survive_a_sigkill() {
    let Ok(base) = std::env::var(POSTGRES_ENV) else {
        eprintln!("skipped: {POSTGRES_ENV} is unset (scripts/with-postgres.sh sets it)");
        return;
    };
    let name = format!("many_{}", std::process::id());
    let url = polyfin_store::postgres::create_database(&base, &name)
        .await
        .unwrap();
    let migrated = polyfin(&url).arg("migrate").output().unwrap();
    assert!(migrated.status.success(), "{migrated:?}");
    // One worker only, so the queue is still long when this instance dies.
    let mut first = start(&url, 1);
    let api = Api {
        http: reqwest::Client::new(),
        client: create_client(&url),
    };
    let base = first.base_url.clone();
    let fields = api.get(&base, "/institutions/mxbank/credentials").await;
    let credentials: Vec<Value> = fields["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .zip(["someone", "password"])
        .map(|(field, value)| json!({"guid": field["guid"], "value": value}))
        .collect();
    let mut n = 0;
    for u in 0..USERS {
        let user = api
            .post(&base, "/users", json!({"user": {"id": format!("u{u}")}}))
            .await;
        let user = user["user"]["guid"].as_str().unwrap().to_owned();
        for _ in 0..MEMBERS_PER_USER {
            let body =
                json!({"member": {"institution_code": "mxbank", "credentials": credentials}});
            api.post(&base, &format!("/users/{user}/members"), body)
                .await;
            n += 1;
        }
    }
    // The instance dies mid-run, whatever it was doing.
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    first.child.kill().unwrap();
    first.child.wait().unwrap();
    let left: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(
        left > 0,
        "the first instance finished everything before it died"
    );
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE state = 'running'")
        .fetch_one(&pool)
        .await
        .unwrap();
    eprintln!("at the kill: {left} jobs open, {held} of them held by the dead instance");
    let others: Vec<Instance> = (0..3).map(|_| start(&url, 2)).collect();

    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let connected: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM members WHERE connection_status = 'CONNECTED' AND running_job IS NULL",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        if connected == i64::try_from(n).unwrap() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "only {connected} of {n} members connected"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }

    // One job per member, each finished once; the same login sees the same bank, so
    // every member holds exactly the same number of transactions, none twice.
    let jobs = sqlx::query(
        "SELECT COUNT(*) AS jobs, COUNT(*) FILTER (WHERE state = 'finished' AND status = 'CONNECTED') AS done \
         FROM jobs",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(jobs.get::<i64, _>("jobs"), i64::try_from(n).unwrap());
    assert_eq!(jobs.get::<i64, _>("done"), i64::try_from(n).unwrap());
    let counts: Vec<i64> = sqlx::query_scalar(
        "SELECT COUNT(t.guid) FROM members m LEFT JOIN transactions t ON t.member_guid = m.guid \
         GROUP BY m.guid",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(counts.len(), n);
    assert!(counts[0] > 0);
    assert!(counts.iter().all(|&c| c == counts[0]), "{counts:?}");
    let twice: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT account_guid, external_id FROM transactions \
         GROUP BY account_guid, external_id HAVING COUNT(*) > 1) d",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(twice, 0);
    // Each of them serves the same data.
    for instance in &others {
        let users = api.get(&instance.base_url, "/users").await;
        assert_eq!(users["users"].as_array().unwrap().len(), USERS);
    }
}
