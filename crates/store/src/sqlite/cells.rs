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

impl StoredValue for bool {
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        i64::from_value(value).map(|n| n != 0)
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

impl StoredValue for Date {
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        Date::parse(text(value)?, format_description!("[year]-[month]-[day]"))
            .map_err(|e| e.to_string())
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
