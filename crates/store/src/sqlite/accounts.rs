use super::{flag, SqliteStore};
use crate::{AccountRepo, DataScope, StoreError, StoreResult};
use async_trait::async_trait;
use polyfin_domain::account::{Account, AccountFigures};
use polyfin_domain::ids::{AccountGuid, ClientId, MemberGuid, UserGuid};
use polyfin_domain::origin::Origin;
use polyfin_domain::page::{Page, PageRequest};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};
use time::{Date, OffsetDateTime};

/// The stored form of `AccountFigures`: decimals as exact strings.
#[derive(Serialize, Deserialize, Default)]
struct StoredFigures {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    amounts: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    death_benefit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    day_payment_is_due: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    payment_due_at: Option<OffsetDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_payment_at: Option<OffsetDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    started_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    matures_on: Option<Date>,
}

pub(crate) fn encode_figures(figures: &AccountFigures) -> StoreResult<String> {
    let mut copy = figures.clone();
    let amounts = copy
        .amounts_mut()
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name.to_owned(), v.to_string())))
        .collect();
    let stored = StoredFigures {
        amounts,
        death_benefit: figures.death_benefit,
        day_payment_is_due: figures.day_payment_is_due,
        payment_due_at: figures.payment_due_at,
        last_payment_at: figures.last_payment_at,
        started_on: figures.started_on,
        matures_on: figures.matures_on,
    };
    serde_json::to_string(&stored).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) fn decode_figures(text: &str) -> StoreResult<AccountFigures> {
    let stored: StoredFigures =
        serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("figures: {e}")))?;
    let mut figures = AccountFigures {
        death_benefit: stored.death_benefit,
        day_payment_is_due: stored.day_payment_is_due,
        payment_due_at: stored.payment_due_at,
        last_payment_at: stored.last_payment_at,
        started_on: stored.started_on,
        matures_on: stored.matures_on,
        ..AccountFigures::default()
    };
    for (name, slot) in figures.amounts_mut() {
        if let Some((_, text)) = stored.amounts.iter().find(|(n, _)| n == name) {
            let value = text
                .parse::<Decimal>()
                .map_err(|e| StoreError::Corrupt(format!("{name}: {e}")))?;
            *slot = Some(value);
        }
    }
    Ok(figures)
}

pub(super) fn account_from_row(row: &SqliteRow) -> StoreResult<Account> {
    let figures: String = row.try_get("figures")?;
    let origin: String = row.try_get("origin")?;
    Ok(Account {
        guid: AccountGuid::from_stored(row.try_get("guid")?),
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        user_guid: UserGuid::from_stored(row.try_get("user_guid")?),
        member_guid: MemberGuid::from_stored(row.try_get("member_guid")?),
        external_id: row.try_get("external_id")?,
        id: row.try_get("partner_id")?,
        institution_code: row.try_get("institution_code")?,
        name: row.try_get("name")?,
        nickname: row.try_get("nickname")?,
        account_type: row.try_get("account_type")?,
        subtype: row.try_get("subtype")?,
        account_number_mask: row.try_get("account_number_mask")?,
        routing_number: row.try_get("routing_number")?,
        property_type: row.try_get("property_type")?,
        origin: Origin::parse(&origin)
            .ok_or_else(|| StoreError::Corrupt(format!("origin {origin}")))?,
        currency_code: row.try_get("currency_code")?,
        figures: decode_figures(&figures)?,
        is_closed: flag(row.try_get("is_closed")?),
        is_hidden: flag(row.try_get("is_hidden")?),
        metadata: row.try_get("metadata")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        imported_at: row.try_get("imported_at")?,
    })
}

/// Appends the tenant and scope conditions shared by account and transaction lists.
pub(super) fn push_scope<'a>(
    query: &mut QueryBuilder<'a, Sqlite>,
    client: &'a ClientId,
    scope: &'a DataScope,
    account_column: &str,
) {
    query.push(" WHERE client_id = ").push_bind(client.as_str());
    query
        .push(" AND user_guid = ")
        .push_bind(scope.user.as_str());
    if let Some(member) = &scope.member {
        query.push(" AND member_guid = ").push_bind(member.as_str());
    }
    if let Some(account) = &scope.account {
        query
            .push(format!(" AND {account_column} = "))
            .push_bind(account.as_str());
    }
}

fn push_origins(query: &mut QueryBuilder<'_, Sqlite>, origins: &[polyfin_domain::origin::Origin]) {
    if origins.is_empty() {
        return;
    }
    query.push(" AND origin IN (");
    let mut names = query.separated(", ");
    for origin in origins {
        names.push_bind(origin.name());
    }
    query.push(")");
}

#[async_trait]
impl AccountRepo for SqliteStore {
    async fn list_accounts(
        &self,
        client: &ClientId,
        scope: &DataScope,
        origins: &[polyfin_domain::origin::Origin],
        page: PageRequest,
    ) -> StoreResult<Page<Account>> {
        let mut count = QueryBuilder::new("SELECT COUNT(*) FROM accounts");
        push_scope(&mut count, client, scope, "guid");
        push_origins(&mut count, origins);
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
        let mut select = QueryBuilder::new("SELECT * FROM accounts");
        push_scope(&mut select, client, scope, "guid");
        push_origins(&mut select, origins);
        select
            .push(" ORDER BY seq LIMIT ")
            .push_bind(i64::try_from(page.limit()).unwrap_or(i64::MAX))
            .push(" OFFSET ")
            .push_bind(i64::try_from(page.offset()).unwrap_or(i64::MAX));
        let rows = select.build().fetch_all(&self.pool).await?;
        Ok(Page {
            items: rows
                .iter()
                .map(account_from_row)
                .collect::<StoreResult<_>>()?,
            total: u64::try_from(total).unwrap_or(0),
        })
    }

    async fn member_accounts(&self, member: &MemberGuid) -> StoreResult<Vec<Account>> {
        let rows = sqlx::query("SELECT * FROM accounts WHERE member_guid = ? ORDER BY seq")
            .bind(member.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(account_from_row).collect()
    }

    async fn find_account(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &AccountGuid,
    ) -> StoreResult<Option<Account>> {
        let row = sqlx::query(
            "SELECT * FROM accounts WHERE guid = ? AND client_id = ? AND user_guid = ?",
        )
        .bind(guid.as_str())
        .bind(client.as_str())
        .bind(user.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(account_from_row).transpose()
    }

    async fn update_account(&self, account: &Account) -> StoreResult<()> {
        sqlx::query(
            "UPDATE accounts SET partner_id = ?, name = ?, nickname = ?, is_hidden = ?, metadata = ?, \
             figures = ?, updated_at = ? WHERE guid = ? AND client_id = ?",
        )
        .bind(&account.id)
        .bind(&account.name)
        .bind(&account.nickname)
        .bind(account.is_hidden)
        .bind(&account.metadata)
        .bind(encode_figures(&account.figures)?)
        .bind(account.updated_at)
        .bind(account.guid.as_str())
        .bind(account.client_id.as_str())
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_round_trip_exactly() {
        let figures = AccountFigures {
            balance: Some(Decimal::new(123_456_789_012_345, 2)),
            apr: Some(Decimal::new(2199, 4)),
            day_payment_is_due: Some(17),
            started_on: Some(time::macros::date!(2021 - 03 - 04)),
            ..AccountFigures::default()
        };
        let text = encode_figures(&figures).expect("encode");
        assert!(text.contains("\"1234567890123.45\""));
        assert_eq!(decode_figures(&text).expect("decode"), figures);
    }
}
