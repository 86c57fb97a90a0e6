//! The writer connection's own SQLite handle, borrowed from sqlx for the bulk work of
//! an ingest: inserting a first history and reading a member's transactions back for
//! recurring detection, inside the caller's sqlx transaction.
//!
//! Through sqlx, each of the 28 values of a row was encoded into an owned argument,
//! each statement handed to the connection's worker thread, and each value read back
//! copied there and handed back; that cost as much as SQLite's own work. Here one
//! prepared single-row statement is bound straight from the rows, and rows are mapped
//! where they are read. Values are stored in sqlx's forms (see `cells`), so either kind
//! of reader sees the same rows.

use super::cells::{Columns, DirectRow, STORED_DATE};
use super::ingest::TRANSACTION_COLUMNS;
use crate::StoreResult;
use polyfin_domain::transaction::Transaction;
use rusqlite::types::{ToSqlOutput, Value};
use rusqlite::ToSql;
use sqlx::SqliteConnection;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

/// Runs `work` on `connection`'s SQLite handle, in whatever transaction it is in.
#[allow(unsafe_code)] // The one borrowed handle; see SAFETY below.
pub(super) async fn on_handle<T>(
    connection: &mut SqliteConnection,
    work: impl FnOnce(&rusqlite::Connection) -> StoreResult<T>,
) -> StoreResult<T> {
    let mut handle = connection.lock_handle().await?;
    // SAFETY: sqlx's worker thread makes no call on this handle while `handle` is
    // locked (statements queued before were run first), and `db`, which borrows the
    // handle without owning it (dropping it does not close the connection), is dropped
    // with its statements before `handle` is.
    let db = unsafe { rusqlite::Connection::from_handle(handle.as_raw_handle().as_ptr()) }?;
    let result = work(&db);
    drop(db);
    result
}

/// The rows of `sql` with `params`, each mapped by `map`.
pub(super) fn all_rows<T>(
    db: &rusqlite::Connection,
    sql: &str,
    params: impl rusqlite::Params,
    map: impl Fn(&DirectRow<'_>) -> StoreResult<T>,
) -> StoreResult<Vec<T>> {
    let mut statement = db.prepare(sql)?;
    let columns = Columns::of(&statement);
    let mut rows = statement.query(params)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(map(&DirectRow::new(row, &columns))?);
    }
    Ok(out)
}

/// Inserts `rows`, all new (the caller checked), in the connection's transaction.
pub(super) async fn insert_new(
    connection: &mut SqliteConnection,
    rows: &[Transaction],
) -> StoreResult<()> {
    on_handle(connection, |db| {
        write_rows(db, rows, "", |statement| {
            statement.raw_execute()?;
            Ok(())
        })
    })
    .await
}

/// Inserts `rows` with `tail` after the values (an `ON CONFLICT … RETURNING` clause
/// whose first two columns are text), and returns what the statements returned.
pub(super) async fn upsert(
    connection: &mut SqliteConnection,
    rows: &[Transaction],
    tail: &str,
) -> StoreResult<Vec<(String, String)>> {
    on_handle(connection, |db| {
        let mut returned = Vec::new();
        write_rows(db, rows, tail, |statement| {
            let mut rows = statement.raw_query();
            while let Some(row) = rows.next()? {
                returned.push((row.get(0)?, row.get(1)?));
            }
            Ok(())
        })?;
        Ok(returned)
    })
    .await
}

/// `INSERT INTO transactions … VALUES` with `tail`, `ROWS_PER_INSERT` rows a
/// statement, each statement bound and then run by `run`.
fn write_rows(
    db: &rusqlite::Connection,
    rows: &[Transaction],
    tail: &str,
    mut run: impl FnMut(&mut rusqlite::Statement<'_>) -> StoreResult<()>,
) -> StoreResult<()> {
    let mut full = None;
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut partial;
        let statement = if chunk.len() == ROWS_PER_INSERT {
            match &mut full {
                Some(statement) => statement,
                None => full.insert(db.prepare(&insert_statement(ROWS_PER_INSERT, tail))?),
            }
        } else {
            partial = db.prepare(&insert_statement(chunk.len(), tail))?;
            &mut partial
        };
        for (i, t) in chunk.iter().enumerate() {
            bind_row(statement, i * COLUMNS, t)?;
        }
        run(statement)?;
    }
    Ok(())
}

/// Rows per statement: SQLite reads and writes the `AUTOINCREMENT` sequence once per
/// statement, which one row at a time cost a tenth of the insert.
const ROWS_PER_INSERT: usize = 32;
const COLUMNS: usize = 28;

fn insert_statement(rows: usize, tail: &str) -> String {
    let row = format!("({})", vec!["?"; COLUMNS].join(", "));
    format!(
        "INSERT INTO transactions ({TRANSACTION_COLUMNS}) VALUES {}{tail}",
        vec![row; rows].join(", ")
    )
}

/// Binds `t` to the 28 parameters after the first `before`.
fn bind_row(
    statement: &mut rusqlite::Statement<'_>,
    before: usize,
    t: &Transaction,
) -> StoreResult<()> {
    let values: [&dyn ToSql; COLUMNS] = [
        &t.guid.as_str(),
        &t.client_id.as_str(),
        &t.user_guid.as_str(),
        &t.member_guid.as_str(),
        &t.account_guid.as_str(),
        &t.external_id,
        &t.amount.to_string(),
        &t.kind.name(),
        &t.status.name(),
        &StoredDate(t.date),
        &Stamp(t.transacted_at),
        &t.posted_at.map(Stamp),
        &t.original_description,
        &t.description,
        &t.memo,
        &t.category_guid.as_str(),
        &t.merchant_category_code.map(i64::from),
        &t.merchant_name,
        &t.check_number,
        &t.currency_code,
        &t.latitude.map(|v| v.to_string()),
        &t.longitude.map(|v| v.to_string()),
        &super::encode_flags(t.flags),
        &t.metadata,
        &Stamp(t.created_at),
        &Stamp(t.updated_at),
        &t.origin.name(),
        &t.id,
    ];
    for (i, value) in values.into_iter().enumerate() {
        statement.raw_bind_parameter(before + i + 1, value)?;
    }
    Ok(())
}

/// A timestamp as sqlx stores it: RFC 3339 text.
struct Stamp(OffsetDateTime);

impl ToSql for Stamp {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0
            .format(&Rfc3339)
            .map(|text| ToSqlOutput::Owned(Value::Text(text)))
            .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))
    }
}

/// A date as sqlx stores it: `YYYY-MM-DD`.
struct StoredDate(Date);

impl ToSql for StoredDate {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0
            .format(STORED_DATE)
            .map(|text| ToSqlOutput::Owned(Value::Text(text)))
            .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use sqlx::{ConnectOptions, Connection};
    use time::macros::{date, datetime};

    async fn connection(name: &str) -> SqliteConnection {
        let file = super::super::scratch_file(&format!("borrowed-{name}"));
        let mut connection = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&file)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (by TEXT, at TEXT, day TEXT)")
            .execute(&mut connection)
            .await
            .unwrap();
        connection
    }

    fn insert_direct(db: &rusqlite::Connection, at: OffsetDateTime, day: Date) -> StoreResult<()> {
        db.execute(
            "INSERT INTO t (by, at, day) VALUES ('direct', ?1, ?2)",
            rusqlite::params![Stamp(at), StoredDate(day)],
        )?;
        Ok(())
    }

    /// The borrowed handle writes in sqlx's transaction (a rollback takes its rows
    /// too), sees what sqlx wrote before it, and stores values in sqlx's forms.
    #[tokio::test]
    async fn borrowed_writes_join_the_transaction_in_sqlx_forms() {
        let mut connection = connection("tx").await;
        let at = datetime!(2026-12-06 03:04:05.123456789 -05:00);
        let day = date!(2026 - 02 - 28);
        for commit in [false, true] {
            let mut tx = connection.begin().await.unwrap();
            sqlx::query("INSERT INTO t (by, at, day) VALUES ('sqlx', ?, ?)")
                .bind(at)
                .bind(day)
                .execute(&mut *tx)
                .await
                .unwrap();
            let seen = on_handle(&mut tx, |db| {
                insert_direct(db, at, day)?;
                Ok(db.query_row("SELECT COUNT(*) FROM t", [], |row| row.get::<_, i64>(0))?)
            })
            .await
            .unwrap();
            assert_eq!(seen, 2, "the borrowed handle sees sqlx's row and its own");
            if commit {
                tx.commit().await.unwrap();
            } else {
                tx.rollback().await.unwrap();
                let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM t")
                    .fetch_one(&mut connection)
                    .await
                    .unwrap();
                assert_eq!(left, 0, "the rollback took the borrowed handle's row");
            }
        }
        let stored: Vec<(String, String, String)> =
            sqlx::query_as("SELECT by, at, day FROM t ORDER BY by")
                .fetch_all(&mut connection)
                .await
                .unwrap();
        assert_eq!(stored.len(), 2);
        assert_eq!(
            (&stored[0].1, &stored[0].2),
            (&stored[1].1, &stored[1].2),
            "direct and sqlx store the same text"
        );
        let read: Vec<OffsetDateTime> = on_handle(&mut connection, |db| {
            all_rows(db, "SELECT at FROM t", [], |row| {
                super::super::cells::Cells::cell(row, "at")
            })
        })
        .await
        .unwrap();
        assert_eq!(read, vec![at, at]);
    }

    /// A duplicate key written on the borrowed handle is a `Conflict`, as through sqlx.
    #[tokio::test]
    async fn a_duplicate_key_is_a_conflict() {
        let mut connection = connection("conflict").await;
        sqlx::query("CREATE UNIQUE INDEX t_by ON t (by)")
            .execute(&mut connection)
            .await
            .unwrap();
        let insert =
            |db: &rusqlite::Connection| insert_direct(db, OffsetDateTime::UNIX_EPOCH, Date::MIN);
        on_handle(&mut connection, insert).await.unwrap();
        let again = on_handle(&mut connection, insert).await;
        assert!(
            matches!(again, Err(crate::StoreError::Conflict { .. })),
            "{again:?}"
        );
    }
}
