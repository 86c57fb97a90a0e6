//! `listAccountBalances` (spec §2.2 #3, §5.2) with the 202 `incompleteAccountBalances`
//! retry protocol (§1.10): balances of accounts whose core has not answered yet are
//! reported `incomplete`, with `Retry-After` and the `retryCount` to send back; the
//! engine decides which balances are ready.

use super::query::Query;
use super::{wire, Caller, Problem};
use crate::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use polyfin_engine::bank::{BalanceReading, BALANCE_RETRY_LIMIT};
use polyfin_ledger::ranges::ItemCharset;
use polyfin_ledger::{parse_list, Account, AccountId, CustomerId, Ledger, ListRule};
use serde_json::{json, Value};

/// Most accounts one request may name, and the default set's size (spec §5.2).
const MAX_ACCOUNTS: usize = 100;

fn retry_count(query: &Query) -> Result<u8, Problem> {
    match query.get("retryCount") {
        None => Ok(0),
        Some(raw) => raw
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=10).contains(n))
            .ok_or_else(|| Problem::param("retryCount", "must be an integer between 1 and 10")),
    }
}

fn requested_ids(query: &Query) -> Result<Option<Vec<String>>, Problem> {
    query
        .joined("accounts", ',')
        .map(|raw| {
            parse_list(
                "accounts",
                &raw,
                &ListRule::ACCOUNT_IDS.charset(ItemCharset::ResourceId),
            )
            .map(|ids| ids.into_iter().map(str::to_owned).collect())
        })
        .transpose()
        .map_err(Problem::from)
}

/// The accounts to report: those named (each must be the caller's, internal and
/// viewable), else every viewable internal account.
fn accounts_to_read(
    ledger: &Ledger,
    customer: &CustomerId,
    requested: Option<&[String]>,
) -> Result<Vec<AccountId>, Problem> {
    match requested {
        None => Ok(ledger
            .accounts_of(customer)
            .filter(|a| a.is_internal() && a.access(customer).is_some_and(|x| x.allows.view))
            .take(MAX_ACCOUNTS)
            .map(|a| a.id.clone())
            .collect()),
        Some(ids) => ids
            .iter()
            .map(|id| requested_account(ledger, customer, id).map(|a| a.id.clone()))
            .collect(),
    }
}

fn requested_account<'a>(
    ledger: &'a Ledger,
    customer: &CustomerId,
    id: &str,
) -> Result<&'a Account, Problem> {
    let invalid = || {
        Problem::new(
            422,
            "invalidAccountId",
            format!("No such account exists for the given account ID {id}."),
        )
    };
    let account = AccountId::new(id)
        .ok()
        .and_then(|id| ledger.account(&id).ok())
        .filter(|a| a.is_internal() && a.access(customer).is_some())
        .ok_or_else(invalid)?;
    if !account.access(customer).is_some_and(|a| a.allows.view) {
        return Err(Problem::new(
            403,
            "forbidden",
            format!("You may not view account {id}."),
        ));
    }
    Ok(account)
}

fn reading_json(reading: &BalanceReading) -> Value {
    let id = reading.account.as_str();
    match &reading.balances {
        None => json!({ "id": id, "incomplete": true }),
        Some(balances) => json!({
            "id": id,
            "available": wire::amount(balances.available),
            "current": wire::amount(balances.current),
            "currentWithPending": wire::amount(balances.available),
            "updatedAt": wire::timestamp(reading.updated_at),
            "incomplete": false,
        }),
    }
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Response, Problem> {
    let query = Query::parse(raw.as_deref());
    let tries = retry_count(&query)?;
    let requested = requested_ids(&query)?;
    let customer = caller.session.customer.clone();
    let bank = state.engine.bank();
    let accounts = bank
        .read(&caller.session.bank, |ledger, _| {
            accounts_to_read(ledger, &customer, requested.as_deref())
        })
        .await??;
    let readings = bank
        .balance_readings(&caller.session.bank, &accounts)
        .await?;
    let items: Vec<Value> = readings.iter().map(reading_json).collect();
    let missing: Vec<&str> = readings
        .iter()
        .filter(|r| r.balances.is_none())
        .map(|r| r.account.as_str())
        .collect();
    if missing.is_empty() {
        return Ok(Json(json!({ "items": items })).into_response());
    }
    if tries >= BALANCE_RETRY_LIMIT {
        // The limit is reached: the client must stop (no Retry-After, no ids).
        let body = json!({ "items": items, "incompleteAccounts": [], "retryCount": tries });
        return Ok((StatusCode::ACCEPTED, Json(body)).into_response());
    }
    let wait = readings
        .iter()
        .filter_map(|r| r.retry_after)
        .max()
        .map_or(1, |d| d.whole_seconds().max(1));
    let body = json!({
        "items": items,
        "incompleteAccounts": missing,
        "retryCount": tries + 1,
    });
    Ok((
        StatusCode::ACCEPTED,
        [(header::RETRY_AFTER, wait.to_string())],
        Json(body),
    )
        .into_response())
}
