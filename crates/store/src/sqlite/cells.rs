//! One way to read a stored row's columns, whether sqlx or rusqlite fetched it, so each
//! record type has one mapping from its row (and one reading of every stored form).
//!
//! The stored forms are sqlx's: text for strings, dates (`YYYY-MM-DD`) and timestamps
//! (RFC 3339), integers for numbers and booleans, blobs for sealed values.

use crate::{StoreError, StoreResult};
use rusqlite::types::ValueRef;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite};
use std::cell::Cell;
use time::format_description::well_known::Rfc3339;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

/// A value a stored column holds, as sqlx decodes it and as read from SQLite directly.
pub(super) trait StoredValue:
    Sized + for<'r> sqlx::Decode<'r, Sqlite> + sqlx::Type<Sqlite>
{
    fn from_value(value: ValueRef<'_>) -> Result<Self, String>;
}

/// A row whose columns are read by name.
pub(super) trait Cells {
    fn cell<T: StoredValue>(&self, column: &str) -> StoreResult<T>;
}

impl Cells for SqliteRow {
    fn cell<T: StoredValue>(&self, column: &str) -> StoreResult<T> {
        Ok(self.try_get(column)?)
    }
}

/// A statement's result column names, read once per statement.
pub(super) struct Columns(Vec<String>);

impl Columns {
    pub(super) fn of(statement: &rusqlite::Statement<'_>) -> Self {
        Self(
            statement
                .column_names()
                .into_iter()
                .map(str::to_owned)
                .collect(),
        )
    }
}

/// A row read by rusqlite, its columns found by name.
pub(super) struct DirectRow<'a> {
    row: &'a rusqlite::Row<'a>,
    columns: &'a Columns,
    /// Where the search for the next column starts: mappings read a row's columns
    /// mostly in the table's order, so the next one is usually found at once.
    next: Cell<usize>,
}

impl<'a> DirectRow<'a> {
    pub(super) fn new(row: &'a rusqlite::Row<'a>, columns: &'a Columns) -> Self {
        Self {
            row,
            columns,
            next: Cell::new(0),
        }
    }

    fn position(&self, column: &str) -> Option<usize> {
        let names = &self.columns.0;
        let start = self.next.get();
        let found = (start..names.len())
            .chain(0..start)
            .find(|&i| names[i] == column)?;
        self.next.set(found + 1);
        Some(found)
    }
}

impl Cells for DirectRow<'_> {
    fn cell<T: StoredValue>(&self, column: &str) -> StoreResult<T> {
        let index = self
            .position(column)
            .ok_or_else(|| StoreError::Corrupt(format!("no column {column}")))?;
        let value = self.row.get_ref(index).map_err(StoreError::Direct)?;
        T::from_value(value).map_err(|e| StoreError::Corrupt(format!("{column}: {e}")))
    }
}

fn text(value: ValueRef<'_>) -> Result<&str, String> {
    match value {
        ValueRef::Text(bytes) => std::str::from_utf8(bytes).map_err(|e| e.to_string()),
        other => Err(format!("expected text, found {:?}", other.data_type())),
    }
}

impl StoredValue for String {
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        text(value).map(str::to_owned)
    }
}

impl StoredValue for i64 {
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        match value {
            ValueRef::Integer(n) => Ok(n),
            other => Err(format!(
                "expected an integer, found {:?}",
                other.data_type()
            )),
        }
    }
}

impl StoredValue for Vec<u8> {
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        match value {
            ValueRef::Blob(bytes) | ValueRef::Text(bytes) => Ok(bytes.to_vec()),
            other => Err(format!("expected a blob, found {:?}", other.data_type())),
        }
    }
}

/// The stored form of a date (sqlx's): `YYYY-MM-DD`.
pub(super) const STORED_DATE: &[BorrowedFormatItem<'_>] =
    format_description!("[year]-[month]-[day]");

impl StoredValue for Date {
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        Date::parse(text(value)?, STORED_DATE).map_err(|e| e.to_string())
    }
}

impl StoredValue for OffsetDateTime {
    /// RFC 3339 as sqlx writes it; SQLite's own `CURRENT_TIMESTAMP` form is UTC.
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        if let ValueRef::Integer(seconds) = value {
            return OffsetDateTime::from_unix_timestamp(seconds).map_err(|e| e.to_string());
        }
        let text = text(value)?;
        OffsetDateTime::parse(text, &Rfc3339).or_else(|_| {
            PrimitiveDateTime::parse(
                text,
                format_description!(
                    "[year]-[month]-[day] [hour]:[minute]:[second][optional [.[subsecond]]]"
                ),
            )
            .map(PrimitiveDateTime::assume_utc)
            .map_err(|e| format!("{text:?}: {e}"))
        })
    }
}

impl<T: StoredValue> StoredValue for Option<T>
where
    Option<T>: for<'r> sqlx::Decode<'r, Sqlite> + sqlx::Type<Sqlite>,
{
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        match value {
            ValueRef::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use sqlx::{ConnectOptions, Connection};
    use time::macros::{date, datetime};

    /// What sqlx wrote, read back through both kinds of row, is the same value.
    #[tokio::test]
    async fn direct_rows_read_what_sqlx_wrote() {
        let file = super::super::scratch_file("cells");
        let mut writer = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&file)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (at TEXT, day TEXT, flag INTEGER, n INTEGER, name TEXT, sealed BLOB, missing TEXT, stamped TEXT DEFAULT CURRENT_TIMESTAMP)")
            .execute(&mut writer)
            .await
            .unwrap();
        let at = datetime!(2026-12-06 03:04:05.123456789 -05:00);
        sqlx::query(
            "INSERT INTO t (at, day, flag, n, name, sealed, missing) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(at)
        .bind(date!(2026 - 02 - 28))
        .bind(true)
        .bind(-42_i64)
        .bind("Zoë's café")
        .bind(vec![0_u8, 1, 255])
        .bind(None::<String>)
        .execute(&mut writer)
        .await
        .unwrap();
        let by_sqlx = sqlx::query("SELECT * FROM t")
            .fetch_one(&mut writer)
            .await
            .unwrap();
        writer.close().await.unwrap();

        let db = rusqlite::Connection::open(&file).unwrap();
        let mut statement = db.prepare("SELECT * FROM t").unwrap();
        let columns = Columns::of(&statement);
        let mut rows = statement.query([]).unwrap();
        let row = rows.next().unwrap().unwrap();
        let direct = DirectRow::new(row, &columns);

        fn both<T: StoredValue + PartialEq + std::fmt::Debug>(
            sqlx_row: &SqliteRow,
            direct: &DirectRow<'_>,
            column: &str,
        ) -> T {
            let from_sqlx: T = sqlx_row.cell(column).unwrap();
            let from_direct: T = direct.cell(column).unwrap();
            assert_eq!(from_sqlx, from_direct, "{column}");
            from_direct
        }
        // Read out of the table's order too, as the cursor must find them anyway.
        assert_eq!(both::<Option<String>>(&by_sqlx, &direct, "missing"), None);
        assert_eq!(both::<OffsetDateTime>(&by_sqlx, &direct, "at"), at);
        assert_eq!(
            both::<Date>(&by_sqlx, &direct, "day"),
            date!(2026 - 02 - 28)
        );
        assert_eq!(both::<i64>(&by_sqlx, &direct, "flag"), 1);
        assert_eq!(both::<i64>(&by_sqlx, &direct, "n"), -42);
        assert_eq!(both::<String>(&by_sqlx, &direct, "name"), "Zoë's café");
        assert_eq!(
            both::<Vec<u8>>(&by_sqlx, &direct, "sealed"),
            vec![0, 1, 255]
        );
        let stamped = both::<OffsetDateTime>(&by_sqlx, &direct, "stamped");
        assert!((OffsetDateTime::now_utc() - stamped).whole_minutes().abs() < 5);
        assert!(direct.cell::<String>("no_such_column").is_err());
        assert!(direct.cell::<i64>("name").is_err());
        drop(rows);
        drop(statement);
        drop(db);
        let _ = std::fs::remove_file(&file);
    }
}
