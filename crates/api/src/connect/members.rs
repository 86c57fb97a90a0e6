//! Members, MFA and jobs as the widget drives them (spec §1.2, §3.3). The engine does
//! the work; here the widget's calls map onto it: a new or re-credentialed member
//! waits for the widget's `runJob`, whose job type is the one asked for (P4).

use super::messages::{self, Lang};
use super::wire::{self, MemberView};
use super::{json, no_content, Body, ConnectError, Reply, Session};
use crate::common::body::Object;
use crate::common::credentials::CredentialBody;
use crate::common::ApiError;
use crate::AppState;
use axum::extract::{Path, State};
use axum::routing::{get, post, put};
use axum::Router;
use polyfin_domain::challenge::ChallengeAnswer;
use polyfin_domain::member::{ConnectionStatus, JobKind, Member};
use polyfin_domain::page::PageRequest;
use polyfin_engine::jobs::JobOptions;
use polyfin_engine::members::{CredentialInput, MemberChanges, NewMember};
use polyfin_engine::premium::Within;
use serde::Deserialize;
use serde_json::{json, Value};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/{user_guid}/members", get(list).post(create))
        .route(
            "/users/{user_guid}/members/{member_guid}",
            get(read).put(update).delete(remove),
        )
        .route(
            "/users/{user_guid}/members/{member_guid}/resume",
            put(resume),
        )
        .route(
            "/users/{user_guid}/members/{member_guid}/credentials",
            get(credentials),
        )
        .route(
            "/users/{user_guid}/members/{member_guid}/jobs",
            post(run_job),
        )
        .route("/users/{user_guid}/jobs/{job_guid}", get(read_job))
}

/// A member as the widget reads it, with its open challenges while CHALLENGED.
pub(super) async fn member_value(
    state: &AppState,
    session: &Session,
    member: &Member,
) -> Result<Value, ConnectError> {
    let challenges = state
        .engine
        .members()
        .challenges(&session.user, member.guid.as_str())
        .await?;
    let lang = Lang::of(session.language);
    let mut value = wire::member(MemberView {
        member,
        challenges: challenges.as_deref(),
        institution: state.engine.catalogue().get(&member.institution_code),
        lang,
    });
    if verified_nothing(state, session, member).await? {
        // Spec §3.7: never CONNECTED for a verification that found no eligible
        // account, but FAILED with NO_ELIGIBLE_ACCOUNTS.
        value["connection_status"] = json!(ConnectionStatus::Failed.code());
        value["error"] = json!({
            "error_code": 1000, "error_message": "NO_ELIGIBLE_ACCOUNTS", "error_type": "MEMBER",
            "locale": lang.widget_locale(), "user_message": messages::no_eligible_accounts(lang),
        });
    }
    Ok(value)
}

/// Whether, in verification mode, the member's finished verification job left no
/// account numbers.
async fn verified_nothing(
    state: &AppState,
    session: &Session,
    member: &Member,
) -> Result<bool, ConnectError> {
    let verification = session.page.options.mode.as_deref() == Some("verification");
    let settled = member.connection_status == Some(ConnectionStatus::Connected)
        && !member.is_being_aggregated;
    let Some(job_guid) = member
        .most_recent_job_guid
        .as_ref()
        .filter(|_| verification && settled)
    else {
        return Ok(false);
    };
    let job = state
        .engine
        .jobs()
        .get(session.client(), job_guid.as_str())
        .await?;
    if job.kind != JobKind::Verification {
        return Ok(false);
    }
    let within = Within {
        member_guid: Some(member.guid.as_str()),
        account_guid: None,
    };
    let one = PageRequest {
        page: 1,
        per_page: 1,
    };
    let numbers = state
        .engine
        .premium()
        .account_numbers(&session.user, within, one)
        .await?;
    Ok(numbers.total == 0)
}

async fn list(
    State(state): State<AppState>,
    session: Session,
    Path(user_guid): Path<String>,
) -> Reply {
    session.check_user(&user_guid)?;
    let everyone = PageRequest {
        page: 1,
        per_page: 1000,
    };
    let members = state.engine.members().list(&session.user, everyone).await?;
    let mut values = Vec::with_capacity(members.items.len());
    for member in &members.items {
        values.push(member_value(&state, &session, member).await?);
    }
    json(&json!({ "members": values }))
}

async fn read(
    State(state): State<AppState>,
    session: Session,
    Path((user_guid, member_guid)): Path<(String, String)>,
) -> Reply {
    session.check_user(&user_guid)?;
    let member = state
        .engine
        .members()
        .get(&session.user, &member_guid)
        .await?;
    json(&json!({ "member": member_value(&state, &session, &member).await? }))
}

#[derive(Debug, Deserialize)]
struct CreateRequest {
    member: Object<CreateMember>,
}

#[derive(Debug, Deserialize)]
struct CreateMember {
    institution_guid: String,
    #[serde(default)]
    credentials: Vec<Object<CredentialBody>>,
    #[serde(default)]
    is_oauth: bool,
}

async fn create(
    State(state): State<AppState>,
    session: Session,
    Path(user_guid): Path<String>,
    Body(request): Body<CreateRequest>,
) -> Reply {
    session.check_user(&user_guid)?;
    let Object(body) = request.member;
    let institution = state
        .engine
        .catalogue()
        .get_by_guid(&body.institution_guid)
        .ok_or_else(|| ApiError::not_found("Institution"))?;
    let credentials: Vec<CredentialInput> = body.credentials.into_iter().map(Into::into).collect();
    let members = state.engine.members();
    if !body.is_oauth {
        if let Some(existing) = members
            .find_same_login(&session.user, &institution.code, &credentials)
            .await?
        {
            return Err(ConnectError::Exists(existing.guid.as_str().to_owned()));
        }
    }
    let options = &session.page.options;
    let new = NewMember {
        institution_code: institution.code.clone(),
        credentials,
        is_oauth: body.is_oauth,
        // The widget starts the job its mode needs with `runJob`.
        skip_aggregation: true,
        background_aggregation_is_disabled: options.disable_background_agg == Some(true),
        use_cases: options.use_cases.clone().unwrap_or_default(),
        oauth: super::oauth::options(&session),
        ..Default::default()
    };
    let created = members.create(&session.user, new).await?;
    json(&json!({ "member": member_value(&state, &session, &created.member).await? }))
}

#[derive(Debug, Deserialize)]
struct UpdateRequest {
    member: Object<UpdateMember>,
}

#[derive(Debug, Deserialize)]
struct UpdateMember {
    credentials: Option<Vec<Object<CredentialBody>>>,
    use_cases: Option<Vec<String>>,
}

async fn update(
    State(state): State<AppState>,
    session: Session,
    Path((user_guid, member_guid)): Path<(String, String)>,
    Body(request): Body<UpdateRequest>,
) -> Reply {
    session.check_user(&user_guid)?;
    let Object(body) = request.member;
    let changes = MemberChanges {
        credentials: body
            .credentials
            .map(|c| c.into_iter().map(Into::into).collect()),
        use_cases: body.use_cases,
        skip_aggregation: true,
        ..Default::default()
    };
    let updated = state
        .engine
        .members()
        .update(&session.user, &member_guid, changes)
        .await?;
    json(&json!({ "member": member_value(&state, &session, &updated.member).await? }))
}

#[derive(Debug, Deserialize)]
struct ResumeRequest {
    member: Object<ResumeMember>,
}

#[derive(Debug, Deserialize)]
struct ResumeMember {
    #[serde(default)]
    challenges: Vec<Object<Answer>>,
}

#[derive(Debug, Deserialize)]
struct Answer {
    guid: String,
    value: String,
}

async fn resume(
    State(state): State<AppState>,
    session: Session,
    Path((user_guid, member_guid)): Path<(String, String)>,
    Body(request): Body<ResumeRequest>,
) -> Reply {
    session.check_user(&user_guid)?;
    let Object(body) = request.member;
    let answers = body
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
        .resume(&session.user, &member_guid, answers)
        .await?;
    json(&json!({ "member": member_value(&state, &session, &member).await? }))
}

async fn remove(
    State(state): State<AppState>,
    session: Session,
    Path((user_guid, member_guid)): Path<(String, String)>,
) -> Reply {
    session.check_user(&user_guid)?;
    state
        .engine
        .members()
        .delete(&session.user, &member_guid)
        .await?;
    no_content()
}

async fn credentials(
    State(state): State<AppState>,
    session: Session,
    Path((user_guid, member_guid)): Path<(String, String)>,
) -> Reply {
    session.check_user(&user_guid)?;
    let fields = state
        .engine
        .members()
        .credentials(&session.user, &member_guid)
        .await?;
    json(&json!({ "credentials": wire::credentials(&fields) }))
}

#[derive(Debug, Deserialize)]
struct JobRequest {
    job_type: u8,
}

/// Starts the job type asked for. A job already running is answered with that job
/// (idempotent, P3); throttling leaves the member as it is.
async fn run_job(
    State(state): State<AppState>,
    session: Session,
    Path((user_guid, member_guid)): Path<(String, String)>,
    Body(request): Body<JobRequest>,
) -> Reply {
    session.check_user(&user_guid)?;
    let kind = JobKind::from_widget_code(request.job_type).ok_or_else(|| {
        ApiError::bad_request(
            "job_type",
            format!("job_type {} is not supported.", request.job_type),
        )
    })?;
    let options = &session.page.options;
    let verification = options.mode.as_deref() == Some("verification");
    let job_options = JobOptions {
        include_transactions: Some(options.include_transactions.unwrap_or(!verification)),
        is_background: false,
    };
    let started = state
        .engine
        .jobs()
        .start_by_guid(&session.user, &member_guid, kind, job_options)
        .await;
    let member = match started {
        Ok(started) => started.into_member(),
        // Another job (a background refresh) runs: answer with it, as the widget's
        // 409 path would lose the job guid (P3). When it ends with another type than
        // asked for, the widget asks for its own job again.
        Err(polyfin_engine::Error::Conflict(_)) => {
            let member = state
                .engine
                .members()
                .get(&session.user, &member_guid)
                .await?;
            if member.running_job.is_none() {
                return Err(ApiError::new(
                    crate::common::ErrorKind::Conflict,
                    "The member is busy; try again.",
                )
                .into());
            }
            member
        }
        Err(other) => return Err(other.into()),
    };
    let job = match &member.most_recent_job_guid {
        Some(guid) => Some(
            state
                .engine
                .jobs()
                .get(session.client(), guid.as_str())
                .await?,
        ),
        None => None,
    };
    json(&json!({ "job": job.as_ref().map(|j| wire::job(j, Some(&member))) }))
}

async fn read_job(
    State(state): State<AppState>,
    session: Session,
    Path((user_guid, job_guid)): Path<(String, String)>,
) -> Reply {
    session.check_user(&user_guid)?;
    let job = state.engine.jobs().get(session.client(), &job_guid).await?;
    if job.user_guid != session.user.guid {
        return Err(ApiError::not_found("Job").into());
    }
    let member = state
        .engine
        .members()
        .get(&session.user, job.member_guid.as_str())
        .await
        .ok();
    json(&json!({ "job": wire::job(&job, member.as_ref()) }))
}
