use super::SqliteStore;
use crate::{MicroDepositRepo, OutboxRow, StoreError, StoreResult};
use async_trait::async_trait;
use polyfin_domain::ids::{ClientId, MicroDepositGuid, UserGuid};
use polyfin_domain::micro_deposit::{MicroDeposit, MicroDepositStatus};
use polyfin_domain::page::{Page, PageRequest};
use sqlx::sqlite::SqliteRow;
use sqlx::Connection;
use sqlx::Row;
use time::OffsetDateTime;

fn micro_deposit_from_row(row: &SqliteRow) -> StoreResult<MicroDeposit> {
    let status: String = row.try_get("status")?;
    let attempts: i64 = row.try_get("attempts")?;
    Ok(MicroDeposit {
        guid: MicroDepositGuid::from_stored(row.try_get("guid")?),
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        user_guid: UserGuid::from_stored(row.try_get("user_guid")?),
        account_name: row.try_get("account_name")?,
        account_number: row.try_get("account_number")?,
        account_type: row.try_get("account_type")?,
        routing_number: row.try_get("routing_number")?,
        email: row.try_get("email")?,
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        status: MicroDepositStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("micro-deposit status {status}")))?,
        attempts: u8::try_from(attempts).unwrap_or(u8::MAX),
        error_message: row.try_get("error_message")?,
        deposit_expected_at: row.try_get("deposit_expected_at")?,
        verified_at: row.try_get("verified_at")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Only micro-deposits of live users are visible.
const LIVE: &str = "SELECT d.* FROM micro_deposits d JOIN users u ON u.guid = d.user_guid \
                    WHERE u.deleted_at IS NULL";

#[async_trait]
impl MicroDepositRepo for SqliteStore {
    async fn insert_micro_deposit(&self, d: &MicroDeposit) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO micro_deposits (guid, client_id, user_guid, account_name, account_number, \
             account_type, routing_number, email, first_name, last_name, status, attempts, \
             error_message, deposit_expected_at, verified_at, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(d.guid.as_str())
        .bind(d.client_id.as_str())
        .bind(d.user_guid.as_str())
        .bind(&d.account_name)
        .bind(&d.account_number)
        .bind(&d.account_type)
        .bind(&d.routing_number)
        .bind(&d.email)
        .bind(&d.first_name)
        .bind(&d.last_name)
        .bind(d.status.name())
        .bind(i64::from(d.attempts))
        .bind(&d.error_message)
        .bind(d.deposit_expected_at)
        .bind(d.verified_at)
        .bind(d.created_at)
        .bind(d.updated_at)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn find_micro_deposit(
        &self,
        client: &ClientId,
        user: Option<&UserGuid>,
        guid: &MicroDepositGuid,
    ) -> StoreResult<Option<MicroDeposit>> {
        let sql =
            format!("{LIVE} AND d.guid = ? AND d.client_id = ? AND (? IS NULL OR d.user_guid = ?)");
        let user = user.map(UserGuid::as_str);
        let row = sqlx::query(&sql)
            .bind(guid.as_str())
            .bind(client.as_str())
            .bind(user)
            .bind(user)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(micro_deposit_from_row).transpose()
    }

    async fn list_micro_deposits(
        &self,
        client: &ClientId,
        user: &UserGuid,
        page: PageRequest,
    ) -> StoreResult<Page<MicroDeposit>> {
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM micro_deposits WHERE client_id = ? AND user_guid = ?",
        )
        .bind(client.as_str())
        .bind(user.as_str())
        .fetch_one(&self.pool)
        .await?;
        let sql = format!(
            "{LIVE} AND d.client_id = ? AND d.user_guid = ? ORDER BY d.seq LIMIT ? OFFSET ?"
        );
        let rows = sqlx::query(&sql)
            .bind(client.as_str())
            .bind(user.as_str())
            .bind(i64::try_from(page.limit()).unwrap_or(i64::MAX))
            .bind(i64::try_from(page.offset()).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await?;
        Ok(Page {
            items: rows
                .iter()
                .map(micro_deposit_from_row)
                .collect::<StoreResult<_>>()?,
            total: u64::try_from(total).unwrap_or(0),
        })
    }

    async fn save_micro_deposit(
        &self,
        d: &MicroDeposit,
        expected_updated_at: OffsetDateTime,
    ) -> StoreResult<bool> {
        self.save_micro_deposit_with_webhooks(d, expected_updated_at, &[])
            .await
    }

    async fn save_micro_deposit_with_webhooks(
        &self,
        d: &MicroDeposit,
        expected_updated_at: OffsetDateTime,
        rows: &[OutboxRow],
    ) -> StoreResult<bool> {
        let mut writer = self.writer.lock().await;
        let mut tx = writer.begin().await?;
        let result = sqlx::query(
            "UPDATE micro_deposits SET account_name = ?, account_number = ?, account_type = ?, \
             routing_number = ?, email = ?, first_name = ?, last_name = ?, status = ?, \
             attempts = ?, error_message = ?, deposit_expected_at = ?, verified_at = ?, \
             updated_at = ? WHERE guid = ? AND client_id = ? AND updated_at = ?",
        )
        .bind(&d.account_name)
        .bind(&d.account_number)
        .bind(&d.account_type)
        .bind(&d.routing_number)
        .bind(&d.email)
        .bind(&d.first_name)
        .bind(&d.last_name)
        .bind(d.status.name())
        .bind(i64::from(d.attempts))
        .bind(&d.error_message)
        .bind(d.deposit_expected_at)
        .bind(d.verified_at)
        .bind(d.updated_at)
        .bind(d.guid.as_str())
        .bind(d.client_id.as_str())
        .bind(expected_updated_at)
        .execute(&mut *tx)
        .await?;
        let saved = result.rows_affected() == 1;
        if saved {
            super::webhooks::insert_rows(&mut tx, rows).await?;
        }
        tx.commit().await?;
        Ok(saved)
    }

    async fn delete_micro_deposit(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &MicroDepositGuid,
    ) -> StoreResult<bool> {
        let result = sqlx::query(
            "DELETE FROM micro_deposits WHERE guid = ? AND client_id = ? AND user_guid = ?",
        )
        .bind(guid.as_str())
        .bind(client.as_str())
        .bind(user.as_str())
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    async fn micro_deposits_due(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<MicroDeposit>> {
        let sql = format!(
            "{LIVE} AND d.status = ? AND d.deposit_expected_at <= ? ORDER BY d.deposit_expected_at LIMIT ?"
        );
        let rows = sqlx::query(&sql)
            .bind(MicroDepositStatus::Initiated.name())
            .bind(now)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(micro_deposit_from_row).collect()
    }

    async fn micro_deposits_expiring(
        &self,
        landed_by: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<MicroDeposit>> {
        let sql = format!(
            "{LIVE} AND d.status IN (?, ?) AND d.deposit_expected_at <= ? \
             ORDER BY d.deposit_expected_at LIMIT ?"
        );
        let rows = sqlx::query(&sql)
            .bind(MicroDepositStatus::Deposited.name())
            .bind(MicroDepositStatus::Denied.name())
            .bind(landed_by)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(micro_deposit_from_row).collect()
    }
}
