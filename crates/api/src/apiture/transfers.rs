//! `listTransfers`, `createTransfer`, `getTransfer`, `patchTransfer`,
//! `deleteTransfer` (spec §2.2 #7–#11, §5.5).

use super::query::{collection, paginate, Query};
use super::{base_url, media_type_is, wire, Caller, Problem};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use polyfin_ledger::{
    parse_date_range, parse_new_transfer, parse_patch, AccountId, CustomerId, Ledger, Transfer,
    TransferId,
};
use rust_decimal::prelude::ToPrimitive;
use serde_json::{json, Value};

fn account_ref(ledger: &Ledger, customer: &CustomerId, id: &AccountId) -> Value {
    let mut body = json!({ "id": id.as_str() });
    if let Ok(account) = ledger.account(id) {
        body["label"] = account.label(customer).into();
        body["type"] = account.product_type().as_str().into();
        body["location"] = account.location.as_str().into();
    }
    body
}

fn schedule_json(transfer: &Transfer) -> Value {
    let s = &transfer.schedule;
    let mut body = json!({
        "scheduledOn": wire::date(s.scheduled_on),
        "frequency": s.frequency.as_str(),
    });
    if let Some(kind) = s.recurrence_type {
        body["recurrenceType"] = serde_json::to_value(kind).unwrap_or(Value::Null);
    }
    if let Some(ends_on) = s.ends_on {
        body["endsOn"] = wire::date(ends_on).into();
    }
    if let Some(count) = s.count {
        body["count"] = count.into();
    }
    if let Some(limit) = s.amount_limit {
        body["amountLimit"] = limit.trunc().to_u64().unwrap_or(0).into();
    }
    body
}

pub(crate) fn transfer_json(ledger: &Ledger, transfer: &Transfer) -> Value {
    let customer = &transfer.customer;
    let mut body = json!({
        "id": transfer.id.as_str(),
        "schedule": schedule_json(transfer),
        "amount": wire::amount(transfer.amount),
        "sourceAccount": account_ref(ledger, customer, &transfer.from),
        "targetAccount": account_ref(ledger, customer, &transfer.to),
        "createdAt": wire::timestamp(transfer.created_at),
        "updatedAt": wire::timestamp(transfer.updated_at),
        "state": transfer.state().wire().unwrap_or("processed"),
        "updatedBy": transfer.updated_by,
    });
    if let Some(memo) = &transfer.memo {
        body["memo"] = memo.clone().into();
    }
    if let Some(at) = transfer.processed_at {
        body["processedAt"] = wire::timestamp(at).into();
    }
    body
}

fn transfer_id(raw: &str) -> Result<TransferId, Problem> {
    TransferId::new(raw).map_err(|_| Problem::not_found(format!("No transfer {raw}.")))
}

fn json_body(headers: &HeaderMap, body: &Bytes, allowed: &[&str]) -> Result<Value, Problem> {
    if !media_type_is(headers, allowed) {
        return Err(Problem::new(
            415,
            "unsupportedMediaType",
            format!("Send {}.", allowed.join(" or ")),
        ));
    }
    serde_json::from_slice(body)
        .map_err(|e| Problem::bad_request(format!("invalid JSON body: {e}")))
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, Problem> {
    let query = Query::parse(raw.as_deref());
    let scheduled_on = query
        .get("scheduledOn")
        .map(|r| parse_date_range("scheduledOn", r))
        .transpose()?;
    let historical = query.boolean("historical")?;
    let page = query.page()?;
    let customer = caller.session.customer.clone();
    let items = state
        .engine
        .bank()
        .read(&caller.session.bank, |ledger, _| {
            ledger
                .transfers(&customer)
                .into_iter()
                .filter(|t| {
                    scheduled_on
                        .as_ref()
                        .is_none_or(|r| r.contains(&t.schedule.scheduled_on))
                })
                .filter(|t| match historical {
                    None => true,
                    Some(true) => t.state().is_historical(),
                    Some(false) => t.state().not_started(),
                })
                .map(|t| transfer_json(ledger, t))
                .collect::<Vec<_>>()
        })
        .await?;
    let (items, next) = paginate(items, &page);
    let url = format!("{}/transfers", base_url(&state));
    Ok(Json(collection(items, &page, next, &url, &query)))
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let body = json_body(&headers, &body, &["application/json"])?;
    let draft = parse_new_transfer(&body)?;
    let customer = caller.session.customer.clone();
    let created = state
        .engine
        .bank()
        .apply(&caller.session.bank, |ledger, now| {
            let transfer = ledger.create_transfer(&customer, draft, now)?;
            Ok(transfer_json(ledger, &transfer))
        })
        .await?;
    let location = format!(
        "{}/transfers/{}",
        base_url(&state),
        created["id"].as_str().unwrap_or_default()
    );
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(created),
    )
        .into_response())
}

pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    let id = transfer_id(&id)?;
    let customer = caller.session.customer.clone();
    let body = state
        .engine
        .bank()
        .read(&caller.session.bank, |ledger, _| {
            ledger
                .transfer(&customer, &id)
                .map(|t| transfer_json(ledger, t))
        })
        .await??;
    Ok(Json(body))
}

pub async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, Problem> {
    let id = transfer_id(&id)?;
    let allowed = ["application/merge-patch+json", "application/json"];
    let body = json_body(&headers, &body, &allowed)?;
    let customer = caller.session.customer.clone();
    // A missing transfer is a 404 even when the body is bad.
    state
        .engine
        .bank()
        .read(&caller.session.bank, |ledger, _| {
            ledger.transfer(&customer, &id).map(|_| ())
        })
        .await??;
    let patch = parse_patch(&body).map_err(Problem::from)?;
    let updated = state
        .engine
        .bank()
        .apply(&caller.session.bank, |ledger, now| {
            let transfer = ledger.patch_transfer(&customer, &id, patch, now)?;
            Ok(transfer_json(ledger, &transfer))
        })
        .await?;
    Ok(Json(updated))
}

pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    let id = transfer_id(&id)?;
    let customer = caller.session.customer.clone();
    state
        .engine
        .bank()
        .apply(&caller.session.bank, |ledger, now| {
            ledger.delete_transfer(&customer, &id, now)
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
