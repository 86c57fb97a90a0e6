//! The webhook verification key endpoint and `/sandbox/item/fire_webhook`.

use super::{handler, object, Call, PlaidError};
use crate::AppState;
use serde_json::{json, Map, Value};

type Answer = Result<Map<String, Value>, PlaidError>;

handler!(verification_key, verification_key_inner);
handler!(fire_webhook, fire_webhook_inner);

async fn verification_key_inner(state: &AppState, call: &Call) -> Answer {
    call.client(state).await?;
    let kid = call.required("key_id")?;
    let jwk = state
        .engine
        .webhooks()
        .jwk(kid)
        .await
        .map_err(|e| PlaidError::from(polyfin_engine::plaid_items::PlaidFailure::Engine(e)))?
        .ok_or_else(|| {
            PlaidError::new(
                "INVALID_INPUT",
                "INVALID_WEBHOOK_VERIFICATION_KEY_ID",
                format!("key_id {kid} is not a known webhook verification key"),
            )
        })?;
    let key = serde_json::to_value(jwk).map_err(|_| {
        PlaidError::new(
            "API_ERROR",
            "INTERNAL_SERVER_ERROR",
            "the key could not be encoded",
        )
    })?;
    Ok(object(json!({ "key": key })))
}

async fn fire_webhook_inner(state: &AppState, call: &Call) -> Answer {
    let item = call.item(state).await?;
    let code = call.required("webhook_code")?;
    let webhook_type = call.str("webhook_type").filter(|t| !t.is_empty());
    let new_transactions = match call.options().get("new_transactions") {
        None | Some(Value::Null) => 0,
        Some(n) => n.as_u64().ok_or_else(|| {
            PlaidError::invalid_field("options.new_transactions", "must be an integer >= 0")
        })?,
    };
    state
        .engine
        .plaid_items()
        .fire_webhook(&item, webhook_type, code, new_transactions)
        .await?;
    Ok(object(json!({ "webhook_fired": true })))
}
