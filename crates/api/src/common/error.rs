use axum::http::StatusCode;
use polyfin_engine::Error as EngineError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    NotAcceptable,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    Unprocessable,
    /// A per-user limit (25 members): 422 by default; Atrium renders it as 405.
    LimitReached,
    TooManyRequests,
    Internal,
}

impl ErrorKind {
    pub fn status(self) -> StatusCode {
        match self {
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            Self::Conflict => StatusCode::CONFLICT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Unprocessable | Self::LimitReached => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// One error type for the HTTP layer; each dialect renders it in its own body.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub kind: ErrorKind,
    pub message: String,
    /// The offending field or parameter, when there is one.
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            field: None,
        }
    }

    pub fn bad_request(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::BadRequest,
            message: message.into(),
            field: Some(field.into()),
        }
    }

    pub fn unauthorized() -> Self {
        Self::new(
            ErrorKind::Unauthorized,
            "Invalid MX-API-Key or MX-Client-ID provided.",
        )
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorKind::NotFound, format!("{what} not found."))
    }

    pub fn status(&self) -> StatusCode {
        self.kind.status()
    }
}

impl From<EngineError> for ApiError {
    fn from(error: EngineError) -> Self {
        let kind = match &error {
            EngineError::NotFound(_) => ErrorKind::NotFound,
            EngineError::Invalid { .. } => ErrorKind::BadRequest,
            EngineError::Unprocessable(_) => ErrorKind::Unprocessable,
            EngineError::Conflict(_) => ErrorKind::Conflict,
            EngineError::LimitReached(_) => ErrorKind::LimitReached,
            EngineError::Forbidden(_) => ErrorKind::Forbidden,
            EngineError::TooManyRequests(_) => ErrorKind::TooManyRequests,
            EngineError::Store(cause) => {
                tracing::error!(error = ?cause, "storage failure");
                return Self::new(ErrorKind::Internal, "Internal server error.");
            }
            EngineError::Internal(cause) => {
                tracing::error!(error = %cause, "internal failure");
                return Self::new(ErrorKind::Internal, "Internal server error.");
            }
        };
        let field = match &error {
            EngineError::Invalid { field, .. } => Some(field.clone()),
            _ => None,
        };
        Self {
            kind,
            message: error.to_string(),
            field,
        }
    }
}

impl From<polyfin_store::StoreError> for ApiError {
    fn from(error: polyfin_store::StoreError) -> Self {
        EngineError::Store(error).into()
    }
}
