//! The Plaid-compatible dialect (spec `plaid-compatible-api.md`), mounted at `/plaid`
//! and `/v1/plaid`: POST + JSON everywhere, `client_id`/`secret` from the
//! `PLAID-CLIENT-ID`/`PLAID-SECRET` headers or the body, Plaid's flat error object.
//! Translation only: items, tokens and mapping rules are in the engine.

mod assets;
mod assets_wire;
mod config;
mod data;
mod error;
mod institutions;
mod investments;
mod items;
mod products;
mod webhooks;
mod wire;

pub use error::PlaidError;

use crate::AppState;
use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use polyfin_domain::ids::ClientId;
use polyfin_engine::plaid_items::Item;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};

/// Where the dialect is mounted.
pub const PREFIXES: [&str; 2] = ["/plaid", "/v1/plaid"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/sandbox/public_token/create",
            post(items::sandbox_public_token),
        )
        .route("/item/public_token/exchange", post(items::exchange))
        .route("/link/token/create", post(items::link_token))
        .route("/item/import", post(items::import))
        .route("/configuration", post(config::configuration))
        .route("/item/get", post(items::item_get))
        .route("/item/remove", post(items::item_remove))
        .route("/item/webhook/update", post(items::webhook_update))
        .route("/institutions/get", post(institutions::list))
        .route("/institutions/get_by_id", post(institutions::get_by_id))
        .route("/institutions/search", post(institutions::search))
        .route("/accounts/get", post(data::accounts))
        .route("/accounts/balance/get", post(data::balance))
        .route("/transactions/get", post(data::transactions))
        .route("/transactions/sync", post(data::sync))
        .route("/transactions/refresh", post(data::refresh))
        .route("/auth/get", post(data::auth))
        .route("/categories/get", post(institutions::categories))
        .route("/investments/holdings/get", post(products::holdings))
        .route("/investment/holdings/get", post(products::holdings))
        .route(
            "/investments/transactions/get",
            post(investments::transactions),
        )
        .route("/identity/get", post(products::identity))
        .route("/liabilities/get", post(products::liabilities))
        .route("/sandbox/item/fire_webhook", post(webhooks::fire_webhook))
        .route("/asset_report/create", post(assets::create))
        .route("/asset_report/get", post(assets::get))
        .route("/asset_report/pdf/get", post(assets::pdf))
        .route("/asset_report/refresh", post(assets::refresh))
        .route("/asset_report/filter", post(assets::filter))
        .route("/asset_report/remove", post(assets::remove))
        .route(
            "/asset_report/audit_copy/create",
            post(assets::audit_copy_create),
        )
        .route("/asset_report/audit_copy/get", post(assets::audit_copy_get))
        .route(
            "/asset_report/audit_copy/remove",
            post(assets::audit_copy_remove),
        )
        .route(
            "/webhook_verification_key/get",
            post(webhooks::verification_key),
        )
        .route(
            "/webhook_verification_key",
            post(webhooks::verification_key),
        )
        .route(
            "/webhook__verification_key",
            post(webhooks::verification_key),
        )
        .fallback(not_found)
}

async fn not_found() -> Response {
    let id = request_id();
    PlaidError::new("INVALID_REQUEST", "NOT_FOUND", "not found")
        .with_request_id(&id)
        .into_response()
}

static COUNTER: AtomicU64 = AtomicU64::new(0);
const ALNUM: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A 15-character request id, unique per process run.
fn request_id() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = time::OffsetDateTime::now_utc().unix_timestamp_nanos();
    let digest = Sha256::digest(format!("{n}:{nanos}:{}", std::process::id()).as_bytes());
    digest
        .iter()
        .take(15)
        .map(|b| char::from(ALNUM[usize::from(*b) % 62]))
        .collect()
}

/// One parsed request: its id, JSON object body, and headers.
pub struct Call {
    pub request_id: String,
    pub body: Map<String, Value>,
    headers: HeaderMap,
}

impl Call {
    pub fn parse(headers: &HeaderMap, bytes: &Bytes) -> Result<Self, PlaidError> {
        let request_id = request_id();
        let blank = bytes.iter().all(u8::is_ascii_whitespace);
        let body = if blank {
            Map::new()
        } else {
            match serde_json::from_slice::<Value>(bytes) {
                Ok(Value::Object(map)) => map,
                _ => {
                    return Err(PlaidError::new(
                        "INVALID_REQUEST",
                        "INVALID_BODY",
                        "body could not be parsed as a JSON object",
                    )
                    .with_request_id(&request_id))
                }
            }
        };
        Ok(Self {
            request_id,
            body,
            headers: headers.clone(),
        })
    }

    pub fn str(&self, key: &str) -> Option<&str> {
        self.body.get(key).and_then(Value::as_str)
    }

    pub fn required(&self, key: &str) -> Result<&str, PlaidError> {
        match self.body.get(key) {
            None | Some(Value::Null) => Err(PlaidError::missing(key)),
            Some(Value::String(s)) if !s.is_empty() => Ok(s),
            Some(_) => Err(PlaidError::invalid_field(key, "must be a non-empty string")),
        }
    }

    pub fn options(&self) -> Map<String, Value> {
        match self.body.get("options") {
            Some(Value::Object(map)) => map.clone(),
            _ => Map::new(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    }

    /// The API client named by the body or the `PLAID-*` headers.
    pub async fn client(&self, state: &AppState) -> Result<ClientId, PlaidError> {
        let client_id = self
            .str("client_id")
            .or_else(|| self.header("plaid-client-id"));
        let secret = self
            .str("secret")
            .or_else(|| self.str("client_secret"))
            .or_else(|| self.header("plaid-secret"));
        let (Some(id), Some(secret)) = (client_id, secret) else {
            return Err(PlaidError::missing("client_id, secret"));
        };
        let tenant = crate::common::auth::authenticate(&state.engine, id, secret).await;
        tenant
            .map(|t| t.0)
            .map_err(|_| PlaidError::invalid_api_keys())
    }

    /// The access token from the body, else `Authorization: Bearer`.
    pub fn access_token(&self) -> Result<String, PlaidError> {
        if let Some(token) = self.str("access_token").filter(|t| !t.is_empty()) {
            return Ok(token.to_owned());
        }
        let bearer = self
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty());
        bearer
            .map(str::to_owned)
            .ok_or_else(|| PlaidError::missing("access_token"))
    }

    /// Authenticates the client and resolves the access token's item.
    pub async fn item(&self, state: &AppState) -> Result<Item, PlaidError> {
        let client = self.client(state).await?;
        let token = self.access_token()?;
        Ok(state.engine.plaid_items().resolve(&client, &token).await?)
    }
}

/// Writes a success body (with `request_id`) or the flat error object.
pub fn finish(request_id: &str, result: Result<Map<String, Value>, PlaidError>) -> Response {
    match result {
        Ok(mut body) => {
            body.insert(
                "request_id".to_owned(),
                Value::String(request_id.to_owned()),
            );
            let mut response = Json(Value::Object(body)).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
            if let Ok(value) = HeaderValue::from_str(request_id) {
                response.headers_mut().insert("plaid-request-id", value);
            }
            response
        }
        Err(error) => error.with_request_id(request_id).into_response(),
    }
}

/// Declares a handler: parses the call, runs `$inner(&state, &call)`, finishes.
macro_rules! handler {
    ($name:ident, $inner:path) => {
        pub async fn $name(
            axum::extract::State(state): axum::extract::State<$crate::AppState>,
            headers: axum::http::HeaderMap,
            bytes: axum::body::Bytes,
        ) -> axum::response::Response {
            match $crate::plaid::Call::parse(&headers, &bytes) {
                Ok(call) => $crate::plaid::finish(&call.request_id, $inner(&state, &call).await),
                Err(error) => axum::response::IntoResponse::into_response(error),
            }
        }
    };
}
pub(crate) use handler;

/// A JSON object from `json!({...})`.
pub fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}
