//! `POST /users/{u}/connect_widget_url`: a one-time URL to Polyfin's Connect page
//! (the engine keeps the options with the token, as for MX widget URLs).

use super::wire::{self, AtriumJson};
use super::{load_user, AtriumError};
use crate::common::auth::Tenant;
use crate::common::body::Object;
use crate::common::ApiError;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Extension;
use polyfin_domain::user::User;
use polyfin_domain::widget::WidgetOptions;
use polyfin_domain::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

pub const UNAVAILABLE_PATH: &str = "/connect/unavailable";

/// Atrium sends these at the top level; MX wraps them in `config`. Both work.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct WidgetConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    ui_message_version: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ui_message_webview_url_scheme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_institution_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_member_guid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_mobile_webview: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    update_credentials: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    color_scheme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    disable_institution_search: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    include_transactions: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wait_for_full_aggregation: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct WidgetRequest {
    config: Option<Object<WidgetConfig>>,
    #[serde(flatten)]
    top: WidgetConfig,
}

impl WidgetRequest {
    pub fn into_config(self) -> WidgetConfig {
        match self.config {
            Some(Object(config)) => config,
            None => self.top,
        }
    }
}

fn check_choice(field: &str, value: Option<&str>, allowed: &[&str]) -> Result<(), ApiError> {
    match value {
        Some(v) if !allowed.iter().any(|a| a.eq_ignore_ascii_case(v)) => {
            Err(ApiError::bad_request(
                field,
                format!("{field} must be one of {}.", allowed.join(", ")),
            ))
        }
        _ => Ok(()),
    }
}

async fn check(state: &AppState, user: &User, config: &WidgetConfig) -> Result<(), AtriumError> {
    check_choice(
        "mode",
        config.mode.as_deref(),
        &["aggregation", "verification"],
    )?;
    check_choice(
        "color_scheme",
        config.color_scheme.as_deref(),
        &["light", "dark"],
    )?;
    if let Some(code) = &config.current_institution_code {
        if state.engine.catalogue().get(code).is_none() {
            return Err(ApiError::not_found("Institution").into());
        }
    }
    if let Some(member) = &config.current_member_guid {
        state.engine.members().get(user, member).await?;
    }
    Ok(())
}

#[derive(Serialize)]
pub struct WidgetWire<'a> {
    pub connect_widget_url: String,
    pub guid: &'a str,
}

#[derive(Serialize)]
pub struct WidgetEnvelope<'a> {
    pub user: WidgetWire<'a>,
}

pub async fn connect_widget_url(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path(user_guid): Path<String>,
    headers: HeaderMap,
    AtriumJson(request): AtriumJson<WidgetRequest>,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let config = request.into_config();
    check(&state, &user, &config).await?;
    let language = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let made = state
        .engine
        .widgets()
        .request(&user, config.into_options(), "config", language)
        .await?;
    wire::ok(&WidgetEnvelope {
        user: WidgetWire {
            connect_widget_url: made.url,
            guid: user.guid.as_str(),
        },
    })
}

impl WidgetConfig {
    fn into_options(self) -> WidgetOptions {
        WidgetOptions {
            widget_type: Some("connect_widget".to_owned()),
            ui_message_version: self.ui_message_version.and_then(|v| v.trunc().to_i64()),
            ui_message_webview_url_scheme: self.ui_message_webview_url_scheme,
            current_institution_code: self.current_institution_code,
            current_member_guid: self.current_member_guid,
            is_mobile_webview: self.is_mobile_webview,
            update_credentials: self.update_credentials,
            color_scheme: self.color_scheme.map(|c| c.to_ascii_lowercase()),
            disable_institution_search: self.disable_institution_search,
            include_transactions: self.include_transactions,
            mode: self.mode.map(|m| m.to_ascii_lowercase()),
            wait_for_full_aggregation: self.wait_for_full_aggregation,
            ..Default::default()
        }
    }
}

/// Where the Atrium guide's fixture URL leads (with the widget configuration as a last
/// path segment), and the MX widget URLs of every type but Connect
/// (`/widgets/{type}/{token}`): Polyfin serves only the Connect widget.
pub async fn unavailable_page() -> Response {
    let html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
        <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
        <title>This widget is not available yet</title><style>body{font-family:system-ui,\
        sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1a202c}</style>\
        </head><body><h1>This widget is not available yet</h1><p id=\"unavailable\">This \
        Polyfin server serves the Connect widget but not this one yet.</p></body></html>";
    (
        StatusCode::OK,
        [(header::CACHE_CONTROL, "no-store")],
        Html(html),
    )
        .into_response()
}
