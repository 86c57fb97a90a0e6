//! HTTP Basic `client_id:api_key`, checked against the stored key hash.

use super::ApiError;
use axum::http::{header, HeaderMap};
use base64::Engine as _;
use polyfin_domain::ids::ClientId;
use polyfin_engine::Engine;

/// The authenticated API client of a request; every query is scoped by it.
#[derive(Debug, Clone)]
pub struct Tenant(pub ClientId);

pub fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, key) = text.split_once(':')?;
    Some((id.to_owned(), key.to_owned()))
}

pub async fn authenticate(
    engine: &Engine,
    client_id: &str,
    api_key: &str,
) -> Result<Tenant, ApiError> {
    match engine.clients().authenticate(client_id, api_key).await? {
        Some(id) => Ok(Tenant(id)),
        None => Err(ApiError::unauthorized()),
    }
}
