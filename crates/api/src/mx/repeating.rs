//! `GET U/repeating_transactions` and `…/{guid}`: series the engine detected across
//! the user's transactions. Both answer the list envelope (the SDK reads the single
//! one as a list too); neither has pagination in MX's spec.

use super::wire;
use super::{load_user, MxError};
use crate::common::auth::Tenant;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use polyfin_domain::clock::format_date;
use polyfin_domain::Decimal;
use polyfin_engine::pfm::RepeatingTransaction;
use serde::Serialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/{user_guid}/repeating_transactions", get(list))
        .route(
            "/users/{user_guid}/repeating_transactions/{repeating_guid}",
            get(read),
        )
}

#[derive(Serialize)]
struct RepeatingWire<'a> {
    guid: &'a str,
    user_guid: &'a str,
    member_guid: &'a str,
    account_guid: &'a str,
    amount: Decimal,
    description: &'a str,
    merchant_guid: Option<&'a str>,
    last_posted_date: String,
    predicted_occurs_on: String,
    recurrence_type: &'static str,
    repeating_transaction_type: &'static str,
    transaction_type: &'static str,
}

impl<'a> From<&'a RepeatingTransaction> for RepeatingWire<'a> {
    fn from(r: &'a RepeatingTransaction) -> Self {
        RepeatingWire {
            guid: r.guid.as_str(),
            user_guid: &r.user_guid,
            member_guid: &r.member_guid,
            account_guid: &r.account_guid,
            amount: r.amount,
            description: &r.description,
            merchant_guid: r.merchant_guid.as_deref(),
            last_posted_date: format_date(r.last_posted_date),
            predicted_occurs_on: format_date(r.predicted_occurs_on),
            recurrence_type: r.recurrence_type,
            repeating_transaction_type: r.repeating_transaction_type,
            transaction_type: r.transaction_type,
        }
    }
}

#[derive(Serialize)]
struct Envelope<'a> {
    repeating_transactions: Vec<RepeatingWire<'a>>,
}

async fn list(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let all = state.engine.pfm().repeating(&user).await?;
    wire::ok(&Envelope {
        repeating_transactions: all.iter().map(Into::into).collect(),
    })
}

async fn read(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let one = state.engine.pfm().repeating_one(&user, &guid).await?;
    wire::ok(&Envelope {
        repeating_transactions: vec![(&one).into()],
    })
}
