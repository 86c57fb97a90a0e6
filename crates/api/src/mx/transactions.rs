use super::wire::{self, MxJson};
use super::{load_user, MxError};
use crate::common::auth::Tenant;
use crate::common::body::Object;
use crate::common::query::QueryParams;
use crate::common::ApiError;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use polyfin_domain::category::Taxonomy;
use polyfin_domain::clock::{format_date, format_timestamp, parse_date};
use polyfin_domain::ids::{ClientId, MerchantGuid};
use polyfin_domain::page::Pagination;
use polyfin_domain::transaction::Transaction;
use polyfin_domain::user::User;
use polyfin_domain::Decimal;
use polyfin_engine::pfm::CategoryBook;
use polyfin_engine::transactions::{TransactionChanges, TransactionFilter};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

#[derive(Serialize)]
pub struct TransactionWire<'a> {
    guid: &'a str,
    id: Option<&'a str>,
    account_guid: &'a str,
    account_id: Option<&'a str>,
    member_guid: &'a str,
    user_guid: &'a str,
    user_id: Option<&'a str>,
    member_is_managed_by_user: bool,
    amount: Decimal,
    #[serde(rename = "type")]
    kind: &'static str,
    status: &'static str,
    date: String,
    transacted_at: String,
    posted_at: Option<String>,
    created_at: String,
    updated_at: String,
    description: &'a str,
    original_description: &'a str,
    memo: Option<&'a str>,
    category: Cow<'a, str>,
    category_guid: Cow<'a, str>,
    top_level_category: Cow<'a, str>,
    check_number_string: Option<&'a str>,
    currency_code: &'a str,
    is_bill_pay: bool,
    is_direct_deposit: bool,
    is_expense: bool,
    is_fee: bool,
    is_income: bool,
    is_overdraft_fee: bool,
    is_payroll_advance: bool,
    is_subscription: bool,
    is_recurring: bool,
    is_international: bool,
    is_manual: bool,
    latitude: Option<Decimal>,
    longitude: Option<Decimal>,
    merchant_category_code: Option<u32>,
    merchant_guid: Option<String>,
    merchant_location_guid: Option<&'a str>,
    extended_transaction_type: Option<&'a str>,
    metadata: Option<&'a str>,
    /// The stored guid, which may name a custom category the taxonomy does not know.
    #[serde(skip)]
    stored_category_guid: &'a str,
}

impl<'a> TransactionWire<'a> {
    pub fn new(t: &'a Transaction, user: &'a User) -> Self {
        let taxonomy = Taxonomy::standard();
        let category = taxonomy
            .get_by_guid(t.category_guid.as_str())
            .unwrap_or_else(|| taxonomy.uncategorized());
        let top = taxonomy.top_level_of(category);
        Self {
            guid: t.guid.as_str(),
            id: t.id.as_deref(),
            account_guid: t.account_guid.as_str(),
            account_id: None,
            member_guid: t.member_guid.as_str(),
            user_guid: t.user_guid.as_str(),
            user_id: user.id.as_deref(),
            member_is_managed_by_user: t.origin.is_managed_by_user(),
            amount: t.amount,
            kind: t.kind.name(),
            status: t.status.name(),
            date: format_date(t.date),
            transacted_at: format_timestamp(t.transacted_at),
            posted_at: t.posted_at.map(format_timestamp),
            created_at: format_timestamp(t.created_at),
            updated_at: format_timestamp(t.updated_at),
            description: &t.description,
            original_description: &t.original_description,
            memo: t.memo.as_deref(),
            category: Cow::Borrowed(&category.name),
            category_guid: Cow::Borrowed(category.guid.as_str()),
            top_level_category: Cow::Borrowed(&top.name),
            check_number_string: t.check_number.as_deref(),
            currency_code: &t.currency_code,
            is_bill_pay: t.flags.is_bill_pay,
            is_direct_deposit: t.flags.is_direct_deposit,
            is_expense: t.flags.is_expense,
            is_fee: t.flags.is_fee,
            is_income: t.flags.is_income,
            is_overdraft_fee: t.flags.is_overdraft_fee,
            is_payroll_advance: t.flags.is_payroll_advance,
            is_subscription: t.flags.is_subscription,
            is_recurring: t.flags.is_recurring,
            is_international: t.flags.is_international,
            is_manual: t.origin.is_manual(),
            latitude: t.latitude,
            longitude: t.longitude,
            merchant_category_code: t.merchant_category_code,
            merchant_guid: t
                .merchant_name
                .as_deref()
                .map(|n| MerchantGuid::derived(n).to_string()),
            merchant_location_guid: None,
            extended_transaction_type: None,
            metadata: t.metadata.as_deref(),
            stored_category_guid: t.category_guid.as_str(),
        }
    }
}

impl TransactionWire<'_> {
    /// Shows a custom category the user filed the transaction under (the default
    /// taxonomy alone knows only MX's categories).
    pub fn with_categories(mut self, book: &CategoryBook) -> Self {
        // `new` has already shown a category of the standard taxonomy.
        if Taxonomy::standard()
            .get_by_guid(self.stored_category_guid)
            .is_some()
        {
            return self;
        }
        if let Some(found) = book.find(self.stored_category_guid) {
            self.category = Cow::Owned(found.name);
            self.category_guid = Cow::Owned(found.guid);
            self.top_level_category = Cow::Owned(found.top_level_name);
        }
        self
    }
}

#[derive(Serialize)]
struct TransactionsEnvelope<'a> {
    transactions: Vec<TransactionWire<'a>>,
    pagination: Pagination,
}

/// MX documents `{"transaction":…}`; the SDK reads `{"transactions":[…]}`. Both.
#[derive(Serialize)]
struct ReadEnvelope<'a> {
    transaction: TransactionWire<'a>,
    transactions: [TransactionWire<'a>; 1],
}

#[derive(Serialize)]
struct TransactionEnvelope<'a> {
    transaction: TransactionWire<'a>,
}

#[derive(Debug, Deserialize)]
pub struct UpdateRequest {
    transaction: Object<UpdateBody>,
}

#[derive(Debug, Deserialize)]
struct UpdateBody {
    category_guid: Option<String>,
    date: Option<String>,
    description: Option<String>,
    memo: Option<String>,
    metadata: Option<String>,
}

async fn list_for(
    state: &AppState,
    client: &ClientId,
    user_guid: &str,
    filter: Result<TransactionFilter, ApiError>,
    query: &QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(state, client, user_guid).await?;
    let filter = filter?;
    let request = query.page(1000);
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
            .map(|t| TransactionWire::new(t, &user).with_categories(&book))
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
    let filter = query.transaction_filter(None, None);
    list_for(&state, &client, &user_guid, filter, &query).await
}

pub async fn list_by_member(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let filter = query.transaction_filter(Some(member_guid), None);
    list_for(&state, &client, &user_guid, filter, &query).await
}

pub async fn list_by_account(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, account_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let filter = query.transaction_filter(None, Some(account_guid));
    list_for(&state, &client, &user_guid, filter, &query).await
}

/// `GET U/tags/{tag_guid}/transactions`.
pub async fn list_by_tag(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, tag_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let request = query.page(1000);
    let pfm = state.engine.pfm();
    let page = pfm.tagged_transactions(&user, &tag_guid, request).await?;
    let book = pfm.category_book_for(&user, &page.items).await?;
    wire::ok(&TransactionsEnvelope {
        transactions: page
            .items
            .iter()
            .map(|t| TransactionWire::new(t, &user).with_categories(&book))
            .collect(),
        pagination: request.pagination(page.total),
    })
}

pub async fn read(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, transaction_guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
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
    let wire = || TransactionWire::new(&transaction, &user).with_categories(&book);
    wire::ok(&ReadEnvelope {
        transaction: wire(),
        transactions: [wire()],
    })
}

impl UpdateRequest {
    fn into_changes(self) -> Result<TransactionChanges, ApiError> {
        let Object(body) = self.transaction;
        let date = body
            .date
            .as_deref()
            .map(|text| {
                parse_date(text).ok_or_else(|| {
                    ApiError::bad_request(
                        "transaction.date",
                        "transaction.date must be YYYY-MM-DD.",
                    )
                })
            })
            .transpose()?;
        Ok(TransactionChanges {
            category_guid: body.category_guid,
            date,
            description: body.description,
            memo: body.memo,
            metadata: body.metadata,
        })
    }
}

pub async fn update(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, transaction_guid)): Path<(String, String)>,
    MxJson(request): MxJson<UpdateRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let changes = request.into_changes()?;
    let transaction = state
        .engine
        .transactions()
        .update(&user, &transaction_guid, changes)
        .await?;
    let book = state
        .engine
        .pfm()
        .category_book_for(&user, std::slice::from_ref(&transaction))
        .await?;
    wire::ok(&TransactionEnvelope {
        transaction: TransactionWire::new(&transaction, &user).with_categories(&book),
    })
}

/// `PUT …/members/{m}/accounts/{a}/transactions/{t}`: the same update, for a
/// transaction of that member's account.
pub async fn update_by_account(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid, account_guid, transaction_guid)): Path<(
        String,
        String,
        String,
        String,
    )>,
    MxJson(request): MxJson<UpdateRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let changes = request.into_changes()?;
    let transaction = state
        .engine
        .manual()
        .update_transaction_by_account(
            &user,
            &member_guid,
            &account_guid,
            &transaction_guid,
            changes,
        )
        .await?;
    wire::ok(&TransactionEnvelope {
        transaction: TransactionWire::new(&transaction, &user),
    })
}
