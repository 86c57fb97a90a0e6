//! Manual and partner-managed accounts and transactions: plain inserts and full-row
//! updates, where aggregation upserts by connector id.

use super::members::member_from_row;
use super::PgStore;
use crate::sqlite::encode_figures;
use crate::sqlite::encode_flags;
use crate::{MemberRecord, StoreResult, SuppliedRepo};
use async_trait::async_trait;
use polyfin_domain::account::Account;
use polyfin_domain::ids::{AccountGuid, ClientId, TransactionGuid, UserGuid};
use polyfin_domain::origin::Origin;
use polyfin_domain::transaction::Transaction;

#[async_trait]
impl SuppliedRepo for PgStore {
    async fn find_manual_member(
        &self,
        client: &ClientId,
        user: &UserGuid,
    ) -> StoreResult<Option<MemberRecord>> {
        let row = sqlx::query(
            "SELECT * FROM members WHERE client_id = $1 AND user_guid = $2 AND origin = $3 \
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
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)",
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
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn save_account(&self, a: &Account) -> StoreResult<()> {
        sqlx::query(
            "UPDATE accounts SET external_id = $1, partner_id = $2, name = $3, nickname = $4, \
             account_type = $5, subtype = $6, account_number_mask = $7, routing_number = $8, \
             property_type = $9, currency_code = $10, figures = $11, is_closed = $12, is_hidden = $13, \
             metadata = $14, updated_at = $15 WHERE guid = $16 AND client_id = $17",
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
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn delete_account(&self, client: &ClientId, guid: &AccountGuid) -> StoreResult<bool> {
        // Transactions and premium rows go with it (ON DELETE CASCADE).
        let result = sqlx::query("DELETE FROM accounts WHERE guid = $1 AND client_id = $2")
            .bind(guid.as_str())
            .bind(client.as_str())
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    async fn insert_transaction(&self, transaction: &Transaction) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        super::ingest::insert_transaction(&mut tx, transaction).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn save_transaction(&self, t: &Transaction) -> StoreResult<()> {
        sqlx::query(
            "UPDATE transactions SET external_id = $1, partner_id = $2, amount = $3, kind = $4, \
             status = $5, date = $6, transacted_at = $7, posted_at = $8, original_description = $9, \
             description = $10, memo = $11, category_guid = $12, merchant_category_code = $13, \
             merchant_name = $14, check_number = $15, currency_code = $16, latitude = $17, longitude = $18, \
             flags = $19, metadata = $20, updated_at = $21 WHERE guid = $22 AND client_id = $23",
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
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn delete_transaction(
        &self,
        client: &ClientId,
        guid: &TransactionGuid,
        at: time::OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let removed =
            super::removals::remove(&mut tx, client, std::slice::from_ref(guid), false, at).await?;
        tx.commit().await?;
        Ok(!removed.is_empty())
    }
}
