use super::jobs::finish_in;
use super::PgStore;
use crate::RecurringDetect;
use crate::{
    IngestBatch, IngestOutcome, JobRecord, MemberRecord, OutboxPlanner, OutboxRow,
    PlaidConfigRecord, PlaidItemRecord, StoreResult, WebhookKeyRow, WebhookRepo,
};
use async_trait::async_trait;
use polyfin_domain::ids::{ClientId, MemberGuid};
use sqlx::postgres::PgRow;
use sqlx::{Postgres, Row, Transaction};
use time::OffsetDateTime;

/// How long an instance holds the rows it is delivering (each POST times out sooner).
const DELIVERY_LEASE: time::Duration = time::Duration::minutes(2);

fn outbox_from_row(row: &PgRow) -> StoreResult<OutboxRow> {
    let attempts: i64 = row.try_get("attempts")?;
    Ok(OutboxRow {
        id: row.try_get("id")?,
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        member_guid: row.try_get("member_guid")?,
        target_url: row.try_get("target_url")?,
        webhook_type: row.try_get("webhook_type")?,
        webhook_code: row.try_get("webhook_code")?,
        payload: row.try_get("payload")?,
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        next_attempt_at: row.try_get("next_attempt_at")?,
        delivered_at: row.try_get("delivered_at")?,
        last_error: row.try_get("last_error")?,
        state: row.try_get("state")?,
        created_at: row.try_get("created_at")?,
    })
}

pub(super) async fn insert_rows(
    tx: &mut Transaction<'_, Postgres>,
    rows: &[OutboxRow],
) -> StoreResult<()> {
    for r in rows {
        sqlx::query(
            "INSERT INTO webhook_outbox (id, client_id, member_guid, target_url, webhook_type, \
             webhook_code, payload, attempts, next_attempt_at, delivered_at, last_error, state, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(&r.id)
        .bind(r.client_id.as_str())
        .bind(&r.member_guid)
        .bind(&r.target_url)
        .bind(&r.webhook_type)
        .bind(&r.webhook_code)
        .bind(&r.payload)
        .bind(i64::from(r.attempts))
        .bind(r.next_attempt_at)
        .bind(r.delivered_at)
        .bind(&r.last_error)
        .bind(&r.state)
        .bind(r.created_at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn write_item(tx: &mut Transaction<'_, Postgres>, item: &PlaidItemRecord) -> StoreResult<()> {
    sqlx::query("UPDATE plaid_items SET webhook = $1, removed_at = $2 WHERE item_id = $3")
        .bind(&item.webhook)
        .bind(item.removed_at)
        .bind(&item.item_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[async_trait]
impl WebhookRepo for PgStore {
    async fn insert_outbox(&self, rows: &[OutboxRow]) -> StoreResult<()> {
        let mut tx = self.pool().begin().await?;
        insert_rows(&mut tx, rows).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn due_outbox(&self, now: OffsetDateTime, limit: u32) -> StoreResult<Vec<OutboxRow>> {
        // Many instances deliver: each takes its rows under a lease (a later retry
        // time), so no two POST one row at once, and a row whose instance died is
        // retried when the lease passes. Receivers dedupe by the row's stable
        // id, sent as `Webhook-Id` on every attempt.
        let rows = sqlx::query(
            "WITH due AS (SELECT seq, next_attempt_at AS was FROM webhook_outbox \
             WHERE state = 'pending' AND next_attempt_at <= $1 \
             ORDER BY next_attempt_at, seq LIMIT $2 FOR UPDATE SKIP LOCKED), \
             leased AS (UPDATE webhook_outbox w SET next_attempt_at = $3 FROM due \
             WHERE w.seq = due.seq RETURNING w.*, due.was) \
             SELECT * FROM leased ORDER BY was, seq",
        )
        .bind(now)
        .bind(i64::from(limit))
        .bind(now + DELIVERY_LEASE)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(outbox_from_row).collect()
    }

    async fn update_outbox(&self, r: &OutboxRow) -> StoreResult<()> {
        // Only a pending row moves: a late or duplicated result cannot revive a final one.
        sqlx::query(
            "UPDATE webhook_outbox SET attempts = $1, next_attempt_at = $2, delivered_at = $3, \
             last_error = $4, state = $5 WHERE id = $6 AND state = 'pending'",
        )
        .bind(i64::from(r.attempts))
        .bind(r.next_attempt_at)
        .bind(r.delivered_at)
        .bind(&r.last_error)
        .bind(&r.state)
        .bind(&r.id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    async fn last_outbox(&self, member_guid: &str) -> StoreResult<Option<OutboxRow>> {
        let row = sqlx::query(
            "SELECT * FROM webhook_outbox WHERE member_guid = $1 ORDER BY seq DESC LIMIT 1",
        )
        .bind(member_guid)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(outbox_from_row).transpose()
    }

    async fn purge_outbox(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let done = sqlx::query(
            "DELETE FROM webhook_outbox WHERE state IN ('delivered', 'dead') AND created_at < $1",
        )
        .bind(before)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected())
    }

    async fn load_webhook_keys(&self) -> StoreResult<Vec<WebhookKeyRow>> {
        let rows = sqlx::query("SELECT * FROM webhook_keys ORDER BY created_at, kid")
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| {
                Ok(WebhookKeyRow {
                    kid: row.try_get("kid")?,
                    created_at: row.try_get("created_at")?,
                    retired_at: row.try_get("retired_at")?,
                    expired_at: row.try_get("expired_at")?,
                    sealed_key: row.try_get("sealed_key")?,
                })
            })
            .collect()
    }

    async fn replace_webhook_keys(
        &self,
        current: Option<&str>,
        keys: &[WebhookKeyRow],
    ) -> StoreResult<bool> {
        let mut tx = self.pool().begin().await?;
        // Replacements queue behind each other (the mode conflicts with itself, and
        // with the inserts and deletes of another), so the check holds until commit.
        sqlx::query("LOCK TABLE webhook_keys IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await?;
        let stored: Vec<String> =
            sqlx::query_scalar("SELECT kid FROM webhook_keys WHERE retired_at IS NULL")
                .fetch_all(&mut *tx)
                .await?;
        if stored.iter().map(String::as_str).ne(current) {
            return Ok(false);
        }
        sqlx::query("DELETE FROM webhook_keys")
            .execute(&mut *tx)
            .await?;
        for k in keys {
            sqlx::query(
                "INSERT INTO webhook_keys (kid, created_at, retired_at, expired_at, sealed_key) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&k.kid)
            .bind(k.created_at)
            .bind(k.retired_at)
            .bind(k.expired_at)
            .bind(&k.sealed_key)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn finish_job_with_webhooks(
        &self,
        job: &JobRecord,
        member: &MemberRecord,
        data: &IngestBatch,
        recurring: Option<RecurringDetect<'_>>,
        plan: OutboxPlanner<'_>,
    ) -> StoreResult<IngestOutcome> {
        let mut tx = self.pool().begin().await?;
        // A member deleted while its job ran takes the results (and webhooks) with it.
        let Some(outcome) = finish_in(&mut tx, job, member, data, recurring).await? else {
            return Ok(IngestOutcome::default());
        };
        insert_rows(&mut tx, &plan(&outcome)).await?;
        tx.commit().await?;
        Ok(outcome)
    }

    async fn insert_plaid_item_with_webhooks(
        &self,
        item: &PlaidItemRecord,
        rows: &[OutboxRow],
    ) -> StoreResult<bool> {
        let mut tx = self.pool().begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO plaid_items (item_id, client_id, user_guid, member_guid, webhook, \
             created_at, removed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(item_id) DO NOTHING",
        )
        .bind(&item.item_id)
        .bind(item.client_id.as_str())
        .bind(item.user_guid.as_str())
        .bind(item.member_guid.as_str())
        .bind(&item.webhook)
        .bind(item.created_at)
        .bind(item.removed_at)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if inserted {
            insert_rows(&mut tx, rows).await?;
        }
        tx.commit().await?;
        Ok(inserted)
    }

    async fn delete_member_with_webhooks(
        &self,
        client: &ClientId,
        guid: &MemberGuid,
        rows: &[OutboxRow],
    ) -> StoreResult<bool> {
        let mut tx = self.pool().begin().await?;
        let deleted = sqlx::query("DELETE FROM members WHERE guid = $1 AND client_id = $2")
            .bind(guid.as_str())
            .bind(client.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        if deleted {
            insert_rows(&mut tx, rows).await?;
        }
        tx.commit().await?;
        Ok(deleted)
    }

    async fn update_plaid_item_with_webhooks(
        &self,
        item: &PlaidItemRecord,
        rows: &[OutboxRow],
    ) -> StoreResult<()> {
        let mut tx = self.pool().begin().await?;
        write_item(&mut tx, item).await?;
        insert_rows(&mut tx, rows).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn put_plaid_configuration_with_webhooks(
        &self,
        c: &PlaidConfigRecord,
        rows: &[OutboxRow],
    ) -> StoreResult<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO plaid_configurations (client_id, data_format, webhook_url, \
             webhook_subscriptions, include_finsights, environment, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(client_id) DO UPDATE SET \
             data_format = excluded.data_format, webhook_url = excluded.webhook_url, \
             webhook_subscriptions = excluded.webhook_subscriptions, \
             include_finsights = excluded.include_finsights, \
             environment = excluded.environment, updated_at = excluded.updated_at",
        )
        .bind(c.client_id.as_str())
        .bind(&c.data_format)
        .bind(&c.webhook_url)
        .bind(&c.webhook_subscriptions)
        .bind(c.include_finsights)
        .bind(&c.environment)
        .bind(c.updated_at)
        .execute(&mut *tx)
        .await?;
        insert_rows(&mut tx, rows).await?;
        tx.commit().await?;
        Ok(())
    }
}
