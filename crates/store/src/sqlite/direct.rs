//! Read-only SQLite connections used synchronously, on the request's own thread.
//!
//! sqlx runs every SQLite connection on a worker thread of its own and hands each
//! statement and each batch of rows across threads; on the hot reads (a client's key
//! generation, a user, a member, a page of transactions) those hand-offs and the value
//! copies cost far more than SQLite's own work, which is a few B-tree lookups on pages
//! already in memory. Reading in WAL mode never waits for the writer, so these reads run
//! inline. The connections refuse writes (`query_only`).

use super::cells::{Columns, DirectRow};
use crate::{StoreError, StoreResult};
use rusqlite::{Connection, OpenFlags, Params};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// Idle connections kept for reuse; more are opened under load and closed after it.
const MAX_IDLE: usize = 16;
/// Prepared statements kept per connection (the transaction page's SQL varies with
/// its scope, so there are a few shapes per endpoint).
const STATEMENT_CACHE: usize = 64;

#[derive(Debug, Clone)]
pub(super) struct DirectReaders {
    path: PathBuf,
    idle: Arc<Mutex<Vec<Connection>>>,
}

impl DirectReaders {
    pub(super) fn new(path: PathBuf) -> Self {
        Self {
            path,
            idle: Arc::default(),
        }
    }

    /// Runs `read` on an idle connection, or a new one when none is idle.
    pub(super) fn read<T>(
        &self,
        read: impl FnOnce(&Connection) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let taken = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let connection = match taken {
            Some(connection) => connection,
            None => self.open()?,
        };
        let result = read(&connection);
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < MAX_IDLE {
            idle.push(connection);
        }
        result
    }

    /// The first row of `sql` (a cached statement) with `params`, mapped by `map`.
    pub(super) fn first_row<T>(
        &self,
        sql: &str,
        params: impl Params,
        map: impl FnOnce(&DirectRow<'_>) -> StoreResult<T>,
    ) -> StoreResult<Option<T>> {
        self.read(|db| {
            let mut statement = db.prepare_cached(sql)?;
            let columns = Columns::of(&statement);
            let mut rows = statement.query(params)?;
            rows.next()?
                .map(|row| map(&DirectRow::new(row, &columns)))
                .transpose()
        })
    }

    fn open(&self) -> StoreResult<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection =
            Connection::open_with_flags(&self.path, flags).map_err(StoreError::Direct)?;
        connection
            .busy_timeout(Duration::from_secs(10))
            .map_err(StoreError::Direct)?;
        connection
            .pragma_update(None, "query_only", "ON")
            .map_err(StoreError::Direct)?;
        connection
            .pragma_update(None, "temp_store", "memory")
            .map_err(StoreError::Direct)?;
        connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(connection)
    }
}
