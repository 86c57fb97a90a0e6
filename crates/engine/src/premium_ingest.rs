//! Premium rows from what a connector fetched, tied to the member's accounts.

use polyfin_connectors::{FetchedAccountNumber, FetchedHolding, FetchedOwner, FetchedStatement};
use polyfin_domain::ids::{AccountNumberGuid, AccountOwnerGuid, HoldingGuid, StatementGuid};
use polyfin_domain::premium::{AccountNumber, AccountOwner, Holding, Owner, Statement};
use polyfin_domain::routing::valid_aba;
use time::OffsetDateTime;

/// Finds the owner (account) of a fetched record by the account's external id.
pub(crate) type OwnerOf<'a> = dyn Fn(&str) -> Option<Owner> + 'a;

pub(crate) fn account_numbers(
    fetched: Vec<FetchedAccountNumber>,
    owner: &OwnerOf<'_>,
    now: OffsetDateTime,
) -> Vec<AccountNumber> {
    fetched
        .into_iter()
        .filter_map(|n| {
            Some(AccountNumber {
                guid: AccountNumberGuid::generate(),
                owner: owner(&n.account_external_id)?,
                passed_validation: n.routing_number.as_deref().is_none_or(valid_aba),
                account_number: n.account_number,
                routing_number: n.routing_number,
                institution_number: n.institution_number,
                transit_number: n.transit_number,
                created_at: now,
            })
        })
        .collect()
}

pub(crate) fn owners(fetched: Vec<FetchedOwner>, owner: &OwnerOf<'_>) -> Vec<AccountOwner> {
    fetched
        .into_iter()
        .filter_map(|o| {
            Some(AccountOwner {
                guid: AccountOwnerGuid::generate(),
                owner: owner(&o.account_external_id)?,
                owner_name: o.owner_name,
                first_name: o.first_name,
                last_name: o.last_name,
                email: o.email,
                phone: o.phone,
                address: o.address,
                city: o.city,
                state: o.state,
                postal_code: o.postal_code,
                country: o.country,
            })
        })
        .collect()
}

pub(crate) fn holdings(
    fetched: Vec<FetchedHolding>,
    owner: &OwnerOf<'_>,
    now: OffsetDateTime,
) -> Vec<Holding> {
    fetched
        .into_iter()
        .filter_map(|h| {
            Some(Holding {
                guid: HoldingGuid::generate(),
                owner: owner(&h.account_external_id)?,
                external_id: h.external_id,
                symbol: h.symbol,
                cusip: h.cusip,
                description: h.description,
                holding_type: h.holding_type,
                currency_code: h.currency_code,
                quantity: h.quantity,
                current_price: h.current_price,
                market_value: h.market_value,
                cost_basis: h.cost_basis,
                purchase_price: h.purchase_price,
                daily_change: h.daily_change,
                created_at: now,
                updated_at: now,
            })
        })
        .collect()
}

pub(crate) fn statements(
    fetched: Vec<FetchedStatement>,
    owner: &OwnerOf<'_>,
    now: OffsetDateTime,
) -> Vec<Statement> {
    fetched
        .into_iter()
        .filter_map(|s| {
            Some(Statement {
                guid: StatementGuid::generate(),
                owner: owner(&s.account_external_id)?,
                external_id: s.external_id,
                period_start: s.period_start,
                period_end: s.period_end,
                opening_balance: s.opening_balance,
                closing_balance: s.closing_balance,
                created_at: now,
                updated_at: now,
            })
        })
        .collect()
}
