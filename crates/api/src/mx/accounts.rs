use super::supplied_wire::AccountBody;
use super::wire::{self, MxJson};
use super::{load_user, MxError};
use crate::common::auth::Tenant;
use crate::common::body::Object;
use crate::common::query::QueryParams;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use polyfin_domain::account::Account;
use polyfin_domain::clock::{format_date, format_timestamp};
use polyfin_domain::origin::institution_guid;
use polyfin_domain::page::Pagination;
use polyfin_domain::user::User;
use polyfin_domain::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct AccountWire<'a> {
    guid: &'a str,
    id: Option<&'a str>,
    user_guid: &'a str,
    user_id: Option<&'a str>,
    member_guid: &'a str,
    member_id: Option<&'a str>,
    institution_code: &'a str,
    institution_guid: String,
    member_is_managed_by_user: bool,
    name: &'a str,
    nickname: Option<&'a str>,
    #[serde(rename = "type")]
    account_type: &'a str,
    subtype: Option<&'a str>,
    account_number: Option<&'a str>,
    routing_number: Option<&'a str>,
    currency_code: &'a str,
    balance: Option<Decimal>,
    available_balance: Option<Decimal>,
    available_credit: Option<Decimal>,
    credit_limit: Option<Decimal>,
    apr: Option<Decimal>,
    apy: Option<Decimal>,
    interest_rate: Option<Decimal>,
    minimum_payment: Option<Decimal>,
    last_payment: Option<Decimal>,
    original_balance: Option<Decimal>,
    loan_amount: Option<Decimal>,
    payoff_balance: Option<Decimal>,
    holdings_value: Option<Decimal>,
    cash_balance: Option<Decimal>,
    statement_balance: Option<Decimal>,
    cash_surrender_value: Option<Decimal>,
    minimum_balance: Option<Decimal>,
    death_benefit: Option<i64>,
    property_type: Option<&'a str>,
    day_payment_is_due: Option<u8>,
    payment_due_at: Option<String>,
    last_payment_at: Option<String>,
    started_on: Option<String>,
    matures_on: Option<String>,
    is_closed: bool,
    is_hidden: bool,
    is_manual: bool,
    metadata: Option<&'a str>,
    created_at: String,
    updated_at: String,
    imported_at: Option<String>,
}

impl<'a> AccountWire<'a> {
    pub fn new(account: &'a Account, user: &'a User) -> Self {
        let f = &account.figures;
        Self {
            guid: account.guid.as_str(),
            id: account.id.as_deref(),
            user_guid: account.user_guid.as_str(),
            user_id: user.id.as_deref(),
            member_guid: account.member_guid.as_str(),
            member_id: None,
            institution_code: &account.institution_code,
            institution_guid: institution_guid(&account.institution_code).to_string(),
            member_is_managed_by_user: account.origin.is_managed_by_user(),
            name: &account.name,
            nickname: account.nickname.as_deref(),
            account_type: &account.account_type,
            subtype: account.subtype.as_deref(),
            account_number: account.account_number_mask.as_deref(),
            routing_number: account.routing_number.as_deref(),
            currency_code: &account.currency_code,
            balance: f.balance,
            available_balance: f.available_balance,
            available_credit: f.available_credit,
            credit_limit: f.credit_limit,
            apr: f.apr,
            apy: f.apy,
            interest_rate: f.interest_rate,
            minimum_payment: f.minimum_payment,
            last_payment: f.last_payment,
            original_balance: f.original_balance,
            loan_amount: f.loan_amount,
            payoff_balance: f.payoff_balance,
            holdings_value: f.holdings_value,
            cash_balance: f.cash_balance,
            statement_balance: f.statement_balance,
            cash_surrender_value: f.cash_surrender_value,
            minimum_balance: f.minimum_balance,
            death_benefit: f.death_benefit,
            property_type: account.property_type.as_deref(),
            day_payment_is_due: f.day_payment_is_due,
            payment_due_at: f.payment_due_at.map(format_timestamp),
            last_payment_at: f.last_payment_at.map(format_timestamp),
            started_on: f.started_on.map(format_date),
            matures_on: f.matures_on.map(format_date),
            is_closed: account.is_closed,
            is_hidden: account.is_hidden,
            is_manual: account.origin.is_manual(),
            metadata: account.metadata.as_deref(),
            created_at: format_timestamp(account.created_at),
            updated_at: format_timestamp(account.updated_at),
            imported_at: account.imported_at.map(format_timestamp),
        }
    }
}

#[derive(Serialize)]
pub(super) struct AccountEnvelope<'a> {
    pub account: AccountWire<'a>,
}

#[derive(Serialize)]
pub(super) struct AccountsEnvelope<'a> {
    pub accounts: Vec<AccountWire<'a>>,
    pub pagination: Pagination,
}

#[derive(Debug, Deserialize)]
pub struct UpdateRequest {
    account: Object<AccountBody>,
}

async fn list_for(
    state: &AppState,
    client: &polyfin_domain::ids::ClientId,
    user_guid: &str,
    member_guid: Option<&str>,
    query: &QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(state, client, user_guid).await?;
    let request = query.page(1000);
    let origins = polyfin_domain::origin::Origin::matching(
        query.bool("is_manual")?,
        query.bool("member_is_managed_by_user")?,
    );
    if origins.is_empty() {
        return wire::ok(&AccountsEnvelope {
            accounts: Vec::new(),
            pagination: request.pagination(0),
        });
    }
    let page = state
        .engine
        .accounts()
        .list_matching(&user, member_guid, &origins, request)
        .await?;
    wire::ok(&AccountsEnvelope {
        accounts: page
            .items
            .iter()
            .map(|a| AccountWire::new(a, &user))
            .collect(),
        pagination: request.pagination(page.total),
    })
}

pub async fn list_by_user(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    query: QueryParams,
) -> Result<Response, MxError> {
    list_for(&state, &client, &user_guid, None, &query).await
}

pub async fn list_by_member(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, MxError> {
    list_for(&state, &client, &user_guid, Some(&member_guid), &query).await
}

pub async fn read(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, account_guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let account = state.engine.accounts().get(&user, &account_guid).await?;
    wire::ok(&AccountEnvelope {
        account: AccountWire::new(&account, &user),
    })
}

pub async fn read_by_member(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid, account_guid)): Path<(String, String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let account = state
        .engine
        .accounts()
        .get_for_member(&user, &member_guid, &account_guid)
        .await?;
    wire::ok(&AccountEnvelope {
        account: AccountWire::new(&account, &user),
    })
}

/// Every `AccountUpdateRequest` field on a manual account; `is_hidden`, `metadata` and
/// `nickname` on the others.
pub async fn update(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid, account_guid)): Path<(String, String, String)>,
    MxJson(request): MxJson<UpdateRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let Object(body) = request.account;
    let fields = body.into_fields()?;
    let account = state
        .engine
        .manual()
        .update_account(&user, &member_guid, &account_guid, fields)
        .await?;
    wire::ok(&AccountEnvelope {
        account: AccountWire::new(&account, &user),
    })
}
