use super::SqliteStore;
use crate::{ApiClientRecord, ClientRepo, StoreResult};
use async_trait::async_trait;
use polyfin_domain::ids::ClientId;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use time::OffsetDateTime;

fn client_from_row(row: &SqliteRow) -> StoreResult<ApiClientRecord> {
    Ok(ApiClientRecord {
        id: ClientId::from_stored(row.try_get("id")?),
        name: row.try_get("name")?,
        key_hash: row.try_get("key_hash")?,
        created_at: row.try_get("created_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

#[async_trait]
impl ClientRepo for SqliteStore {
    async fn insert_client(&self, client: &ApiClientRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO api_clients (id, name, key_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(client.id.as_str())
        .bind(&client.name)
        .bind(&client.key_hash)
        .bind(client.created_at)
        .bind(client.revoked_at)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn find_client(&self, id: &ClientId) -> StoreResult<Option<ApiClientRecord>> {
        let row = sqlx::query("SELECT * FROM api_clients WHERE id = ?")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(client_from_row).transpose()
    }

    async fn list_clients(&self) -> StoreResult<Vec<ApiClientRecord>> {
        let rows = sqlx::query("SELECT * FROM api_clients ORDER BY created_at, id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(client_from_row).collect()
    }

    async fn revoke_client(&self, id: &ClientId, at: OffsetDateTime) -> StoreResult<bool> {
        let result = sqlx::query(
            "UPDATE api_clients SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
        )
        .bind(at)
        .bind(id.as_str())
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    async fn count_clients(&self) -> StoreResult<u64> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_clients")
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    async fn client_generation(&self) -> StoreResult<i64> {
        self.direct.read(|db| {
            let mut statement =
                db.prepare_cached("SELECT generation FROM api_client_generation WHERE id = 1")?;
            Ok(statement.query_row([], |row| row.get(0))?)
        })
    }
}
