//! The embedded default backend: one SQLite file in WAL mode with foreign keys on.

mod accounts;
mod assets;
mod bank;
mod borrowed;
mod cells;
mod checkpoint;
mod clients;
mod direct;
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
mod transaction_page;
mod transactions;
mod user_inserts;
mod users;
mod webhooks;
mod widgets;
mod writer;

pub use writer::Writer;

// Pure codecs of the stored forms, shared with the PostgreSQL backend.
pub(crate) use accounts::{decode_figures, encode_figures};
pub(crate) use transactions::{decode_flags, encode_flags};

use crate::{Maintenance, StoreError, StoreResult};
use async_trait::async_trait;
use direct::DirectReaders;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, SqlitePool};
use std::str::FromStr;
use std::time::Duration;
use time::OffsetDateTime;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// Reads run on a pool of connections; every write runs on the one writer connection.
/// SQLite takes one writer at a time anyway, but a connection that finds the lock
/// taken sleeps in its busy handler and retries, which is unfair under load (commits
/// waited seconds behind others while the lock was free most of the time). Waiting for
/// the writer connection instead queues writers in arrival order, in process.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// The hot reads, run synchronously without sqlx's worker threads.
    direct: DirectReaders,
    writer: Writer,
    user_inserts: user_inserts::UserInserts,
}

impl SqliteStore {
    pub async fn open(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        // Direct readers open the file by its name: a memory database would be a new,
        // empty one on each of their connections.
        if url.contains(":memory:") || url.contains("mode=memory") {
            return Err(StoreError::UnsupportedUrl(url.to_owned()));
        }
        // The WAL is checkpointed by a task of its own, not by commits. A commit
        // checkpoints only when that task has fallen 64 MiB behind (sustained ingest),
        // so the WAL cannot grow without bound, and a reset WAL file is cut back to
        // 64 MiB (a bench seed had left a 3 GB WAL, read at every start-up).
        // Temporary storage stays in memory: every multi-row insert into transactions
        // keeps a statement journal (its trigger writes a second table), and past
        // 64 KiB SQLite spilled that journal to a temporary file, once per statement.
        let connection_options = options
            .clone()
            .pragma("wal_autocheckpoint", "16384")
            .pragma("journal_size_limit", "67108864")
            .pragma("temp_store", "memory");
        let mut writer = connection_options.connect().await?;
        MIGRATOR
            .run(&mut writer)
            .await
            .map_err(StoreError::Migration)?;
        let writer = Writer::new(writer);
        // A write routed to the readers by mistake fails loudly instead of contending.
        // Connections are not pinged when taken from the pool: a local file does not
        // hang up, and the ping was a round trip to the connection's thread per query.
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .test_before_acquire(false)
            .connect_with(connection_options.pragma("query_only", "ON"))
            .await?;
        let direct = DirectReaders::new(options.get_filename().to_owned());
        checkpoint::spawn(options, writer.downgrade());
        Ok(Self {
            pool,
            direct,
            writer,
            user_inserts: Default::default(),
        })
    }

    /// The readers' pool (its connections refuse writes).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The one connection every write goes through.
    pub fn writer(&self) -> &Writer {
        &self.writer
    }
}

#[async_trait]
impl Maintenance for SqliteStore {
    async fn purge_deleted(&self, before: OffsetDateTime) -> StoreResult<u64> {
        // Children go with their user through ON DELETE CASCADE.
        let result =
            sqlx::query("DELETE FROM users WHERE deleted_at IS NOT NULL AND deleted_at < ?")
                .bind(before)
                .execute(&mut *self.writer.lock().await)
                .await?;
        Ok(result.rows_affected())
    }
}

/// SQLite stores booleans as integers.
fn flag(value: i64) -> bool {
    value != 0
}

/// A database file of its own for one unit test, in the temporary directory.
#[cfg(test)]
fn scratch_file(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!(
        "polyfin-{name}-{}-{}.db",
        std::process::id(),
        OffsetDateTime::now_utc().unix_timestamp_nanos()
    ))
}
