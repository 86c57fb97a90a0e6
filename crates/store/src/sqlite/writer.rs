//! The one connection every write goes through, held behind an async mutex.
//!
//! A one-connection sqlx pool would serialise writes as well, but it pings the
//! connection (a round trip to its worker thread) each time the connection is handed
//! back, and the next writer waits for that ping: under load, a third or more of the
//! time the write lock was held. A mutex hands the connection on at once. Statements of
//! a cancelled request still run in order: the connection's worker thread executes its
//! queue in sequence, and a dropped transaction queues its rollback before the next
//! holder's first statement.

use sqlx::SqliteConnection;
use std::sync::{Arc, Weak};
use tokio::sync::{Mutex, MutexGuard, OwnedMutexGuard};

#[derive(Debug, Clone)]
pub struct Writer {
    connection: Arc<Mutex<SqliteConnection>>,
}

impl Writer {
    pub(super) fn new(connection: SqliteConnection) -> Self {
        Self {
            connection: Arc::new(Mutex::new(connection)),
        }
    }

    /// Waits for the writer connection; writers get it in arrival order.
    pub async fn lock(&self) -> MutexGuard<'_, SqliteConnection> {
        self.connection.lock().await
    }

    /// As `lock`, for a holder that outlives the caller (a task of its own).
    pub async fn lock_owned(&self) -> OwnedMutexGuard<SqliteConnection> {
        self.connection.clone().lock_owned().await
    }

    /// A handle that does not keep the connection open once every store is dropped.
    pub(super) fn downgrade(&self) -> Weak<Mutex<SqliteConnection>> {
        Arc::downgrade(&self.connection)
    }
}
