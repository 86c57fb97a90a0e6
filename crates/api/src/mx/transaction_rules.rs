//! Transaction rules: saved, they recategorize the user's matching transactions and
//! every matching one aggregated afterwards.

use super::wire::{self, MxJson};
use super::{load_user, MxError};
use crate::common::auth::Tenant;
use crate::common::body::Object;
use crate::common::query::QueryParams;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use polyfin_domain::clock::format_timestamp;
use polyfin_domain::page::Pagination;
use polyfin_domain::pfm::TransactionRule;
use polyfin_engine::pfm::RuleChanges;
use serde::{Deserialize, Serialize};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/users/{user_guid}/transaction_rules",
            get(list).post(create),
        )
        .route(
            "/users/{user_guid}/transaction_rules/{rule_guid}",
            get(read).put(update).delete(delete),
        )
}

#[derive(Serialize)]
struct RuleWire<'a> {
    guid: &'a str,
    category_guid: &'a str,
    match_description: &'a str,
    description: Option<&'a str>,
    user_guid: &'a str,
    created_at: String,
    updated_at: String,
}

impl<'a> From<&'a TransactionRule> for RuleWire<'a> {
    fn from(r: &'a TransactionRule) -> Self {
        RuleWire {
            guid: r.guid.as_str(),
            category_guid: r.category_guid.as_str(),
            match_description: &r.match_description,
            description: r.description.as_deref(),
            user_guid: r.user_guid.as_str(),
            created_at: format_timestamp(r.created_at),
            updated_at: format_timestamp(r.updated_at),
        }
    }
}

#[derive(Serialize)]
struct RuleEnvelope<'a> {
    transaction_rule: RuleWire<'a>,
}

#[derive(Serialize)]
struct RulesEnvelope<'a> {
    transaction_rules: Vec<RuleWire<'a>>,
    pagination: Pagination,
}

#[derive(Debug, Deserialize)]
pub struct RuleRequest {
    transaction_rule: Object<RuleBody>,
}

#[derive(Debug, Deserialize)]
struct RuleBody {
    category_guid: Option<String>,
    match_description: Option<String>,
    description: Option<String>,
}

impl From<RuleRequest> for RuleChanges {
    fn from(request: RuleRequest) -> Self {
        let Object(body) = request.transaction_rule;
        RuleChanges {
            category_guid: body.category_guid,
            match_description: body.match_description,
            description: body.description,
        }
    }
}

fn one(rule: &TransactionRule) -> Result<Response, MxError> {
    wire::ok(&RuleEnvelope {
        transaction_rule: rule.into(),
    })
}

async fn list(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let request = query.page(1000);
    let page = state.engine.pfm().rules(&user, request).await?;
    wire::ok(&RulesEnvelope {
        transaction_rules: page.items.iter().map(Into::into).collect(),
        pagination: request.pagination(page.total),
    })
}

async fn create(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    MxJson(request): MxJson<RuleRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let rule = state
        .engine
        .pfm()
        .create_rule(&user, request.into())
        .await?;
    one(&rule)
}

async fn read(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, rule_guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    one(&state.engine.pfm().rule(&user, &rule_guid).await?)
}

async fn update(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, rule_guid)): Path<(String, String)>,
    MxJson(request): MxJson<RuleRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let rule = state
        .engine
        .pfm()
        .update_rule(&user, &rule_guid, request.into())
        .await?;
    one(&rule)
}

async fn delete(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, rule_guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    state.engine.pfm().delete_rule(&user, &rule_guid).await?;
    Ok(wire::no_content())
}
