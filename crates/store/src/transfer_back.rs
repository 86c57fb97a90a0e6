//! Moving a deployment from PostgreSQL to SQLite, in the same format as the way there
//! (`transfer`): PostgreSQL's values are written in SQLite's stored form (timestamps
//! as RFC 3339 the way sqlx stores them on SQLite, days as `YYYY-MM-DD`, booleans as
//! 0/1, bytes as `\x`-prefixed hex), so an export from either backend imports into
//! either.

use crate::postgres::PgStore;
use crate::sqlite::SqliteStore;
use crate::transfer::{io, json, Header, Line, TableCount, FORMAT};
use crate::{StoreError, StoreResult};
use serde_json::{Map, Value};
use sqlx::{Column, Row, TypeInfo, ValueRef};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use time::format_description::well_known::Rfc3339;

/// The PostgreSQL tables in creation order (so a row's foreign keys come first), with
/// their row counts.
pub async fn postgres_tables(store: &PgStore) -> StoreResult<Vec<TableCount>> {
    let names: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname NOT LIKE '\\_sqlx%' \
         AND c.relname NOT IN ({}) ORDER BY c.oid",
        crate::transfer::DERIVED
    ))
    .fetch_all(store.pool())
    .await?;
    let mut tables = Vec::new();
    for name in names {
        // Names come from the catalogue itself, never from input.
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

fn hex(bytes: &[u8]) -> String {
    let digits: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("\\x{digits}")
}

fn postgres_value(row: &sqlx::postgres::PgRow, index: usize) -> StoreResult<Value> {
    let raw = row.try_get_raw(index)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let kind = raw.type_info().name().to_owned();
    let formatted = |e: time::error::Format| StoreError::Corrupt(format!("a time: {e}"));
    Ok(match kind.as_str() {
        "INT8" => Value::from(row.try_get::<i64, _>(index)?),
        "INT4" => Value::from(row.try_get::<i32, _>(index)?),
        "INT2" => Value::from(row.try_get::<i16, _>(index)?),
        "BOOL" => Value::from(i64::from(row.try_get::<bool, _>(index)?)),
        "FLOAT8" => Value::from(row.try_get::<f64, _>(index)?),
        "BYTEA" => Value::from(hex(&row.try_get::<Vec<u8>, _>(index)?)),
        "TIMESTAMPTZ" => {
            let at: time::OffsetDateTime = row.try_get(index)?;
            Value::from(at.format(&Rfc3339).map_err(formatted)?)
        }
        "DATE" => {
            let day: time::Date = row.try_get(index)?;
            let format = time::macros::format_description!("[year]-[month]-[day]");
            Value::from(day.format(&format).map_err(formatted)?)
        }
        "TEXT" | "VARCHAR" | "NAME" => Value::from(row.try_get::<String, _>(index)?),
        other => return Err(StoreError::Corrupt(format!("cannot export type {other}"))),
    })
}

/// Writes the whole PostgreSQL database to `out`; `progress` hears of every row.
pub async fn export_postgres(
    store: &PgStore,
    out: &mut (dyn Write + Send),
    progress: &(dyn Fn(&str, u64) + Sync),
) -> StoreResult<Header> {
    use futures_util::TryStreamExt;
    let header = Header {
        format: FORMAT.to_owned(),
        tables: postgres_tables(store).await?,
    };
    serde_json::to_writer(&mut *out, &header).map_err(json)?;
    out.write_all(b"\n").map_err(io)?;
    // One snapshot for every table: a consistent export of a live database.
    let mut tx = store.pool().begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut *tx)
        .await?;
    for table in &header.tables {
        let has_seq: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 AND column_name = 'seq')",
        )
        .bind(&table.name)
        .fetch_one(&mut *tx)
        .await?;
        let order = if has_seq { " ORDER BY seq" } else { "" };
        let sql = format!("SELECT * FROM \"{}\"{order}", table.name);
        let mut rows = sqlx::query(&sql).fetch(&mut *tx);
        while let Some(row) = rows.try_next().await? {
            let mut fields = Map::new();
            for (index, column) in row.columns().iter().enumerate() {
                fields.insert(column.name().to_owned(), postgres_value(&row, index)?);
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
    tx.commit().await?;
    out.flush().map_err(io)?;
    Ok(header)
}

/// Each SQLite table's columns, and whether each is declared BLOB.
async fn sqlite_columns(
    conn: &mut sqlx::SqliteConnection,
) -> StoreResult<BTreeMap<String, BTreeMap<String, bool>>> {
    let rows = sqlx::query(
        "SELECT m.name AS tbl, p.name AS col, p.type AS typ FROM sqlite_master m \
         JOIN pragma_table_info(m.name) p WHERE m.type = 'table' \
         AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut tables: BTreeMap<String, BTreeMap<String, bool>> = BTreeMap::new();
    for row in rows {
        let typ: String = row.try_get("typ")?;
        tables
            .entry(row.try_get("tbl")?)
            .or_default()
            .insert(row.try_get("col")?, typ.eq_ignore_ascii_case("BLOB"));
    }
    Ok(tables)
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    let digits = text.strip_prefix("\\x")?;
    if digits.len() % 2 != 0 {
        return None;
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(digits.get(i..i + 2)?, 16).ok())
        .collect()
}

async fn insert_row(
    conn: &mut sqlx::SqliteConnection,
    table: &str,
    columns: &BTreeMap<String, bool>,
    row: Map<String, Value>,
) -> StoreResult<()> {
    let names: Vec<String> = row.keys().map(|c| format!("\"{c}\"")).collect();
    let marks = vec!["?"; names.len()].join(", ");
    let sql = format!(
        "INSERT INTO \"{table}\" ({}) VALUES ({marks})",
        names.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for (column, value) in row {
        let Some(&is_blob) = columns.get(&column) else {
            return Err(StoreError::Corrupt(format!(
                "unknown column {table}.{column}"
            )));
        };
        query = match value {
            Value::Null => query.bind(None::<String>),
            Value::Bool(b) => query.bind(i64::from(b)),
            Value::Number(n) => match n.as_i64() {
                Some(i) => query.bind(i),
                None => query.bind(n.as_f64()),
            },
            Value::String(s) if is_blob => match unhex(&s) {
                Some(bytes) => query.bind(bytes),
                None => return Err(StoreError::Corrupt(format!("{table}.{column}: not hex"))),
            },
            Value::String(s) => query.bind(s),
            other => query.bind(other.to_string()),
        };
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

/// Reads an export into an empty, migrated SQLite database, in one transaction:
/// either everything arrives or nothing does.
pub async fn import_sqlite(
    store: &SqliteStore,
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
    let mut conn = store.writer().lock().await;
    let known = sqlite_columns(&mut conn).await?;
    // IMMEDIATE: the database is checked empty and filled under one write lock.
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
    // Foreign keys are checked at the commit, whatever the order of the tables.
    sqlx::query("PRAGMA defer_foreign_keys = ON")
        .execute(&mut *conn)
        .await?;
    let result = fill(&mut conn, &header, &known, input, progress).await;
    let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
    sqlx::query(end).execute(&mut *conn).await?;
    result.map(|()| header)
}

async fn fill(
    conn: &mut sqlx::SqliteConnection,
    header: &Header,
    known: &BTreeMap<String, BTreeMap<String, bool>>,
    input: &mut (dyn BufRead + Send),
    progress: &(dyn Fn(&str, u64) + Sync),
) -> StoreResult<()> {
    for table in &header.tables {
        if !known.contains_key(&table.name) {
            return Err(StoreError::Corrupt(format!("unknown table {}", table.name)));
        }
        let sql = format!("SELECT COUNT(*) FROM \"{}\"", table.name);
        let rows: i64 = sqlx::query_scalar(&sql).fetch_one(&mut *conn).await?;
        if rows != 0 {
            return Err(StoreError::Corrupt(format!(
                "the target database is not empty: {} has rows",
                table.name
            )));
        }
    }
    let mut counts = BTreeMap::<String, u64>::new();
    let mut text = String::new();
    loop {
        text.clear();
        if input.read_line(&mut text).map_err(io)? == 0 {
            break;
        }
        if text.trim().is_empty() {
            continue;
        }
        let line: Line = serde_json::from_str(&text).map_err(json)?;
        let Some(columns) = known
            .get(&line.t)
            .filter(|_| header.tables.iter().any(|t| t.name == line.t))
        else {
            return Err(StoreError::Corrupt(format!("unknown table {}", line.t)));
        };
        insert_row(conn, &line.t, columns, line.r).await?;
        progress(&line.t, 1);
        *counts.entry(line.t).or_default() += 1;
    }
    for table in &header.tables {
        let got = counts.get(&table.name).copied().unwrap_or(0);
        if got != table.rows {
            return Err(StoreError::Corrupt(format!(
                "{}: {got} rows in the stream, {} announced",
                table.name, table.rows
            )));
        }
    }
    Ok(())
}
