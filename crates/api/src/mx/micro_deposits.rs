//! MX micro-deposits and account verifications: translation only. MX wraps a single
//! micro-deposit in an array (`{"micro_deposit":[…]}`) and the SDK requires
//! `account_number`, `account_type` and `routing_number` on every item, so a
//! pre-initiated one shows them as empty strings.

use super::wire::{self, MxJson};
use super::{load_user, MxError};
use crate::common::auth::Tenant;
use crate::common::body::Object;
use crate::common::query::QueryParams;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, put};
use axum::{Extension, Router};
use polyfin_domain::clock::format_timestamp;
use polyfin_domain::micro_deposit::{MicroDeposit, MicroDepositDetails};
use polyfin_domain::page::Pagination;
use polyfin_domain::Decimal;
use serde::{Deserialize, Serialize};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/{user_guid}/micro_deposits", get(list).post(create))
        .route(
            "/users/{user_guid}/micro_deposits/{micro_deposit_guid}",
            get(read).delete(remove),
        )
        .route("/micro_deposits/{micro_deposit_guid}/verify", put(verify))
        .route(
            "/users/{user_guid}/account_verifications",
            get(verifications),
        )
}

#[derive(Serialize)]
struct MicroDepositWire<'a> {
    guid: &'a str,
    user_guid: &'a str,
    account_name: Option<&'a str>,
    account_number: &'a str,
    account_type: &'a str,
    routing_number: &'a str,
    email: Option<&'a str>,
    first_name: Option<&'a str>,
    last_name: Option<&'a str>,
    status: &'static str,
    error_message: Option<&'a str>,
    institution_code: Option<&'a str>,
    institution_name: Option<&'a str>,
    deposit_expected_at: Option<String>,
    verified_at: Option<String>,
    created_at: String,
    updated_at: String,
}

impl<'a> From<&'a MicroDeposit> for MicroDepositWire<'a> {
    fn from(d: &'a MicroDeposit) -> Self {
        Self {
            guid: d.guid.as_str(),
            user_guid: d.user_guid.as_str(),
            account_name: d.account_name.as_deref(),
            account_number: d.account_number.as_deref().unwrap_or(""),
            account_type: d.account_type.as_deref().unwrap_or(""),
            routing_number: d.routing_number.as_deref().unwrap_or(""),
            email: d.email.as_deref(),
            first_name: d.first_name.as_deref(),
            last_name: d.last_name.as_deref(),
            status: d.status.name(),
            error_message: d.error_message.as_deref(),
            institution_code: None,
            institution_name: None,
            deposit_expected_at: d.deposit_expected_at.map(format_timestamp),
            verified_at: d.verified_at.map(format_timestamp),
            created_at: format_timestamp(d.created_at),
            updated_at: format_timestamp(d.updated_at),
        }
    }
}

/// Create, read and verify answer one micro-deposit, in an array.
#[derive(Serialize)]
struct OneEnvelope<'a> {
    micro_deposit: [MicroDepositWire<'a>; 1],
}

#[derive(Serialize)]
struct ListEnvelope<'a> {
    micro_deposits: Vec<MicroDepositWire<'a>>,
    pagination: Pagination,
}

/// `account_verifications` lists under the singular key, like the SDK reads it.
#[derive(Serialize)]
struct VerificationsEnvelope<'a> {
    micro_deposit: Vec<MicroDepositWire<'a>>,
    pagination: Pagination,
}

#[derive(Debug, Deserialize)]
pub struct CreateRequest {
    micro_deposit: Object<CreateBody>,
}

#[derive(Debug, Deserialize)]
struct CreateBody {
    account_name: Option<String>,
    account_number: Option<String>,
    account_type: Option<String>,
    routing_number: Option<String>,
    email: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct VerifyRequest {
    micro_deposit: Object<VerifyBody>,
}

#[derive(Debug, Deserialize)]
struct VerifyBody {
    deposit_amount_1: Option<Decimal>,
    deposit_amount_2: Option<Decimal>,
}

fn one(micro_deposit: &MicroDeposit) -> Result<Response, MxError> {
    wire::ok(&OneEnvelope {
        micro_deposit: [MicroDepositWire::from(micro_deposit)],
    })
}

pub async fn create(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    MxJson(request): MxJson<CreateRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let Object(body) = request.micro_deposit;
    let details = MicroDepositDetails {
        account_name: body.account_name,
        account_number: body.account_number,
        account_type: body.account_type,
        routing_number: body.routing_number,
        email: body.email,
        first_name: body.first_name,
        last_name: body.last_name,
    };
    let created = state.engine.micro_deposits().create(&user, details).await?;
    one(&created)
}

pub async fn read(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let found = state.engine.micro_deposits().get(&user, &guid).await?;
    one(&found)
}

pub async fn remove(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    state.engine.micro_deposits().delete(&user, &guid).await?;
    Ok(wire::no_content())
}

pub async fn list(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let request = query.page(1000);
    let page = state.engine.micro_deposits().list(&user, request).await?;
    wire::ok(&ListEnvelope {
        micro_deposits: page.items.iter().map(MicroDepositWire::from).collect(),
        pagination: request.pagination(page.total),
    })
}

pub async fn verifications(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let request = query.page(1000);
    let page = state.engine.micro_deposits().list(&user, request).await?;
    wire::ok(&VerificationsEnvelope {
        micro_deposit: page.items.iter().map(MicroDepositWire::from).collect(),
        pagination: request.pagination(page.total),
    })
}

/// The path has no user: the micro-deposit is looked up among the client's.
pub async fn verify(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(guid): Path<String>,
    MxJson(request): MxJson<VerifyRequest>,
) -> Result<Response, MxError> {
    let Object(body) = request.micro_deposit;
    let amounts = (body.deposit_amount_1, body.deposit_amount_2);
    let verified = state
        .engine
        .micro_deposits()
        .verify(&client, &guid, amounts)
        .await?;
    one(&verified)
}
