//! The backend for many instances: PostgreSQL. It mirrors the SQLite backend query for
//! query (its migrations must define the same tables and columns, which a test checks);
//! what differs is typing (BOOLEAN, TIMESTAMPTZ, DATE, BIGINT) and concurrency: rows a
//! worker claims are locked with `FOR UPDATE SKIP LOCKED`, and one instance at a time
//! runs the sweeps, elected with an advisory lock.

mod accounts;
mod assets;
mod bank;
mod clients;
mod ingest;
mod jobs;
mod members;
mod micro_deposits;
mod oauth;
mod pfm;
mod plaid;
mod premium;
mod premium_ingest;
mod removals;
mod supplied;
mod support;
mod transactions;
mod users;
mod webhooks;
mod widgets;

use crate::{Maintenance, StoreError, StoreResult};
use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;
use tokio::sync::Mutex;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The advisory-lock key the sweep leader holds ("polyfin" in ASCII).
const SWEEP_LOCK: i64 = 0x0070_6f6c_7966_696e;

#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    /// The connection holding the sweep lock while this instance leads; the lock goes
    /// with the connection, so a dead instance hands the lead over by itself.
    leader: Arc<Mutex<Option<PgConnection>>>,
}

impl PgStore {
    pub async fn open(url: &str) -> StoreResult<Self> {
        let options =
            PgConnectOptions::from_str(url)?.log_statements(tracing::log::LevelFilter::Trace);
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await.map_err(StoreError::Migration)?;
        Ok(Self {
            pool,
            leader: Arc::new(Mutex::new(None)),
        })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Whether this instance leads the sweeps now, taking the lead when it is free.
    pub async fn lead_sweeps(&self) -> StoreResult<bool> {
        let mut held = self.leader.lock().await;
        if let Some(connection) = held.as_mut() {
            if connection.ping().await.is_ok() {
                return Ok(true);
            }
            // The session (and its lock) is gone; someone else may lead by now.
            *held = None;
        }
        let mut connection = self.pool.acquire().await?;
        let acquired: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
            .bind(SWEEP_LOCK)
            .fetch_one(&mut *connection)
            .await?;
        if acquired {
            *held = Some(connection.detach());
        }
        Ok(acquired)
    }
}

/// Creates database `name` on the server of `base_url` (e.g. one per test) and returns
/// its URL. `name` must be a plain identifier.
pub async fn create_database(base_url: &str, name: &str) -> StoreResult<String> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(StoreError::Corrupt(format!("bad database name {name:?}")));
    }
    let options = PgConnectOptions::from_str(base_url)?;
    let mut connection = options.connect().await?;
    sqlx::query(&format!("CREATE DATABASE \"{name}\""))
        .execute(&mut connection)
        .await?;
    connection.close().await?;
    let mut url = base_url.split('?').next().unwrap_or(base_url).to_owned();
    if let Some(slash) = url.rfind('/').filter(|&i| i > "postgres://".len()) {
        url.truncate(slash);
    }
    Ok(format!("{url}/{name}"))
}

#[async_trait]
impl Maintenance for PgStore {
    async fn purge_deleted(&self, before: OffsetDateTime) -> StoreResult<u64> {
        // Children go with their user through ON DELETE CASCADE.
        let result =
            sqlx::query("DELETE FROM users WHERE deleted_at IS NOT NULL AND deleted_at < $1")
                .bind(before)
                .execute(&self.pool)
                .await?;
        Ok(result.rows_affected())
    }

    async fn lead_sweeps(&self) -> StoreResult<bool> {
        PgStore::lead_sweeps(self).await
    }
}

/// The SQLite module decodes its integer flags with `flag`; PostgreSQL has booleans.
fn flag(value: bool) -> bool {
    value
}
