//! Moving a deployment from SQLite to PostgreSQL (and back: `transfer_back`): every
//! table, row by row, as newline-delimited JSON. The first line names the format and each table with its
//! row count; then one line per row, `{"t": TABLE, "r": {COLUMN: VALUE, …}}`, tables
//! in creation order (so a row's foreign keys are already there). Values keep SQLite's
//! stored form: integers, text (timestamps as RFC 3339, amounts as exact decimals) and
//! blobs as `\x`-prefixed hex, which PostgreSQL's input functions read as they are.

use crate::postgres::PgStore;
use crate::sqlite::SqliteStore;
use crate::{StoreError, StoreResult};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sqlx::{Column, Row, TypeInfo, ValueRef};
use std::io::{BufRead, Write};

pub const FORMAT: &str = "polyfin-export/1";

/// Rows sent to PostgreSQL in one statement.
const BATCH: usize = 500;

#[derive(Debug, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub tables: Vec<TableCount>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableCount {
    pub name: String,
    pub rows: u64,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct Line {
    pub(crate) t: String,
    pub(crate) r: Map<String, Value>,
}

pub(crate) fn io(error: std::io::Error) -> StoreError {
    StoreError::Corrupt(format!("export stream: {error}"))
}

pub(crate) fn json(error: serde_json::Error) -> StoreError {
    StoreError::Corrupt(format!("export line: {error}"))
}

/// Tables that only triggers write (migration 0014): not exported, since the target
/// has its own, kept by its triggers as the rows they follow arrive.
pub(crate) const DERIVED: &str = "'api_client_generation', 'account_transaction_counts'";

/// The SQLite tables in creation order, with their row counts.
pub async fn sqlite_tables(store: &SqliteStore) -> StoreResult<Vec<TableCount>> {
    let names: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE '_sqlx%' AND name NOT IN ({DERIVED}) ORDER BY rowid"
    ))
    .fetch_all(store.pool())
    .await?;
    let mut tables = Vec::new();
    for name in names {
        // Names come from the schema itself, never from input.
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{name}\""))
            .fetch_one(store.pool())
            .await?;
        tables.push(TableCount {
            name,
            rows: u64::try_from(rows).unwrap_or(0),
        });
    }
    Ok(tables)
}

fn sqlite_value(row: &sqlx::sqlite::SqliteRow, index: usize) -> StoreResult<Value> {
    let raw = row.try_get_raw(index)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let kind = raw.type_info().name().to_owned();
    Ok(match kind.as_str() {
        "INTEGER" => Value::from(row.try_get::<i64, _>(index)?),
        "REAL" => Value::from(row.try_get::<f64, _>(index)?),
        "BLOB" => {
            let bytes: Vec<u8> = row.try_get(index)?;
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            Value::from(format!("\\x{hex}"))
        }
        _ => Value::from(row.try_get::<String, _>(index)?),
    })
}

/// Writes the whole SQLite database to `out`; `progress` hears of every row.
pub async fn export_sqlite(
    store: &SqliteStore,
    out: &mut (dyn Write + Send),
    progress: &(dyn Fn(&str, u64) + Sync),
) -> StoreResult<Header> {
    use futures_util::TryStreamExt;
    let header = Header {
        format: FORMAT.to_owned(),
        tables: sqlite_tables(store).await?,
    };
    serde_json::to_writer(&mut *out, &header).map_err(json)?;
    out.write_all(b"\n").map_err(io)?;
    for table in &header.tables {
        let sql = format!("SELECT * FROM \"{}\" ORDER BY rowid", table.name);
        let mut rows = sqlx::query(&sql).fetch(store.pool());
        while let Some(row) = rows.try_next().await? {
            let mut fields = Map::new();
            for (index, column) in row.columns().iter().enumerate() {
                fields.insert(column.name().to_owned(), sqlite_value(&row, index)?);
            }
            let line = Line {
                t: table.name.clone(),
                r: fields,
            };
            serde_json::to_writer(&mut *out, &line).map_err(json)?;
            out.write_all(b"\n").map_err(io)?;
            progress(&table.name, 1);
        }
    }
    out.flush().map_err(io)?;
    Ok(header)
}

/// Reads an export into an empty, migrated PostgreSQL database, in one transaction:
/// either everything arrives or nothing does.
pub async fn import_postgres(
    store: &PgStore,
    input: &mut (dyn BufRead + Send),
    progress: &(dyn Fn(&str, u64) + Sync),
) -> StoreResult<Header> {
    let mut first = String::new();
    input.read_line(&mut first).map_err(io)?;
    let header: Header = serde_json::from_str(&first).map_err(json)?;
    if header.format != FORMAT {
        return Err(StoreError::Corrupt(format!(
            "not a Polyfin export: format {:?}",
            header.format
        )));
    }
    let known: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .fetch_all(store.pool())
    .await?;
    let mut tx = store.pool().begin().await?;
    for table in &header.tables {
        if !known.contains(&table.name) {
            return Err(StoreError::Corrupt(format!("unknown table {}", table.name)));
        }
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{}\"", table.name))
            .fetch_one(&mut *tx)
            .await?;
        if rows != 0 {
            return Err(StoreError::Corrupt(format!(
                "the target database is not empty: {} has rows",
                table.name
            )));
        }
    }
    let mut counts = std::collections::BTreeMap::<String, u64>::new();
    let mut batch: Vec<Map<String, Value>> = Vec::new();
    let mut current: Option<String> = None;
    let mut text = String::new();
    loop {
        text.clear();
        let read = input.read_line(&mut text).map_err(io)?;
        let line: Option<Line> = if read == 0 || text.trim().is_empty() {
            None
        } else {
            Some(serde_json::from_str(&text).map_err(json)?)
        };
        let table_changes = match (&line, &current) {
            (Some(l), Some(c)) => &l.t != c,
            _ => true,
        };
        if (table_changes || batch.len() >= BATCH) && !batch.is_empty() {
            if let Some(table) = &current {
                insert_batch(&mut tx, table, &batch).await?;
                progress(table, batch.len() as u64);
                *counts.entry(table.clone()).or_default() += batch.len() as u64;
                batch.clear();
            }
        }
        let Some(line) = line else {
            if read == 0 {
                break;
            }
            continue;
        };
        if !header.tables.iter().any(|t| t.name == line.t) {
            return Err(StoreError::Corrupt(format!("unknown table {}", line.t)));
        }
        current = Some(line.t);
        batch.push(line.r);
    }
    for table in &header.tables {
        let got = counts.get(&table.name).copied().unwrap_or(0);
        if got != table.rows {
            return Err(StoreError::Corrupt(format!(
                "{}: {got} rows in the stream, {} announced",
                table.name, table.rows
            )));
        }
        restart_identity(&mut tx, &table.name).await?;
    }
    tx.commit().await?;
    Ok(header)
}

async fn insert_batch(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    table: &str,
    rows: &[Map<String, Value>],
) -> StoreResult<()> {
    // PostgreSQL converts each JSON value with the column type's input function.
    let sql = format!(
        "INSERT INTO \"{table}\" SELECT * FROM json_populate_recordset(NULL::\"{table}\", $1::json)"
    );
    let payload = serde_json::to_string(rows).map_err(json)?;
    sqlx::query(&sql).bind(payload).execute(&mut **tx).await?;
    Ok(())
}

/// Imported rows brought their own `seq`; new rows must continue after them.
async fn restart_identity(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    table: &str,
) -> StoreResult<()> {
    let sequence: Option<Option<String>> = sqlx::query_scalar(
        "SELECT pg_get_serial_sequence(quote_ident(table_name), 'seq') \
         FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name = $1 AND column_name = 'seq'",
    )
    .bind(table)
    .fetch_optional(&mut **tx)
    .await?;
    let sequence = sequence.flatten();
    if let Some(sequence) = sequence {
        sqlx::query(&format!(
            "SELECT setval($1, COALESCE((SELECT MAX(seq) FROM \"{table}\"), 0) + 1, false)"
        ))
        .bind(sequence)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
