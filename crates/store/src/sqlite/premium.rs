use super::accounts::push_scope;
use super::transactions::{decimal, transaction_from_row};
use super::{flag, SqliteStore};
use crate::{DataScope, PremiumRepo, StoreResult};
use async_trait::async_trait;
use polyfin_domain::ids::{
    AccountGuid, AccountNumberGuid, AccountOwnerGuid, ClientId, HoldingGuid, MemberGuid,
    StatementGuid, UserGuid,
};
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::premium::{AccountNumber, AccountOwner, Holding, Owner, Statement};
use polyfin_domain::transaction::Transaction;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row};

fn owner(row: &SqliteRow) -> StoreResult<Owner> {
    Ok(Owner {
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        user_guid: UserGuid::from_stored(row.try_get("user_guid")?),
        member_guid: MemberGuid::from_stored(row.try_get("member_guid")?),
        account_guid: AccountGuid::from_stored(row.try_get("account_guid")?),
    })
}

fn money(row: &SqliteRow, column: &str) -> StoreResult<polyfin_domain::Decimal> {
    Ok(decimal(row, column)?.unwrap_or_default())
}

fn number_from_row(row: &SqliteRow) -> StoreResult<AccountNumber> {
    Ok(AccountNumber {
        guid: AccountNumberGuid::from_stored(row.try_get("guid")?),
        owner: owner(row)?,
        account_number: row.try_get("account_number")?,
        routing_number: row.try_get("routing_number")?,
        institution_number: row.try_get("institution_number")?,
        transit_number: row.try_get("transit_number")?,
        passed_validation: flag(row.try_get("passed_validation")?),
        created_at: row.try_get("created_at")?,
    })
}

fn owner_from_row(row: &SqliteRow) -> StoreResult<AccountOwner> {
    Ok(AccountOwner {
        guid: AccountOwnerGuid::from_stored(row.try_get("guid")?),
        owner: owner(row)?,
        owner_name: row.try_get("owner_name")?,
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        address: row.try_get("address")?,
        city: row.try_get("city")?,
        state: row.try_get("state")?,
        postal_code: row.try_get("postal_code")?,
        country: row.try_get("country")?,
    })
}

fn holding_from_row(row: &SqliteRow) -> StoreResult<Holding> {
    Ok(Holding {
        guid: HoldingGuid::from_stored(row.try_get("guid")?),
        owner: owner(row)?,
        external_id: row.try_get("external_id")?,
        symbol: row.try_get("symbol")?,
        cusip: row.try_get("cusip")?,
        description: row.try_get("description")?,
        holding_type: row.try_get("holding_type")?,
        currency_code: row.try_get("currency_code")?,
        quantity: money(row, "quantity")?,
        current_price: money(row, "current_price")?,
        market_value: money(row, "market_value")?,
        cost_basis: money(row, "cost_basis")?,
        purchase_price: money(row, "purchase_price")?,
        daily_change: money(row, "daily_change")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn statement_from_row(row: &SqliteRow) -> StoreResult<Statement> {
    Ok(Statement {
        guid: StatementGuid::from_stored(row.try_get("guid")?),
        owner: owner(row)?,
        external_id: row.try_get("external_id")?,
        period_start: row.try_get("period_start")?,
        period_end: row.try_get("period_end")?,
        opening_balance: money(row, "opening_balance")?,
        closing_balance: money(row, "closing_balance")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

impl SqliteStore {
    /// One page of a premium table under the usual tenant and scope conditions.
    async fn scoped_page<T>(
        &self,
        table: &str,
        order: &str,
        client: &ClientId,
        scope: &DataScope,
        page: PageRequest,
        from_row: fn(&SqliteRow) -> StoreResult<T>,
    ) -> StoreResult<Page<T>> {
        let mut count = QueryBuilder::new(format!("SELECT COUNT(*) FROM {table}"));
        push_scope(&mut count, client, scope, "account_guid");
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
        let mut select = QueryBuilder::new(format!("SELECT * FROM {table}"));
        push_scope(&mut select, client, scope, "account_guid");
        select
            .push(format!(" ORDER BY {order} LIMIT "))
            .push_bind(i64::try_from(page.limit()).unwrap_or(i64::MAX))
            .push(" OFFSET ")
            .push_bind(i64::try_from(page.offset()).unwrap_or(i64::MAX));
        let rows = select.build().fetch_all(&self.pool).await?;
        Ok(Page {
            items: rows.iter().map(from_row).collect::<StoreResult<_>>()?,
            total: u64::try_from(total).unwrap_or(0),
        })
    }
}

#[async_trait]
impl PremiumRepo for SqliteStore {
    async fn list_account_numbers(
        &self,
        client: &ClientId,
        scope: &DataScope,
        page: PageRequest,
    ) -> StoreResult<Page<AccountNumber>> {
        self.scoped_page(
            "account_numbers",
            "seq",
            client,
            scope,
            page,
            number_from_row,
        )
        .await
    }

    async fn list_account_owners(
        &self,
        client: &ClientId,
        scope: &DataScope,
        page: PageRequest,
    ) -> StoreResult<Page<AccountOwner>> {
        self.scoped_page("account_owners", "seq", client, scope, page, owner_from_row)
            .await
    }

    async fn list_holdings(
        &self,
        client: &ClientId,
        scope: &DataScope,
        page: PageRequest,
    ) -> StoreResult<Page<Holding>> {
        self.scoped_page("holdings", "seq", client, scope, page, holding_from_row)
            .await
    }

    async fn find_holding(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &HoldingGuid,
    ) -> StoreResult<Option<Holding>> {
        let row = sqlx::query(
            "SELECT * FROM holdings WHERE guid = ? AND client_id = ? AND user_guid = ?",
        )
        .bind(guid.as_str())
        .bind(client.as_str())
        .bind(user.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(holding_from_row).transpose()
    }

    async fn delete_user_holdings(&self, client: &ClientId, user: &UserGuid) -> StoreResult<u64> {
        let result = sqlx::query("DELETE FROM holdings WHERE client_id = ? AND user_guid = ?")
            .bind(client.as_str())
            .bind(user.as_str())
            .execute(&mut *self.writer.lock().await)
            .await?;
        Ok(result.rows_affected())
    }

    async fn list_statements(
        &self,
        client: &ClientId,
        scope: &DataScope,
        page: PageRequest,
    ) -> StoreResult<Page<Statement>> {
        self.scoped_page(
            "statements",
            "period_end DESC, seq",
            client,
            scope,
            page,
            statement_from_row,
        )
        .await
    }

    async fn find_statement(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &StatementGuid,
    ) -> StoreResult<Option<Statement>> {
        let row = sqlx::query(
            "SELECT * FROM statements WHERE guid = ? AND client_id = ? AND user_guid = ?",
        )
        .bind(guid.as_str())
        .bind(client.as_str())
        .bind(user.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(statement_from_row).transpose()
    }

    async fn posted_between(
        &self,
        account: &AccountGuid,
        from: time::Date,
        to: time::Date,
    ) -> StoreResult<Vec<Transaction>> {
        let end = to.next_day().unwrap_or(to);
        // Timestamps are stored as RFC 3339 text, so a day's prefix bounds them.
        let rows = sqlx::query(
            "SELECT * FROM transactions WHERE account_guid = ? AND status = 'POSTED' \
             AND posted_at >= ? AND posted_at < ? ORDER BY posted_at, transacted_at, seq",
        )
        .bind(account.as_str())
        .bind(polyfin_domain::clock::format_date(from))
        .bind(polyfin_domain::clock::format_date(end))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(transaction_from_row).collect()
    }
}
