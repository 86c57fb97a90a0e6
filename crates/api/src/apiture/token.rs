//! `POST /banking/token`: online-banking credentials → bearer token; and
//! `POST /banking/token/revoke`: revokes the caller's token.

use super::{media_type_is, Caller, Problem};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Credentials {
    username: String,
    password: String,
    #[serde(default)]
    bank: Option<String>,
}

fn credentials(headers: &HeaderMap, body: &Bytes) -> Result<Credentials, Problem> {
    if media_type_is(headers, &["application/x-www-form-urlencoded"]) {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let field = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        return Ok(Credentials {
            username: field("username")
                .ok_or_else(|| Problem::bad_request("username is required"))?,
            password: field("password")
                .ok_or_else(|| Problem::bad_request("password is required"))?,
            bank: field("bank"),
        });
    }
    if !media_type_is(headers, &["application/json"]) {
        return Err(Problem::new(
            415,
            "unsupportedMediaType",
            "Send application/json or application/x-www-form-urlencoded.",
        ));
    }
    serde_json::from_slice(body).map_err(|e| Problem::bad_request(format!("invalid body: {e}")))
}

pub async fn issue(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let credentials = credentials(&headers, &body)?;
    let issued = state
        .engine
        .bank()
        .issue_token(
            credentials.bank.as_deref(),
            &credentials.username,
            &credentials.password,
        )
        .await?;
    let expires_in = polyfin_engine::bank::TOKEN_TTL.whole_seconds();
    Ok(Json(serde_json::json!({
        "access_token": issued.token,
        "token_type": "Bearer",
        "expires_in": expires_in,
        "customerId": issued.session.customer.as_str(),
    }))
    .into_response())
}

pub async fn revoke(State(state): State<AppState>, caller: Caller) -> Result<StatusCode, Problem> {
    state.engine.bank().revoke_token(&caller.token).await?;
    Ok(StatusCode::NO_CONTENT)
}
