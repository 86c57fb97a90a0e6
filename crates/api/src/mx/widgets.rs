//! MX widget URLs: `POST U/widget_urls` and the deprecated `POST U/connect_widget_url`.
//! Translation only: the engine checks the options and keeps them with the URL's
//! one-time token. The URL opens a page saying the widget is not available yet.

use super::wire::{self, MxJson};
use super::{load_user, MxError};
use crate::common::auth::Tenant;
use crate::common::body::Object;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Router};
use polyfin_domain::widget::WidgetOptions;
use serde::{Deserialize, Serialize};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/{user_guid}/widget_urls", post(widget_url))
        .route(
            "/users/{user_guid}/connect_widget_url",
            post(connect_widget_url),
        )
}

#[derive(Debug, Deserialize)]
pub struct WidgetRequest {
    widget_url: Object<WidgetOptions>,
}

/// The deprecated request: Connect options under `config`, which may be left out.
#[derive(Debug, Deserialize)]
pub struct ConnectRequest {
    config: Option<Object<WidgetOptions>>,
}

#[derive(Serialize)]
struct WidgetUrlWire<'a> {
    #[serde(rename = "type")]
    widget_type: &'a str,
    url: &'a str,
    user_id: Option<&'a str>,
}

#[derive(Serialize)]
struct WidgetEnvelope<'a> {
    widget_url: WidgetUrlWire<'a>,
}

#[derive(Serialize)]
struct ConnectUrlWire<'a> {
    connect_widget_url: &'a str,
    guid: &'a str,
}

#[derive(Serialize)]
struct ConnectEnvelope<'a> {
    user: ConnectUrlWire<'a>,
}

fn accept_language(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
}

pub async fn widget_url(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    headers: HeaderMap,
    MxJson(request): MxJson<WidgetRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let Object(options) = request.widget_url;
    let made = state
        .engine
        .widgets()
        .request(&user, options, "widget_url", accept_language(&headers))
        .await?;
    wire::ok(&WidgetEnvelope {
        widget_url: WidgetUrlWire {
            widget_type: &made.widget_type,
            url: &made.url,
            user_id: user.id.as_deref(),
        },
    })
}

pub async fn connect_widget_url(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    headers: HeaderMap,
    MxJson(request): MxJson<ConnectRequest>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let mut options = request.config.map(|Object(o)| o).unwrap_or_default();
    options.widget_type = Some("connect_widget".to_owned());
    let made = state
        .engine
        .widgets()
        .request(&user, options, "config", accept_language(&headers))
        .await?;
    wire::ok(&ConnectEnvelope {
        user: ConnectUrlWire {
            connect_widget_url: &made.url,
            guid: user.guid.as_str(),
        },
    })
}
