//! Atrium transactions, with the integer `check_number` only Atrium has. A custom
//! category the user filed a transaction under (through MX) shows here too.

use super::wire;
use super::{load_user, AtriumError};
use crate::common::auth::Tenant;
use crate::common::query::QueryParams;
use crate::common::ApiError;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use polyfin_domain::clock::{format_date, format_timestamp};
use polyfin_domain::ids::{ClientId, MerchantGuid};
use polyfin_domain::page::Pagination;
use polyfin_domain::transaction::Transaction;
use polyfin_domain::Decimal;
use polyfin_engine::pfm::CategoryBook;
use polyfin_engine::transactions::TransactionFilter;
use serde::Serialize;

#[derive(Serialize)]
pub struct TransactionWire<'a> {
    account_guid: &'a str,
    amount: Decimal,
    category: String,
    check_number: Option<u64>,
    check_number_string: Option<&'a str>,
    created_at: String,
    currency_code: &'a str,
    date: String,
    description: &'a str,
    guid: &'a str,
    is_bill_pay: bool,
    is_direct_deposit: bool,
    is_expense: bool,
    is_fee: bool,
    is_income: bool,
    is_international: bool,
    is_overdraft_fee: bool,
    is_payroll_advance: bool,
    is_subscription: bool,
    latitude: Option<Decimal>,
    longitude: Option<Decimal>,
    member_guid: &'a str,
    memo: Option<&'a str>,
    merchant_category_code: Option<u32>,
    merchant_guid: Option<String>,
    original_description: &'a str,
    posted_at: Option<String>,
    status: &'static str,
    top_level_category: String,
    transacted_at: String,
    #[serde(rename = "type")]
    kind: &'static str,
    updated_at: String,
    user_guid: &'a str,
}

/// The integer Atrium's SDK reads: the check number when it is all digits.
fn check_number(text: Option<&str>) -> Option<u64> {
    text.map(str::trim)
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|t| t.parse().ok())
}

impl<'a> TransactionWire<'a> {
    /// The transaction with its category resolved through the user's custom ones.
    fn new(t: &'a Transaction, book: &CategoryBook) -> Self {
        let category = book.resolve(t.category_guid.as_str());
        Self {
            account_guid: t.account_guid.as_str(),
            amount: t.amount,
            category: category.name,
            check_number: check_number(t.check_number.as_deref()),
            check_number_string: t.check_number.as_deref(),
            created_at: format_timestamp(t.created_at),
            currency_code: &t.currency_code,
            date: format_date(t.date),
            description: &t.description,
            guid: t.guid.as_str(),
            is_bill_pay: t.flags.is_bill_pay,
            is_direct_deposit: t.flags.is_direct_deposit,
            is_expense: t.flags.is_expense,
            is_fee: t.flags.is_fee,
            is_income: t.flags.is_income,
            is_international: t.flags.is_international,
            is_overdraft_fee: t.flags.is_overdraft_fee,
            is_payroll_advance: t.flags.is_payroll_advance,
            is_subscription: t.flags.is_subscription,
            latitude: t.latitude,
            longitude: t.longitude,
            member_guid: t.member_guid.as_str(),
            memo: t.memo.as_deref(),
            merchant_category_code: t.merchant_category_code,
            merchant_guid: t
                .merchant_name
                .as_deref()
                .map(|n| MerchantGuid::derived(n).to_string()),
            original_description: &t.original_description,
            posted_at: t.posted_at.map(format_timestamp),
            status: t.status.name(),
            top_level_category: category.top_level_name,
            transacted_at: format_timestamp(t.transacted_at),
            kind: t.kind.name(),
            updated_at: format_timestamp(t.updated_at),
            user_guid: t.user_guid.as_str(),
        }
    }
}

#[derive(Serialize)]
struct TransactionsEnvelope<'a> {
    transactions: Vec<TransactionWire<'a>>,
    pagination: Pagination,
}

#[derive(Serialize)]
struct TransactionEnvelope<'a> {
    transaction: TransactionWire<'a>,
}

/// `from_date`/`to_date` (`YYYY-MM-DD`, on the posted date); the engine's defaults
/// are 90 days back and 5 ahead.
async fn list_for(
    state: &AppState,
    client: &ClientId,
    user_guid: &str,
    filter: Result<TransactionFilter, ApiError>,
    query: &QueryParams,
) -> Result<Response, AtriumError> {
    let user = load_user(state, client, user_guid).await?;
    let filter = filter?;
    let request = wire::page(query, 1000);
    let page = state
        .engine
        .transactions()
        .list(&user, &filter, request)
        .await?;
    let book = state
        .engine
        .pfm()
        .category_book_for(&user, &page.items)
        .await?;
    wire::ok(&TransactionsEnvelope {
        transactions: page
            .items
            .iter()
            .map(|t| TransactionWire::new(t, &book))
            .collect(),
        pagination: request.pagination(page.total),
    })
}

pub async fn list_by_user(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    query: QueryParams,
) -> Result<Response, AtriumError> {
    let filter = query.transaction_filter(None, None);
    list_for(&state, &client, &user_guid, filter, &query).await
}

pub async fn list_by_member(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, AtriumError> {
    let filter = query.transaction_filter(Some(member_guid), None);
    list_for(&state, &client, &user_guid, filter, &query).await
}

pub async fn list_by_account(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, account_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, AtriumError> {
    let filter = query.transaction_filter(None, Some(account_guid));
    list_for(&state, &client, &user_guid, filter, &query).await
}

pub async fn read(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, transaction_guid)): Path<(String, String)>,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let transaction = state
        .engine
        .transactions()
        .get(&user, &transaction_guid)
        .await?;
    let book = state
        .engine
        .pfm()
        .category_book_for(&user, std::slice::from_ref(&transaction))
        .await?;
    wire::ok(&TransactionEnvelope {
        transaction: TransactionWire::new(&transaction, &book),
    })
}
