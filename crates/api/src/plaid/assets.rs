//! The Asset Report family: create, get, pdf/get, refresh, filter, remove and audit
//! copies. Reports are built and stored by the engine; this module translates.

use super::assets_wire;
use super::{finish, handler, object, Call, PlaidError};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use polyfin_engine::plaid_items::report::ReportUser;
use polyfin_engine::plaid_items::{CreatedReport, ReportRequest};
use serde_json::{json, Map, Value};

type Answer = Result<Map<String, Value>, PlaidError>;

handler!(create, create_inner);
handler!(get, get_inner);
handler!(refresh, refresh_inner);
handler!(filter, filter_inner);
handler!(remove, remove_inner);
handler!(audit_copy_create, audit_copy_create_inner);
handler!(audit_copy_get, audit_copy_get_inner);
handler!(audit_copy_remove, audit_copy_remove_inner);

const MAX_DAYS: u64 = 731;

fn days(value: Option<&Value>, field: &str) -> Result<Option<u32>, PlaidError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .filter(|d| *d <= MAX_DAYS)
            .and_then(|d| u32::try_from(d).ok())
            .map(Some)
            .ok_or_else(|| PlaidError::invalid_field(field, "must be an integer from 0 to 731")),
    }
}

fn text(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn request_options(call: &Call, days_requested: u32) -> ReportRequest {
    let options = call.options();
    let user = match options.get("user") {
        Some(Value::Object(u)) => ReportUser {
            client_user_id: text(u, "client_user_id"),
            first_name: text(u, "first_name"),
            middle_name: text(u, "middle_name"),
            last_name: text(u, "last_name"),
            ssn: text(u, "ssn"),
            phone_number: text(u, "phone_number"),
            email: text(u, "email"),
        },
        _ => ReportUser::default(),
    };
    ReportRequest {
        days_requested,
        client_report_id: text(&options, "client_report_id"),
        webhook: text(&options, "webhook"),
        user,
    }
}

fn created(report: CreatedReport) -> Map<String, Value> {
    object(json!({
        "asset_report_token": report.asset_report_token,
        "asset_report_id": report.asset_report_id,
    }))
}

async fn create_inner(state: &AppState, call: &Call) -> Answer {
    let client = call.client(state).await?;
    let tokens: Vec<&str> = match call.body.get("access_tokens") {
        Some(Value::Array(list)) if !list.is_empty() => {
            list.iter().filter_map(Value::as_str).collect()
        }
        _ => return Err(PlaidError::missing("access_tokens")),
    };
    if tokens.len() > 99 {
        return Err(PlaidError::invalid_field(
            "access_tokens",
            "at most 99 tokens",
        ));
    }
    let days_requested = days(call.body.get("days_requested"), "days_requested")?
        .ok_or_else(|| PlaidError::missing("days_requested"))?;
    let items_api = state.engine.plaid_items();
    let mut items = Vec::with_capacity(tokens.len());
    for token in tokens {
        items.push(items_api.resolve(&client, token).await?);
    }
    let request = request_options(call, days_requested);
    let report = items_api
        .create_report(&client, &items, request, Vec::new())
        .await?;
    Ok(created(report))
}

fn include_insights(call: &Call) -> bool {
    call.body
        .get("include_insights")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

async fn get_inner(state: &AppState, call: &Call) -> Answer {
    let client = call.client(state).await?;
    let token = call.required("asset_report_token")?;
    let report = state.engine.plaid_items().report(&client, token).await?;
    Ok(object(json!({
        "report": assets_wire::report(&report, include_insights(call)),
        "warnings": assets_wire::warnings(&report),
    })))
}

/// `/asset_report/pdf/get`: the PDF bytes, with the request id in `Plaid-Request-ID`.
pub async fn pdf(State(state): State<AppState>, headers: HeaderMap, bytes: Bytes) -> Response {
    let call = match Call::parse(&headers, &bytes) {
        Ok(call) => call,
        Err(error) => return error.into_response(),
    };
    match pdf_bytes(&state, &call).await {
        Ok(pdf) => {
            let mut response = pdf.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            );
            if let Ok(value) = HeaderValue::from_str(&call.request_id) {
                headers.insert("plaid-request-id", value);
            }
            response
        }
        Err(error) => finish(&call.request_id, Err(error)),
    }
}

async fn pdf_bytes(state: &AppState, call: &Call) -> Result<Vec<u8>, PlaidError> {
    let client = call.client(state).await?;
    let token = call.required("asset_report_token")?;
    let items = state.engine.plaid_items();
    let report = items.report(&client, token).await?;
    Ok(items.report_pdf(&report)?)
}

async fn refresh_inner(state: &AppState, call: &Call) -> Answer {
    let client = call.client(state).await?;
    let token = call.required("asset_report_token")?;
    let days_requested = days(call.body.get("days_requested"), "days_requested")?;
    let overrides = request_options(call, 0);
    let report = state
        .engine
        .plaid_items()
        .refresh_report(&client, token, days_requested, overrides)
        .await?;
    Ok(created(report))
}

async fn filter_inner(state: &AppState, call: &Call) -> Answer {
    let client = call.client(state).await?;
    let token = call.required("asset_report_token")?;
    let exclude: Vec<String> = match call.body.get("account_ids_to_exclude") {
        Some(Value::Array(list)) => list
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<_>>()
            .ok_or_else(|| {
                PlaidError::invalid_field("account_ids_to_exclude", "must be strings")
            })?,
        _ => return Err(PlaidError::missing("account_ids_to_exclude")),
    };
    let report = state
        .engine
        .plaid_items()
        .filter_report(&client, token, &exclude)
        .await?;
    Ok(created(report))
}

async fn remove_inner(state: &AppState, call: &Call) -> Answer {
    let client = call.client(state).await?;
    let token = call.required("asset_report_token")?;
    let removed = state
        .engine
        .plaid_items()
        .remove_report(&client, token)
        .await?;
    Ok(object(json!({ "removed": removed })))
}

async fn audit_copy_create_inner(state: &AppState, call: &Call) -> Answer {
    let client = call.client(state).await?;
    let token = call.required("asset_report_token")?;
    let auditor = call.str("auditor_id").map(str::to_owned);
    let audit_copy_token = state
        .engine
        .plaid_items()
        .create_audit_copy(&client, token, auditor)
        .await?;
    Ok(object(json!({ "audit_copy_token": audit_copy_token })))
}

async fn audit_copy_get_inner(state: &AppState, call: &Call) -> Answer {
    call.client(state).await?;
    let token = call.required("audit_copy_token")?;
    let report = state.engine.plaid_items().audit_copy(token).await?;
    Ok(object(json!({
        "report": assets_wire::report(&report, include_insights(call)),
        "warnings": assets_wire::warnings(&report),
    })))
}

async fn audit_copy_remove_inner(state: &AppState, call: &Call) -> Answer {
    let client = call.client(state).await?;
    let token = call.required("audit_copy_token")?;
    let removed = state
        .engine
        .plaid_items()
        .remove_audit_copy(&client, token)
        .await?;
    Ok(object(json!({ "removed": removed })))
}
