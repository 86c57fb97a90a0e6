use polyfin_store::StoreError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, in terms every dialect can render in its own error body.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The object does not exist for this client (or was deleted). Never "forbidden".
    #[error("{0} not found.")]
    NotFound(&'static str),
    /// Bad input, naming the field.
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// Well-formed input that cannot be applied in the current state.
    #[error("{0}")]
    Unprocessable(String),
    /// A unique partner id or a running job of another type.
    #[error("{0}")]
    Conflict(String),
    /// A per-user limit is reached (e.g. 25 members): MX answers 422, Atrium 405.
    #[error("{0}")]
    LimitReached(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    TooManyRequests(String),
    #[error("storage failure")]
    Store(#[from] StoreError),
    /// A fault of ours that is not the store's (e.g. sealed data that will not open).
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl From<polyfin_domain::text::TextError> for Error {
    fn from(error: polyfin_domain::text::TextError) -> Self {
        let field = match &error {
            polyfin_domain::text::TextError::TooLong { field, .. }
            | polyfin_domain::text::TextError::Empty { field }
            | polyfin_domain::text::TextError::InvalidEmail { field } => *field,
        };
        Self::invalid(field, error.to_string())
    }
}
