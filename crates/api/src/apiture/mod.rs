//! The Apiture Digital Banking API (v0.69, `/work/shared/spec/apiture-digital-banking.md`)
//! of the bank Polyfin hosts, under `/banking`. Every rule lives in the ledger and the
//! engine's bank service; this module only translates requests and responses.
//!
//! Authentication: `POST /banking/token` exchanges a customer's online-banking
//! username and password (JSON or form body: `username`, `password`, optional `bank`)
//! for a bearer token (`{"access_token","token_type":"Bearer","expires_in"}`), valid
//! for one hour; `POST /banking/token/revoke` revokes the token it is called with.
//! Every operation needs `Authorization: Bearer <token>`.

mod accounts;
mod balances;
mod institutions;
mod problem;
mod query;
mod token;
mod transfers;
pub(crate) mod wire;

use crate::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use polyfin_engine::bank::Session;

pub use problem::Problem;

pub const PREFIX: &str = "/banking";

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/token", post(token::issue))
        .route("/token/revoke", post(token::revoke))
        .route("/accounts", get(accounts::list))
        .route("/accounts/{account_id}", get(accounts::get_one))
        .route(
            "/accounts/{account_id}/transactions",
            get(accounts::transactions),
        )
        .route(
            "/accounts/{account_id}/transactions/{transaction_id}/images/{side}/content",
            get(accounts::check_image),
        )
        .route("/accountBalances", get(balances::list))
        .route("/institutionByLocator", get(institutions::by_locator))
        .route(
            "/institutions/{institution_id}/transferSchedule",
            get(institutions::transfer_schedule),
        )
        .route("/transfers", get(transfers::list).post(transfers::create))
        .route(
            "/transfers/{transfer_id}",
            get(transfers::get_one)
                .patch(transfers::patch)
                .delete(transfers::delete),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            problem_instances,
        ))
        .with_state(state)
}

async fn not_found() -> Problem {
    Problem::not_found("No such resource.")
}

async fn method_not_allowed() -> Problem {
    Problem::new(
        405,
        "methodNotAllowed",
        "Method not allowed on this resource.",
    )
}

/// Gives every problem its `instance` (the request's path and query) and its
/// `occurredAt` by the engine's clock.
async fn problem_instances(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_default();
    let path = format!("{PREFIX}{path}");
    let response = next.run(request).await;
    match response.extensions().get::<Problem>() {
        Some(problem) => problem.respond(&path, state.engine.clock().now()),
        None => response,
    }
}

/// The authenticated customer and the request's bearer token.
pub struct Caller {
    pub session: Session,
    pub token: String,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let token = bearer(parts).ok_or_else(|| {
            Problem::unauthorized("Send Authorization: Bearer <access token>.").into_response()
        })?;
        let session = state
            .engine
            .bank()
            .authenticate(&token)
            .await
            .map_err(|e| Problem::from(e).into_response())?;
        Ok(Caller { session, token })
    }
}

fn bearer(parts: &Parts) -> Option<String> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_owned())
}

/// The public base of this dialect, for `nextPage_url` and `Location`.
pub(crate) fn base_url(state: &AppState) -> String {
    format!("{}{PREFIX}", state.config.public_url)
}

/// Whether a body's media type is one of `allowed` (parameters ignored).
pub(crate) fn media_type_is(parts: &axum::http::HeaderMap, allowed: &[&str]) -> bool {
    parts
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| allowed.iter().any(|a| t.trim().eq_ignore_ascii_case(a)))
}
