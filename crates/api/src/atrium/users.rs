//! Atrium users: `identifier` is the engine's partner `id`.

use super::wire::{self, AtriumJson};
use super::AtriumError;
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
pub struct CreateRequest {
    pub user: Object<UserBody>,
}

/// PUT may come without a body (the SDK's `update_user(guid)`): nothing changes.
#[derive(Debug, Default, Deserialize)]
pub struct UpdateRequest {
    #[serde(default)]
    pub user: Option<Object<UserBody>>,
}

/// The SDK's `User` model also has `guid`; it is ignored, as unknown fields are.
#[derive(Debug, Default, Deserialize)]
pub struct UserBody {
    pub identifier: Option<String>,
    /// MX's spelling, accepted too.
    pub id: Option<String>,
    pub email: Option<String>,
    pub is_disabled: Option<bool>,
    pub metadata: Option<String>,
}

impl From<UserBody> for UserFields {
    fn from(body: UserBody) -> Self {
        Self {
            id: body.identifier.or(body.id),
            email: body.email,
            is_disabled: body.is_disabled,
            metadata: body.metadata,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct UserWire<'a> {
    pub guid: &'a str,
    pub identifier: Option<&'a str>,
    pub is_disabled: bool,
    pub metadata: Option<&'a str>,
}

impl<'a> From<&'a User> for UserWire<'a> {
    fn from(user: &'a User) -> Self {
        Self {
            guid: user.guid.as_str(),
            identifier: user.id.as_deref(),
            is_disabled: user.is_disabled,
            metadata: user.metadata.as_deref(),
        }
    }
}

#[derive(Serialize)]
pub struct UserEnvelope<'a> {
    pub user: UserWire<'a>,
}

#[derive(Serialize)]
pub struct UsersEnvelope<'a> {
    pub users: Vec<UserWire<'a>>,
    pub pagination: Pagination,
}

fn reply(user: &User) -> Result<Response, AtriumError> {
    wire::ok(&UserEnvelope { user: user.into() })
}

pub async fn create(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    AtriumJson(request): AtriumJson<CreateRequest>,
) -> Result<Response, AtriumError> {
    let fields = request.user.0.into();
    let user = state.engine.users().create(&client, fields).await?;
    reply(&user)
}

pub async fn list(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    query: QueryParams,
) -> Result<Response, AtriumError> {
    let request = wire::page(&query, 1000);
    let page = state
        .engine
        .users()
        .list(&client, &UserFilter::default(), request)
        .await?;
    wire::ok(&UsersEnvelope {
        users: page.items.iter().map(UserWire::from).collect(),
        pagination: request.pagination(page.total),
    })
}

pub async fn read(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
) -> Result<Response, AtriumError> {
    reply(&state.engine.users().get(&client, &user_guid).await?)
}

pub async fn update(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    AtriumJson(request): AtriumJson<UpdateRequest>,
) -> Result<Response, AtriumError> {
    let users = state.engine.users();
    let user = match request.user {
        Some(Object(body)) => users.update(&client, &user_guid, body.into()).await?,
        None => users.get(&client, &user_guid).await?,
    };
    reply(&user)
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
) -> Result<Response, AtriumError> {
    state.engine.users().delete(&client, &user_guid).await?;
    Ok(wire::no_content())
}
