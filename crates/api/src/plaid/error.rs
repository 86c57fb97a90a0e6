//! Plaid's flat error object, on every failure of the Plaid dialect.

use crate::common::{ApiError, ErrorKind};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use polyfin_engine::plaid_items::PlaidFailure;
use polyfin_engine::Error as EngineError;
use serde_json::json;

#[derive(Debug, Clone)]
pub struct PlaidError {
    pub status: StatusCode,
    pub error_type: &'static str,
    pub error_code: &'static str,
    pub message: String,
    pub display_message: Option<String>,
    /// Filled in when the response is written.
    pub request_id: String,
}

impl PlaidError {
    pub fn new(
        error_type: &'static str,
        error_code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        let status = match error_code {
            "NOT_FOUND" => StatusCode::NOT_FOUND,
            "INTERNAL_SERVER_ERROR" => StatusCode::INTERNAL_SERVER_ERROR,
            "RATE_LIMIT" => StatusCode::TOO_MANY_REQUESTS,
            _ => StatusCode::BAD_REQUEST,
        };
        Self {
            status,
            error_type,
            error_code,
            message: message.into(),
            display_message: None,
            request_id: String::new(),
        }
    }

    pub fn missing(fields: &str) -> Self {
        Self::new(
            "INVALID_REQUEST",
            "MISSING_FIELDS",
            format!("the following required fields are missing: {fields}"),
        )
    }

    pub fn invalid_field(field: &str, message: &str) -> Self {
        Self::new(
            "INVALID_REQUEST",
            "INVALID_FIELD",
            format!("{field}: {message}"),
        )
    }

    pub fn invalid_api_keys() -> Self {
        Self::new(
            "INVALID_INPUT",
            "INVALID_API_KEYS",
            "invalid client_id or secret provided",
        )
    }

    pub fn with_request_id(mut self, request_id: &str) -> Self {
        self.request_id = request_id.to_owned();
        self
    }
}

impl From<PlaidFailure> for PlaidError {
    fn from(failure: PlaidFailure) -> Self {
        let message = failure.to_string();
        let (error_type, code) = match &failure {
            PlaidFailure::InvalidAccessToken => ("INVALID_INPUT", "INVALID_ACCESS_TOKEN"),
            PlaidFailure::InvalidPublicToken => ("INVALID_INPUT", "INVALID_PUBLIC_TOKEN"),
            PlaidFailure::ItemNotFound => ("ITEM_ERROR", "ITEM_NOT_FOUND"),
            PlaidFailure::InvalidInstitution(_) => ("INVALID_INPUT", "INVALID_INSTITUTION"),
            PlaidFailure::ProductNotReady => ("ITEM_ERROR", "PRODUCT_NOT_READY"),
            PlaidFailure::InvalidAccountId => ("INVALID_INPUT", "INVALID_ACCOUNT_ID"),
            PlaidFailure::InvalidAssetReportToken => {
                ("INVALID_INPUT", "INVALID_ASSET_REPORT_TOKEN")
            }
            PlaidFailure::InvalidAuditCopyToken => ("INVALID_INPUT", "INVALID_AUDIT_COPY_TOKEN"),
            PlaidFailure::InvalidField { .. } => ("INVALID_REQUEST", "INVALID_FIELD"),
            PlaidFailure::Engine(e) => return engine_error(e),
        };
        Self::new(error_type, code, message)
    }
}

fn engine_error(error: &EngineError) -> PlaidError {
    let api = ApiError::from(clone_engine_error(error));
    match api.kind {
        ErrorKind::Internal => PlaidError::new("API_ERROR", "INTERNAL_SERVER_ERROR", api.message),
        ErrorKind::NotFound => PlaidError::new("ITEM_ERROR", "ITEM_NOT_FOUND", api.message),
        ErrorKind::TooManyRequests => {
            PlaidError::new("RATE_LIMIT_EXCEEDED", "RATE_LIMIT", api.message)
        }
        _ => match api.field {
            Some(field) => PlaidError::invalid_field(&field, &api.message),
            None => PlaidError::new("INVALID_REQUEST", "INVALID_FIELD", api.message),
        },
    }
}

/// `ApiError::from` consumes the error; the variants carry plain data.
fn clone_engine_error(error: &EngineError) -> EngineError {
    match error {
        EngineError::NotFound(what) => EngineError::NotFound(what),
        EngineError::Invalid { field, message } => {
            EngineError::invalid(field.clone(), message.clone())
        }
        EngineError::TooManyRequests(m) => EngineError::TooManyRequests(m.clone()),
        other => {
            tracing::error!(error = %other, "plaid request failed");
            EngineError::Internal("internal failure".to_owned())
        }
    }
}

impl IntoResponse for PlaidError {
    fn into_response(self) -> Response {
        let body = json!({
            "error_type": self.error_type,
            "error_code": self.error_code,
            "error_message": self.message,
            "display_message": self.display_message,
            "request_id": self.request_id,
            "causes": [],
            "status": self.status.as_u16(),
            "documentation_url": format!("https://plaid.com/docs/errors/#{}", self.error_code.to_ascii_lowercase()),
            "suggested_action": null,
        });
        let mut response = (self.status, Json(body)).into_response();
        if let Ok(value) = HeaderValue::from_str(&self.request_id) {
            response.headers_mut().insert("plaid-request-id", value);
        }
        response
    }
}
