//! One test harness: the real server on port 0 with a fresh database and a clock the
//! test moves.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use polyfin::{Application, Config};
use polyfin_domain::ManualClock;
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::Value;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

pub const MX_ACCEPT: &str = "application/vnd.mx.api.v1+json";

pub struct TestApp {
    /// How this app was configured: its database above all, for a second app or a CLI.
    pub config: Config,
    pub base_url: String,
    pub client_id: String,
    pub api_key: String,
    pub clock: ManualClock,
    pub app_engine: Arc<polyfin_engine::Engine>,
    pub http: reqwest::Client,
    pub data_dir: tempfile::TempDir,
    shutdown: CancellationToken,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

impl TestApp {
    /// Stops serving (and working) and lets the server drain.
    pub async fn stop(&self) {
        self.shutdown.cancel();
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
}

/// Where the tests' PostgreSQL server is, when they run on PostgreSQL: a base URL
/// beside which each test creates its own database (`scripts/with-postgres.sh` sets it).
pub const POSTGRES_ENV: &str = "POLYFIN_TEST_DATABASE_URL";

/// The sealing key of test servers on PostgreSQL (there is no data directory to keep a
/// generated one in).
pub const TEST_SECRET_KEY: &str =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/// A fresh, empty database: a SQLite file in `data_dir`, or a new PostgreSQL database
/// when `POLYFIN_TEST_DATABASE_URL` is set.
pub async fn fresh_storage(data_dir: &std::path::Path) -> Config {
    let mut config = Config {
        addr: "127.0.0.1:0".parse().expect("addr"),
        data_dir: Some(data_dir.to_path_buf()),
        ..Config::default()
    };
    if let Ok(base) = std::env::var(POSTGRES_ENV) {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .subsec_nanos();
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("test_{}_{n}_{nanos}", std::process::id());
        let url = polyfin_store::postgres::create_database(&base, &name)
            .await
            .expect("a fresh PostgreSQL database");
        config.data_dir = None;
        config.database_url = Some(url);
        config.secret_key = Some(TEST_SECRET_KEY.to_owned());
    }
    config
}

pub async fn spawn_app() -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let config = fresh_storage(data_dir.path()).await;
    spawn_with(config, data_dir).await
}

/// A server on the database `config` names, with a new API client.
pub async fn spawn_with(config: Config, data_dir: tempfile::TempDir) -> TestApp {
    let clock = ManualClock::default();
    let app = Application::build(&config, Arc::new(clock.clone()))
        .await
        .expect("application builds");
    let base_url = format!("http://{}", app.local_addr().expect("bound"));
    let engine = app.engine().clone();
    let created = engine.clients().create("test").await.expect("client");
    let shutdown = CancellationToken::new();
    tokio::spawn(app.run(shutdown.clone()));
    TestApp {
        config,
        base_url,
        client_id: created.client_id.to_string(),
        api_key: created.api_key,
        clock,
        app_engine: engine,
        http: reqwest::Client::new(),
        data_dir,
        shutdown,
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub body: Value,
    pub text: String,
}

impl Reply {
    /// Asserts the MX error body and returns its message.
    pub fn mx_error_message(&self) -> String {
        let message = self.body["error"]["message"]
            .as_str()
            .unwrap_or_else(|| panic!("not an MX error body: {}", self.text));
        assert!(!message.is_empty());
        message.to_owned()
    }
}

/// Runs a command off the test's runtime thread. The server under test shares that
/// thread: a blocking wait would freeze it, and a write transaction it had open would
/// hold SQLite's lock until the command gave up ("database is locked" after 10 s).
pub async fn run_command(mut command: std::process::Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("the command's thread ends")
        .expect("the command runs")
}

impl TestApp {
    /// A `polyfin` command on this app's database; run it with [`run_command`].
    pub fn cli(&self) -> std::process::Command {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_polyfin"));
        command.env_remove("POLYFIN_DATA_DIR");
        command.env_remove("POLYFIN_DATABASE_URL");
        if let Some(url) = &self.config.database_url {
            command.env("POLYFIN_DATABASE_URL", url);
            command.env("POLYFIN_SECRET_KEY", TEST_SECRET_KEY);
        } else {
            command.env("POLYFIN_DATA_DIR", self.data_dir.path());
        }
        command
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{}", self.base_url, path))
            .basic_auth(&self.client_id, Some(&self.api_key))
            .header("Accept", MX_ACCEPT)
    }

    pub async fn send(&self, request: RequestBuilder) -> Reply {
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let text = response.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            content_type,
            body,
            text,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.request(Method::GET, path)).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.send(self.request(Method::DELETE, path)).await
    }

    pub async fn post_json(&self, path: &str, body: Value) -> Reply {
        self.send(
            self.request(Method::POST, path)
                .header("Content-Type", "application/json")
                .body(body.to_string()),
        )
        .await
    }

    pub async fn put_json(&self, path: &str, body: Value) -> Reply {
        self.send(
            self.request(Method::PUT, path)
                .header("Content-Type", "application/json")
                .body(body.to_string()),
        )
        .await
    }

    pub async fn create_user(&self, user: Value) -> String {
        let reply = self
            .post_json("/users", serde_json::json!({ "user": user }))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        reply.body["user"]["guid"]
            .as_str()
            .expect("user guid")
            .to_owned()
    }

    /// A second API client on the same server, for tenancy checks.
    pub async fn other_client(&self) -> (String, String) {
        let created = self
            .app_engine
            .clients()
            .create("other")
            .await
            .expect("client");
        (created.client_id.to_string(), created.api_key)
    }
}

impl TestApp {
    /// Credential definitions of an institution, as `[{guid, value}]` for the values.
    pub async fn credentials_for(&self, code: &str, values: &[&str]) -> Value {
        let reply = self.get(&format!("/institutions/{code}/credentials")).await;
        let fields = reply.body["credentials"].as_array().expect("credentials");
        let pairs: Vec<Value> = fields
            .iter()
            .zip(values)
            .map(|(field, value)| serde_json::json!({"guid": field["guid"], "value": value}))
            .collect();
        Value::Array(pairs)
    }

    /// Creates an MX Bank member whose password scripts the outcome.
    pub async fn create_member(&self, user: &str, code: &str, password: &str) -> Reply {
        let credentials = self.credentials_for(code, &["someone", password]).await;
        self.post_json(
            &format!("/users/{user}/members"),
            serde_json::json!({"member": {"institution_code": code, "credentials": credentials}}),
        )
        .await
    }

    /// Polls the member status until no job runs or it is challenged.
    pub async fn settle(&self, user: &str, member: &str) -> Value {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            let status = self
                .get(&format!("/users/{user}/members/{member}/status"))
                .await;
            let m = status.body["member"].clone();
            if m["is_being_aggregated"] == false || m["connection_status"] == "CHALLENGED" {
                return m;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "member never settled: {m}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}
