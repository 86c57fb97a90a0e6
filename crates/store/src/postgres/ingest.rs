//! Idempotent ingestion: accounts and transactions are upserted by their connector
//! ids. A re-fetched transaction only moves forward (pending → posted, amount); what a
//! partner edited (category, description, date, memo) is never overwritten.

use crate::sqlite::encode_figures;
use crate::sqlite::encode_flags;
use crate::{IngestBatch, IngestOutcome, StoreResult};
use sqlx::{Postgres, QueryBuilder, Transaction};
use std::collections::HashMap;

pub(super) async fn write_batch(
    tx: &mut Transaction<'_, Postgres>,
    batch: &IngestBatch,
) -> StoreResult<IngestOutcome> {
    let mut outcome = IngestOutcome::default();
    for a in &batch.accounts {
        sqlx::query(
            "INSERT INTO accounts (guid, client_id, user_guid, member_guid, external_id, partner_id, \
             institution_code, name, nickname, account_type, subtype, account_number_mask, currency_code, \
             figures, is_closed, is_hidden, metadata, created_at, updated_at, imported_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) \
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
    // One round trip finds what is stored and one writes each thousand new rows: a
    // history job brings thousands of transactions, and a server is a network away.
    let accounts: Vec<String> = batch
        .transactions
        .iter()
        .map(|t| t.account_guid.as_str().to_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT account_guid, external_id, status, amount FROM transactions \
         WHERE account_guid = ANY($1)",
    )
    .bind(&accounts)
    .fetch_all(&mut **tx)
    .await?;
    let mut stored: HashMap<(String, String), (String, String)> = rows
        .into_iter()
        .map(|(account, external, status, amount)| ((account, external), (status, amount)))
        .collect();
    let mut pending: Vec<&polyfin_domain::transaction::Transaction> = Vec::new();
    for t in &batch.transactions {
        let key = (t.account_guid.as_str().to_owned(), t.external_id.clone());
        let now = (t.status.name().to_owned(), t.amount.to_string());
        match stored.get(&key) {
            None => {
                pending.push(t);
                outcome.transactions_added += 1;
                *outcome
                    .added_per_account
                    .entry(t.account_guid.as_str().to_owned())
                    .or_default() += 1;
            }
            Some(before) if *before != now => {
                insert_transactions(tx, &std::mem::take(&mut pending)).await?;
                sqlx::query(
                    "UPDATE transactions SET status = $1, posted_at = $2, amount = $3, updated_at = $4 \
                     WHERE account_guid = $5 AND external_id = $6",
                )
                .bind(t.status.name())
                .bind(t.posted_at)
                .bind(t.amount.to_string())
                .bind(t.updated_at)
                .bind(t.account_guid.as_str())
                .bind(&t.external_id)
                .execute(&mut **tx)
                .await?;
                outcome.transactions_updated += 1;
            }
            Some(_) => {}
        }
        stored.insert(key, now);
    }
    insert_transactions(tx, &pending).await?;
    if let Some(v) = &batch.vanished {
        outcome.removed = super::removals::remove(tx, &v.client_id, &v.guids, true, v.at).await?;
    }
    Ok(outcome)
}

pub(super) async fn insert_transaction(
    tx: &mut Transaction<'_, Postgres>,
    t: &polyfin_domain::transaction::Transaction,
) -> StoreResult<()> {
    insert_transactions(tx, &[t]).await
}

/// Rows per INSERT: 28 parameters each stay well under PostgreSQL's 65,535.
const INSERT_CHUNK: usize = 1000;

async fn insert_transactions(
    tx: &mut Transaction<'_, Postgres>,
    transactions: &[&polyfin_domain::transaction::Transaction],
) -> StoreResult<()> {
    for chunk in transactions.chunks(INSERT_CHUNK) {
        let mut query = QueryBuilder::<Postgres>::new(
            "INSERT INTO transactions (guid, client_id, user_guid, member_guid, account_guid, external_id, \
             amount, kind, status, date, transacted_at, posted_at, original_description, description, memo, \
             category_guid, merchant_category_code, merchant_name, check_number, currency_code, latitude, \
             longitude, flags, metadata, created_at, updated_at, origin, partner_id) ",
        );
        query.push_values(chunk, |mut row, t| {
            row.push_bind(t.guid.as_str())
                .push_bind(t.client_id.as_str())
                .push_bind(t.user_guid.as_str())
                .push_bind(t.member_guid.as_str())
                .push_bind(t.account_guid.as_str())
                .push_bind(&t.external_id)
                .push_bind(t.amount.to_string())
                .push_bind(t.kind.name())
                .push_bind(t.status.name())
                .push_bind(t.date)
                .push_bind(t.transacted_at)
                .push_bind(t.posted_at)
                .push_bind(&t.original_description)
                .push_bind(&t.description)
                .push_bind(&t.memo)
                .push_bind(t.category_guid.as_str())
                .push_bind(t.merchant_category_code.map(i64::from))
                .push_bind(&t.merchant_name)
                .push_bind(&t.check_number)
                .push_bind(&t.currency_code)
                .push_bind(t.latitude.map(|v| v.to_string()))
                .push_bind(t.longitude.map(|v| v.to_string()))
                .push_bind(encode_flags(t.flags))
                .push_bind(&t.metadata)
                .push_bind(t.created_at)
                .push_bind(t.updated_at)
                .push_bind(t.origin.name())
                .push_bind(&t.id);
        });
        query.build().execute(&mut **tx).await?;
    }
    Ok(())
}
