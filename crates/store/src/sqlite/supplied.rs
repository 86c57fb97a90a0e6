//! Manual and partner-managed accounts and transactions: plain inserts and full-row
//! updates, where aggregation upserts by connector id.

use super::accounts::encode_figures;
use super::members::member_from_row;
use super::transactions::encode_flags;
use super::SqliteStore;
use crate::{MemberRecord, StoreResult, SuppliedRepo};
use async_trait::async_trait;
use polyfin_domain::account::Account;
use polyfin_domain::ids::{AccountGuid, ClientId, TransactionGuid, UserGuid};
use polyfin_domain::origin::Origin;
use polyfin_domain::transaction::Transaction;
use sqlx::Connection;

#[async_trait]
impl SuppliedRepo for SqliteStore {
    async fn find_manual_member(
        &self,
        client: &ClientId,
        user: &UserGuid,
    ) -> StoreResult<Option<MemberRecord>> {
        let row = sqlx::query(
            "SELECT * FROM members WHERE client_id = ? AND user_guid = ? AND origin = ? \
             AND deleted_at IS NULL",
        )
        .bind(client.as_str())
        .bind(user.as_str())
        .bind(Origin::Manual.name())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(member_from_row).transpose()
    }

    async fn insert_account(&self, a: &Account) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO accounts (guid, client_id, user_guid, member_guid, external_id, partner_id, \
             institution_code, name, nickname, account_type, subtype, account_number_mask, \
             routing_number, property_type, currency_code, figures, is_closed, is_hidden, metadata, \
             origin, created_at, updated_at, imported_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        .bind(&a.routing_number)
        .bind(&a.property_type)
        .bind(&a.currency_code)
        .bind(encode_figures(&a.figures)?)
        .bind(a.is_closed)
        .bind(a.is_hidden)
        .bind(&a.metadata)
        .bind(a.origin.name())
        .bind(a.created_at)
        .bind(a.updated_at)
        .bind(a.imported_at)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn save_account(&self, a: &Account) -> StoreResult<()> {
        sqlx::query(
            "UPDATE accounts SET external_id = ?, partner_id = ?, name = ?, nickname = ?, \
             account_type = ?, subtype = ?, account_number_mask = ?, routing_number = ?, \
             property_type = ?, currency_code = ?, figures = ?, is_closed = ?, is_hidden = ?, \
             metadata = ?, updated_at = ? WHERE guid = ? AND client_id = ?",
        )
        .bind(&a.external_id)
        .bind(&a.id)
        .bind(&a.name)
        .bind(&a.nickname)
        .bind(&a.account_type)
        .bind(&a.subtype)
        .bind(&a.account_number_mask)
        .bind(&a.routing_number)
        .bind(&a.property_type)
        .bind(&a.currency_code)
        .bind(encode_figures(&a.figures)?)
        .bind(a.is_closed)
        .bind(a.is_hidden)
        .bind(&a.metadata)
        .bind(a.updated_at)
        .bind(a.guid.as_str())
        .bind(a.client_id.as_str())
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn delete_account(&self, client: &ClientId, guid: &AccountGuid) -> StoreResult<bool> {
        // Transactions and premium rows go with it (ON DELETE CASCADE).
        let result = sqlx::query("DELETE FROM accounts WHERE guid = ? AND client_id = ?")
            .bind(guid.as_str())
            .bind(client.as_str())
            .execute(&mut *self.writer.lock().await)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    async fn insert_transaction(&self, transaction: &Transaction) -> StoreResult<()> {
        let mut writer = self.writer.lock().await;
        let mut tx = writer.begin().await?;
        super::ingest::insert_transaction(&mut tx, transaction).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn save_transaction(&self, t: &Transaction) -> StoreResult<()> {
        sqlx::query(
            "UPDATE transactions SET external_id = ?, partner_id = ?, amount = ?, kind = ?, \
             status = ?, date = ?, transacted_at = ?, posted_at = ?, original_description = ?, \
             description = ?, memo = ?, category_guid = ?, merchant_category_code = ?, \
             merchant_name = ?, check_number = ?, currency_code = ?, latitude = ?, longitude = ?, \
             flags = ?, metadata = ?, updated_at = ? WHERE guid = ? AND client_id = ?",
        )
        .bind(&t.external_id)
        .bind(&t.id)
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
        .bind(t.updated_at)
        .bind(t.guid.as_str())
        .bind(t.client_id.as_str())
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn delete_transaction(
        &self,
        client: &ClientId,
        guid: &TransactionGuid,
        at: time::OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut writer = self.writer.lock().await;
        let mut tx = writer.begin().await?;
        let removed =
            super::removals::remove(&mut tx, client, std::slice::from_ref(guid), false, at).await?;
        tx.commit().await?;
        Ok(!removed.is_empty())
    }
}
