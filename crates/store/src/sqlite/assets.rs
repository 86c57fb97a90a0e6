use super::webhooks::insert_rows;
use super::SqliteStore;
use crate::{AssetReportRecord, AssetReportRepo, AuditCopyRecord, OutboxRow, StoreResult};
use async_trait::async_trait;
use polyfin_domain::ids::ClientId;
use sqlx::sqlite::SqliteRow;
use sqlx::Connection;
use sqlx::Row;
use time::OffsetDateTime;

fn report_from_row(row: &SqliteRow) -> StoreResult<AssetReportRecord> {
    Ok(AssetReportRecord {
        asset_report_id: row.try_get("asset_report_id")?,
        token_hash: row.try_get("token_hash")?,
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        report: row.try_get("report")?,
        created_at: row.try_get("created_at")?,
        removed_at: row.try_get("removed_at")?,
    })
}

fn copy_from_row(row: &SqliteRow) -> StoreResult<AuditCopyRecord> {
    Ok(AuditCopyRecord {
        token_hash: row.try_get("token_hash")?,
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        asset_report_id: row.try_get("asset_report_id")?,
        auditor_id: row.try_get("auditor_id")?,
        created_at: row.try_get("created_at")?,
        removed_at: row.try_get("removed_at")?,
    })
}

#[async_trait]
impl AssetReportRepo for SqliteStore {
    async fn insert_asset_report(
        &self,
        r: &AssetReportRecord,
        webhooks: &[OutboxRow],
    ) -> StoreResult<()> {
        let mut writer = self.writer.lock().await;
        let mut tx = writer.begin().await?;
        sqlx::query(
            "INSERT INTO asset_reports (asset_report_id, token_hash, client_id, report, \
             created_at, removed_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(&r.asset_report_id)
        .bind(&r.token_hash)
        .bind(r.client_id.as_str())
        .bind(&r.report)
        .bind(r.created_at)
        .bind(r.removed_at)
        .execute(&mut *tx)
        .await?;
        insert_rows(&mut tx, webhooks).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn find_asset_report(
        &self,
        client: &ClientId,
        token_hash: &str,
    ) -> StoreResult<Option<AssetReportRecord>> {
        let row = sqlx::query(
            "SELECT * FROM asset_reports WHERE token_hash = ? AND client_id = ? \
             AND removed_at IS NULL",
        )
        .bind(token_hash)
        .bind(client.as_str())
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(report_from_row).transpose()
    }

    async fn find_asset_report_by_id(
        &self,
        asset_report_id: &str,
    ) -> StoreResult<Option<AssetReportRecord>> {
        let row = sqlx::query(
            "SELECT * FROM asset_reports WHERE asset_report_id = ? AND removed_at IS NULL",
        )
        .bind(asset_report_id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(report_from_row).transpose()
    }

    async fn remove_asset_report(
        &self,
        client: &ClientId,
        asset_report_id: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut writer = self.writer.lock().await;
        let mut tx = writer.begin().await?;
        let done = sqlx::query(
            "UPDATE asset_reports SET removed_at = ? WHERE asset_report_id = ? AND client_id = ? \
             AND removed_at IS NULL",
        )
        .bind(at)
        .bind(asset_report_id)
        .bind(client.as_str())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE asset_report_audit_copies SET removed_at = ? WHERE asset_report_id = ? \
             AND removed_at IS NULL",
        )
        .bind(at)
        .bind(asset_report_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    async fn insert_audit_copy(&self, c: &AuditCopyRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO asset_report_audit_copies (token_hash, client_id, asset_report_id, \
             auditor_id, created_at, removed_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(&c.token_hash)
        .bind(c.client_id.as_str())
        .bind(&c.asset_report_id)
        .bind(&c.auditor_id)
        .bind(c.created_at)
        .bind(c.removed_at)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn find_audit_copy(&self, token_hash: &str) -> StoreResult<Option<AuditCopyRecord>> {
        let row = sqlx::query(
            "SELECT * FROM asset_report_audit_copies WHERE token_hash = ? AND removed_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(copy_from_row).transpose()
    }

    async fn remove_audit_copy(
        &self,
        client: &ClientId,
        token_hash: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE asset_report_audit_copies SET removed_at = ? WHERE token_hash = ? \
             AND client_id = ? AND removed_at IS NULL",
        )
        .bind(at)
        .bind(token_hash)
        .bind(client.as_str())
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
