//! WAL checkpoints off the request path.
//!
//! By default SQLite checkpoints inside the commit that pushes the WAL past 1,000
//! pages: that request then copies the pages back into the database file and waits
//! for its fsync, with the write lock's other takers waiting behind it. Here the pool's
//! connections never checkpoint; a task of their own, on a connection of its own,
//! checkpoints every [`INTERVAL`] in PASSIVE mode (it takes no lock that writers or
//! readers wait for), so commits only append to the WAL.

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, SqliteConnection};
use std::sync::Weak;
use std::time::Duration;

/// How often the WAL is written back. At SQLite's default page size a write rate of
/// even 100 MB/s leaves a WAL of tens of MB at most between two checkpoints.
const INTERVAL: Duration = Duration::from_millis(250);

/// Starts the checkpointer of the database `writer` writes to; it ends when the
/// writer is dropped.
pub(super) fn spawn<T: Send + Sync + 'static>(options: SqliteConnectOptions, writer: Weak<T>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut connection: Option<SqliteConnection> = None;
        while writer.strong_count() > 0 {
            tick.tick().await;
            if connection.is_none() {
                connection = options.connect().await.ok();
            }
            let Some(open) = connection.as_mut() else {
                continue;
            };
            if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(open)
                .await
            {
                tracing::warn!(%error, "WAL checkpoint failed; reconnecting");
                connection = None;
            }
        }
    });
}
