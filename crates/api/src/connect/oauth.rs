//! OAuth as the widget drives it (spec §3.6): window URIs backed by a fresh PENDING
//! state, and the states the widget polls. Polyfin's own provider page decides.

use super::{json, no_content, Reply, Session};
use crate::common::query::QueryParams;
use crate::common::ApiError;
use crate::AppState;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Router;
use polyfin_engine::oauth::{OAuthOptions, ReferralSource};
use serde_json::json;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/users/{user_guid}/members/{member_guid}/oauth_window_uri",
            get(window_uri),
        )
        .route(
            "/users/{user_guid}/members/{member_guid}/oauth_start",
            post(start),
        )
        .route("/users/{user_guid}/oauth_states", get(states))
        .route(
            "/users/{user_guid}/oauth_states/{state_guid}",
            get(read_state),
        )
}

/// OAuth options from the session's widget options, never from the browser (R8).
/// The provider's approval does not aggregate: the widget runs the job it needs.
pub(super) fn options(session: &Session) -> OAuthOptions {
    let o = &session.page.options;
    let webview = o.is_mobile_webview == Some(true);
    let referral_source = o
        .oauth_referral_source
        .as_deref()
        .and_then(ReferralSource::parse)
        .unwrap_or(if webview {
            ReferralSource::App
        } else {
            ReferralSource::Browser
        });
    OAuthOptions {
        referral_source,
        ui_message_webview_url_scheme: o
            .ui_message_webview_url_scheme
            .clone()
            .unwrap_or_else(|| "mx".to_owned()),
        client_redirect_url: o.client_redirect_url.clone(),
        skip_aggregation: true,
    }
}

async fn window_uri(
    State(state): State<AppState>,
    session: Session,
    Path((user_guid, member_guid)): Path<(String, String)>,
) -> Reply {
    session.check_user(&user_guid)?;
    let member = state
        .engine
        .oauth()
        .window_uri(&session.user, &member_guid, &options(&session))
        .await?;
    json(
        &json!({ "member": { "guid": member.guid.as_str(), "oauth_window_uri": member.oauth_window_uri } }),
    )
}

/// The widget fires this as the user leaves for the provider; nothing to record.
async fn start(
    State(state): State<AppState>,
    session: Session,
    Path((user_guid, member_guid)): Path<(String, String)>,
) -> Reply {
    session.check_user(&user_guid)?;
    state
        .engine
        .members()
        .get(&session.user, &member_guid)
        .await?;
    no_content()
}

/// Newest first; `auth_status` is only a hint (P7): the newest state of the member is
/// returned even when it already finished.
async fn states(
    State(state): State<AppState>,
    session: Session,
    Path(user_guid): Path<String>,
    query: QueryParams,
) -> Reply {
    session.check_user(&user_guid)?;
    let member = query.text("outbound_member_guid");
    let states: Vec<_> = state
        .engine
        .oauth()
        .states(&session.user)
        .await?
        .iter()
        .filter(|s| member.is_none_or(|m| s.member_guid.as_str() == m))
        .map(super::wire::oauth_state)
        .collect();
    json(&json!({ "oauth_states": states }))
}

async fn read_state(
    State(state): State<AppState>,
    session: Session,
    Path((user_guid, state_guid)): Path<(String, String)>,
) -> Reply {
    session.check_user(&user_guid)?;
    let found = state
        .engine
        .oauth()
        .states(&session.user)
        .await?
        .into_iter()
        .find(|s| s.guid == state_guid)
        .ok_or_else(|| ApiError::not_found("OAuth state"))?;
    json(&json!({ "oauth_state": super::wire::oauth_state(&found) }))
}
