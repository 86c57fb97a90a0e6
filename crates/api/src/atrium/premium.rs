//! Atrium's premium jobs (`verify`, `identify`, `extend_history`, `fetch_statements`)
//! and what they bring: account numbers and account owners. The job rules (202/409,
//! 400 when the institution lacks the `supports_*` flag) are the engine's.

use super::aggregation::start;
use super::wire;
use super::{load_user, AtriumError};
use crate::common::auth::Tenant;
use crate::common::query::QueryParams;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use polyfin_domain::member::JobKind;
use polyfin_domain::page::{Page, PageRequest, Pagination};
use polyfin_domain::premium::{AccountNumber, AccountOwner};
use polyfin_domain::user::User;
use polyfin_engine::premium::Within;
use serde::Serialize;
use std::future::Future;

macro_rules! job_route {
    ($(#[$doc:meta])* $name:ident, $kind:expr) => {
        $(#[$doc])*
        pub async fn $name(
            State(state): State<AppState>,
            Extension(Tenant(client)): Extension<Tenant>,
            Path(path): Path<(String, String)>,
        ) -> Result<Response, AtriumError> {
            start(&state, &client, path, $kind).await
        }
    };
}

job_route!(
    /// Brings account and routing numbers (`list_account_numbers`).
    verify,
    JobKind::Verification
);
job_route!(
    /// Brings account owners (`list_account_owners`).
    identify,
    JobKind::Identification
);
job_route!(
    /// Brings up to 24 months of transactions.
    extend_history,
    JobKind::History
);
job_route!(
    /// Brings statements (`list_member_statements`).
    fetch_statements,
    JobKind::Statements
);

/// The SDK's `AccountNumber` (+ the guide's `guid`).
#[derive(Serialize)]
struct NumberWire<'a> {
    account_guid: &'a str,
    account_number: &'a str,
    guid: &'a str,
    institution_number: Option<&'a str>,
    member_guid: &'a str,
    routing_number: Option<&'a str>,
    transit_number: Option<&'a str>,
    user_guid: &'a str,
}

impl<'a> From<&'a AccountNumber> for NumberWire<'a> {
    fn from(n: &'a AccountNumber) -> Self {
        Self {
            account_guid: n.owner.account_guid.as_str(),
            account_number: &n.account_number,
            guid: n.guid.as_str(),
            institution_number: n.institution_number.as_deref(),
            member_guid: n.owner.member_guid.as_str(),
            routing_number: n.routing_number.as_deref(),
            transit_number: n.transit_number.as_deref(),
            user_guid: n.owner.user_guid.as_str(),
        }
    }
}

/// The SDK's `AccountOwner` (+ the guide's `phone`).
#[derive(Serialize)]
struct OwnerWire<'a> {
    account_guid: &'a str,
    address: &'a str,
    city: &'a str,
    country: &'a str,
    email: &'a str,
    guid: &'a str,
    member_guid: &'a str,
    owner_name: &'a str,
    phone: &'a str,
    postal_code: &'a str,
    state: &'a str,
    user_guid: &'a str,
}

impl<'a> From<&'a AccountOwner> for OwnerWire<'a> {
    fn from(o: &'a AccountOwner) -> Self {
        Self {
            account_guid: o.owner.account_guid.as_str(),
            address: &o.address,
            city: &o.city,
            country: &o.country,
            email: &o.email,
            guid: o.guid.as_str(),
            member_guid: o.owner.member_guid.as_str(),
            owner_name: &o.owner_name,
            phone: &o.phone,
            postal_code: &o.postal_code,
            state: &o.state,
            user_guid: o.owner.user_guid.as_str(),
        }
    }
}

/// Atrium's account number and owner lists are not paged: without `page` or
/// `records_per_page` the whole list comes back, with no `pagination`. A caller that
/// asks for a page gets that page, and its `pagination`, as in MX.
async fn unpaged<T, F, Fut>(
    query: &QueryParams,
    fetch: F,
) -> Result<(Vec<T>, Option<Pagination>), AtriumError>
where
    F: Fn(PageRequest) -> Fut,
    Fut: Future<Output = polyfin_engine::Result<Page<T>>>,
{
    if query.get("page").is_some() || query.get("records_per_page").is_some() {
        let request = wire::page(query, 1000);
        let page = fetch(request).await?;
        return Ok((page.items, Some(request.pagination(page.total))));
    }
    let mut items = Vec::new();
    let mut request = PageRequest {
        page: 1,
        per_page: 1000,
    };
    loop {
        let page = fetch(request).await?;
        let done = page.items.is_empty();
        items.extend(page.items);
        if done || items.len() as u64 >= page.total {
            return Ok((items, None));
        }
        request.page += 1;
    }
}

#[derive(Serialize)]
struct NumbersEnvelope<'a> {
    account_numbers: Vec<NumberWire<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pagination: Option<Pagination>,
}

async fn numbers(
    state: &AppState,
    user: &User,
    within: Within<'_>,
    query: &QueryParams,
) -> Result<Response, AtriumError> {
    let premium = state.engine.premium();
    let premium = &premium;
    let (items, pagination) = unpaged(query, |request| {
        premium.account_numbers(user, within, request)
    })
    .await?;
    wire::ok(&NumbersEnvelope {
        account_numbers: items.iter().map(NumberWire::from).collect(),
        pagination,
    })
}

pub async fn numbers_by_member(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let within = Within {
        member_guid: Some(&member_guid),
        account_guid: None,
    };
    numbers(&state, &user, within, &query).await
}

pub async fn numbers_by_account(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, account_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let within = Within {
        member_guid: None,
        account_guid: Some(&account_guid),
    };
    numbers(&state, &user, within, &query).await
}

pub async fn owners_by_member(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let within = Within {
        member_guid: Some(&member_guid),
        account_guid: None,
    };
    let premium = state.engine.premium();
    let premium = &premium;
    let user = &user;
    let (items, pagination) = unpaged(&query, |request| {
        premium.account_owners(user, within, request)
    })
    .await?;
    #[derive(Serialize)]
    struct Envelope<'a> {
        account_owners: Vec<OwnerWire<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pagination: Option<Pagination>,
    }
    wire::ok(&Envelope {
        account_owners: items.iter().map(OwnerWire::from).collect(),
        pagination,
    })
}
