//! Polyfin's own OAuth provider pages for OAuth institutions: the end user lands here
//! from a member's `oauth_window_uri` and chooses Authorize or Deny.

use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/oauth/predirect_to/{member_guid}/{token}", get(show))
        .route("/oauth/complete/{member_guid}/{token}", post(complete))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1a202c}}\
         button{{font-size:1rem;padding:.6rem 1.4rem;margin-right:.6rem;border-radius:6px;border:1px solid #2b6cb0;cursor:pointer}}\
         .primary{{background:#2b6cb0;color:#fff}}</style></head><body>{body}</body></html>",
        title = escape(title),
    );
    (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

fn error_page(error: polyfin_engine::Error) -> Response {
    let status = match error {
        polyfin_engine::Error::NotFound(_) => StatusCode::NOT_FOUND,
        polyfin_engine::Error::Store(_) | polyfin_engine::Error::Internal(_) => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
        _ => StatusCode::BAD_REQUEST,
    };
    let message = match status {
        StatusCode::NOT_FOUND => "This authorization link is not valid.".to_owned(),
        StatusCode::INTERNAL_SERVER_ERROR => "Something went wrong. Please try again.".to_owned(),
        _ => error.to_string(),
    };
    page(
        status,
        "Authorization failed",
        &format!(
            "<h1>Authorization failed</h1><p id=\"error\">{}</p>",
            escape(&message)
        ),
    )
}

async fn show(
    State(state): State<AppState>,
    Path((member_guid, token)): Path<(String, String)>,
) -> Response {
    match state.engine.oauth().page(&member_guid, &token).await {
        Ok(info) => {
            let name = escape(&info.institution_name);
            let action = format!(
                "/oauth/complete/{}/{}",
                escape(&member_guid),
                escape(&token)
            );
            page(
                StatusCode::OK,
                &format!("Sign in to {}", info.institution_name),
                &format!(
                    "<h1>{name}</h1><p>An app wants to connect to your {name} accounts through Polyfin. \
                     It will be able to read your accounts and transactions.</p>\
                     <form method=\"post\" action=\"{action}\">\
                     <button class=\"primary\" type=\"submit\" name=\"decision\" value=\"authorize\" id=\"authorize\">Authorize</button>\
                     <button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button></form>"
                ),
            )
        }
        Err(error) => error_page(error),
    }
}

#[derive(Deserialize)]
struct Decision {
    decision: String,
}

async fn complete(
    State(state): State<AppState>,
    Path((member_guid, token)): Path<(String, String)>,
    Form(decision): Form<Decision>,
) -> Response {
    let authorize = match decision.decision.as_str() {
        "authorize" => true,
        "deny" => false,
        _ => {
            return page(
                StatusCode::BAD_REQUEST,
                "Authorization failed",
                "<p>Unknown decision.</p>",
            )
        }
    };
    match state
        .engine
        .oauth()
        .complete(&member_guid, &token, authorize)
        .await
    {
        Ok(done) => match done.redirect {
            Some(url) => Redirect::to(&url).into_response(),
            None => browser_done(&done.member_guid, done.authorized),
        },
        Err(error) => error_page(error),
    }
}

/// BROWSER referrals return to the window that opened this one.
fn browser_done(member_guid: &str, authorized: bool) -> Response {
    let status = if authorized { "success" } else { "error" };
    let message = serde_json::json!({
        "mx": true,
        "type": if authorized { "mx/connect/oauthComplete" } else { "mx/connect/oauthError" },
        "metadata": { "member_guid": member_guid, "status": status },
    });
    let script = format!(
        "<script>try{{if(window.opener){{window.opener.postMessage({message},'*');window.close();}}}}catch(e){{}}</script>"
    );
    let heading = if authorized {
        "Authorization complete"
    } else {
        "Authorization denied"
    };
    page(
        StatusCode::OK,
        heading,
        &format!("<h1 id=\"result\" data-status=\"{status}\">{heading}</h1><p>You can close this window.</p>{script}"),
    )
}
