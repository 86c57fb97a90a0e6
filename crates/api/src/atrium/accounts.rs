//! Atrium accounts: the SDK's 38 fields, null where Polyfin has no figure.

use super::wire;
use super::{load_user, AtriumError};
use crate::common::auth::Tenant;
use crate::common::query::QueryParams;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use polyfin_domain::account::Account;
use polyfin_domain::clock::{format_date, format_timestamp};
use polyfin_domain::ids::ClientId;
use polyfin_domain::page::Pagination;
use polyfin_domain::Decimal;
use serde::Serialize;

#[derive(Serialize)]
pub struct AccountWire<'a> {
    account_number: Option<&'a str>,
    apr: Option<Decimal>,
    apy: Option<Decimal>,
    available_balance: Option<Decimal>,
    available_credit: Option<Decimal>,
    balance: Option<Decimal>,
    cash_balance: Option<Decimal>,
    cash_surrender_value: Option<Decimal>,
    created_at: String,
    credit_limit: Option<Decimal>,
    currency_code: &'a str,
    day_payment_is_due: Option<u8>,
    death_benefit: Option<Decimal>,
    guid: &'a str,
    holdings_value: Option<Decimal>,
    insured_name: Option<&'a str>,
    institution_code: &'a str,
    interest_rate: Option<Decimal>,
    is_closed: bool,
    last_payment: Option<Decimal>,
    last_payment_at: Option<String>,
    loan_amount: Option<Decimal>,
    matures_on: Option<String>,
    member_guid: &'a str,
    minimum_balance: Option<Decimal>,
    minimum_payment: Option<Decimal>,
    name: &'a str,
    original_balance: Option<Decimal>,
    payment_due_at: Option<String>,
    payoff_balance: Option<Decimal>,
    pay_out_amount: Option<Decimal>,
    premium_amount: Option<Decimal>,
    started_on: Option<String>,
    subtype: Option<&'a str>,
    total_account_value: Option<Decimal>,
    #[serde(rename = "type")]
    account_type: &'a str,
    updated_at: String,
    user_guid: &'a str,
}

impl<'a> From<&'a Account> for AccountWire<'a> {
    fn from(account: &'a Account) -> Self {
        let f = &account.figures;
        Self {
            account_number: account.account_number_mask.as_deref(),
            apr: f.apr,
            apy: f.apy,
            available_balance: f.available_balance,
            available_credit: f.available_credit,
            balance: f.balance,
            cash_balance: f.cash_balance,
            cash_surrender_value: None,
            created_at: format_timestamp(account.created_at),
            credit_limit: f.credit_limit,
            currency_code: &account.currency_code,
            day_payment_is_due: f.day_payment_is_due,
            death_benefit: None,
            guid: account.guid.as_str(),
            holdings_value: f.holdings_value,
            insured_name: None,
            institution_code: &account.institution_code,
            interest_rate: f.interest_rate,
            is_closed: account.is_closed,
            last_payment: f.last_payment,
            last_payment_at: f.last_payment_at.map(format_timestamp),
            loan_amount: f.loan_amount,
            matures_on: f.matures_on.map(format_date),
            member_guid: account.member_guid.as_str(),
            minimum_balance: None,
            minimum_payment: f.minimum_payment,
            name: &account.name,
            original_balance: f.original_balance,
            payment_due_at: f.payment_due_at.map(format_timestamp),
            payoff_balance: f.payoff_balance,
            pay_out_amount: None,
            premium_amount: None,
            started_on: f.started_on.map(format_date),
            subtype: account.subtype.as_deref(),
            total_account_value: None,
            account_type: &account.account_type,
            updated_at: format_timestamp(account.updated_at),
            user_guid: account.user_guid.as_str(),
        }
    }
}

#[derive(Serialize)]
struct AccountEnvelope<'a> {
    account: AccountWire<'a>,
}

#[derive(Serialize)]
struct AccountsEnvelope<'a> {
    accounts: Vec<AccountWire<'a>>,
    pagination: Pagination,
}

async fn list_for(
    state: &AppState,
    client: &ClientId,
    user_guid: &str,
    member_guid: Option<&str>,
    query: &QueryParams,
) -> Result<Response, AtriumError> {
    let user = load_user(state, client, user_guid).await?;
    let request = wire::page(query, 1000);
    let page = state
        .engine
        .accounts()
        .list(&user, member_guid, request)
        .await?;
    wire::ok(&AccountsEnvelope {
        accounts: page.items.iter().map(AccountWire::from).collect(),
        pagination: request.pagination(page.total),
    })
}

pub async fn list_by_user(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    query: QueryParams,
) -> Result<Response, AtriumError> {
    list_for(&state, &client, &user_guid, None, &query).await
}

pub async fn list_by_member(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, AtriumError> {
    list_for(&state, &client, &user_guid, Some(&member_guid), &query).await
}

pub async fn read(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, account_guid)): Path<(String, String)>,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let account = state.engine.accounts().get(&user, &account_guid).await?;
    wire::ok(&AccountEnvelope {
        account: (&account).into(),
    })
}

pub async fn read_by_member(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid, account_guid)): Path<(String, String, String)>,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let account = state
        .engine
        .accounts()
        .get_for_member(&user, &member_guid, &account_guid)
        .await?;
    wire::ok(&AccountEnvelope {
        account: (&account).into(),
    })
}
