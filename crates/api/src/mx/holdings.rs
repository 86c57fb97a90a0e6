use super::wire;
use super::{load_user, MxError};
use crate::common::auth::Tenant;
use crate::common::query::QueryParams;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use polyfin_domain::clock::format_timestamp;
use polyfin_domain::page::Pagination;
use polyfin_domain::premium::Holding;
use polyfin_domain::Decimal;
use polyfin_engine::premium::Within;
use serde::Serialize;

/// MX's holding; `quantity` is a string in MX's spec and SDK.
#[derive(Serialize)]
struct HoldingWire<'a> {
    guid: &'a str,
    account_guid: &'a str,
    member_guid: &'a str,
    user_guid: &'a str,
    symbol: Option<&'a str>,
    cusip: Option<&'a str>,
    description: &'a str,
    holding_type: &'a str,
    currency_code: &'a str,
    quantity: String,
    current_price: Decimal,
    market_value: Decimal,
    cost_basis: Decimal,
    purchase_price: Decimal,
    daily_change: Decimal,
    percentage_change: Option<Decimal>,
    total_ugl_amount: Decimal,
    current_price_as_of: String,
    created_at: String,
}

impl<'a> From<&'a Holding> for HoldingWire<'a> {
    fn from(h: &'a Holding) -> Self {
        // `daily_change` is the whole position's change since yesterday.
        let previous = h.market_value - h.daily_change;
        let percentage_change = (!previous.is_zero())
            .then(|| (h.daily_change / previous * Decimal::from(100)).round_dp(2));
        Self {
            guid: h.guid.as_str(),
            account_guid: h.owner.account_guid.as_str(),
            member_guid: h.owner.member_guid.as_str(),
            user_guid: h.owner.user_guid.as_str(),
            symbol: h.symbol.as_deref(),
            cusip: h.cusip.as_deref(),
            description: &h.description,
            holding_type: &h.holding_type,
            currency_code: &h.currency_code,
            quantity: h.quantity.normalize().to_string(),
            current_price: h.current_price,
            market_value: h.market_value,
            cost_basis: h.cost_basis,
            purchase_price: h.purchase_price,
            daily_change: h.daily_change,
            percentage_change,
            total_ugl_amount: h.market_value - h.cost_basis,
            current_price_as_of: format_timestamp(h.updated_at),
            created_at: format_timestamp(h.created_at),
        }
    }
}

async fn list(
    state: &AppState,
    client: &polyfin_domain::ids::ClientId,
    user_guid: &str,
    within: Within<'_>,
    query: &QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(state, client, user_guid).await?;
    let request = query.page(1000);
    let page = state
        .engine
        .premium()
        .holdings(&user, within, request)
        .await?;
    #[derive(Serialize)]
    struct Envelope<'a> {
        investment_holdings: Vec<HoldingWire<'a>>,
        pagination: Pagination,
    }
    wire::ok(&Envelope {
        investment_holdings: page.items.iter().map(HoldingWire::from).collect(),
        pagination: request.pagination(page.total),
    })
}

pub async fn by_user(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    query: QueryParams,
) -> Result<Response, MxError> {
    list(&state, &client, &user_guid, Within::default(), &query).await
}

pub async fn by_member(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, MxError> {
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
) -> Result<Response, MxError> {
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
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let holding = state.engine.premium().holding(&user, &holding_guid).await?;
    #[derive(Serialize)]
    struct Envelope<'a> {
        investment_holding: HoldingWire<'a>,
    }
    wire::ok(&Envelope {
        investment_holding: HoldingWire::from(&holding),
    })
}

/// `GET …/investment_holdings_deactivate`: a flat `{message, status}`.
pub async fn deactivate(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let removed = state.engine.premium().deactivate_holdings(&user).await?;
    wire::ok(&serde_json::json!({
        "message": format!("Investment holdings deactivated ({removed} positions removed)."),
        "status": "SUCCESS",
    }))
}
