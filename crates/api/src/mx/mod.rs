//! The MX Platform API v1 dialect: routes, the MX error body and MX's header rules.

mod accounts;
mod categories;
mod enhance;
mod error;
mod holdings;
mod institutions;
mod managed;
mod manual;
mod member_wire;
mod members;
mod merchants;
mod micro_deposits;
mod premium;
mod repeating;
mod statements;
mod supplied_wire;
mod tags;
mod transaction_rules;
mod transactions;
mod users;
mod widgets;
mod wire;

pub use error::MxError;
pub use institutions::InstitutionPages;

use crate::common::auth::{authenticate, basic_credentials};
use crate::common::{negotiate, ApiError, ErrorKind};
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post, put};
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
        .merge(member_routes())
        .merge(manual::routes())
        .merge(managed::routes())
        .merge(micro_deposits::routes())
        .merge(widgets::routes())
        .merge(pfm_routes())
        .route_layer(middleware::from_fn_with_state(state, gate))
}

/// Enrichment and the personal-finance resources (categories, tags, rules, merchants).
fn pfm_routes() -> Router<AppState> {
    Router::new()
        .route("/transactions/enhance", post(enhance::enhance_transactions))
        .merge(categories::routes())
        .merge(tags::routes())
        .merge(transaction_rules::routes())
        .merge(merchants::routes())
        .merge(repeating::routes())
        .route(
            "/users/{user_guid}/tags/{tag_guid}/transactions",
            get(transactions::list_by_tag),
        )
}

fn member_routes() -> Router<AppState> {
    const M: &str = "/users/{user_guid}/members/{member_guid}";
    Router::new()
        .route(
            "/users/{user_guid}/members",
            get(members::list).post(members::create),
        )
        .route(
            M,
            get(members::read)
                .put(members::update)
                .delete(members::delete),
        )
        .route(&format!("{M}/status"), get(members::status))
        .route(&format!("{M}/credentials"), get(members::credentials))
        .route(&format!("{M}/challenges"), get(members::challenges))
        .route(&format!("{M}/resume"), put(members::resume))
        .route(&format!("{M}/aggregate"), post(members::aggregate))
        .route(&format!("{M}/check_balance"), post(members::check_balance))
        .route(
            &format!("{M}/oauth_window_uri"),
            get(members::oauth_window_uri),
        )
        .route(&format!("{M}/accounts"), get(accounts::list_by_member))
        .route(
            &format!("{M}/accounts/{{account_guid}}"),
            get(accounts::read_by_member).put(accounts::update),
        )
        .route(
            &format!("{M}/transactions"),
            get(transactions::list_by_member),
        )
        .route(&format!("{M}/verify"), post(premium::verify))
        .route(&format!("{M}/identify"), post(premium::identify))
        .route(
            &format!("{M}/extend_history"),
            post(premium::extend_history),
        )
        .route(
            &format!("{M}/fetch_statements"),
            post(premium::fetch_statements),
        )
        .route(
            &format!("{M}/account_numbers"),
            get(premium::numbers_by_member),
        )
        .route(
            &format!("{M}/account_owners"),
            get(premium::owners_by_member),
        )
        .route(&format!("{M}/statements"), get(statements::list))
        .route(
            &format!("{M}/statements/{{statement_segment}}"),
            get(statements::read),
        )
        .route(
            &format!("{M}/investment_holdings"),
            get(holdings::by_member),
        )
        .route(
            "/users/{user_guid}/accounts/{account_guid}/account_numbers",
            get(premium::numbers_by_account),
        )
        .route(
            "/users/{user_guid}/investment_holdings",
            get(holdings::by_user),
        )
        .route(
            "/users/{user_guid}/investment_holdings/{holding_guid}",
            get(holdings::read),
        )
        .route(
            "/users/{user_guid}/investment_holdings_deactivate",
            get(holdings::deactivate),
        )
        .route(
            "/users/{user_guid}/accounts/{account_guid}/investment_holdings",
            get(holdings::by_account),
        )
        .route("/users/{user_guid}/accounts", get(accounts::list_by_user))
        .route(
            "/users/{user_guid}/accounts/{account_guid}",
            get(accounts::read),
        )
        .route(
            "/users/{user_guid}/accounts/{account_guid}/transactions",
            get(transactions::list_by_account),
        )
        .route(
            "/users/{user_guid}/transactions",
            get(transactions::list_by_user),
        )
        .route(
            "/users/{user_guid}/transactions/{transaction_guid}",
            get(transactions::read).put(transactions::update),
        )
}

/// Every route under a user first loads the user: another client's is 404.
pub(crate) async fn load_user(
    state: &AppState,
    client: &polyfin_domain::ids::ClientId,
    user_guid: &str,
) -> Result<polyfin_domain::user::User, MxError> {
    Ok(state.engine.users().get(client, user_guid).await?)
}

/// Authentication first (401 beats 406), then the Accept header.
async fn gate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let credentials = basic_credentials(request.headers());
    let accept = check_accept(&state, request.method(), request.headers());
    let checked = async {
        let (client_id, api_key) = credentials.ok_or_else(ApiError::unauthorized)?;
        let tenant = authenticate(&state.engine, &client_id, &api_key).await?;
        accept?;
        Ok::<_, MxError>(tenant)
    }
    .await;
    match checked {
        Ok(tenant) => {
            request.extensions_mut().insert(tenant);
            next.run(request).await
        }
        Err(error) => reject(request, error).await,
    }
}

/// Reads what the client is still sending before answering: closing a connection
/// with an unread body makes clients see a reset instead of the error.
async fn reject(request: Request, error: MxError) -> Response {
    const DRAIN_LIMIT: usize = 2 * 1024 * 1024;
    let _ = axum::body::to_bytes(request.into_body(), DRAIN_LIMIT).await;
    axum::response::IntoResponse::into_response(error)
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
