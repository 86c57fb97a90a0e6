//! `POST /configuration`: the developer configuration (spec §4.3). `{}` reads it; any
//! of its fields updates just that field.

use super::{handler, object, Call, PlaidError};
use crate::AppState;
use polyfin_engine::plaid_items::config::{
    ConfigurationPatch, DeveloperConfiguration, Subscriptions, WEBHOOK_TYPES,
};
use polyfin_engine::plaid_items::PlaidFailure;
use serde_json::{json, Map, Value};

type Answer = Result<Map<String, Value>, PlaidError>;

handler!(configuration, configuration_inner);

async fn configuration_inner(state: &AppState, call: &Call) -> Answer {
    let client = call.client(state).await?;
    let patch = patch(&call.body)?;
    let items = state.engine.plaid_items();
    let config = if is_empty(&patch) {
        items
            .configuration(&client)
            .await
            .map_err(|e| PlaidError::from(PlaidFailure::Engine(e)))?
    } else {
        items.configure(&client, patch).await?
    };
    Ok(object(json!({ "configuration": render(&config) })))
}

fn is_empty(patch: &ConfigurationPatch) -> bool {
    patch.data_format.is_none()
        && patch.webhook_url.is_none()
        && patch.subscriptions.is_none()
        && patch.include_finsights.is_none()
        && patch.environment.is_none()
}

fn render(config: &DeveloperConfiguration) -> Value {
    let subscriptions = match &config.subscriptions {
        Subscriptions::All => json!(["*"]),
        Subscriptions::Only(list) => list
            .iter()
            .map(|(t, c)| json!({"webhook_type": t, "webhook_code": c}))
            .collect(),
    };
    json!({
        "client_id": config.client_id.as_str(),
        "data_format": config.data_format,
        "webhook_url": config.webhook_url,
        "webhook_subscriptions": subscriptions,
        "include_finsights": config.include_finsights,
        "environment": config.environment,
    })
}

fn patch(body: &Map<String, Value>) -> Result<ConfigurationPatch, PlaidError> {
    let text = |field: &str| -> Result<Option<String>, PlaidError> {
        match body.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(PlaidError::invalid_field(field, "must be a string")),
        }
    };
    let webhook_url = match body.get("webhook_url") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::String(url)) => Some(Some(url.clone()).filter(|u| !u.trim().is_empty())),
        Some(_) => {
            return Err(PlaidError::invalid_field(
                "webhook_url",
                "must be a string or null",
            ))
        }
    };
    let include_finsights = match body.get("include_finsights") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            return Err(PlaidError::invalid_field(
                "include_finsights",
                "must be a boolean",
            ))
        }
    };
    Ok(ConfigurationPatch {
        data_format: text("data_format")?,
        webhook_url,
        subscriptions: subscriptions(body.get("webhook_subscriptions"))?,
        include_finsights,
        environment: text("environment")?,
    })
}

/// `["*"]`, or a list of `{webhook_type, webhook_code}` (a code of `*` is every code).
fn subscriptions(value: Option<&Value>) -> Result<Option<Subscriptions>, PlaidError> {
    const FIELD: &str = "webhook_subscriptions";
    let list = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(list)) => list,
        Some(_) => return Err(PlaidError::invalid_field(FIELD, "must be an array")),
    };
    if list.len() == 1 && list[0] == json!("*") {
        return Ok(Some(Subscriptions::All));
    }
    let mut chosen = Vec::with_capacity(list.len());
    for (i, entry) in list.iter().enumerate() {
        let field = |key: &str| -> Result<String, PlaidError> {
            let name = format!("{FIELD}[{i}].{key}");
            match entry.get(key) {
                Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
                _ => Err(PlaidError::invalid_field(
                    &name,
                    "must be a non-empty string",
                )),
            }
        };
        let webhook_type = field("webhook_type")?;
        if !WEBHOOK_TYPES.contains(&webhook_type.as_str()) {
            return Err(PlaidError::invalid_field(
                &format!("{FIELD}[{i}].webhook_type"),
                &format!("must be one of {}", WEBHOOK_TYPES.join(", ")),
            ));
        }
        chosen.push((webhook_type, field("webhook_code")?));
    }
    Ok(Some(Subscriptions::Only(chosen)))
}
