//! Tags and taggings (a tag put on one of the user's transactions).

use super::categories::required;
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
use polyfin_domain::page::Pagination;
use polyfin_domain::pfm::{Tag, Tagging};
use serde::{Deserialize, Serialize};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/{user_guid}/tags", get(list_tags).post(create_tag))
        .route(
            "/users/{user_guid}/tags/{tag_guid}",
            get(read_tag).put(update_tag).delete(delete_tag),
        )
        .route(
            "/users/{user_guid}/taggings",
            get(list_taggings).post(create_tagging),
        )
        .route(
            "/users/{user_guid}/taggings/{tagging_guid}",
            get(read_tagging).put(update_tagging).delete(delete_tagging),
        )
}

#[derive(Serialize)]
struct TagWire<'a> {
    guid: &'a str,
    name: &'a str,
    user_guid: &'a str,
}

impl<'a> From<&'a Tag> for TagWire<'a> {
    fn from(t: &'a Tag) -> Self {
        TagWire {
            guid: t.guid.as_str(),
            name: &t.name,
            user_guid: t.user_guid.as_str(),
        }
    }
}

#[derive(Serialize)]
struct TaggingWire<'a> {
    guid: &'a str,
    member_is_managed_by_user: bool,
    tag_guid: &'a str,
    transaction_guid: &'a str,
    user_guid: &'a str,
}

impl<'a> From<&'a Tagging> for TaggingWire<'a> {
    fn from(t: &'a Tagging) -> Self {
        TaggingWire {
            guid: t.guid.as_str(),
            member_is_managed_by_user: false,
            tag_guid: t.tag_guid.as_str(),
            transaction_guid: t.transaction_guid.as_str(),
            user_guid: t.user_guid.as_str(),
        }
    }
}

#[derive(Serialize)]
struct TagEnvelope<'a> {
    tag: TagWire<'a>,
}

#[derive(Serialize)]
struct TagsEnvelope<'a> {
    tags: Vec<TagWire<'a>>,
    pagination: Pagination,
}

#[derive(Serialize)]
struct TaggingEnvelope<'a> {
    tagging: TaggingWire<'a>,
}

#[derive(Serialize)]
struct TaggingsEnvelope<'a> {
    taggings: Vec<TaggingWire<'a>>,
    pagination: Pagination,
}

#[derive(Debug, Deserialize)]
pub struct TagRequest {
    tag: Object<TagBody>,
}

#[derive(Debug, Deserialize)]
struct TagBody {
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct TaggingRequest {
    tagging: Object<TaggingBody>,
}

#[derive(Debug, Deserialize)]
struct TaggingBody {
    tag_guid: Option<String>,
    transaction_guid: Option<String>,
}

async fn list_tags(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let request = query.page(1000);
    let page = state.engine.pfm().tags(&user, request).await?;
    wire::ok(&TagsEnvelope {
        tags: page.items.iter().map(Into::into).collect(),
        pagination: request.pagination(page.total),
    })
}

async fn create_tag(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    MxJson(request): MxJson<TagRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let name = request.tag.0.name.ok_or_else(|| required("tag.name"))?;
    let tag = state.engine.pfm().create_tag(&user, &name).await?;
    wire::ok(&TagEnvelope { tag: (&tag).into() })
}

async fn read_tag(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, tag_guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let tag = state.engine.pfm().tag(&user, &tag_guid).await?;
    wire::ok(&TagEnvelope { tag: (&tag).into() })
}

async fn update_tag(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, tag_guid)): Path<(String, String)>,
    MxJson(request): MxJson<TagRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let name = request.tag.0.name.ok_or_else(|| required("tag.name"))?;
    let tag = state
        .engine
        .pfm()
        .update_tag(&user, &tag_guid, &name)
        .await?;
    wire::ok(&TagEnvelope { tag: (&tag).into() })
}

async fn delete_tag(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, tag_guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    state.engine.pfm().delete_tag(&user, &tag_guid).await?;
    Ok(wire::no_content())
}

async fn list_taggings(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let request = query.page(1000);
    let page = state.engine.pfm().taggings(&user, request).await?;
    wire::ok(&TaggingsEnvelope {
        taggings: page.items.iter().map(Into::into).collect(),
        pagination: request.pagination(page.total),
    })
}

async fn create_tagging(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    MxJson(request): MxJson<TaggingRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let Object(body) = request.tagging;
    let tag = body.tag_guid.ok_or_else(|| required("tagging.tag_guid"))?;
    let transaction = body
        .transaction_guid
        .ok_or_else(|| required("tagging.transaction_guid"))?;
    let tagging = state
        .engine
        .pfm()
        .create_tagging(&user, &tag, &transaction)
        .await?;
    wire::ok(&TaggingEnvelope {
        tagging: (&tagging).into(),
    })
}

async fn read_tagging(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, tagging_guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let tagging = state.engine.pfm().tagging(&user, &tagging_guid).await?;
    wire::ok(&TaggingEnvelope {
        tagging: (&tagging).into(),
    })
}

async fn update_tagging(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, tagging_guid)): Path<(String, String)>,
    MxJson(request): MxJson<TaggingRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let tag = request
        .tagging
        .0
        .tag_guid
        .ok_or_else(|| required("tagging.tag_guid"))?;
    let tagging = state
        .engine
        .pfm()
        .update_tagging(&user, &tagging_guid, &tag)
        .await?;
    wire::ok(&TaggingEnvelope {
        tagging: (&tagging).into(),
    })
}

async fn delete_tagging(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, tagging_guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    state
        .engine
        .pfm()
        .delete_tagging(&user, &tagging_guid)
        .await?;
    Ok(wire::no_content())
}
