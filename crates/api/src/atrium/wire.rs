//! Atrium wire plumbing: JSON responses with Atrium's media type, the body extractor,
//! pagination as the SDK sends it, and small shared shapes.

use super::{AtriumError, MEDIA_TYPE};
use crate::common::body::parse_json;
use crate::common::query::QueryParams;
use crate::common::{ApiError, ErrorKind};
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use polyfin_domain::page::PageRequest;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub fn json(status: StatusCode, body: &impl Serialize) -> Result<Response, AtriumError> {
    let bytes = serde_json::to_vec(body).map_err(|e| {
        tracing::error!(error = %e, "response serialization failed");
        ApiError::new(ErrorKind::Internal, "Internal server error.")
    })?;
    Ok((status, [(header::CONTENT_TYPE, MEDIA_TYPE)], bytes).into_response())
}

pub fn ok(body: &impl Serialize) -> Result<Response, AtriumError> {
    json(StatusCode::OK, body)
}

pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// A JSON request body; an empty one (the SDK's body-less POST/PUT) parses as `{}`.
pub struct AtriumJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for AtriumJson<T> {
    type Rejection = AtriumError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let headers = request.headers().clone();
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                ApiError::new(ErrorKind::PayloadTooLarge, rejection.body_text())
            })?;
        Ok(Self(parse_json(&headers, &bytes)?))
    }
}

/// `page` and `records_per_page` as the SDK sends them (`0` included): a size below 1
/// is the default 25, 1–9 is 10, above `max` is 25; a page below 1 is page 1.
pub fn page(query: &QueryParams, max: u32) -> PageRequest {
    let per_page = query
        .get("records_per_page")
        .filter(|v| v.trim().parse::<i64>().map_or(true, |n| n >= 1));
    PageRequest::from_query(query.get("page"), per_page, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_and_small_sizes() {
        let size = |q: &str| page(&QueryParams::parse(q), 1000).per_page;
        assert_eq!(size("records_per_page=0"), 25);
        assert_eq!(size("records_per_page=-3"), 25);
        assert_eq!(size("records_per_page=3"), 10);
        assert_eq!(size("records_per_page=100"), 100);
        assert_eq!(size("records_per_page=5000"), 25);
        assert_eq!(page(&QueryParams::parse("page=0"), 1000).page, 1);
    }
}
