use super::{flag, SqliteStore};
use crate::{OAuthRepo, OAuthStateRecord, StoreResult};
use async_trait::async_trait;
use polyfin_domain::ids::{ClientId, MemberGuid, UserGuid};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

fn state_from_row(row: &SqliteRow) -> StoreResult<OAuthStateRecord> {
    Ok(OAuthStateRecord {
        guid: row.try_get("guid")?,
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        user_guid: UserGuid::from_stored(row.try_get("user_guid")?),
        member_guid: MemberGuid::from_stored(row.try_get("member_guid")?),
        token_hash: row.try_get("token_hash")?,
        referral_source: row.try_get("referral_source")?,
        ui_message_webview_url_scheme: row.try_get("ui_message_webview_url_scheme")?,
        client_redirect_url: row.try_get("client_redirect_url")?,
        skip_aggregation: flag(row.try_get("skip_aggregation")?),
        status: row.try_get("status")?,
        error_reason: row.try_get("error_reason")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

#[async_trait]
impl OAuthRepo for SqliteStore {
    async fn insert_oauth_state(&self, s: &OAuthStateRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO oauth_states (guid, client_id, user_guid, member_guid, token_hash, referral_source, \
             ui_message_webview_url_scheme, client_redirect_url, skip_aggregation, status, error_reason, \
             created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&s.guid)
        .bind(s.client_id.as_str())
        .bind(s.user_guid.as_str())
        .bind(s.member_guid.as_str())
        .bind(&s.token_hash)
        .bind(&s.referral_source)
        .bind(&s.ui_message_webview_url_scheme)
        .bind(&s.client_redirect_url)
        .bind(s.skip_aggregation)
        .bind(&s.status)
        .bind(&s.error_reason)
        .bind(s.created_at)
        .bind(s.updated_at)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn find_oauth_state_by_token(
        &self,
        token_hash: &str,
    ) -> StoreResult<Option<OAuthStateRecord>> {
        let row = sqlx::query("SELECT * FROM oauth_states WHERE token_hash = ?")
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(state_from_row).transpose()
    }

    async fn update_oauth_state(&self, s: &OAuthStateRecord) -> StoreResult<()> {
        sqlx::query(
            "UPDATE oauth_states SET status = ?, error_reason = ?, updated_at = ? WHERE guid = ?",
        )
        .bind(&s.status)
        .bind(&s.error_reason)
        .bind(s.updated_at)
        .bind(&s.guid)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn list_oauth_states(
        &self,
        client: &ClientId,
        user: &UserGuid,
    ) -> StoreResult<Vec<OAuthStateRecord>> {
        let rows = sqlx::query(
            "SELECT * FROM oauth_states WHERE client_id = ? AND user_guid = ? \
             ORDER BY created_at DESC, rowid DESC",
        )
        .bind(client.as_str())
        .bind(user.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(state_from_row).collect()
    }
}
