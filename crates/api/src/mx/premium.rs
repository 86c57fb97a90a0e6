//! MX premium routes: the jobs that fetch premium data, account numbers and owners.

use super::members::member_reply;
use super::wire;
use super::{load_user, MxError};
use crate::common::auth::Tenant;
use crate::common::query::QueryParams;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use polyfin_domain::member::JobKind;
use polyfin_domain::page::Pagination;
use polyfin_domain::premium::{AccountNumber, AccountOwner};
use polyfin_engine::jobs::{JobOptions, Started};
use polyfin_engine::premium::Within;
use serde::Serialize;

/// Starts a job. `verify` answers 200 for a new job (the SDK maps only 200); every
/// other job, and a verification already running, answers 202.
pub(super) async fn start_job(
    state: &AppState,
    client: &polyfin_domain::ids::ClientId,
    (user_guid, member_guid): (String, String),
    kind: JobKind,
    query: &QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(state, client, &user_guid).await?;
    let options = JobOptions {
        include_transactions: query.bool("include_transactions")?,
        is_background: false,
    };
    let started = state
        .engine
        .jobs()
        .start_by_guid(&user, &member_guid, kind, options)
        .await?;
    let status = match (&started, kind) {
        (Started::Job(_), JobKind::Verification) => StatusCode::OK,
        _ => StatusCode::ACCEPTED,
    };
    member_reply(state, status, &started.into_member(), &user)
}

macro_rules! job_route {
    ($name:ident, $kind:expr) => {
        pub async fn $name(
            State(state): State<AppState>,
            Extension(Tenant(client)): Extension<Tenant>,
            Path(path): Path<(String, String)>,
            query: QueryParams,
        ) -> Result<Response, MxError> {
            start_job(&state, &client, path, $kind, &query).await
        }
    };
}

job_route!(verify, JobKind::Verification);
job_route!(identify, JobKind::Identification);
job_route!(extend_history, JobKind::History);
job_route!(fetch_statements, JobKind::Statements);

#[derive(Serialize)]
struct NumberWire<'a> {
    guid: &'a str,
    account_guid: &'a str,
    member_guid: &'a str,
    user_guid: &'a str,
    account_number: &'a str,
    routing_number: Option<&'a str>,
    institution_number: Option<&'a str>,
    transit_number: Option<&'a str>,
    passed_validation: bool,
    loan_guarantor: Option<&'a str>,
    loan_reference_number: Option<&'a str>,
    sequence_number: Option<&'a str>,
}

impl<'a> From<&'a AccountNumber> for NumberWire<'a> {
    fn from(n: &'a AccountNumber) -> Self {
        Self {
            guid: n.guid.as_str(),
            account_guid: n.owner.account_guid.as_str(),
            member_guid: n.owner.member_guid.as_str(),
            user_guid: n.owner.user_guid.as_str(),
            account_number: &n.account_number,
            routing_number: n.routing_number.as_deref(),
            institution_number: n.institution_number.as_deref(),
            transit_number: n.transit_number.as_deref(),
            passed_validation: n.passed_validation,
            loan_guarantor: None,
            loan_reference_number: None,
            sequence_number: None,
        }
    }
}

#[derive(Serialize)]
struct OwnerWire<'a> {
    guid: &'a str,
    account_guid: &'a str,
    member_guid: &'a str,
    user_guid: &'a str,
    owner_name: &'a str,
    first_name: &'a str,
    last_name: &'a str,
    email: &'a str,
    phone: &'a str,
    address: &'a str,
    city: &'a str,
    state: &'a str,
    postal_code: &'a str,
    country: &'a str,
}

impl<'a> From<&'a AccountOwner> for OwnerWire<'a> {
    fn from(o: &'a AccountOwner) -> Self {
        Self {
            guid: o.guid.as_str(),
            account_guid: o.owner.account_guid.as_str(),
            member_guid: o.owner.member_guid.as_str(),
            user_guid: o.owner.user_guid.as_str(),
            owner_name: &o.owner_name,
            first_name: &o.first_name,
            last_name: &o.last_name,
            email: &o.email,
            phone: &o.phone,
            address: &o.address,
            city: &o.city,
            state: &o.state,
            postal_code: &o.postal_code,
            country: &o.country,
        }
    }
}

async fn numbers(
    state: &AppState,
    client: &polyfin_domain::ids::ClientId,
    user_guid: &str,
    within: Within<'_>,
    query: &QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(state, client, user_guid).await?;
    let request = query.page(1000);
    let page = state
        .engine
        .premium()
        .account_numbers(&user, within, request)
        .await?;
    #[derive(Serialize)]
    struct Envelope<'a> {
        account_numbers: Vec<NumberWire<'a>>,
        pagination: Pagination,
    }
    wire::ok(&Envelope {
        account_numbers: page.items.iter().map(NumberWire::from).collect(),
        pagination: request.pagination(page.total),
    })
}

pub async fn numbers_by_member(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let within = Within {
        member_guid: Some(&member_guid),
        account_guid: None,
    };
    numbers(&state, &client, &user_guid, within, &query).await
}

pub async fn numbers_by_account(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, account_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let within = Within {
        member_guid: None,
        account_guid: Some(&account_guid),
    };
    numbers(&state, &client, &user_guid, within, &query).await
}

pub async fn owners_by_member(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let request = query.page(1000);
    let within = Within {
        member_guid: Some(&member_guid),
        account_guid: None,
    };
    let page = state
        .engine
        .premium()
        .account_owners(&user, within, request)
        .await?;
    #[derive(Serialize)]
    struct Envelope<'a> {
        account_owners: Vec<OwnerWire<'a>>,
        pagination: Pagination,
    }
    wire::ok(&Envelope {
        account_owners: page.items.iter().map(OwnerWire::from).collect(),
        pagination: request.pagination(page.total),
    })
}
