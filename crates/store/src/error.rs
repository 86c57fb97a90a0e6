#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write (e.g. a duplicate partner id).
    #[error("conflict on {constraint}")]
    Conflict { constraint: String },
    #[error("unsupported database URL {0:?}: use sqlite://FILE or postgres://USER@HOST/DATABASE")]
    UnsupportedUrl(String),
    #[error("database error")]
    Database(#[source] sqlx::Error),
    /// A statement on a direct (rusqlite) SQLite connection or on the writer's
    /// borrowed handle failed.
    #[error("database error")]
    Direct(#[source] rusqlite::Error),
    #[error("migration failed")]
    Migration(#[source] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &error {
            if db.is_unique_violation() {
                return Self::Conflict {
                    constraint: db.message().to_owned(),
                };
            }
        }
        Self::Database(error)
    }
}

impl From<rusqlite::Error> for StoreError {
    /// As for sqlx: a unique or primary-key violation is a `Conflict`.
    fn from(error: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(failure, message) = &error {
            let code = failure.extended_code;
            if code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
            {
                return Self::Conflict {
                    constraint: message.clone().unwrap_or_default(),
                };
            }
        }
        Self::Direct(error)
    }
}
