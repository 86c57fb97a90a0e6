//! What the engine's integration tests share: a fresh, empty database on the backend
//! the run asks for. On PostgreSQL when `POLYFIN_TEST_DATABASE_URL` is set (a base URL
//! beside which each test creates its own database; `scripts/with-postgres.sh` sets
//! it), else a SQLite file in a temporary directory.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use polyfin_domain::institution::Catalogue;
use polyfin_domain::Clock;
use polyfin_engine::secrets::Cipher;
use polyfin_engine::{Engine, EngineConfig};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The base URL of the tests' PostgreSQL server, when they run on PostgreSQL.
pub const POSTGRES_ENV: &str = "POLYFIN_TEST_DATABASE_URL";

/// One test's own database. Keep it alive for the test: on SQLite it owns the
/// directory holding the file.
pub struct TestDatabase {
    pub url: String,
    _dir: tempfile::TempDir,
}

impl TestDatabase {
    /// Opens another store on this database (as another process would, with its
    /// own pool).
    pub async fn open(&self) -> Arc<dyn polyfin_store::Store> {
        polyfin_store::open(&self.url).await.expect("store")
    }

    /// An engine with its own store on this database.
    pub async fn engine(
        &self,
        clock: Arc<dyn Clock>,
        catalogue: &str,
        config: EngineConfig,
    ) -> Engine {
        Engine::new(
            self.open().await,
            clock,
            Arc::new(Catalogue::from_json(catalogue).expect("catalogue")),
            config,
            Cipher::new(&[1; 32]),
        )
    }
}

/// Whether this run is on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var_os(POSTGRES_ENV).is_some()
}

/// A fresh, empty database for one test.
pub async fn fresh_database() -> TestDatabase {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = match std::env::var(POSTGRES_ENV) {
        Ok(base) => {
            static NEXT: AtomicU64 = AtomicU64::new(0);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .expect("clock")
                .subsec_nanos();
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let name = format!("engine_{}_{n}_{nanos}", std::process::id());
            polyfin_store::postgres::create_database(&base, &name)
                .await
                .expect("a fresh PostgreSQL database")
        }
        Err(_) => format!("sqlite://{}", dir.path().join("t.db").display()),
    };
    TestDatabase { url, _dir: dir }
}

/// A client `t` and a user of it, as most tests start.
pub async fn client_and_user(
    engine: &Engine,
) -> (polyfin_domain::ids::ClientId, polyfin_domain::user::User) {
    let client = engine
        .clients()
        .create("t")
        .await
        .expect("client")
        .client_id;
    let user = engine
        .users()
        .create(&client, polyfin_domain::user::UserFields::default())
        .await
        .expect("user");
    (client, user)
}

/// An MX Bank member's login and password, as the API would pass them.
pub fn mx_bank_member(login: &str, password: &str) -> polyfin_engine::members::NewMember {
    let input = |name: &str, value: &str| polyfin_engine::members::CredentialInput {
        field_name: Some(name.to_owned()),
        value: value.to_owned(),
        ..Default::default()
    };
    polyfin_engine::members::NewMember {
        institution_code: "mxbank".to_owned(),
        credentials: vec![input("LOGIN", login), input("PASSWORD", password)],
        ..Default::default()
    }
}

/// Runs queued jobs until none is left.
pub async fn run_jobs(engine: &Engine) {
    while engine.run_next_job().await.expect("job") {}
}

/// A catalogue of MX Bank on the sandbox connector, with `extra` attributes (JSON
/// members, each followed by a comma, e.g. `"is_test": true, `).
pub fn mx_bank_catalogue(extra: &str) -> String {
    format!(
        r##"{{"favorites": [], "institutions": [
  {{"code": "mxbank", "name": "MX Bank", "url": "https://bank.example", "brand_color": "#333333",
   "connector": "sandbox", {extra}"credentials": [
     {{"field_name": "LOGIN", "label": "Username", "field_type": "TEXT"}},
     {{"field_name": "PASSWORD", "label": "Password", "field_type": "PASSWORD"}}]}}]}}"##
    )
}
