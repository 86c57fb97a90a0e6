//! Accounts, balances, transactions (offset pages and sync), refresh and auth.

use super::{handler, object, wire, Call, PlaidError};
use crate::AppState;
use polyfin_engine::plaid_items::{Item, PlaidAccount};
use serde_json::{json, Map, Value};

type Answer = Result<Map<String, Value>, PlaidError>;

handler!(accounts, accounts_inner);
handler!(balance, balance_inner);
handler!(transactions, transactions_inner);
handler!(sync, sync_inner);
handler!(refresh, refresh_inner);
handler!(auth, auth_inner);

fn account_ids(options: &Map<String, Value>) -> Result<Option<Vec<String>>, PlaidError> {
    match options.get("account_ids") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(list)) => list
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .map(Some)
            .ok_or_else(|| PlaidError::invalid_field("options.account_ids", "must be strings")),
        Some(_) => Err(PlaidError::invalid_field(
            "options.account_ids",
            "must be an array",
        )),
    }
}

pub(super) fn integer(
    map: &Map<String, Value>,
    key: &str,
    default: u64,
    range: (u64, u64),
) -> Result<u64, PlaidError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(v) => v
            .as_u64()
            .filter(|n| (range.0..=range.1).contains(n))
            .ok_or_else(|| {
                PlaidError::invalid_field(
                    key,
                    &format!("must be an integer in {}..{}", range.0, range.1),
                )
            }),
    }
}

pub(super) fn date(call: &Call, key: &str) -> Result<time::Date, PlaidError> {
    let text = call.required(key)?;
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text.get(..10).unwrap_or(text), format)
        .map_err(|_| PlaidError::invalid_field(key, "must be a date in YYYY-MM-DD format"))
}

pub(super) async fn item_and_accounts(
    state: &AppState,
    call: &Call,
) -> Result<(Item, Vec<PlaidAccount>), PlaidError> {
    let item = call.item(state).await?;
    let ids = account_ids(&call.options())?;
    let accounts = state
        .engine
        .plaid_items()
        .accounts(&item, ids.as_deref())
        .await?;
    Ok((item, accounts))
}

async fn accounts_inner(state: &AppState, call: &Call) -> Answer {
    let (item, accounts) = item_and_accounts(state, call).await?;
    let items = state.engine.plaid_items();
    Ok(object(json!({
        "accounts": wire::accounts(&accounts, false),
        "item": wire::item(&items, &item, &accounts, false),
    })))
}

async fn balance_inner(state: &AppState, call: &Call) -> Answer {
    let (item, accounts) = item_and_accounts(state, call).await?;
    let items = state.engine.plaid_items();
    if let Some((error_type, code)) =
        polyfin_engine::plaid_items::item_error(item.member.connection_status)
    {
        return Err(PlaidError::new(
            error_type,
            code,
            "the item needs attention before live balances",
        ));
    }
    Ok(object(json!({
        "accounts": wire::accounts(&accounts, true),
        "item": wire::item(&items, &item, &accounts, false),
    })))
}

async fn transactions_inner(state: &AppState, call: &Call) -> Answer {
    let start = date(call, "start_date")?;
    let end = date(call, "end_date")?;
    let options = call.options();
    let count = integer(&options, "count", 100, (1, 500))?;
    let offset = integer(&options, "offset", 0, (0, u64::from(u32::MAX)))?;
    let (item, accounts) = item_and_accounts(state, call).await?;
    let items = state.engine.plaid_items();
    let window = (count as usize, offset as usize);
    let (list, total) = items
        .transactions(&item, &accounts, (start, end), window)
        .await?;
    let uid = finsight_uid(state, &item, &options).await?;
    let view = uid.as_deref().map(|uid| wire::Finsight {
        uid,
        public_url: &state.config.public_url,
    });
    Ok(object(json!({
        "accounts": wire::accounts(&accounts, false),
        "transactions": wire::transactions(&list, view.as_ref()),
        "total_transactions": total,
        "item": wire::item(&items, &item, &accounts, false),
    })))
}

async fn sync_inner(state: &AppState, call: &Call) -> Answer {
    let cursor = match call.body.get("cursor") {
        None | Some(Value::Null) => "",
        Some(Value::String(c)) => c.as_str(),
        Some(_) => return Err(PlaidError::invalid_field("cursor", "must be a string")),
    };
    let count = integer(&call.body, "count", 100, (1, 500))?;
    let item = call.item(state).await?;
    let items = state.engine.plaid_items();
    let accounts = items.accounts(&item, None).await?;
    let ready = item.member.successfully_aggregated_at.is_some();
    let page = if ready {
        Some(items.sync(&item, &accounts, cursor, count as usize).await?)
    } else {
        None
    };
    let status = if ready {
        "HISTORICAL_UPDATE_COMPLETE"
    } else {
        "NOT_READY"
    };
    let uid = finsight_uid(state, &item, &call.options()).await?;
    let view = uid.as_deref().map(|uid| wire::Finsight {
        uid,
        public_url: &state.config.public_url,
    });
    let (added, modified, removed, next, more) = match &page {
        Some(p) => (
            wire::transactions(&p.added, view.as_ref()),
            wire::transactions(&p.modified, view.as_ref()),
            p.removed
                .iter()
                .map(|r| json!({"transaction_id": r.transaction_id, "account_id": r.account_id}))
                .collect(),
            p.next_cursor.clone(),
            p.has_more,
        ),
        None => (Vec::new(), Vec::new(), Vec::new(), cursor.to_owned(), false),
    };
    Ok(object(json!({
        "transactions_update_status": status,
        "accounts": wire::accounts(&accounts, false),
        "added": added,
        "modified": modified,
        "removed": removed,
        "next_cursor": next,
        "has_more": more,
    })))
}

async fn refresh_inner(state: &AppState, call: &Call) -> Answer {
    let item = call.item(state).await?;
    state.engine.plaid_items().refresh(&item).await?;
    Ok(Map::new())
}

async fn auth_inner(state: &AppState, call: &Call) -> Answer {
    let (item, accounts) = item_and_accounts(state, call).await?;
    let items = state.engine.plaid_items();
    let numbers = items.account_numbers(&item, &accounts).await?;
    let ach: Vec<Value> = numbers
        .iter()
        .map(|(id, n)| {
            json!({"account_id": id, "account": n.account_number,
                              "routing": n.routing_number.clone().unwrap_or_default(),
                              "wire_routing": null})
        })
        .collect();
    let with_numbers: Vec<PlaidAccount> = accounts
        .into_iter()
        .filter(|a| numbers.iter().any(|(id, _)| id == &a.account_id))
        .collect();
    Ok(object(json!({
        "accounts": wire::accounts(&with_numbers, false),
        "numbers": {"ach": ach, "eft": [], "international": [], "bacs": []},
        "item": wire::item(&items, &item, &with_numbers, false),
    })))
}

/// The FinSight `uid` when this request's transactions carry FinSight fields
/// (`options.include_finsights`, else the developer configuration).
async fn finsight_uid(
    state: &AppState,
    item: &Item,
    options: &Map<String, Value>,
) -> Result<Option<String>, PlaidError> {
    let asked = match options.get("include_finsights") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(asked)) => Some(*asked),
        Some(_) => {
            return Err(PlaidError::invalid_field(
                "options.include_finsights",
                "must be a boolean",
            ))
        }
    };
    Ok(state.engine.plaid_items().finsight_uid(item, asked).await?)
}
