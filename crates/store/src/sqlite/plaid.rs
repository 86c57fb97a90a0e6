use super::SqliteStore;
use crate::{PlaidConfigRecord, PlaidItemRecord, PlaidRepo, PlaidTokenRecord, StoreResult};
use async_trait::async_trait;
use polyfin_domain::ids::{ClientId, MemberGuid, UserGuid};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use time::OffsetDateTime;

fn item_from_row(row: &SqliteRow) -> StoreResult<PlaidItemRecord> {
    Ok(PlaidItemRecord {
        item_id: row.try_get("item_id")?,
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        user_guid: UserGuid::from_stored(row.try_get("user_guid")?),
        member_guid: MemberGuid::from_stored(row.try_get("member_guid")?),
        webhook: row.try_get("webhook")?,
        created_at: row.try_get("created_at")?,
        removed_at: row.try_get("removed_at")?,
    })
}

fn token_from_row(row: &SqliteRow) -> StoreResult<PlaidTokenRecord> {
    Ok(PlaidTokenRecord {
        token_hash: row.try_get("token_hash")?,
        kind: row.try_get("kind")?,
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        item_id: row.try_get("item_id")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        used_at: row.try_get("used_at")?,
    })
}

pub(super) fn config_from_row(row: &SqliteRow) -> StoreResult<PlaidConfigRecord> {
    Ok(PlaidConfigRecord {
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        data_format: row.try_get("data_format")?,
        webhook_url: row.try_get("webhook_url")?,
        webhook_subscriptions: row.try_get("webhook_subscriptions")?,
        include_finsights: row.try_get("include_finsights")?,
        environment: row.try_get("environment")?,
        updated_at: row.try_get("updated_at")?,
    })
}

#[async_trait]
impl PlaidRepo for SqliteStore {
    async fn upsert_plaid_item(&self, item: &PlaidItemRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO plaid_items (item_id, client_id, user_guid, member_guid, webhook, \
             created_at, removed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(item_id) DO NOTHING",
        )
        .bind(&item.item_id)
        .bind(item.client_id.as_str())
        .bind(item.user_guid.as_str())
        .bind(item.member_guid.as_str())
        .bind(&item.webhook)
        .bind(item.created_at)
        .bind(item.removed_at)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn find_plaid_item(
        &self,
        client: &ClientId,
        item_id: &str,
    ) -> StoreResult<Option<PlaidItemRecord>> {
        let row = sqlx::query("SELECT * FROM plaid_items WHERE item_id = ? AND client_id = ?")
            .bind(item_id)
            .bind(client.as_str())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(item_from_row).transpose()
    }

    async fn plaid_item_of_member(
        &self,
        member_guid: &MemberGuid,
    ) -> StoreResult<Option<PlaidItemRecord>> {
        let row = sqlx::query(
            "SELECT * FROM plaid_items WHERE member_guid = ? AND removed_at IS NULL LIMIT 1",
        )
        .bind(member_guid.as_str())
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(item_from_row).transpose()
    }

    async fn update_plaid_item(&self, item: &PlaidItemRecord) -> StoreResult<()> {
        sqlx::query("UPDATE plaid_items SET webhook = ?, removed_at = ? WHERE item_id = ?")
            .bind(&item.webhook)
            .bind(item.removed_at)
            .bind(&item.item_id)
            .execute(&mut *self.writer.lock().await)
            .await?;
        Ok(())
    }

    async fn insert_plaid_token(&self, t: &PlaidTokenRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO plaid_tokens (token_hash, kind, client_id, item_id, created_at, \
             expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&t.token_hash)
        .bind(&t.kind)
        .bind(t.client_id.as_str())
        .bind(&t.item_id)
        .bind(t.created_at)
        .bind(t.expires_at)
        .bind(t.used_at)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn find_plaid_token(&self, token_hash: &str) -> StoreResult<Option<PlaidTokenRecord>> {
        let row = sqlx::query("SELECT * FROM plaid_tokens WHERE token_hash = ?")
            .bind(token_hash)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(token_from_row).transpose()
    }

    async fn use_plaid_token(&self, token_hash: &str, at: OffsetDateTime) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE plaid_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
        )
        .bind(at)
        .bind(token_hash)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn plaid_configuration(
        &self,
        client: &ClientId,
    ) -> StoreResult<Option<PlaidConfigRecord>> {
        let row = sqlx::query("SELECT * FROM plaid_configurations WHERE client_id = ?")
            .bind(client.as_str())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(config_from_row).transpose()
    }

    async fn plaid_items_without_webhook(
        &self,
        client: &ClientId,
    ) -> StoreResult<Vec<PlaidItemRecord>> {
        let rows = sqlx::query(
            "SELECT * FROM plaid_items WHERE client_id = ? AND removed_at IS NULL \
             AND (webhook IS NULL OR webhook = '') ORDER BY created_at, item_id",
        )
        .bind(client.as_str())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(item_from_row).collect()
    }
}
