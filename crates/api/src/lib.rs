//! Polyfin's HTTP surface. `common` holds what every dialect shares; each dialect module
//! only translates between its wire shapes and the engine.

pub mod apiture;
pub mod atrium;
pub mod common;
pub mod connect;
mod logos;
pub mod mx;
mod oauth_pages;
pub mod plaid;
mod test_clock;

use axum::extract::Request;
use axum::routing::get;
use axum::{Json, Router};
use polyfin_engine::Engine;
use std::sync::Arc;
use tower::util::{MapRequest, MapRequestLayer};
use tower::Layer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::normalize_path::{NormalizePath, NormalizePathLayer};
use tower_http::trace::TraceLayer;

pub use test_clock::TestClock;

#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// The externally visible base URL, used in links Polyfin hands out (logos, widgets).
    pub public_url: String,
    /// When true, a request without Accept is refused with 406 (DELETE excepted), as the
    /// MX docs say; when false it is treated as v1.
    pub require_accept: bool,
    /// The test-only clock control, present only when a debug build was started with
    /// a test-clock token.
    pub test_clock: Option<TestClock>,
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub engine: Arc<Engine>,
    pub config: Arc<ApiConfig>,
    pub institution_pages: Arc<mx::InstitutionPages>,
}

/// The whole application as one router.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/logos/{file}", get(logos::serve))
        .route("/logos/merchants/{file}", get(logos::serve_merchant))
        .merge(oauth_pages::router())
        .merge(test_clock::router(&state))
        .merge(mx::router(state.clone()))
        .nest(atrium::PREFIX, atrium::router(state.clone()))
        .nest(apiture::PREFIX, apiture::router(state.clone()))
        .nest(plaid::PREFIXES[0], plaid::router())
        .nest(plaid::PREFIXES[1], plaid::router())
        .merge(connect::page::router())
        .nest(connect::API_PREFIX, connect::router())
        .route("/connect/unavailable", get(atrium::unavailable_page))
        .route(
            "/connect/unavailable/{config}",
            get(atrium::unavailable_page),
        )
        // Widget URLs of the other types open the same page until Polyfin serves them.
        .route(
            &format!(
                "{}/{{widget_type}}/{{token}}",
                polyfin_engine::widgets::WIDGET_PATH
            ),
            get(atrium::unavailable_page),
        )
        .fallback(mx::not_found)
        .method_not_allowed_fallback(mx::method_not_allowed)
        .layer(TraceLayer::new_for_http())
        // A bug must cost a 500, not a connection dropped without an answer.
        .layer(CatchPanicLayer::custom(panic_response))
        .with_state(state)
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    tracing::error!("request handler panicked");
    axum::response::IntoResponse::into_response(mx::MxError::from(common::ApiError::new(
        common::ErrorKind::Internal,
        "Internal server error.",
    )))
}

/// The router behind request rewriting (duplicate slashes collapse, Atrium requests
/// at the root go to the Atrium routes) and trailing-slash normalisation.
pub fn service(state: AppState) -> MapRequest<NormalizePath<Router>, fn(Request) -> Request> {
    let normalized = NormalizePathLayer::trim_trailing_slash().layer(router(state));
    MapRequestLayer::new(atrium::dispatch as fn(Request) -> Request).layer(normalized)
}

async fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

/// Lets the binary name the request type without depending on axum directly.
pub type HttpRequest = Request;
