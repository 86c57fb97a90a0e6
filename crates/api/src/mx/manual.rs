//! MX manual accounts and transactions: translation only; the rules are in the engine.

use super::accounts::{AccountEnvelope, AccountWire};
use super::supplied_wire::{AccountBody, TransactionBody};
use super::transactions::{self, TransactionWire};
use super::wire::{self, MxJson};
use super::{load_user, MxError};
use crate::common::auth::Tenant;
use crate::common::body::Object;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{delete, post, put};
use axum::{Extension, Router};
use serde::Deserialize;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/{user_guid}/accounts", post(create_account))
        .route(
            "/users/{user_guid}/accounts/{account_guid}",
            delete(delete_account),
        )
        .route(
            "/users/{user_guid}/accounts/{account_guid}/transactions",
            post(create_transaction),
        )
        .route(
            "/users/{user_guid}/transactions/{transaction_guid}",
            delete(delete_transaction),
        )
        .route(
            "/users/{user_guid}/members/{member_guid}/accounts/{account_guid}/transactions/{transaction_guid}",
            put(transactions::update_by_account),
        )
}

#[derive(Debug, Deserialize)]
pub struct AccountRequest {
    account: Object<AccountBody>,
}

#[derive(Debug, Deserialize)]
pub struct TransactionRequest {
    transaction: Object<TransactionBody>,
}

pub async fn create_account(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    MxJson(request): MxJson<AccountRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let Object(body) = request.account;
    let fields = body.into_fields()?;
    let account = state.engine.manual().create_account(&user, fields).await?;
    wire::ok(&AccountEnvelope {
        account: AccountWire::new(&account, &user),
    })
}

pub async fn delete_account(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, account_guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    state
        .engine
        .manual()
        .delete_account(&user, &account_guid)
        .await?;
    Ok(wire::no_content())
}

/// The SDK reads the created transaction flat, without a `transaction` envelope.
pub async fn create_transaction(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, account_guid)): Path<(String, String)>,
    MxJson(request): MxJson<TransactionRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let Object(body) = request.transaction;
    let category = body.category_guid.clone();
    let fields = body.into_fields()?;
    let transaction = state
        .engine
        .manual()
        .create_transaction(&user, &account_guid, fields, category.as_deref())
        .await?;
    wire::ok(&TransactionWire::new(&transaction, &user))
}

pub async fn delete_transaction(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, transaction_guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    state
        .engine
        .manual()
        .delete_transaction(&user, &transaction_guid)
        .await?;
    Ok(wire::no_content())
}
