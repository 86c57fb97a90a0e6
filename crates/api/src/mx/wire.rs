//! MX wire plumbing: JSON responses with MX's media type, and the body extractor.

use super::{MxError, MEDIA_TYPE};
use crate::common::body::parse_json;
use crate::common::{ApiError, ErrorKind};
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub fn json(status: StatusCode, body: &impl Serialize) -> Result<Response, MxError> {
    Ok(bytes_response(status, to_bytes(body)?))
}

/// A body serialised as MX JSON.
pub fn to_bytes(body: &impl Serialize) -> Result<Bytes, MxError> {
    let bytes = serde_json::to_vec(body).map_err(|e| {
        tracing::error!(error = %e, "response serialization failed");
        ApiError::new(ErrorKind::Internal, "Internal server error.")
    })?;
    Ok(Bytes::from(bytes))
}

/// A response carrying MX JSON already serialised.
pub fn bytes_response(status: StatusCode, body: Bytes) -> Response {
    (status, [(header::CONTENT_TYPE, MEDIA_TYPE)], body).into_response()
}

pub fn ok(body: &impl Serialize) -> Result<Response, MxError> {
    json(StatusCode::OK, body)
}

pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// A JSON request body whose errors are rendered the MX way.
pub struct MxJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for MxJson<T> {
    type Rejection = MxError;

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
