//! Categories: MX's defaults (`/categories/default`, also under a user) and a user's
//! custom sub-categories.

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
use polyfin_domain::page::{Page, PageRequest, Pagination};
use polyfin_engine::pfm::{CategoryChanges, CategoryView};
use serde::{Deserialize, Serialize};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/categories/default", get(list_default))
        .route("/categories/{category_guid}", get(read_default))
        .route(
            "/users/{user_guid}/categories/default",
            get(list_default_by_user),
        )
        .route("/users/{user_guid}/categories", get(list).post(create))
        .route(
            "/users/{user_guid}/categories/{category_guid}",
            get(read).put(update).delete(delete),
        )
}

#[derive(Serialize)]
struct CategoryWire {
    guid: String,
    name: String,
    parent_guid: Option<String>,
    is_default: bool,
    is_income: bool,
    metadata: Option<String>,
    created_at: Option<String>,
    updated_at: Option<String>,
}

impl From<CategoryView> for CategoryWire {
    fn from(c: CategoryView) -> Self {
        CategoryWire {
            guid: c.guid,
            name: c.name,
            parent_guid: c.parent_guid,
            is_default: c.is_default,
            is_income: c.is_income,
            metadata: c.metadata,
            created_at: c.created_at.map(format_timestamp),
            updated_at: c.updated_at.map(format_timestamp),
        }
    }
}

#[derive(Serialize)]
struct CategoryEnvelope {
    category: CategoryWire,
}

#[derive(Serialize)]
struct CategoriesEnvelope {
    categories: Vec<CategoryWire>,
    pagination: Pagination,
}

#[derive(Debug, Deserialize)]
pub struct CategoryRequest {
    category: Object<CategoryBody>,
}

#[derive(Debug, Deserialize)]
struct CategoryBody {
    name: Option<String>,
    parent_guid: Option<String>,
    metadata: Option<String>,
}

fn one(view: CategoryView) -> Result<Response, MxError> {
    wire::ok(&CategoryEnvelope {
        category: view.into(),
    })
}

fn many(page: Page<CategoryView>, request: PageRequest) -> Result<Response, MxError> {
    wire::ok(&CategoriesEnvelope {
        categories: page.items.into_iter().map(Into::into).collect(),
        pagination: request.pagination(page.total),
    })
}

async fn list_default(
    State(state): State<AppState>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let request = query.page(1000);
    many(state.engine.pfm().default_categories(request), request)
}

async fn read_default(
    State(state): State<AppState>,
    Path(category_guid): Path<String>,
) -> Result<Response, MxError> {
    one(state.engine.pfm().default_category(&category_guid)?)
}

async fn list_default_by_user(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    query: QueryParams,
) -> Result<Response, MxError> {
    load_user(&state, &client, &user_guid).await?;
    let request = query.page(1000);
    many(state.engine.pfm().default_categories(request), request)
}

async fn list(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let request = query.page(1000);
    many(
        state.engine.pfm().categories(&user, request).await?,
        request,
    )
}

async fn create(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    MxJson(request): MxJson<CategoryRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let Object(body) = request.category;
    let name = body.name.ok_or_else(|| required("category.name"))?;
    let parent = body
        .parent_guid
        .ok_or_else(|| required("category.parent_guid"))?;
    let created = state
        .engine
        .pfm()
        .create_category(&user, &name, &parent, body.metadata)
        .await?;
    one(created)
}

async fn read(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, category_guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    one(state.engine.pfm().category(&user, &category_guid).await?)
}

async fn update(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, category_guid)): Path<(String, String)>,
    MxJson(request): MxJson<CategoryRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let Object(body) = request.category;
    let changes = CategoryChanges {
        name: body.name,
        metadata: body.metadata,
    };
    let updated = state
        .engine
        .pfm()
        .update_category(&user, &category_guid, changes)
        .await?;
    one(updated)
}

async fn delete(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, category_guid)): Path<(String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    state
        .engine
        .pfm()
        .delete_category(&user, &category_guid)
        .await?;
    Ok(wire::no_content())
}

pub(super) fn required(field: &str) -> MxError {
    crate::common::ApiError::bad_request(field, format!("{field} is required.")).into()
}
