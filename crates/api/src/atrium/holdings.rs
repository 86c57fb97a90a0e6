//! Atrium holdings: MX's `investment_holdings` under Atrium's paths and key
//! (`holdings`), with `shares` a number where MX sends `quantity` as a string.

use super::wire;
use super::{load_user, AtriumError};
use crate::common::auth::Tenant;
use crate::common::query::QueryParams;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use polyfin_domain::clock::format_timestamp;
use polyfin_domain::ids::ClientId;
use polyfin_domain::page::Pagination;
use polyfin_domain::premium::Holding;
use polyfin_domain::Decimal;
use polyfin_engine::premium::Within;
use serde::Serialize;

/// The SDK's `Holding`, every field present.
#[derive(Serialize)]
struct HoldingWire<'a> {
    account_guid: &'a str,
    cost_basis: Decimal,
    created_at: String,
    currency_code: &'a str,
    cusip: Option<&'a str>,
    daily_change: Decimal,
    description: &'a str,
    guid: &'a str,
    holding_type: &'a str,
    market_value: Decimal,
    member_guid: &'a str,
    purchase_price: Decimal,
    shares: Decimal,
    symbol: Option<&'a str>,
    updated_at: String,
    user_guid: &'a str,
}

impl<'a> From<&'a Holding> for HoldingWire<'a> {
    fn from(h: &'a Holding) -> Self {
        Self {
            account_guid: h.owner.account_guid.as_str(),
            cost_basis: h.cost_basis,
            created_at: format_timestamp(h.created_at),
            currency_code: &h.currency_code,
            cusip: h.cusip.as_deref(),
            daily_change: h.daily_change,
            description: &h.description,
            guid: h.guid.as_str(),
            holding_type: &h.holding_type,
            market_value: h.market_value,
            member_guid: h.owner.member_guid.as_str(),
            purchase_price: h.purchase_price,
            shares: h.quantity.normalize(),
            symbol: h.symbol.as_deref(),
            updated_at: format_timestamp(h.updated_at),
            user_guid: h.owner.user_guid.as_str(),
        }
    }
}

async fn list(
    state: &AppState,
    client: &ClientId,
    user_guid: &str,
    within: Within<'_>,
    query: &QueryParams,
) -> Result<Response, AtriumError> {
    let user = load_user(state, client, user_guid).await?;
    let request = wire::page(query, 1000);
    let page = state
        .engine
        .premium()
        .holdings(&user, within, request)
        .await?;
    #[derive(Serialize)]
    struct Envelope<'a> {
        holdings: Vec<HoldingWire<'a>>,
        pagination: Pagination,
    }
    wire::ok(&Envelope {
        holdings: page.items.iter().map(HoldingWire::from).collect(),
        pagination: request.pagination(page.total),
    })
}

pub async fn by_user(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    query: QueryParams,
) -> Result<Response, AtriumError> {
    list(&state, &client, &user_guid, Within::default(), &query).await
}

pub async fn by_member(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, AtriumError> {
    let within = Within {
        member_guid: Some(&member_guid),
        account_guid: None,
    };
    list(&state, &client, &user_guid, within, &query).await
}

pub async fn by_account(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, account_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, AtriumError> {
    let within = Within {
        member_guid: None,
        account_guid: Some(&account_guid),
    };
    list(&state, &client, &user_guid, within, &query).await
}

pub async fn read(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, holding_guid)): Path<(String, String)>,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let holding = state.engine.premium().holding(&user, &holding_guid).await?;
    #[derive(Serialize)]
    struct Envelope<'a> {
        holding: HoldingWire<'a>,
    }
    wire::ok(&Envelope {
        holding: HoldingWire::from(&holding),
    })
}
