use super::MEDIA_TYPE;
use crate::common::{ApiError, ErrorKind};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// An error rendered as Atrium renders them: `{"error":{"message":"…"}}`, with the
/// Atrium status codes (the member limit is 405) and field names (`identifier`).
#[derive(Debug)]
pub struct AtriumError(pub ApiError);

impl From<ApiError> for AtriumError {
    fn from(error: ApiError) -> Self {
        Self(error)
    }
}

impl From<polyfin_engine::Error> for AtriumError {
    fn from(error: polyfin_engine::Error) -> Self {
        Self(error.into())
    }
}

impl AtriumError {
    pub fn status(&self) -> StatusCode {
        match self.0.kind {
            ErrorKind::LimitReached => StatusCode::METHOD_NOT_ALLOWED,
            kind => kind.status(),
        }
    }
}

/// The engine names the partner's id `id` (MX); Atrium calls it `identifier`.
fn in_atrium_words(message: &str) -> String {
    message
        .replace("user.id ", "user.identifier ")
        .replace("member.id ", "member.identifier ")
        .replace("with this id ", "with this identifier ")
}

impl IntoResponse for AtriumError {
    fn into_response(self) -> Response {
        let message = in_atrium_words(&self.0.message);
        let body = serde_json::json!({ "error": { "message": message } });
        (
            self.status(),
            [(header::CONTENT_TYPE, MEDIA_TYPE)],
            body.to_string(),
        )
            .into_response()
    }
}
