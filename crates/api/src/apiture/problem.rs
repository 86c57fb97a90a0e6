//! `problemResponse` (RFC 7807, spec §1.3) errors. Handlers return a [`Problem`]; the
//! dialect's middleware fills `instance` with the request path and the correlation id.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use polyfin_engine::bank::BankError;
use polyfin_ledger::{LedgerError, LocatorError, ParamError, TransferError};
use serde_json::json;

const TYPE_PREFIX: &str = "https://production.api.apiture.com/errors/";

#[derive(Debug, Clone)]
pub struct Problem {
    pub status: StatusCode,
    /// The problem type's name, e.g. `invalidAccountId`.
    pub kind: &'static str,
    pub detail: String,
    pub parameter: Option<String>,
}

impl Problem {
    pub fn new(status: u16, kind: &'static str, detail: impl Into<String>) -> Self {
        Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            kind,
            detail: detail.into(),
            parameter: None,
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(400, "badRequest", detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(404, "notFound", detail)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(401, "unauthorized", detail)
    }

    pub fn param(parameter: &str, detail: impl Into<String>) -> Self {
        let mut problem = Self::bad_request(detail);
        problem.parameter = Some(parameter.to_owned());
        problem
    }

    fn title(&self) -> &'static str {
        match self.status.as_u16() {
            400 => "Bad Request",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            409 => "Conflict",
            415 => "Unsupported Media Type",
            422 => "Unprocessable Entity",
            429 => "Too Many Requests",
            503 => "Service Unavailable",
            _ => "Internal Server Error",
        }
    }

    /// The body, with `instance` = `path#id`.
    pub fn body(&self, path: &str, at: time::OffsetDateTime) -> serde_json::Value {
        let id = polyfin_engine::bank::correlation_id();
        let mut body = json!({
            "type": format!("{TYPE_PREFIX}{}/v1.0.0", self.kind),
            "title": self.title(),
            "status": self.status.as_u16(),
            "detail": self.detail,
            "id": id,
            "occurredAt": super::wire::timestamp(at),
            "instance": format!("{path}#{id}"),
        });
        if let Some(parameter) = &self.parameter {
            body["attributes"] = json!({ "parameter": parameter });
        }
        body
    }

    pub fn respond(&self, path: &str, at: time::OffsetDateTime) -> Response {
        let mut response = (self.status, self.body(path, at).to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"banking\""),
            );
        }
        response
    }
}

impl IntoResponse for Problem {
    /// The middleware replaces this with the full body; the extension carries it.
    fn into_response(self) -> Response {
        let mut response = self.respond("", time::OffsetDateTime::now_utc());
        response.extensions_mut().insert(self);
        response
    }
}

impl From<ParamError> for Problem {
    fn from(error: ParamError) -> Self {
        let mut problem = Problem::new(error.status(), error.problem_type(), error.to_string());
        problem.parameter = Some(error.parameter);
        problem
    }
}

impl From<LocatorError> for Problem {
    fn from(error: LocatorError) -> Self {
        let mut problem = Problem::new(error.status(), error.problem_type(), error.to_string());
        problem.parameter = Some(error.parameter().to_owned());
        problem
    }
}

impl From<TransferError> for Problem {
    fn from(error: TransferError) -> Self {
        Problem::new(error.status(), error.problem_type(), error.to_string())
    }
}

impl From<LedgerError> for Problem {
    fn from(error: LedgerError) -> Self {
        if error.status() >= 500 {
            tracing::error!(error = ?error, "ledger failure");
            return Problem::new(500, "internalError", "Internal server error.");
        }
        Problem::new(error.status(), error.problem_type(), error.to_string())
    }
}

impl From<BankError> for Problem {
    fn from(error: BankError) -> Self {
        match error {
            BankError::Ledger(error) => error.into(),
            BankError::Unauthorized(message) => Problem::unauthorized(message),
            BankError::SessionExpired => {
                Problem::new(401, "sessionExpired", "The access token has expired.")
            }
            BankError::CustomerDisabled => Problem::new(
                403,
                "customerDisabled",
                "Digital banking is disabled for this customer.",
            ),
            BankError::UnknownBank(_) => Problem::new(403, "forbidden", "No such bank."),
            BankError::Invalid(message) => Problem::bad_request(message),
            BankError::Conflict(message) => Problem::new(409, "conflict", message),
            other => {
                tracing::error!(error = ?other, "banking failure");
                Problem::new(500, "internalError", "Internal server error.")
            }
        }
    }
}
