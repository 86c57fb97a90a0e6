//! The hosted Connect page: the built `web/connect` app, embedded in the binary.
//! Opening a widget URL consumes its one-time token and serves the page with a new
//! session inside; a used or expired token gets an error page instead.

use super::messages::Lang;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use polyfin_domain::user::User;
use polyfin_domain::widget::WidgetOptions;
use polyfin_engine::widgets::{PageSession, WIDGET_PATH};
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

mod assets {
    include!(concat!(env!("OUT_DIR"), "/connect_assets.rs"));
}

/// Whether this binary carries the built page (`scripts/build-web.sh` before cargo).
pub const BUILT: bool = assets::BUILT;

const SESSION_SLOT: &str = "<script id=\"polyfin-session\" type=\"application/json\">null</script>";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            &format!("{WIDGET_PATH}/connect_widget/{{token}}"),
            get(open),
        )
        .route("/connect", get(reopen))
        .route("/connect/assets/{file}", get(asset))
}

fn file(path: &str) -> Option<&'static [u8]> {
    assets::FILES
        .iter()
        .find(|(name, _)| *name == path)
        .map(|(_, bytes)| *bytes)
}

fn html(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn message_page(status: StatusCode, title: &str, text: &str) -> Response {
    html(
        status,
        format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <link rel=\"icon\" href=\"data:,\"><title>{title}</title><style>body{{font-family:Inter,Helvetica,Arial,sans-serif;\
             max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1a202c}}</style></head>\
             <body><h1 id=\"connect-error\">{title}</h1><p>{text}</p></body></html>"
        ),
    )
}

fn not_built() -> Response {
    message_page(
        StatusCode::SERVICE_UNAVAILABLE,
        "Connect is not built",
        "This Polyfin binary was built without the Connect page: run scripts/build-web.sh, then build Polyfin again.",
    )
}

/// The page with `bootstrap` in its session slot (`<` escaped so the JSON cannot
/// close the script element).
fn index_with(bootstrap: &Value) -> Option<String> {
    let index = std::str::from_utf8(file("index.html")?).ok()?;
    let data = bootstrap.to_string().replace('<', "\\u003c");
    let slot = format!("<script id=\"polyfin-session\" type=\"application/json\">{data}</script>");
    index
        .contains(SESSION_SLOT)
        .then(|| index.replace(SESSION_SLOT, &slot))
}

async fn open(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    if !BUILT {
        return not_built();
    }
    let widgets = state.engine.widgets();
    let taken = match widgets.take(&token).await {
        Ok(taken) if taken.widget_type == "connect_widget" => taken,
        _ => {
            return message_page(
                StatusCode::GONE,
                "This link has expired",
                "Connect links work once, for ten minutes. Close this window and start connecting again.",
            )
        }
    };
    let user = state
        .engine
        .users()
        .get(&taken.client_id, taken.user_guid.as_str())
        .await;
    let started = widgets.start_page_session(taken);
    let (Ok(user), Ok((session, token))) = (user, started) else {
        return message_page(
            StatusCode::NOT_FOUND,
            "This link is no longer valid",
            "The user of this link no longer exists.",
        );
    };
    match index_with(&bootstrap(&session, &token, &user)) {
        Some(page) => html(StatusCode::OK, page),
        None => not_built(),
    }
}

/// A reload after the token was used: the page finds its session in sessionStorage.
async fn reopen() -> Response {
    if !BUILT {
        return not_built();
    }
    match file("index.html").and_then(|b| std::str::from_utf8(b).ok()) {
        Some(index) => html(StatusCode::OK, index.to_owned()),
        None => not_built(),
    }
}

async fn asset(Path(name): Path<String>, headers: HeaderMap) -> Response {
    let path = format!("assets/{name}");
    let Some(plain) = file(&path) else {
        return (StatusCode::NOT_FOUND, "Not found.").into_response();
    };
    let gzip_ok = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let gzipped = file(&format!("{path}.gz")).filter(|_| gzip_ok);
    let kind = match name.rsplit('.').next() {
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    };
    let mut response = (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (header::VARY, "accept-encoding"),
        ],
        gzipped.unwrap_or(plain),
    )
        .into_response();
    if gzipped.is_some() {
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    response
}

/// What the page needs to start the widget (spec §2.1–§2.4).
fn bootstrap(session: &PageSession, token: &str, user: &User) -> Value {
    let lang = Lang::of(&session.language);
    let expires_at = OffsetDateTime::from_unix_timestamp(session.expires_at)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok());
    let config = client_config(&session.options);
    let color_scheme = config
        .get("color_scheme")
        .cloned()
        .unwrap_or(json!("light"));
    json!({
        "session_token": token,
        "session_guid": session.session_guid,
        "user_guid": session.user_guid,
        "expires_at": expires_at,
        "client_config": config,
        "profiles": {
            "client": { "has_atrium_api": false, "has_limited_institutions": false },
            "clientProfile": {
                "uses_oauth": true,
                "account_verification_is_enabled": true,
                "account_identification_is_enabled": true,
                "is_microdeposits_enabled": true,
                "show_external_link_popup": false,
            },
            "clientColorScheme": { "color_scheme": color_scheme },
            "user": { "guid": session.user_guid, "email": user.email },
            "userProfile": {},
            "widgetProfile": {
                "enable_manual_accounts": true,
                "enable_support_requests": true,
                "show_microdeposits_in_connect": true,
                "display_delete_option_in_connect": true,
                "show_mx_branding": false,
            },
        },
        "user_features": [],
        "language": { "locale": lang.widget_locale() },
    })
}

/// The widget's `clientConfig`: the stored options without the unset ones, in the
/// forms the widget knows (`browser` colour scheme → light; messages version 4).
fn client_config(options: &WidgetOptions) -> Map<String, Value> {
    let mut config = match serde_json::to_value(options) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    config.retain(|_, v| !v.is_null());
    config.remove("widget_type");
    config.entry("mode").or_insert_with(|| json!("aggregation"));
    if config.get("color_scheme") != Some(&json!("dark")) {
        config.insert("color_scheme".to_owned(), json!("light"));
    }
    config.insert("ui_message_version".to_owned(), json!(4));
    config
}
