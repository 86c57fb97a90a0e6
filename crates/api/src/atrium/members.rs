//! Atrium member routes. Atrium puts `identifier` and the create extras
//! (`referral_source`, `ui_message_webview_url_scheme`) inside `member`; MX's
//! spellings and placements are accepted too.

use super::institutions::{credentials_wire, CredentialsEnvelope};
use super::member_wire::{MemberEnvelope, MemberWire};
use super::wire::{self, AtriumJson};
use super::{load_user, AtriumError};
use crate::common::auth::Tenant;
use crate::common::body::Object;
use crate::common::credentials::CredentialBody;
use crate::common::query::QueryParams;
use crate::common::ApiError;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use polyfin_domain::member::Member;
use polyfin_domain::page::Pagination;
use polyfin_engine::members::{CredentialInput, MemberChanges, NewMember};
use polyfin_engine::oauth::{OAuthOptions, ReferralSource};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
pub struct CreateRequest {
    member: Object<CreateBody>,
    referral_source: Option<String>,
    ui_message_webview_url_scheme: Option<String>,
    client_redirect_url: Option<String>,
}

#[derive(Debug, Deserialize)]
struct CreateBody {
    institution_code: String,
    #[serde(default)]
    credentials: Vec<Object<CredentialBody>>,
    identifier: Option<String>,
    id: Option<String>,
    metadata: Option<String>,
    #[serde(default)]
    is_oauth: bool,
    #[serde(default)]
    skip_aggregation: bool,
    #[serde(default)]
    background_aggregation_is_disabled: bool,
    #[serde(default)]
    use_cases: Vec<String>,
    referral_source: Option<String>,
    ui_message_webview_url_scheme: Option<String>,
    client_redirect_url: Option<String>,
}

/// PUT may come without a body (the SDK's `update_member(m, u)`): nothing changes.
#[derive(Debug, Default, Deserialize)]
pub struct UpdateRequest {
    #[serde(default)]
    member: Option<Object<UpdateBody>>,
}

#[derive(Debug, Deserialize)]
struct UpdateBody {
    credentials: Option<Vec<Object<CredentialBody>>>,
    identifier: Option<String>,
    id: Option<String>,
    metadata: Option<String>,
    background_aggregation_is_disabled: Option<bool>,
    #[serde(default)]
    skip_aggregation: bool,
    use_cases: Option<Vec<String>>,
}

fn referral(value: Option<&str>) -> Result<ReferralSource, ApiError> {
    match value {
        None => Ok(ReferralSource::Browser),
        Some(text) => ReferralSource::parse(text).ok_or_else(|| {
            ApiError::bad_request("referral_source", "referral_source must be APP or BROWSER.")
        }),
    }
}

pub fn member_reply(status: StatusCode, member: &Member) -> Result<Response, AtriumError> {
    wire::json(status, &MemberEnvelope::new(member))
}

fn new_member(request: CreateRequest) -> Result<NewMember, ApiError> {
    let Object(body) = request.member;
    let source = body.referral_source.or(request.referral_source);
    let oauth = OAuthOptions {
        referral_source: referral(source.as_deref())?,
        ui_message_webview_url_scheme: body
            .ui_message_webview_url_scheme
            .or(request.ui_message_webview_url_scheme)
            .unwrap_or_else(|| "atrium".to_owned()),
        client_redirect_url: body.client_redirect_url.or(request.client_redirect_url),
        skip_aggregation: body.skip_aggregation,
    };
    Ok(NewMember {
        institution_code: body.institution_code,
        credentials: body
            .credentials
            .into_iter()
            .map(CredentialInput::from)
            .collect(),
        id: body.identifier.or(body.id),
        metadata: body.metadata,
        is_oauth: body.is_oauth,
        skip_aggregation: body.skip_aggregation,
        background_aggregation_is_disabled: body.background_aggregation_is_disabled,
        use_cases: body.use_cases,
        oauth,
    })
}

/// 202 when a job started (the body carries the member), otherwise 200.
pub async fn create(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    AtriumJson(request): AtriumJson<CreateRequest>,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let new = new_member(request)?;
    let outcome = state.engine.members().create(&user, new).await?;
    let status = if outcome.job_started {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    member_reply(status, &outcome.member)
}

pub async fn list(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    query: QueryParams,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let request = wire::page(&query, 1000);
    let page = state.engine.members().list(&user, request).await?;
    #[derive(Serialize)]
    struct Envelope<'a> {
        members: Vec<MemberWire<'a>>,
        pagination: Pagination,
    }
    wire::ok(&Envelope {
        members: page.items.iter().map(MemberWire::from).collect(),
        pagination: request.pagination(page.total),
    })
}

pub async fn read(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let member = state.engine.members().get(&user, &member_guid).await?;
    member_reply(StatusCode::OK, &member)
}

fn changes(Object(body): Object<UpdateBody>) -> MemberChanges {
    MemberChanges {
        credentials: body
            .credentials
            .map(|list| list.into_iter().map(CredentialInput::from).collect()),
        id: body.identifier.or(body.id),
        metadata: body.metadata,
        background_aggregation_is_disabled: body.background_aggregation_is_disabled,
        skip_aggregation: body.skip_aggregation,
        use_cases: body.use_cases,
    }
}

/// New credentials start an aggregation (202); other changes answer 200.
pub async fn update(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    AtriumJson(request): AtriumJson<UpdateRequest>,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let members = state.engine.members();
    let Some(body) = request.member else {
        let member = members.get(&user, &member_guid).await?;
        return member_reply(StatusCode::OK, &member);
    };
    let outcome = members.update(&user, &member_guid, changes(body)).await?;
    let status = if outcome.job_started {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    member_reply(status, &outcome.member)
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    state.engine.members().delete(&user, &member_guid).await?;
    Ok(wire::no_content())
}

/// The credential fields the member signs in with (never their values).
pub async fn credentials(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let fields = state
        .engine
        .members()
        .credentials(&user, &member_guid)
        .await?;
    wire::ok(&CredentialsEnvelope {
        credentials: credentials_wire(&fields),
    })
}

/// A fresh OAuth window URI, in the whole `Member`.
pub async fn oauth_window_uri(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let options = OAuthOptions {
        referral_source: referral(query.text("referral_source"))?,
        ui_message_webview_url_scheme: query
            .text("ui_message_webview_url_scheme")
            .unwrap_or("atrium")
            .to_owned(),
        client_redirect_url: query.text("client_redirect_url").map(str::to_owned),
        skip_aggregation: query.bool("skip_aggregation")?.unwrap_or(false),
    };
    let member = state
        .engine
        .oauth()
        .window_uri(&user, &member_guid, &options)
        .await?;
    member_reply(StatusCode::OK, &member)
}
