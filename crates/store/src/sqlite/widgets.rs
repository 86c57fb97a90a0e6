use super::SqliteStore;
use crate::{StoreResult, WidgetRepo, WidgetSessionRecord};
use async_trait::async_trait;
use polyfin_domain::ids::{ClientId, UserGuid};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use time::OffsetDateTime;

fn session_from_row(row: &SqliteRow) -> StoreResult<WidgetSessionRecord> {
    Ok(WidgetSessionRecord {
        token_hash: row.try_get("token_hash")?,
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        user_guid: UserGuid::from_stored(row.try_get("user_guid")?),
        widget_type: row.try_get("widget_type")?,
        options: row.try_get("options")?,
        language: row.try_get("language")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        used_at: row.try_get("used_at")?,
    })
}

#[async_trait]
impl WidgetRepo for SqliteStore {
    async fn insert_widget_session(&self, s: &WidgetSessionRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO widget_sessions (token_hash, client_id, user_guid, widget_type, options, \
             language, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&s.token_hash)
        .bind(s.client_id.as_str())
        .bind(s.user_guid.as_str())
        .bind(&s.widget_type)
        .bind(&s.options)
        .bind(&s.language)
        .bind(s.created_at)
        .bind(s.expires_at)
        .bind(s.used_at)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn take_widget_session(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<WidgetSessionRecord>> {
        // One statement marks it used, so two concurrent loads cannot both get it.
        let row = sqlx::query(
            "UPDATE widget_sessions SET used_at = ? WHERE token_hash = ? AND used_at IS NULL \
             AND expires_at > ? AND EXISTS (SELECT 1 FROM users u \
             WHERE u.guid = widget_sessions.user_guid AND u.deleted_at IS NULL) RETURNING *",
        )
        .bind(now)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *self.writer.lock().await)
        .await?;
        row.as_ref().map(session_from_row).transpose()
    }

    async fn purge_widget_sessions(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let result = sqlx::query("DELETE FROM widget_sessions WHERE expires_at < ?")
            .bind(before)
            .execute(&mut *self.writer.lock().await)
            .await?;
        Ok(result.rows_affected())
    }
}
