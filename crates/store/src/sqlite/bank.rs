use super::SqliteStore;
use crate::{BankLoginRecord, BankRecord, BankRepo, BankTokenRecord, StoreResult};
use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use sqlx::Connection;
use sqlx::Row;
use time::OffsetDateTime;

fn bank_from_row(row: &SqliteRow) -> StoreResult<BankRecord> {
    Ok(BankRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        routing_number: row.try_get("routing_number")?,
        state: row.try_get("state")?,
        version: row.try_get("version")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn login_from_row(row: &SqliteRow) -> StoreResult<BankLoginRecord> {
    Ok(BankLoginRecord {
        bank_id: row.try_get("bank_id")?,
        username: row.try_get("username")?,
        customer_id: row.try_get("customer_id")?,
        password_hash: row.try_get("password_hash")?,
        created_at: row.try_get("created_at")?,
    })
}

fn token_from_row(row: &SqliteRow) -> StoreResult<BankTokenRecord> {
    Ok(BankTokenRecord {
        token_hash: row.try_get("token_hash")?,
        bank_id: row.try_get("bank_id")?,
        customer_id: row.try_get("customer_id")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

#[async_trait]
impl BankRepo for SqliteStore {
    async fn insert_bank(&self, bank: &BankRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO banks (id, name, routing_number, state, version, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&bank.id)
        .bind(&bank.name)
        .bind(&bank.routing_number)
        .bind(&bank.state)
        .bind(bank.version)
        .bind(bank.created_at)
        .bind(bank.updated_at)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn find_bank(&self, id: &str) -> StoreResult<Option<BankRecord>> {
        let row = sqlx::query("SELECT * FROM banks WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(bank_from_row).transpose()
    }

    async fn bank_version(&self, id: &str) -> StoreResult<Option<i64>> {
        let row = sqlx::query("SELECT version FROM banks WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get("version")).transpose()?)
    }

    async fn list_banks(&self) -> StoreResult<Vec<BankRecord>> {
        let rows = sqlx::query("SELECT * FROM banks ORDER BY created_at, id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(bank_from_row).collect()
    }

    async fn save_bank_state(
        &self,
        id: &str,
        expected: i64,
        state: &str,
        at: OffsetDateTime,
        login: Option<&BankLoginRecord>,
    ) -> StoreResult<bool> {
        let mut writer = self.writer.lock().await;
        let mut tx = writer.begin().await?;
        let updated = sqlx::query(
            "UPDATE banks SET state = ?, version = version + 1, updated_at = ? \
             WHERE id = ? AND version = ?",
        )
        .bind(state)
        .bind(at)
        .bind(id)
        .bind(expected)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() != 1 {
            return Ok(false);
        }
        if let Some(login) = login {
            sqlx::query(
                "INSERT INTO bank_logins (bank_id, username, customer_id, password_hash, created_at) \
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind(&login.bank_id)
            .bind(&login.username)
            .bind(&login.customer_id)
            .bind(&login.password_hash)
            .bind(login.created_at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn find_bank_login(
        &self,
        bank_id: &str,
        username: &str,
    ) -> StoreResult<Option<BankLoginRecord>> {
        let row = sqlx::query("SELECT * FROM bank_logins WHERE bank_id = ? AND username = ?")
            .bind(bank_id)
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(login_from_row).transpose()
    }

    async fn insert_bank_token(&self, t: &BankTokenRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO bank_tokens (token_hash, bank_id, customer_id, created_at, expires_at, revoked_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(&t.token_hash)
        .bind(&t.bank_id)
        .bind(&t.customer_id)
        .bind(t.created_at)
        .bind(t.expires_at)
        .bind(t.revoked_at)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn find_bank_token(&self, token_hash: &str) -> StoreResult<Option<BankTokenRecord>> {
        let row = sqlx::query("SELECT * FROM bank_tokens WHERE token_hash = ?")
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(token_from_row).transpose()
    }

    async fn revoke_bank_token(&self, token_hash: &str, at: OffsetDateTime) -> StoreResult<bool> {
        let result = sqlx::query(
            "UPDATE bank_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
        )
        .bind(at)
        .bind(token_hash)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(result.rows_affected() == 1)
    }
}
