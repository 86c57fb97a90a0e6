use super::MEDIA_TYPE;
use crate::common::ApiError;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// An error rendered as MX renders them: `{"error":{"message":"…"}}`.
#[derive(Debug)]
pub struct MxError(pub ApiError);

impl From<ApiError> for MxError {
    fn from(error: ApiError) -> Self {
        Self(error)
    }
}

impl From<polyfin_engine::Error> for MxError {
    fn from(error: polyfin_engine::Error) -> Self {
        Self(error.into())
    }
}

impl IntoResponse for MxError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": { "message": self.0.message } });
        (
            self.0.status(),
            [(header::CONTENT_TYPE, MEDIA_TYPE)],
            body.to_string(),
        )
            .into_response()
    }
}
