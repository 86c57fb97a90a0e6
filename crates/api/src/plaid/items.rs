//! Linking (sandbox public token, exchange, link token) and the item endpoints.

use super::{handler, object, wire, Call, PlaidError};
use crate::AppState;
use polyfin_domain::clock::format_timestamp;
use polyfin_engine::plaid_items::SandboxLink;
use serde_json::{json, Map, Value};

type Answer = Result<Map<String, Value>, PlaidError>;

handler!(sandbox_public_token, sandbox_public_token_inner);
handler!(exchange, exchange_inner);
handler!(import, import_inner);
handler!(link_token, link_token_inner);
handler!(item_get, item_get_inner);
handler!(item_remove, item_remove_inner);
handler!(webhook_update, webhook_update_inner);

async fn sandbox_public_token_inner(state: &AppState, call: &Call) -> Answer {
    let client = call.client(state).await?;
    let institution_id = call.required("institution_id")?;
    let products: Vec<&str> = match call.body.get("initial_products") {
        Some(Value::Array(list)) if !list.is_empty() => {
            list.iter().filter_map(Value::as_str).collect()
        }
        _ => return Err(PlaidError::missing("initial_products")),
    };
    let webhook = call
        .options()
        .get("webhook")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let options = call.options();
    let username = options
        .get("override_username")
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty());
    let password = options
        .get("override_password")
        .and_then(Value::as_str)
        .filter(|p| !p.is_empty());
    let link = SandboxLink {
        products: &products,
        username,
        password,
    };
    let token = state
        .engine
        .plaid_items()
        .sandbox_public_token(&client, institution_id, webhook, link)
        .await?;
    Ok(object(json!({ "public_token": token })))
}

async fn exchange_inner(state: &AppState, call: &Call) -> Answer {
    let client = call.client(state).await?;
    let public_token = call.required("public_token")?;
    let (access_token, item_id) = state
        .engine
        .plaid_items()
        .exchange(&client, public_token)
        .await?;
    Ok(object(
        json!({ "access_token": access_token, "item_id": item_id }),
    ))
}

/// `/item/import`: an access token for a member made elsewhere (the MX or Atrium API,
/// or the Connect widget). `user_auth.user_id` is the member's user guid and
/// `user_auth.auth_token` its member guid, both of this client.
async fn import_inner(state: &AppState, call: &Call) -> Answer {
    let client = call.client(state).await?;
    let products = call.body.get("products").and_then(Value::as_array);
    if products.is_none_or(Vec::is_empty) {
        return Err(PlaidError::missing("products"));
    }
    let auth = call.body.get("user_auth");
    let field = |key: &str| {
        auth.and_then(|a| a.get(key))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| PlaidError::missing(&format!("user_auth.{key}")))
    };
    let (user_guid, member_guid) = (field("user_id")?, field("auth_token")?);
    let webhook = call
        .options()
        .get("webhook")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let access_token = state
        .engine
        .plaid_items()
        .import(&client, user_guid, member_guid, webhook)
        .await?;
    Ok(object(json!({ "access_token": access_token })))
}

async fn link_token_inner(state: &AppState, call: &Call) -> Answer {
    call.client(state).await?;
    call.required("client_name")?;
    call.required("language")?;
    if !call.body.get("country_codes").is_some_and(Value::is_array) {
        return Err(PlaidError::missing("country_codes"));
    }
    let has_user = call
        .body
        .get("user")
        .and_then(|u| u.get("client_user_id"))
        .and_then(Value::as_str)
        .is_some_and(|s| !s.is_empty());
    if !has_user {
        return Err(PlaidError::missing("user.client_user_id"));
    }
    let expiration = state.engine.plaid_items().now() + time::Duration::hours(4);
    let nanos = expiration.unix_timestamp_nanos();
    Ok(object(json!({
        "link_token": format!("link-sandbox-{:032x}", nanos),
        "expiration": format_timestamp(expiration),
    })))
}

async fn item_get_inner(state: &AppState, call: &Call) -> Answer {
    let item = call.item(state).await?;
    let items = state.engine.plaid_items();
    let accounts = items.accounts(&item, None).await?;
    let last = |at: Option<time::OffsetDateTime>| at.map(format_timestamp);
    let success = item.member.successfully_aggregated_at;
    let failed = item.member.aggregated_at.filter(|_| {
        polyfin_engine::plaid_items::item_error(item.member.connection_status).is_some()
    });
    let last_webhook = state
        .engine
        .webhooks()
        .last_sent(item.member.guid.as_str())
        .await
        .map_err(|e| PlaidError::from(polyfin_engine::plaid_items::PlaidFailure::Engine(e)))?
        .map(|(at, code)| json!({"sent_at": format_timestamp(at), "code_sent": code}));
    Ok(object(json!({
        "item": wire::item(&items, &item, &accounts, true),
        "status": {
            "transactions": {"last_successful_update": last(success), "last_failed_update": last(failed)},
            "investments": null,
            "last_webhook": last_webhook,
        },
    })))
}

async fn item_remove_inner(state: &AppState, call: &Call) -> Answer {
    let item = call.item(state).await?;
    state.engine.plaid_items().remove(&item).await?;
    Ok(Map::new())
}

async fn webhook_update_inner(state: &AppState, call: &Call) -> Answer {
    let item = call.item(state).await?;
    let webhook = match call.body.get("webhook") {
        None | Some(Value::Null) => None,
        Some(Value::String(url)) => Some(url.clone()),
        Some(_) => return Err(PlaidError::invalid_field("webhook", "must be a string")),
    };
    let items = state.engine.plaid_items();
    let item = items.set_webhook(&item, webhook).await?;
    let accounts = items.accounts(&item, None).await?;
    Ok(object(
        json!({ "item": wire::item(&items, &item, &accounts, false) }),
    ))
}
