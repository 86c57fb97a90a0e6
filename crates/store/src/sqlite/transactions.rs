use super::accounts::push_scope;
use super::SqliteStore;
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
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};

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

pub(super) fn decimal(row: &SqliteRow, column: &str) -> StoreResult<Option<Decimal>> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| {
        t.parse::<Decimal>()
            .map_err(|e| StoreError::Corrupt(format!("{column}: {e}")))
    })
    .transpose()
}

pub(super) fn transaction_from_row(row: &SqliteRow) -> StoreResult<Transaction> {
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    let mcc: Option<i64> = row.try_get("merchant_category_code")?;
    let origin: String = row.try_get("origin")?;
    Ok(Transaction {
        guid: TransactionGuid::from_stored(row.try_get("guid")?),
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        user_guid: UserGuid::from_stored(row.try_get("user_guid")?),
        member_guid: MemberGuid::from_stored(row.try_get("member_guid")?),
        account_guid: AccountGuid::from_stored(row.try_get("account_guid")?),
        external_id: row.try_get("external_id")?,
        id: row.try_get("partner_id")?,
        origin: Origin::parse(&origin)
            .ok_or_else(|| StoreError::Corrupt(format!("origin {origin}")))?,
        amount: decimal(row, "amount")?.unwrap_or_default(),
        kind: TransactionKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("kind {kind}")))?,
        status: TransactionStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("status {status}")))?,
        date: row.try_get("date")?,
        transacted_at: row.try_get("transacted_at")?,
        posted_at: row.try_get("posted_at")?,
        original_description: row.try_get("original_description")?,
        description: row.try_get("description")?,
        memo: row.try_get("memo")?,
        category_guid: CategoryGuid::from_stored(row.try_get("category_guid")?),
        merchant_category_code: mcc.and_then(|c| u32::try_from(c).ok()),
        merchant_name: row.try_get("merchant_name")?,
        check_number: row.try_get("check_number")?,
        currency_code: row.try_get("currency_code")?,
        latitude: decimal(row, "latitude")?,
        longitude: decimal(row, "longitude")?,
        flags: decode_flags(row.try_get("flags")?),
        metadata: row.try_get("metadata")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn push_query<'a>(
    builder: &mut QueryBuilder<'a, Sqlite>,
    client: &'a ClientId,
    query: &'a TransactionQuery,
) {
    push_scope(builder, client, &query.scope, "account_guid");
    push_accounts(builder, query);
    builder.push(" AND date >= ").push_bind(query.from);
    builder.push(" AND date <= ").push_bind(query.to);
}

/// Narrows to the query's accounts when it names some (never called with none).
fn push_accounts<'a>(builder: &mut QueryBuilder<'a, Sqlite>, query: &'a TransactionQuery) {
    let Some(accounts) = &query.accounts else {
        return;
    };
    builder.push(" AND account_guid IN (");
    let mut list = builder.separated(", ");
    for account in accounts {
        list.push_bind(account.as_str());
    }
    builder.push(")");
}

/// The window's total from the per-account counts (migration 0014): their sum when
/// the window holds every in-scope account's range of days, else NULL.
fn push_counted_total<'a>(
    builder: &mut QueryBuilder<'a, Sqlite>,
    client: &'a ClientId,
    query: &'a TransactionQuery,
) {
    builder
        .push("(SELECT CASE WHEN MIN(first_date) >= ")
        .push_bind(query.from)
        .push(" AND MAX(last_date) <= ")
        .push_bind(query.to)
        .push(" THEN SUM(transactions) END FROM account_transaction_counts");
    push_scope(builder, client, &query.scope, "account_guid");
    push_accounts(builder, query);
    builder.push(")");
}

impl SqliteStore {
    /// The window's total when the page could not carry it: counted, or counted row by
    /// row when the window cuts through an account's range of days.
    async fn count_transactions(
        &self,
        client: &ClientId,
        query: &TransactionQuery,
    ) -> StoreResult<i64> {
        let mut counted = QueryBuilder::new("SELECT ");
        push_counted_total(&mut counted, client, query);
        let total: Option<i64> = counted.build_query_scalar().fetch_one(&self.pool).await?;
        if let Some(total) = total {
            return Ok(total);
        }
        let mut count = QueryBuilder::new("SELECT COUNT(*) FROM transactions");
        push_query(&mut count, client, query);
        Ok(count.build_query_scalar().fetch_one(&self.pool).await?)
    }
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
        if query.accounts.as_ref().is_some_and(Vec::is_empty) {
            return Ok(Page {
                items: Vec::new(),
                total: 0,
            });
        }
        let mut select = QueryBuilder::new("SELECT *, ");
        push_counted_total(&mut select, client, query);
        select.push(" AS counted_total FROM transactions");
        push_query(&mut select, client, query);
        select
            .push(" ORDER BY date DESC, transacted_at DESC, seq DESC LIMIT ")
            .push_bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .push(" OFFSET ")
            .push_bind(i64::try_from(offset).unwrap_or(i64::MAX));
        let rows = select.build().fetch_all(&self.pool).await?;
        let counted: Option<i64> = match rows.first() {
            Some(row) => row.try_get("counted_total")?,
            None => None,
        };
        let total = match counted {
            Some(total) => total,
            None => self.count_transactions(client, query).await?,
        };
        Ok(Page {
            items: rows
                .iter()
                .map(transaction_from_row)
                .collect::<StoreResult<_>>()?,
            total: u64::try_from(total).unwrap_or(0),
        })
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
