use super::wire::{self, MxJson};
use super::MxError;
use crate::common::auth::Tenant;
use crate::common::body::Object;
use crate::common::query::QueryParams;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use polyfin_domain::page::Pagination;
use polyfin_domain::user::{User, UserFields, UserFilter};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
pub struct UserRequest {
    user: Object<UserBody>,
}

#[derive(Debug, Deserialize)]
struct UserBody {
    id: Option<String>,
    email: Option<String>,
    is_disabled: Option<bool>,
    metadata: Option<String>,
}

impl From<UserBody> for UserFields {
    fn from(body: UserBody) -> Self {
        Self {
            id: body.id,
            email: body.email,
            is_disabled: body.is_disabled,
            metadata: body.metadata,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct UserWire<'a> {
    guid: &'a str,
    id: Option<&'a str>,
    email: Option<&'a str>,
    is_disabled: bool,
    metadata: Option<&'a str>,
}

impl<'a> From<&'a User> for UserWire<'a> {
    fn from(user: &'a User) -> Self {
        Self {
            guid: user.guid.as_str(),
            id: user.id.as_deref(),
            email: user.email.as_deref(),
            is_disabled: user.is_disabled,
            metadata: user.metadata.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct UserEnvelope<'a> {
    user: UserWire<'a>,
}

#[derive(Serialize)]
struct UsersEnvelope<'a> {
    users: Vec<UserWire<'a>>,
    pagination: Pagination,
}

pub async fn create(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    MxJson(request): MxJson<UserRequest>,
) -> Result<Response, MxError> {
    let user = state
        .engine
        .users()
        .create(&client, request.user.0.into())
        .await?;
    wire::ok(&UserEnvelope {
        user: (&user).into(),
    })
}

pub async fn list(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let filter = UserFilter {
        id: query.text("id").map(str::to_owned),
        email: query.text("email").map(str::to_owned),
        is_disabled: query.bool("is_disabled")?,
    };
    let page_request = query.page(1000);
    let page = state
        .engine
        .users()
        .list(&client, &filter, page_request)
        .await?;
    wire::ok(&UsersEnvelope {
        users: page.items.iter().map(UserWire::from).collect(),
        pagination: page_request.pagination(page.total),
    })
}

pub async fn read(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
) -> Result<Response, MxError> {
    let user = state.engine.users().get(&client, &user_guid).await?;
    wire::ok(&UserEnvelope {
        user: (&user).into(),
    })
}

pub async fn update(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    MxJson(request): MxJson<UserRequest>,
) -> Result<Response, MxError> {
    let user = state
        .engine
        .users()
        .update(&client, &user_guid, request.user.0.into())
        .await?;
    wire::ok(&UserEnvelope {
        user: (&user).into(),
    })
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
) -> Result<Response, MxError> {
    state.engine.users().delete(&client, &user_guid).await?;
    Ok(wire::no_content())
}
