//! Moving time for conformance suites. Mounted only when the server was started with a
//! test-clock token, which only debug builds accept; every call must carry the token.

use crate::common::{ApiError, ErrorKind};
use crate::mx::MxError;
use crate::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use polyfin_domain::clock::format_timestamp;
use polyfin_domain::{Clock, ManualClock};
use serde::Deserialize;
use subtle::ConstantTimeEq;

pub const TOKEN_HEADER: &str = "x-polyfin-test-token";

#[derive(Debug, Clone)]
pub struct TestClock {
    pub clock: ManualClock,
    pub token: String,
}

pub fn router(state: &AppState) -> Router<AppState> {
    if state.config.test_clock.is_none() {
        return Router::new();
    }
    Router::new()
        .route("/_test/clock", get(now))
        .route("/_test/clock/advance", post(advance))
        .route("/_test/sweep", post(sweep))
}

fn authorize(state: &AppState, headers: &HeaderMap) -> Result<ManualClock, MxError> {
    let test = state
        .config
        .test_clock
        .as_ref()
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "Route not found."))?;
    let given = headers
        .get(TOKEN_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if bool::from(given.ct_eq(test.token.as_bytes())) {
        Ok(test.clock.clone())
    } else {
        Err(ApiError::unauthorized().into())
    }
}

async fn now(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, MxError> {
    let clock = authorize(&state, &headers)?;
    Ok(Json(
        serde_json::json!({ "now": format_timestamp(clock.now()) }),
    ))
}

#[derive(Deserialize)]
struct Advance {
    seconds: i64,
}

/// Moves the clock forward, then runs the sweeps so expiry and schedules apply at once.
async fn advance(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<serde_json::Value>, MxError> {
    let clock = authorize(&state, &headers)?;
    let request: Advance = crate::common::body::parse_json(&headers, &body)?;
    if request.seconds < 0 {
        return Err(ApiError::bad_request("seconds", "seconds must not be negative.").into());
    }
    clock.advance(time::Duration::seconds(request.seconds));
    let report = state.engine.run_sweeps().await?;
    Ok(Json(serde_json::json!({
        "now": format_timestamp(clock.now()),
        "sweep": format!("{report:?}"),
    })))
}

async fn sweep(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, MxError> {
    authorize(&state, &headers)?;
    let report = state.engine.run_sweeps().await?;
    Ok(Json(serde_json::json!({ "sweep": format!("{report:?}") })))
}
