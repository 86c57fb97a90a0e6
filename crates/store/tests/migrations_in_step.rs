#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The two migration trees must define the same schema: every table, column (with its
//! nullability and a matching type) and named index of one exists in the other. Fails
//! as soon as a migration lands for one backend only.
//!
//! Needs a PostgreSQL server: `POLYFIN_TEST_DATABASE_URL` (see
//! `scripts/with-postgres.sh`, which `scripts/test.sh` uses).

use polyfin_store::postgres::{create_database, PgStore};
use polyfin_store::sqlite::SqliteStore;
use sqlx::Row;
use std::collections::BTreeSet;

/// (table, column, nullable, type family).
type Columns = BTreeSet<(String, String, bool, &'static str)>;

/// SQLite's declared types and the PostgreSQL types that mirror them.
fn sqlite_family(declared: &str) -> &'static str {
    match declared {
        "INTEGER" => "integer",
        "BLOB" => "bytes",
        _ => "text",
    }
}

fn postgres_family(data_type: &str) -> &'static str {
    match data_type {
        "bigint" | "boolean" => "integer",
        "bytea" => "bytes",
        // Timestamps and days are RFC 3339 text on SQLite.
        _ => "text",
    }
}

async fn sqlite_schema() -> (Columns, BTreeSet<String>) {
    let dir = std::env::temp_dir().join(format!("polyfin-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("schema.db");
    let _ = std::fs::remove_file(&file);
    let store = SqliteStore::open(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    let rows = sqlx::query(
        "SELECT m.name AS tbl, p.name AS col, p.type AS typ, p.\"notnull\" AS not_null, p.pk AS pk \
         FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let columns = rows
        .iter()
        .map(|r| {
            let not_null: i64 = r.get("not_null");
            let pk: i64 = r.get("pk");
            (
                r.get::<String, _>("tbl"),
                r.get::<String, _>("col"),
                not_null == 0 && pk == 0,
                sqlite_family(&r.get::<String, _>("typ")),
            )
        })
        .collect();
    let indexes = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(store.pool())
    .await
    .unwrap()
    .into_iter()
    .collect();
    let _ = std::fs::remove_dir_all(&dir);
    (columns, indexes)
}

async fn postgres_schema(base_url: &str) -> (Columns, BTreeSet<String>) {
    let name = format!("schema_{}", std::process::id());
    let url = create_database(base_url, &name).await.unwrap();
    let store = PgStore::open(&url).await.unwrap();
    let rows = sqlx::query(
        "SELECT table_name::text AS tbl, column_name::text AS col, data_type::text AS typ, \
         is_nullable::text AS nullable FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let columns = rows
        .iter()
        .map(|r| {
            (
                r.get::<String, _>("tbl"),
                r.get::<String, _>("col"),
                r.get::<String, _>("nullable") == "YES",
                postgres_family(&r.get::<String, _>("typ")),
            )
        })
        .collect();
    // Indexes behind PRIMARY KEY / UNIQUE constraints are named by each engine its own
    // way; the named ones are what migrations create.
    let indexes = sqlx::query_scalar(
        "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public' \
         AND indexname NOT IN (SELECT conname FROM pg_constraint)",
    )
    .fetch_all(store.pool())
    .await
    .unwrap()
    .into_iter()
    .collect();
    (columns, indexes)
}

fn difference<T: Ord + Clone + std::fmt::Debug>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> Vec<T> {
    a.difference(b).cloned().collect()
}

#[tokio::test]
async fn sqlite_and_postgres_migrations_define_the_same_schema() {
    let Ok(base_url) = std::env::var("POLYFIN_TEST_DATABASE_URL") else {
        eprintln!("skipped: POLYFIN_TEST_DATABASE_URL is unset (scripts/with-postgres.sh sets it)");
        return;
    };
    let (sqlite_columns, sqlite_indexes) = sqlite_schema().await;
    let (pg_columns, pg_indexes) = postgres_schema(&base_url).await;
    assert!(sqlite_columns.len() > 100, "the SQLite schema was read");
    assert_eq!(
        (
            difference(&sqlite_columns, &pg_columns),
            difference(&pg_columns, &sqlite_columns)
        ),
        (vec![], vec![]),
        "(only in SQLite, only in PostgreSQL): add the missing migration"
    );
    assert_eq!(
        (
            difference(&sqlite_indexes, &pg_indexes),
            difference(&pg_indexes, &sqlite_indexes)
        ),
        (vec![], vec![]),
        "indexes (only in SQLite, only in PostgreSQL)"
    );
}

#[test]
fn both_trees_have_the_same_migration_files() {
    let names = |backend: &str| -> BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(backend);
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(names("sqlite"), names("postgres"));
}
