//! MX member routes: translation only; every rule is in the engine.

use super::institutions::CredentialWire;
use super::member_wire::{MemberWire, StatusWire};
use super::wire::{self, MxJson};
use super::{load_user, MxError};
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
use polyfin_domain::challenge::ChallengeAnswer;
use polyfin_domain::member::{JobKind, Member};
use polyfin_domain::page::Pagination;
use polyfin_domain::user::User;
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
    // Atrium-style clients put these inside `member`; the top level wins.
    referral_source: Option<String>,
    ui_message_webview_url_scheme: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct UpdateRequest {
    member: Object<UpdateBody>,
}

#[derive(Debug, Deserialize)]
struct UpdateBody {
    credentials: Option<Vec<Object<CredentialBody>>>,
    id: Option<String>,
    metadata: Option<String>,
    background_aggregation_is_disabled: Option<bool>,
    #[serde(default)]
    skip_aggregation: bool,
    use_cases: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub struct ResumeRequest {
    member: Object<ResumeBody>,
}

#[derive(Debug, Deserialize)]
struct ResumeBody {
    #[serde(default)]
    challenges: Vec<Object<AnswerBody>>,
}

#[derive(Debug, Deserialize)]
struct AnswerBody {
    guid: String,
    value: String,
}

#[derive(Serialize)]
struct MemberEnvelope<'a> {
    member: MemberWire<'a>,
}

#[derive(Serialize)]
struct MembersEnvelope<'a> {
    members: Vec<MemberWire<'a>>,
    pagination: Pagination,
}

fn referral(value: Option<&str>, field: &str) -> Result<ReferralSource, ApiError> {
    match value {
        None => Ok(ReferralSource::Browser),
        Some(text) => ReferralSource::parse(text).ok_or_else(|| {
            ApiError::bad_request(field, format!("{field} must be APP or BROWSER."))
        }),
    }
}

pub(super) fn member_reply(
    state: &AppState,
    status: StatusCode,
    member: &Member,
    user: &User,
) -> Result<Response, MxError> {
    wire::json(
        status,
        &MemberEnvelope {
            member: MemberWire::new(member, user, state.engine.catalogue()),
        },
    )
}

pub async fn create(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    MxJson(request): MxJson<CreateRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let Object(body) = request.member;
    let source = request
        .referral_source
        .as_deref()
        .or(body.referral_source.as_deref());
    let oauth = OAuthOptions {
        referral_source: referral(source, "referral_source")?,
        ui_message_webview_url_scheme: request
            .ui_message_webview_url_scheme
            .or(body.ui_message_webview_url_scheme)
            .unwrap_or_else(|| "mx".to_owned()),
        client_redirect_url: request.client_redirect_url,
        skip_aggregation: body.skip_aggregation,
    };
    let new = NewMember {
        institution_code: body.institution_code,
        credentials: body
            .credentials
            .into_iter()
            .map(CredentialInput::from)
            .collect(),
        id: body.id,
        metadata: body.metadata,
        is_oauth: body.is_oauth,
        skip_aggregation: body.skip_aggregation,
        background_aggregation_is_disabled: body.background_aggregation_is_disabled,
        use_cases: body.use_cases,
        oauth,
    };
    let outcome = state.engine.members().create(&user, new).await?;
    let status = if outcome.job_started {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    member_reply(&state, status, &outcome.member, &user)
}

pub async fn list(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let request = query.page(1000);
    let page = state.engine.members().list(&user, request).await?;
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

pub async fn read(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let member = state.engine.members().get(&user, &member_guid).await?;
    member_reply(&state, StatusCode::OK, &member, &user)
}

pub async fn update(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    MxJson(request): MxJson<UpdateRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let Object(body) = request.member;
    let changes = MemberChanges {
        credentials: body
            .credentials
            .map(|list| list.into_iter().map(CredentialInput::from).collect()),
        id: body.id,
        metadata: body.metadata,
        background_aggregation_is_disabled: body.background_aggregation_is_disabled,
        skip_aggregation: body.skip_aggregation,
        use_cases: body.use_cases,
    };
    let outcome = state
        .engine
        .members()
        .update(&user, &member_guid, changes)
        .await?;
    member_reply(&state, StatusCode::OK, &outcome.member, &user)
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    state.engine.members().delete(&user, &member_guid).await?;
    Ok(wire::no_content())
}

pub async fn status(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let (member, challenges) = state.engine.members().status(&user, &member_guid).await?;
    #[derive(Serialize)]
    struct Envelope<'a> {
        member: StatusWire<'a>,
    }
    wire::ok(&Envelope {
        member: StatusWire::new(&member, challenges.as_deref()),
    })
}

pub async fn credentials(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let fields = state
        .engine
        .members()
        .credentials(&user, &member_guid)
        .await?;
    let request = query.page(1000);
    #[derive(Serialize)]
    struct Envelope<'a> {
        credentials: Vec<CredentialWire<'a>>,
        pagination: Pagination,
    }
    wire::ok(&Envelope {
        credentials: request
            .slice(&fields)
            .iter()
            .map(CredentialWire::from)
            .collect(),
        pagination: request.pagination(fields.len() as u64),
    })
}

/// 200 with the challenges while CHALLENGED; otherwise 204 with no body.
pub async fn challenges(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let Some(challenges) = state
        .engine
        .members()
        .challenges(&user, &member_guid)
        .await?
    else {
        return Ok(wire::no_content());
    };
    let request = query.page(1000);
    #[derive(Serialize)]
    struct Envelope<'a> {
        challenges: Vec<super::member_wire::ChallengeWire<'a>>,
        pagination: Pagination,
    }
    wire::ok(&Envelope {
        challenges: request.slice(&challenges).iter().map(Into::into).collect(),
        pagination: request.pagination(challenges.len() as u64),
    })
}

pub async fn resume(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    MxJson(request): MxJson<ResumeRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let answers = request
        .member
        .0
        .challenges
        .into_iter()
        .map(|Object(a)| ChallengeAnswer {
            guid: a.guid,
            value: a.value,
        })
        .collect();
    let member = state
        .engine
        .members()
        .resume(&user, &member_guid, answers)
        .await?;
    member_reply(&state, StatusCode::ACCEPTED, &member, &user)
}

pub async fn aggregate(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, MxError> {
    super::premium::start_job(
        &state,
        &client,
        (user_guid, member_guid),
        JobKind::Aggregation,
        &query,
    )
    .await
}

pub async fn check_balance(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, MxError> {
    super::premium::start_job(
        &state,
        &client,
        (user_guid, member_guid),
        JobKind::Balance,
        &query,
    )
    .await
}

pub async fn oauth_window_uri(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let options = OAuthOptions {
        referral_source: referral(query.text("referral_source"), "referral_source")?,
        ui_message_webview_url_scheme: query
            .text("ui_message_webview_url_scheme")
            .unwrap_or("mx")
            .to_owned(),
        client_redirect_url: query.text("client_redirect_url").map(str::to_owned),
        skip_aggregation: query.bool("skip_aggregation")?.unwrap_or(false),
    };
    let member = state
        .engine
        .oauth()
        .window_uri(&user, &member_guid, &options)
        .await?;
    #[derive(Serialize)]
    struct Window<'a> {
        guid: &'a str,
        oauth_window_uri: Option<&'a str>,
    }
    #[derive(Serialize)]
    struct Envelope<'a> {
        member: Window<'a>,
    }
    wire::ok(&Envelope {
        member: Window {
            guid: member.guid.as_str(),
            oauth_window_uri: member.oauth_window_uri.as_deref(),
        },
    })
}
