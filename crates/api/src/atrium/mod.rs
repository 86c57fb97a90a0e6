//! The legacy MX Atrium API dialect: routes, `MX-API-Key`/`MX-Client-ID` auth, the
//! Atrium error body and wire shapes. Translation only: every rule is in the engine.
//!
//! The router is nested under `/atrium`; `dispatch` sends root requests that speak
//! Atrium (its `Accept`, or its auth headers) there, so the official SDK needs no
//! base path.

mod accounts;
mod aggregation;
mod cleanse;
mod error;
mod fixtures;
mod holdings;
mod institutions;
mod member_wire;
mod members;
mod merchants;
mod premium;
mod statements;
mod transactions;
mod users;
mod widget;
mod wire;

pub use error::AtriumError;
pub use widget::unavailable_page;

use crate::common::auth::{authenticate, basic_credentials};
use crate::common::{negotiate, ApiError, ErrorKind};
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Uri};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::Router;

pub const MEDIA_TYPE: &str = "application/vnd.mx.atrium.v1+json; charset=utf-8";
/// Where `dispatch` mounts the dialect.
pub const PREFIX: &str = "/atrium";

const ACCEPTED: [&str; 4] = [
    "application/vnd.mx.atrium.v1+json",
    "application/vnd.mx.atrium.v1+pdf",
    "application/json",
    "application/pdf",
];
const API_KEY: &str = "mx-api-key";
const CLIENT_ID: &str = "mx-client-id";

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/users", get(users::list).post(users::create))
        .route(
            "/users/{user_guid}",
            get(users::read).put(users::update).delete(users::delete),
        )
        .route("/institutions", get(institutions::list))
        .route("/institutions/{institution_code}", get(institutions::read))
        .route(
            "/institutions/{institution_code}/credentials",
            get(institutions::credentials),
        )
        .route("/merchants", get(merchants::list))
        .route("/merchants/{merchant_guid}", get(merchants::read))
        .route(
            "/merchants/{merchant_guid}/merchant_locations",
            get(merchants::locations),
        )
        .route(
            "/merchants/{merchant_guid}/merchant_locations/{location_guid}",
            get(merchants::location),
        )
        .route(
            "/transactions/cleanse_and_categorize",
            post(cleanse::cleanse_and_categorize),
        )
        .route(
            "/users/{user_guid}/connect_widget_url",
            post(widget::connect_widget_url),
        )
        .merge(member_routes())
        .merge(data_routes())
        .merge(premium_routes())
        .merge(fixtures::router())
        .route_layer(middleware::from_fn_with_state(state, gate))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
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
        .route(&format!("{M}/credentials"), get(members::credentials))
        .route(
            &format!("{M}/oauth_window_uri"),
            get(members::oauth_window_uri),
        )
        .route(&format!("{M}/status"), get(aggregation::status))
        .route(&format!("{M}/challenges"), get(aggregation::challenges))
        .route(&format!("{M}/resume"), put(aggregation::resume))
        .route(&format!("{M}/aggregate"), post(aggregation::aggregate))
        .route(&format!("{M}/balance"), post(aggregation::balance))
}

fn data_routes() -> Router<AppState> {
    const M: &str = "/users/{user_guid}/members/{member_guid}";
    Router::new()
        .route(&format!("{M}/accounts"), get(accounts::list_by_member))
        .route(
            &format!("{M}/accounts/{{account_guid}}"),
            get(accounts::read_by_member),
        )
        .route(
            &format!("{M}/transactions"),
            get(transactions::list_by_member),
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
            get(transactions::read),
        )
}

/// Premium data and the jobs that bring it: holdings, account numbers and owners,
/// statements (and their PDF), extended history.
fn premium_routes() -> Router<AppState> {
    const M: &str = "/users/{user_guid}/members/{member_guid}";
    Router::new()
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
        .route(&format!("{M}/holdings"), get(holdings::by_member))
        .route("/users/{user_guid}/holdings", get(holdings::by_user))
        .route(
            "/users/{user_guid}/holdings/{holding_guid}",
            get(holdings::read),
        )
        .route(
            "/users/{user_guid}/accounts/{account_guid}/holdings",
            get(holdings::by_account),
        )
        .route(
            "/users/{user_guid}/accounts/{account_guid}/account_numbers",
            get(premium::numbers_by_account),
        )
}

/// Every route under a user first loads the user: another client's is 404.
async fn load_user(
    state: &AppState,
    client: &polyfin_domain::ids::ClientId,
    user_guid: &str,
) -> Result<polyfin_domain::user::User, AtriumError> {
    Ok(state.engine.users().get(client, user_guid).await?)
}

/// True when a request speaks Atrium: its Accept names an Atrium media type (any
/// version, so a wrong one gets Atrium's 406), or it carries Atrium's auth headers
/// and no HTTP Basic credentials.
pub fn wants_atrium(headers: &HeaderMap) -> bool {
    let accept = headers
        .get_all(axum::http::header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| {
            v.to_ascii_lowercase()
                .contains("application/vnd.mx.atrium.")
        });
    let atrium_auth = headers.contains_key(API_KEY) || headers.contains_key(CLIENT_ID);
    accept || (atrium_auth && !headers.contains_key(axum::http::header::AUTHORIZATION))
}

/// Rewrites a request before routing: duplicate slashes collapse (`//users`, from a
/// host configured with a trailing slash), and Atrium requests at the root move under
/// [`PREFIX`].
pub fn dispatch(mut request: Request) -> Request {
    let path = request.uri().path();
    let collapsed = collapse_slashes(path);
    let under_prefix = collapsed == PREFIX || collapsed.starts_with("/atrium/");
    let move_it = !under_prefix && wants_atrium(request.headers());
    if !move_it && collapsed == path {
        return request;
    }
    let new_path = if move_it {
        format!("{PREFIX}{collapsed}")
    } else {
        collapsed
    };
    let path_and_query = match request.uri().query() {
        Some(query) => format!("{new_path}?{query}"),
        None => new_path,
    };
    let mut parts = request.uri().clone().into_parts();
    if let Ok(rewritten) = path_and_query.parse() {
        parts.path_and_query = Some(rewritten);
        if let Ok(uri) = Uri::from_parts(parts) {
            *request.uri_mut() = uri;
        }
    }
    request
}

fn collapse_slashes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

/// The Atrium headers, or HTTP Basic as the MX dialect takes it: one client either way.
fn credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    match (header(CLIENT_ID), header(API_KEY)) {
        (Some(id), Some(key)) => Some((id, key)),
        (None, None) => basic_credentials(headers),
        _ => None,
    }
}

/// Authentication first (401 beats 406), then the Accept header.
async fn gate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let given = credentials(request.headers());
    let accept = check_accept(request.headers());
    let checked = async {
        let (client_id, api_key) = given.ok_or_else(ApiError::unauthorized)?;
        let tenant = authenticate(&state.engine, &client_id, &api_key).await?;
        accept?;
        Ok::<_, AtriumError>(tenant)
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

/// Reads what the client is still sending before answering, so it sees the error
/// rather than a reset connection.
async fn reject(request: Request, error: AtriumError) -> Response {
    const DRAIN_LIMIT: usize = 2 * 1024 * 1024;
    let _ = axum::body::to_bytes(request.into_body(), DRAIN_LIMIT).await;
    axum::response::IntoResponse::into_response(error)
}

/// The SDK always sends its v1 type; plain JSON, wildcards and no Accept also do.
fn check_accept(headers: &HeaderMap) -> Result<(), ApiError> {
    if !negotiate::has_accept(headers) || negotiate::accepts_any(headers, &ACCEPTED) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorKind::NotAcceptable,
            "The Accept header must request application/vnd.mx.atrium.v1+json.",
        ))
    }
}

pub async fn not_found() -> AtriumError {
    ApiError::new(ErrorKind::NotFound, "Route not found.").into()
}

pub async fn method_not_allowed() -> AtriumError {
    ApiError::new(
        ErrorKind::MethodNotAllowed,
        "Method not allowed on this route.",
    )
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(path: &str, headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder().uri(path);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(axum::body::Body::empty()).expect("request")
    }

    #[test]
    fn atrium_requests_move_under_the_prefix() {
        let atrium = [("accept", "application/vnd.mx.atrium.v1+json")];
        let moved = dispatch(request("//users//x?page=2", &atrium));
        assert_eq!(moved.uri().to_string(), "/atrium/users/x?page=2");
        let kept = dispatch(request("/atrium/users", &atrium));
        assert_eq!(kept.uri().path(), "/atrium/users");
        let mx = dispatch(request(
            "//users",
            &[("accept", "application/vnd.mx.api.v1+json")],
        ));
        assert_eq!(mx.uri().path(), "/users");
        let by_headers = dispatch(request("/users", &[("mx-client-id", "c")]));
        assert_eq!(by_headers.uri().path(), "/atrium/users");
        let basic = dispatch(request(
            "/users",
            &[("mx-client-id", "c"), ("authorization", "Basic eDp5")],
        ));
        assert_eq!(basic.uri().path(), "/users");
    }
}
