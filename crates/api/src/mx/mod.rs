//! The MX Platform API v1 dialect: routes, the MX error body and MX's header rules.

mod error;
mod institutions;
mod users;
mod wire;

pub use error::MxError;

use crate::common::auth::{authenticate, basic_credentials};
use crate::common::{negotiate, ApiError, ErrorKind};
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

pub const MEDIA_TYPE: &str = "application/vnd.mx.api.v1+json; charset=utf-8";

const ACCEPTED: [&str; 4] = [
    "application/vnd.mx.api.v1+json",
    "application/json",
    "application/vnd.mx.api.v1+pdf",
    "application/vnd.mx.api.v2beta+json",
];

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/users", get(users::list).post(users::create))
        .route(
            "/users/{user_guid}",
            get(users::read).put(users::update).delete(users::delete),
        )
        .route("/institutions", get(institutions::list))
        .route("/institutions/favorites", get(institutions::favorites))
        .route("/institutions/{institution_code}", get(institutions::read))
        .route(
            "/institutions/{institution_code}/credentials",
            get(institutions::credentials),
        )
        .route_layer(middleware::from_fn_with_state(state, gate))
}

/// Authentication first (401 beats 406), then the Accept header.
async fn gate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response, MxError> {
    let (client_id, api_key) =
        basic_credentials(request.headers()).ok_or_else(ApiError::unauthorized)?;
    let tenant = authenticate(&state.engine, &client_id, &api_key).await?;
    check_accept(&state, request.method(), request.headers())?;
    request.extensions_mut().insert(tenant);
    Ok(next.run(request).await)
}

fn check_accept(
    state: &AppState,
    method: &Method,
    headers: &axum::http::HeaderMap,
) -> Result<(), ApiError> {
    // The official SDK sends no Accept on most DELETEs.
    let missing_is_fine = *method == Method::DELETE || !state.config.require_accept;
    let acceptable = if negotiate::has_accept(headers) {
        negotiate::accepts_any(headers, &ACCEPTED)
    } else {
        missing_is_fine
    };
    if acceptable {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorKind::NotAcceptable,
            "The Accept header must request application/vnd.mx.api.v1+json.",
        ))
    }
}

pub async fn not_found() -> MxError {
    ApiError::new(ErrorKind::NotFound, "Route not found.").into()
}

pub async fn method_not_allowed() -> MxError {
    ApiError::new(
        ErrorKind::MethodNotAllowed,
        "Method not allowed on this route.",
    )
    .into()
}
