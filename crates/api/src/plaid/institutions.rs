//! Institutions (from the catalogue, with `ins_` ids) and the legacy categories.

use super::{handler, object, Call, PlaidError};
use crate::AppState;
use polyfin_domain::institution::Institution;
use polyfin_engine::plaid_items::mapping::legacy_categories;
use polyfin_engine::plaid_items::PlaidItems;
use serde_json::{json, Map, Value};

type Answer = Result<Map<String, Value>, PlaidError>;

handler!(list, list_inner);
handler!(get_by_id, get_by_id_inner);
handler!(search, search_inner);
handler!(categories, categories_inner);

fn institution(items: &PlaidItems<'_>, i: &Institution) -> Value {
    let mut products = vec!["transactions", "balance"];
    if i.supports_account_verification {
        products.push("auth");
    }
    if i.supports_account_identification {
        products.push("identity");
    }
    json!({
        "institution_id": items.institution_id(&i.code),
        "name": i.name,
        "products": products,
        "country_codes": [i.iso_country_code],
        "routing_numbers": [],
        "oauth": i.supports_oauth,
        "connection_availability": "SUPPORTED",
        "url": i.url,
        "primary_color": i.brand_color,
        "logo": null,
    })
}

fn count(call: &Call, key: &str, range: (u64, u64)) -> Result<usize, PlaidError> {
    match call.body.get(key) {
        None | Some(Value::Null) => Err(PlaidError::missing(key)),
        Some(v) => v
            .as_u64()
            .filter(|n| (range.0..=range.1).contains(n))
            .map(|n| n as usize)
            .ok_or_else(|| PlaidError::invalid_field(key, "is out of range")),
    }
}

async fn list_inner(state: &AppState, call: &Call) -> Answer {
    call.client(state).await?;
    let count = count(call, "count", (1, 500))?;
    let offset = count_offset(call)?;
    let items = state.engine.plaid_items();
    let all = state.engine.catalogue().all();
    let page: Vec<Value> = all
        .iter()
        .skip(offset)
        .take(count)
        .map(|i| institution(&items, i))
        .collect();
    Ok(object(json!({ "institutions": page, "total": all.len() })))
}

fn count_offset(call: &Call) -> Result<usize, PlaidError> {
    match call.body.get("offset") {
        None | Some(Value::Null) => Ok(0),
        Some(v) => v
            .as_u64()
            .map(|n| n as usize)
            .ok_or_else(|| PlaidError::invalid_field("offset", "must be a non-negative integer")),
    }
}

async fn get_by_id_inner(state: &AppState, call: &Call) -> Answer {
    call.client(state).await?;
    let id = call.required("institution_id")?;
    let items = state.engine.plaid_items();
    let found = items.institution(id).ok_or_else(|| {
        PlaidError::new(
            "INVALID_INPUT",
            "INVALID_INSTITUTION",
            format!("invalid institution_id provided: {id}"),
        )
    })?;
    Ok(object(json!({ "institution": institution(&items, found) })))
}

async fn search_inner(state: &AppState, call: &Call) -> Answer {
    call.client(state).await?;
    let query = call.required("query")?.to_lowercase();
    let items = state.engine.plaid_items();
    let found: Vec<Value> = state
        .engine
        .catalogue()
        .all()
        .iter()
        .filter(|i| i.name.to_lowercase().contains(&query) || i.code.contains(&query))
        .take(10)
        .map(|i| institution(&items, i))
        .collect();
    Ok(object(json!({ "institutions": found })))
}

async fn categories_inner(_state: &AppState, _call: &Call) -> Answer {
    let list: Vec<Value> = legacy_categories()
        .into_iter()
        .map(|c| json!({"category_id": c.id, "group": c.group, "hierarchy": c.hierarchy}))
        .collect();
    Ok(object(json!({ "categories": list })))
}
