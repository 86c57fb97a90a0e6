use super::cells::Cells;
use super::{transaction_page, SqliteStore};
use crate::{StoreError, StoreResult, TransactionQuery, TransactionRepo};
use async_trait::async_trait;
use polyfin_domain::ids::{
    AccountGuid, CategoryGuid, ClientId, MemberGuid, TransactionGuid, UserGuid,
};
use polyfin_domain::origin::Origin;
use polyfin_domain::page::Page;
use polyfin_domain::transaction::{
    Transaction, TransactionFlags, TransactionKind, TransactionStatus,
};
use rust_decimal::Decimal;

const FLAG_BITS: [fn(&mut TransactionFlags) -> &mut bool; 10] = [
    |f| &mut f.is_bill_pay,
    |f| &mut f.is_direct_deposit,
    |f| &mut f.is_expense,
    |f| &mut f.is_fee,
    |f| &mut f.is_income,
    |f| &mut f.is_overdraft_fee,
    |f| &mut f.is_payroll_advance,
    |f| &mut f.is_subscription,
    |f| &mut f.is_recurring,
    |f| &mut f.is_international,
];

pub(crate) fn encode_flags(flags: TransactionFlags) -> i64 {
    let mut copy = flags;
    FLAG_BITS
        .iter()
        .enumerate()
        .filter(|(_, get)| *get(&mut copy))
        .map(|(bit, _)| 1i64 << bit)
        .sum()
}

pub(crate) fn decode_flags(bits: i64) -> TransactionFlags {
    let mut flags = TransactionFlags::default();
    for (bit, get) in FLAG_BITS.iter().enumerate() {
        *get(&mut flags) = bits & (1 << bit) != 0;
    }
    flags
}

pub(super) fn decimal(row: &impl Cells, column: &str) -> StoreResult<Option<Decimal>> {
    let text: Option<String> = row.cell(column)?;
    text.map(|t| {
        t.parse::<Decimal>()
            .map_err(|e| StoreError::Corrupt(format!("{column}: {e}")))
    })
    .transpose()
}

pub(super) fn transaction_from_row(row: &impl Cells) -> StoreResult<Transaction> {
    let kind: String = row.cell("kind")?;
    let status: String = row.cell("status")?;
    let mcc: Option<i64> = row.cell("merchant_category_code")?;
    let origin: String = row.cell("origin")?;
    Ok(Transaction {
        guid: TransactionGuid::from_stored(row.cell("guid")?),
        client_id: ClientId::from_stored(row.cell("client_id")?),
        user_guid: UserGuid::from_stored(row.cell("user_guid")?),
        member_guid: MemberGuid::from_stored(row.cell("member_guid")?),
        account_guid: AccountGuid::from_stored(row.cell("account_guid")?),
        external_id: row.cell("external_id")?,
        id: row.cell("partner_id")?,
        origin: Origin::parse(&origin)
            .ok_or_else(|| StoreError::Corrupt(format!("origin {origin}")))?,
        amount: decimal(row, "amount")?.unwrap_or_default(),
        kind: TransactionKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("kind {kind}")))?,
        status: TransactionStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("status {status}")))?,
        date: row.cell("date")?,
        transacted_at: row.cell("transacted_at")?,
        posted_at: row.cell("posted_at")?,
        original_description: row.cell("original_description")?,
        description: row.cell("description")?,
        memo: row.cell("memo")?,
        category_guid: CategoryGuid::from_stored(row.cell("category_guid")?),
        merchant_category_code: mcc.and_then(|c| u32::try_from(c).ok()),
        merchant_name: row.cell("merchant_name")?,
        check_number: row.cell("check_number")?,
        currency_code: row.cell("currency_code")?,
        latitude: decimal(row, "latitude")?,
        longitude: decimal(row, "longitude")?,
        flags: decode_flags(row.cell("flags")?),
        metadata: row.cell("metadata")?,
        created_at: row.cell("created_at")?,
        updated_at: row.cell("updated_at")?,
    })
}

#[async_trait]
impl TransactionRepo for SqliteStore {
    /// One statement reads the page (in index order) and its total, from one snapshot.
    async fn list_transaction_range(
        &self,
        client: &ClientId,
        query: &TransactionQuery,
        offset: u64,
        limit: u64,
    ) -> StoreResult<Page<Transaction>> {
        self.direct
            .read(|db| transaction_page::read_page(db, client, query, offset, limit))
    }

    async fn find_transaction(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &TransactionGuid,
    ) -> StoreResult<Option<Transaction>> {
        let row = sqlx::query(
            "SELECT * FROM transactions WHERE guid = ? AND client_id = ? AND user_guid = ?",
        )
        .bind(guid.as_str())
        .bind(client.as_str())
        .bind(user.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(transaction_from_row).transpose()
    }

    async fn update_transaction(&self, t: &Transaction) -> StoreResult<()> {
        sqlx::query(
            "UPDATE transactions SET date = ?, description = ?, memo = ?, category_guid = ?, \
             flags = ?, metadata = ?, updated_at = ? WHERE guid = ? AND client_id = ?",
        )
        .bind(t.date)
        .bind(&t.description)
        .bind(&t.memo)
        .bind(t.category_guid.as_str())
        .bind(encode_flags(t.flags))
        .bind(&t.metadata)
        .bind(t.updated_at)
        .bind(t.guid.as_str())
        .bind(t.client_id.as_str())
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn pending_transactions(
        &self,
        member: &MemberGuid,
        from: time::Date,
    ) -> StoreResult<Vec<crate::PendingTransaction>> {
        super::removals::pending(&self.pool, member, from).await
    }

    async fn transaction_removals(
        &self,
        client: &ClientId,
        member: &MemberGuid,
    ) -> StoreResult<Vec<crate::TransactionRemoval>> {
        super::removals::of_member(&self.pool, client, member).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_round_trip() {
        let flags = TransactionFlags {
            is_expense: true,
            is_subscription: true,
            is_international: true,
            ..TransactionFlags::default()
        };
        assert_eq!(decode_flags(encode_flags(flags)), flags);
        assert_eq!(decode_flags(0), TransactionFlags::default());
    }
}
