//! `polyfin export` and `polyfin import`: a deployment moves between SQLite and
//! PostgreSQL (either way) through one newline-delimited JSON file, streamed both
//! ways, with a progress bar on stderr.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use polyfin::config::Config;
use polyfin_store::postgres::PgStore;
use polyfin_store::sqlite::SqliteStore;
use polyfin_store::transfer::{export_sqlite, import_postgres, sqlite_tables, Header};
use polyfin_store::transfer_back::{export_postgres, import_sqlite, postgres_tables};
use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::Path;

fn bar(total: u64) -> ProgressBar {
    let bar = ProgressBar::new(total);
    let style = ProgressStyle::with_template("{msg:>20} [{bar:40}] {pos}/{len} rows ({eta})")
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// Writes every row of the configured database (SQLite or PostgreSQL) to `output`.
pub async fn export(config: &Config, output: &Path) -> anyhow::Result<()> {
    let url = config.resolved_database_url()?;
    let file =
        File::create(output).with_context(|| format!("cannot create {}", output.display()))?;
    let mut out = BufWriter::new(file);
    let header = if polyfin_store::is_postgres_url(&url) {
        let store = PgStore::open(&url)
            .await
            .context("cannot open the PostgreSQL database")?;
        let total: u64 = postgres_tables(&store).await?.iter().map(|t| t.rows).sum();
        let progress = bar(total);
        let header = export_postgres(&store, &mut out, &|table, rows| {
            progress.set_message(table.to_owned());
            progress.inc(rows);
        })
        .await?;
        progress.finish_and_clear();
        header
    } else {
        let store = SqliteStore::open(&url)
            .await
            .with_context(|| format!("cannot open {url}"))?;
        let total: u64 = sqlite_tables(&store).await?.iter().map(|t| t.rows).sum();
        let progress = bar(total);
        let header = export_sqlite(&store, &mut out, &|table, rows| {
            progress.set_message(table.to_owned());
            progress.inc(rows);
        })
        .await?;
        progress.finish_and_clear();
        header
    };
    eprintln!(
        "exported {} rows of {} tables to {}",
        rows(&header),
        header.tables.len(),
        output.display()
    );
    Ok(())
}

fn rows(header: &Header) -> u64 {
    header.tables.iter().map(|t| t.rows).sum()
}

/// Reads an export into the configured database (SQLite or PostgreSQL), which must be
/// empty.
pub async fn import(config: &Config, input: &Path) -> anyhow::Result<()> {
    let url = config.resolved_database_url()?;
    let file = File::open(input).with_context(|| format!("cannot open {}", input.display()))?;
    let length = file.metadata().map(|m| m.len()).unwrap_or(0);
    let progress = bar(length);
    let mut reader = BufReader::new(progress.wrap_read(file));
    progress.set_style(
        ProgressStyle::with_template("{msg:>20} [{bar:40}] {bytes}/{total_bytes} ({eta})")
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let note = |table: &str, _: u64| progress.set_message(table.to_owned());
    let header = if polyfin_store::is_postgres_url(&url) {
        let store = PgStore::open(&url)
            .await
            .context("cannot open the PostgreSQL database")?;
        import_postgres(&store, &mut reader, &note).await?
    } else {
        let store = SqliteStore::open(&url)
            .await
            .with_context(|| format!("cannot open {url}"))?;
        import_sqlite(&store, &mut reader, &note).await?
    };
    progress.finish_and_clear();
    eprintln!(
        "imported {} rows of {} tables",
        rows(&header),
        header.tables.len()
    );
    Ok(())
}
