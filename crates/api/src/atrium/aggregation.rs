//! Aggregation-type jobs, their status and MFA. The 202/409/429/403 rules come from
//! the engine; every 202 carries the whole member.

use super::member_wire::{ChallengeWire, StatusWire};
use super::members::member_reply;
use super::wire::{self, AtriumJson};
use super::{load_user, AtriumError};
use crate::common::auth::Tenant;
use crate::common::body::Object;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use polyfin_domain::challenge::ChallengeAnswer;
use polyfin_domain::ids::ClientId;
use polyfin_domain::member::JobKind;
use polyfin_engine::jobs::JobOptions;
use serde::{Deserialize, Serialize};

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

pub async fn status(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
) -> Result<Response, AtriumError> {
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

/// 200 with the challenges while CHALLENGED; otherwise 204 with no body.
pub async fn challenges(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let Some(challenges) = state
        .engine
        .members()
        .challenges(&user, &member_guid)
        .await?
    else {
        return Ok(wire::no_content());
    };
    #[derive(Serialize)]
    struct Envelope<'a> {
        challenges: Vec<ChallengeWire<'a>>,
    }
    wire::ok(&Envelope {
        challenges: challenges.iter().map(ChallengeWire::from).collect(),
    })
}

pub async fn resume(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    AtriumJson(request): AtriumJson<ResumeRequest>,
) -> Result<Response, AtriumError> {
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
    member_reply(StatusCode::ACCEPTED, &member)
}

/// Starts an aggregation-type job: 202 with the member, whether it started, was
/// already running or was throttled.
pub(super) async fn start(
    state: &AppState,
    client: &ClientId,
    (user_guid, member_guid): (String, String),
    kind: JobKind,
) -> Result<Response, AtriumError> {
    let user = load_user(state, client, &user_guid).await?;
    let started = state
        .engine
        .jobs()
        .start_by_guid(&user, &member_guid, kind, JobOptions::default())
        .await?;
    member_reply(StatusCode::ACCEPTED, &started.into_member())
}

pub async fn aggregate(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(path): Path<(String, String)>,
) -> Result<Response, AtriumError> {
    start(&state, &client, path, JobKind::Aggregation).await
}

/// Atrium's `/balance` is MX's `/check_balance`.
pub async fn balance(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(path): Path<(String, String)>,
) -> Result<Response, AtriumError> {
    start(&state, &client, path, JobKind::Balance).await
}
