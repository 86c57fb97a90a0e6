//! Idempotent ingestion: accounts and transactions are upserted by their connector
//! ids. A re-fetched transaction only moves forward (pending → posted, amount); what a
//! partner edited (category, description, date, memo) is never overwritten.

use super::accounts::encode_figures;
use crate::{IngestBatch, IngestOutcome, StoreResult};
use sqlx::{QueryBuilder, Sqlite, Transaction};
use std::collections::{HashMap, HashSet};

pub(super) async fn write_batch(
    tx: &mut Transaction<'_, Sqlite>,
    batch: &IngestBatch,
) -> StoreResult<IngestOutcome> {
    let mut outcome = IngestOutcome::default();
    for a in &batch.accounts {
        sqlx::query(
            "INSERT INTO accounts (guid, client_id, user_guid, member_guid, external_id, partner_id, \
             institution_code, name, nickname, account_type, subtype, account_number_mask, currency_code, \
             figures, is_closed, is_hidden, metadata, created_at, updated_at, imported_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (member_guid, external_id) DO UPDATE SET \
             account_type = excluded.account_type, subtype = excluded.subtype, \
             account_number_mask = excluded.account_number_mask, currency_code = excluded.currency_code, \
             figures = excluded.figures, is_closed = excluded.is_closed, \
             updated_at = excluded.updated_at, imported_at = excluded.imported_at",
        )
        .bind(a.guid.as_str())
        .bind(a.client_id.as_str())
        .bind(a.user_guid.as_str())
        .bind(a.member_guid.as_str())
        .bind(&a.external_id)
        .bind(&a.id)
        .bind(&a.institution_code)
        .bind(&a.name)
        .bind(&a.nickname)
        .bind(&a.account_type)
        .bind(&a.subtype)
        .bind(&a.account_number_mask)
        .bind(&a.currency_code)
        .bind(encode_figures(&a.figures)?)
        .bind(a.is_closed)
        .bind(a.is_hidden)
        .bind(&a.metadata)
        .bind(a.created_at)
        .bind(a.updated_at)
        .bind(a.imported_at)
        .execute(&mut **tx)
        .await?;
        outcome.accounts_written += 1;
    }
    super::premium_ingest::write_premium(tx, batch).await?;
    if is_first_history(tx, &batch.transactions).await? {
        insert_transactions(tx, &batch.transactions, &mut outcome).await?;
    } else {
        upsert_transactions(tx, &batch.transactions, &mut outcome).await?;
    }
    if let Some(v) = &batch.vanished {
        outcome.removed = super::removals::remove(tx, &v.client_id, &v.guids, true, v.at).await?;
    }
    Ok(outcome)
}

pub(super) const TRANSACTION_COLUMNS: &str = "guid, client_id, user_guid, member_guid, account_guid, external_id, \
     amount, kind, status, date, transacted_at, posted_at, original_description, description, memo, \
     category_guid, merchant_category_code, merchant_name, check_number, currency_code, latitude, \
     longitude, flags, metadata, created_at, updated_at, origin, partner_id";

/// Whether the batch is its member's first history (nothing stored yet, as for a new
/// member or `polyfin seed`) with no key twice: then every row is new, and plain
/// inserts spare the upsert's row-by-row `RETURNING` hand-offs.
async fn is_first_history(
    tx: &mut Transaction<'_, Sqlite>,
    rows: &[polyfin_domain::transaction::Transaction],
) -> StoreResult<bool> {
    let Some(first) = rows.first() else {
        return Ok(false);
    };
    let mut keys = HashSet::with_capacity(rows.len());
    if !rows
        .iter()
        .all(|t| keys.insert((t.account_guid.as_str(), t.external_id.as_str())))
    {
        return Ok(false);
    }
    let stored: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM transactions WHERE member_guid = ?)")
            .bind(first.member_guid.as_str())
            .fetch_one(&mut **tx)
            .await?;
    Ok(!stored)
}

/// Inserts rows known to be new (`is_first_history`), counting them.
async fn insert_transactions(
    tx: &mut Transaction<'_, Sqlite>,
    rows: &[polyfin_domain::transaction::Transaction],
    outcome: &mut IngestOutcome,
) -> StoreResult<()> {
    super::borrowed::insert_new(tx, rows).await?;
    count_inserted(tx, rows.iter()).await?;
    for t in rows {
        outcome.transactions_added += 1;
        *outcome
            .added_per_account
            .entry(t.account_guid.as_str().to_owned())
            .or_default() += 1;
    }
    Ok(())
}

/// Inserts new transactions and moves known ones forward (status, posting, amount),
/// and counts them. A row comes back only when it was written, with the stored guid: a
/// new row's guid is the one we sent.
async fn upsert_transactions(
    tx: &mut Transaction<'_, Sqlite>,
    rows: &[polyfin_domain::transaction::Transaction],
    outcome: &mut IngestOutcome,
) -> StoreResult<()> {
    let written = super::borrowed::upsert(
        tx,
        rows,
        " ON CONFLICT (account_guid, external_id) DO UPDATE SET status = excluded.status, \
         posted_at = excluded.posted_at, amount = excluded.amount, updated_at = excluded.updated_at \
         WHERE transactions.status <> excluded.status OR transactions.amount <> excluded.amount \
         RETURNING guid, account_guid",
    )
    .await?;
    let sent: HashMap<&str, &polyfin_domain::transaction::Transaction> =
        rows.iter().map(|t| (t.guid.as_str(), t)).collect();
    let mut inserted = Vec::new();
    let mut seen = HashSet::new();
    for (guid, account) in written {
        // A key twice in the batch comes back twice: inserted, then updated.
        let first_time = seen.insert(guid.clone());
        if let Some(t) = sent.get(guid.as_str()).filter(|_| first_time) {
            inserted.push(*t);
            outcome.transactions_added += 1;
            *outcome.added_per_account.entry(account).or_default() += 1;
        } else {
            outcome.transactions_updated += 1;
        }
    }
    count_inserted(tx, inserted.into_iter()).await
}

/// Adds newly inserted transactions to their accounts' counts and ranges of days
/// (`account_transaction_counts`, migrations 0014 and 0019): one upsert per account,
/// in the inserting transaction, as the row trigger did one row at a time.
async fn count_inserted<'a>(
    tx: &mut Transaction<'_, Sqlite>,
    inserted: impl Iterator<Item = &'a polyfin_domain::transaction::Transaction>,
) -> StoreResult<()> {
    let mut per_account: HashMap<&str, AccountCount<'a>> = HashMap::new();
    for t in inserted {
        per_account
            .entry(t.account_guid.as_str())
            .and_modify(|count| count.add(t))
            .or_insert_with(|| AccountCount::of(t));
    }
    if per_account.is_empty() {
        return Ok(());
    }
    let mut upsert = QueryBuilder::<Sqlite>::new(
        "INSERT INTO account_transaction_counts \
         (account_guid, client_id, user_guid, member_guid, transactions, first_date, last_date) ",
    );
    upsert.push_values(per_account, |mut row, (account, count)| {
        row.push_bind(account)
            .push_bind(count.first.client_id.as_str())
            .push_bind(count.first.user_guid.as_str())
            .push_bind(count.first.member_guid.as_str())
            .push_bind(count.transactions)
            .push_bind(count.first_date)
            .push_bind(count.last_date);
    });
    upsert.push(
        " ON CONFLICT (account_guid) DO UPDATE SET \
         transactions = transactions + excluded.transactions, \
         first_date = MIN(first_date, excluded.first_date), \
         last_date = MAX(last_date, excluded.last_date)",
    );
    upsert.build().execute(&mut **tx).await?;
    Ok(())
}

/// One account's share of a statement's inserted transactions.
struct AccountCount<'a> {
    first: &'a polyfin_domain::transaction::Transaction,
    transactions: i64,
    first_date: time::Date,
    last_date: time::Date,
}

impl<'a> AccountCount<'a> {
    fn of(t: &'a polyfin_domain::transaction::Transaction) -> Self {
        Self {
            first: t,
            transactions: 1,
            first_date: t.date,
            last_date: t.date,
        }
    }

    fn add(&mut self, t: &polyfin_domain::transaction::Transaction) {
        self.transactions += 1;
        self.first_date = self.first_date.min(t.date);
        self.last_date = self.last_date.max(t.date);
    }
}

/// Inserts one transaction (a partner's or a manual one) and counts it; `Conflict` on
/// a duplicate key.
pub(super) async fn insert_transaction(
    tx: &mut Transaction<'_, Sqlite>,
    t: &polyfin_domain::transaction::Transaction,
) -> StoreResult<()> {
    super::borrowed::insert_new(tx, std::slice::from_ref(t)).await?;
    count_inserted(tx, std::iter::once(t)).await
}
