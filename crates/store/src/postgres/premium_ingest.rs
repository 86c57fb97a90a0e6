//! Upserts of premium data inside an aggregation's transaction. Account numbers and
//! owners are replaced in place; positions absent from a holdings fetch were sold.

use crate::{IngestBatch, StoreResult};
use polyfin_domain::premium::Owner;
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::{Postgres, Transaction};

fn bind_owner<'q>(
    query: Query<'q, Postgres, PgArguments>,
    owner: &'q Owner,
) -> Query<'q, Postgres, PgArguments> {
    query
        .bind(owner.client_id.as_str())
        .bind(owner.user_guid.as_str())
        .bind(owner.member_guid.as_str())
        .bind(owner.account_guid.as_str())
}

pub(super) async fn write_premium(
    tx: &mut Transaction<'_, Postgres>,
    batch: &IngestBatch,
) -> StoreResult<()> {
    for n in &batch.account_numbers {
        let query = sqlx::query(
            "INSERT INTO account_numbers (guid, client_id, user_guid, member_guid, account_guid, account_number, \
             routing_number, institution_number, transit_number, passed_validation, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (account_guid) DO UPDATE SET \
             account_number = excluded.account_number, routing_number = excluded.routing_number, \
             institution_number = excluded.institution_number, transit_number = excluded.transit_number",
        )
        .bind(n.guid.as_str());
        bind_owner(query, &n.owner)
            .bind(&n.account_number)
            .bind(&n.routing_number)
            .bind(&n.institution_number)
            .bind(&n.transit_number)
            .bind(n.passed_validation)
            .bind(n.created_at)
            .execute(&mut **tx)
            .await?;
    }
    for o in &batch.owners {
        let query = sqlx::query(
            "INSERT INTO account_owners (guid, client_id, user_guid, member_guid, account_guid, owner_name, \
             first_name, last_name, email, phone, address, city, state, postal_code, country) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (account_guid, owner_name) DO UPDATE SET \
             email = excluded.email, phone = excluded.phone, address = excluded.address, city = excluded.city, \
             state = excluded.state, postal_code = excluded.postal_code, country = excluded.country",
        )
        .bind(o.guid.as_str());
        bind_owner(query, &o.owner)
            .bind(&o.owner_name)
            .bind(&o.first_name)
            .bind(&o.last_name)
            .bind(&o.email)
            .bind(&o.phone)
            .bind(&o.address)
            .bind(&o.city)
            .bind(&o.state)
            .bind(&o.postal_code)
            .bind(&o.country)
            .execute(&mut **tx)
            .await?;
    }
    if let Some(holdings) = &batch.holdings {
        write_holdings(tx, holdings).await?;
    }
    for s in &batch.statements {
        let query = sqlx::query(
            "INSERT INTO statements (guid, client_id, user_guid, member_guid, account_guid, external_id, \
             period_start, period_end, opening_balance, closing_balance, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (account_guid, external_id) DO NOTHING",
        )
        .bind(s.guid.as_str());
        bind_owner(query, &s.owner)
            .bind(&s.external_id)
            .bind(s.period_start)
            .bind(s.period_end)
            .bind(s.opening_balance.to_string())
            .bind(s.closing_balance.to_string())
            .bind(s.created_at)
            .bind(s.updated_at)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn write_holdings(
    tx: &mut Transaction<'_, Postgres>,
    holdings: &[polyfin_domain::premium::Holding],
) -> StoreResult<()> {
    for h in holdings {
        let query = sqlx::query(
            "INSERT INTO holdings (guid, client_id, user_guid, member_guid, account_guid, external_id, symbol, cusip, \
             description, holding_type, currency_code, quantity, current_price, market_value, cost_basis, \
             purchase_price, daily_change, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) \
             ON CONFLICT (account_guid, external_id) DO UPDATE SET quantity = excluded.quantity, \
             current_price = excluded.current_price, market_value = excluded.market_value, \
             cost_basis = excluded.cost_basis, daily_change = excluded.daily_change, updated_at = excluded.updated_at",
        )
        .bind(h.guid.as_str());
        bind_owner(query, &h.owner)
            .bind(&h.external_id)
            .bind(&h.symbol)
            .bind(&h.cusip)
            .bind(&h.description)
            .bind(&h.holding_type)
            .bind(&h.currency_code)
            .bind(h.quantity.to_string())
            .bind(h.current_price.to_string())
            .bind(h.market_value.to_string())
            .bind(h.cost_basis.to_string())
            .bind(h.purchase_price.to_string())
            .bind(h.daily_change.to_string())
            .bind(h.created_at)
            .bind(h.updated_at)
            .execute(&mut **tx)
            .await?;
    }
    // Positions the fetch no longer reports were sold.
    let accounts: std::collections::BTreeSet<&str> = holdings
        .iter()
        .map(|h| h.owner.account_guid.as_str())
        .collect();
    for account in accounts {
        let keep: Vec<&str> = holdings
            .iter()
            .filter(|h| h.owner.account_guid.as_str() == account)
            .map(|h| h.external_id.as_str())
            .collect();
        let mut query = sqlx::QueryBuilder::new("DELETE FROM holdings WHERE account_guid = ");
        query.push_bind(account).push(" AND external_id NOT IN (");
        let mut separated = query.separated(", ");
        for id in keep {
            separated.push_bind(id);
        }
        query.push(")");
        query.build().execute(&mut **tx).await?;
    }
    Ok(())
}
