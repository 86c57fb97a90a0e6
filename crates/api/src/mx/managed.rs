//! MX partner-managed data (`/managed_institutions`, `U/managed_members/…`):
//! translation only; the rules are in the engine.

use super::accounts::{AccountEnvelope, AccountWire, AccountsEnvelope};
use super::institutions::InstitutionWire;
use super::member_wire::MemberWire;
use super::members::member_reply;
use super::supplied_wire::{AccountBody, TransactionBody};
use super::transactions::TransactionWire;
use super::wire::{self, MxJson};
use super::{load_user, MxError};
use crate::common::auth::Tenant;
use crate::common::body::Object;
use crate::common::query::QueryParams;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use polyfin_domain::page::Pagination;
use polyfin_domain::transaction::Transaction;
use polyfin_domain::user::User;
use polyfin_engine::managed::ManagedMemberFields;
use serde::{Deserialize, Serialize};

pub(super) fn routes() -> Router<AppState> {
    const M: &str = "/users/{user_guid}/managed_members/{member_guid}";
    const A: &str = "/users/{user_guid}/managed_members/{member_guid}/accounts/{account_guid}";
    Router::new()
        .route("/managed_institutions", get(list_institutions))
        .route(
            "/users/{user_guid}/managed_members",
            get(list_members).post(create_member),
        )
        .route(M, get(read_member).put(update_member).delete(delete_member))
        .route(
            &format!("{M}/accounts"),
            get(list_accounts).post(create_account),
        )
        .route(
            A,
            get(read_account).put(update_account).delete(delete_account),
        )
        .route(
            &format!("{A}/transactions"),
            get(list_transactions).post(create_transaction),
        )
        .route(
            &format!("{A}/transactions/{{transaction_guid}}"),
            get(read_transaction)
                .put(update_transaction)
                .delete(delete_transaction),
        )
}

#[derive(Debug, Deserialize)]
pub struct MemberRequest {
    member: Object<MemberBody>,
}

#[derive(Debug, Deserialize)]
struct MemberBody {
    institution_code: Option<String>,
    id: Option<String>,
    metadata: Option<String>,
    name: Option<String>,
}

impl MemberRequest {
    fn into_fields(self) -> ManagedMemberFields {
        let Object(body) = self.member;
        ManagedMemberFields {
            institution_code: body.institution_code,
            id: body.id,
            metadata: body.metadata,
            name: body.name,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct AccountRequest {
    account: Object<AccountBody>,
}

#[derive(Debug, Deserialize)]
pub struct TransactionRequest {
    transaction: Object<TransactionBody>,
}

#[derive(Serialize)]
struct InstitutionsEnvelope<'a> {
    institutions: Vec<InstitutionWire<'a>>,
    pagination: Pagination,
}

#[derive(Serialize)]
struct MembersEnvelope<'a> {
    members: Vec<MemberWire<'a>>,
    pagination: Pagination,
}

#[derive(Serialize)]
struct TransactionEnvelope<'a> {
    transaction: TransactionWire<'a>,
}

#[derive(Serialize)]
struct TransactionsEnvelope<'a> {
    transactions: Vec<TransactionWire<'a>>,
    pagination: Pagination,
}

fn transaction_reply(transaction: &Transaction, user: &User) -> Result<Response, MxError> {
    wire::ok(&TransactionEnvelope {
        transaction: TransactionWire::new(transaction, user),
    })
}

/// Paginated up to 1000 a page, like the other spec-only lists.
pub async fn list_institutions(
    State(state): State<AppState>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let all = state.engine.managed().institutions();
    let request = query.page(1000);
    let public_url = &state.config.public_url;
    wire::ok(&InstitutionsEnvelope {
        institutions: request
            .slice(all)
            .iter()
            .map(|i| InstitutionWire::new(i, public_url))
            .collect(),
        pagination: request.pagination(all.len() as u64),
    })
}

/// MX answers a managed member's creation with 202.
pub async fn create_member(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    MxJson(request): MxJson<MemberRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let member = state
        .engine
        .managed()
        .create_member(&user, request.into_fields())
        .await?;
    member_reply(&state, StatusCode::ACCEPTED, &member, &user)
}

pub async fn list_members(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let request = query.page(1000);
    let page = state.engine.managed().list_members(&user, request).await?;
    let catalogue = state.engine.catalogue();
    wire::ok(&MembersEnvelope {
        members: page
            .items
            .iter()
            .map(|m| MemberWire::new(m, &user, catalogue))
            .collect(),
        pagination: request.pagination(page.total),
    })
}

pub async fn read_member(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let member = state.engine.managed().member(&user, &member_guid).await?;
    member_reply(&state, StatusCode::OK, &member, &user)
}

pub async fn update_member(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    MxJson(request): MxJson<MemberRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let managed = state.engine.managed();
    let member = managed
        .update_member(&user, &member_guid, request.into_fields())
        .await?;
    member_reply(&state, StatusCode::OK, &member, &user)
}

pub async fn delete_member(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    state
        .engine
        .managed()
        .delete_member(&user, &member_guid)
        .await?;
    Ok(wire::no_content())
}

pub async fn create_account(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    MxJson(request): MxJson<AccountRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let Object(body) = request.account;
    let fields = body.into_fields()?;
    let managed = state.engine.managed();
    let account = managed.create_account(&user, &member_guid, fields).await?;
    wire::ok(&AccountEnvelope {
        account: AccountWire::new(&account, &user),
    })
}

pub async fn list_accounts(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let request = query.page(1000);
    let page = state
        .engine
        .managed()
        .list_accounts(&user, &member_guid, request)
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

pub async fn read_account(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid, account_guid)): Path<(String, String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let account = state
        .engine
        .managed()
        .account(&user, &member_guid, &account_guid)
        .await?;
    wire::ok(&AccountEnvelope {
        account: AccountWire::new(&account, &user),
    })
}

pub async fn update_account(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid, account_guid)): Path<(String, String, String)>,
    MxJson(request): MxJson<AccountRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let Object(body) = request.account;
    let fields = body.into_fields()?;
    let managed = state.engine.managed();
    let account = managed
        .update_account(&user, &member_guid, &account_guid, fields)
        .await?;
    wire::ok(&AccountEnvelope {
        account: AccountWire::new(&account, &user),
    })
}

pub async fn delete_account(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid, account_guid)): Path<(String, String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let managed = state.engine.managed();
    managed
        .delete_account(&user, &member_guid, &account_guid)
        .await?;
    Ok(wire::no_content())
}

pub async fn create_transaction(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid, account_guid)): Path<(String, String, String)>,
    MxJson(request): MxJson<TransactionRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let Object(body) = request.transaction;
    let category = body.category.clone();
    let fields = body.into_fields()?;
    let managed = state.engine.managed();
    let transaction = managed
        .create_transaction(
            &user,
            &member_guid,
            &account_guid,
            fields,
            category.as_deref(),
        )
        .await?;
    transaction_reply(&transaction, &user)
}

pub async fn list_transactions(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid, account_guid)): Path<(String, String, String)>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let dates = (query.date("from_date")?, query.date("to_date")?);
    let request = query.page(1000);
    let managed = state.engine.managed();
    let page = managed
        .list_transactions(&user, &member_guid, &account_guid, dates, request)
        .await?;
    wire::ok(&TransactionsEnvelope {
        transactions: page
            .items
            .iter()
            .map(|x| TransactionWire::new(x, &user))
            .collect(),
        pagination: request.pagination(page.total),
    })
}

pub async fn read_transaction(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid, account_guid, guid)): Path<(String, String, String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let managed = state.engine.managed();
    let transaction = managed
        .transaction(&user, &member_guid, &account_guid, &guid)
        .await?;
    transaction_reply(&transaction, &user)
}

pub async fn update_transaction(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid, account_guid, guid)): Path<(String, String, String, String)>,
    MxJson(request): MxJson<TransactionRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let Object(body) = request.transaction;
    let category = body.category.clone();
    let fields = body.into_fields()?;
    let path = (member_guid.as_str(), account_guid.as_str(), guid.as_str());
    let managed = state.engine.managed();
    let transaction = managed
        .update_transaction(&user, path, fields, category.as_deref())
        .await?;
    transaction_reply(&transaction, &user)
}

pub async fn delete_transaction(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid, account_guid, guid)): Path<(String, String, String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let path = (member_guid.as_str(), account_guid.as_str(), guid.as_str());
    state
        .engine
        .managed()
        .delete_transaction(&user, path)
        .await?;
    Ok(wire::no_content())
}
