//! Idempotent ingestion: accounts and transactions are upserted by their connector
//! ids. A re-fetched transaction only moves forward (pending → posted, amount); what a
//! partner edited (category, description, date, memo) is never overwritten.

use super::accounts::encode_figures;
use super::transactions::encode_flags;
use crate::{IngestBatch, IngestOutcome, StoreResult};
use sqlx::{Sqlite, Transaction};

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
    for t in &batch.transactions {
        let existing: Option<(String, Option<String>, String)> = sqlx::query_as(
            "SELECT status, posted_at, amount FROM transactions WHERE account_guid = ? AND external_id = ?",
        )
        .bind(t.account_guid.as_str())
        .bind(&t.external_id)
        .fetch_optional(&mut **tx)
        .await?;
        match existing {
            None => {
                insert_transaction(tx, t).await?;
                outcome.transactions_added += 1;
                *outcome
                    .added_per_account
                    .entry(t.account_guid.as_str().to_owned())
                    .or_default() += 1;
            }
            Some((status, _, amount))
                if status != t.status.name() || amount != t.amount.to_string() =>
            {
                sqlx::query(
                    "UPDATE transactions SET status = ?, posted_at = ?, amount = ?, updated_at = ? \
                     WHERE account_guid = ? AND external_id = ?",
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
    }
    Ok(outcome)
}

pub(super) async fn insert_transaction(
    tx: &mut Transaction<'_, Sqlite>,
    t: &polyfin_domain::transaction::Transaction,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO transactions (guid, client_id, user_guid, member_guid, account_guid, external_id, \
         amount, kind, status, date, transacted_at, posted_at, original_description, description, memo, \
         category_guid, merchant_category_code, merchant_name, check_number, currency_code, latitude, \
         longitude, flags, metadata, created_at, updated_at, origin, partner_id) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(t.guid.as_str())
    .bind(t.client_id.as_str())
    .bind(t.user_guid.as_str())
    .bind(t.member_guid.as_str())
    .bind(t.account_guid.as_str())
    .bind(&t.external_id)
    .bind(t.amount.to_string())
    .bind(t.kind.name())
    .bind(t.status.name())
    .bind(t.date)
    .bind(t.transacted_at)
    .bind(t.posted_at)
    .bind(&t.original_description)
    .bind(&t.description)
    .bind(&t.memo)
    .bind(t.category_guid.as_str())
    .bind(t.merchant_category_code.map(i64::from))
    .bind(&t.merchant_name)
    .bind(&t.check_number)
    .bind(&t.currency_code)
    .bind(t.latitude.map(|v| v.to_string()))
    .bind(t.longitude.map(|v| v.to_string()))
    .bind(encode_flags(t.flags))
    .bind(&t.metadata)
    .bind(t.created_at)
    .bind(t.updated_at)
    .bind(t.origin.name())
    .bind(&t.id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
