#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write (e.g. a duplicate partner id).
    #[error("conflict on {constraint}")]
    Conflict { constraint: String },
    #[error("unsupported database URL {0:?}: use sqlite://FILE or postgres://USER@HOST/DATABASE")]
    UnsupportedUrl(String),
    #[error("database error")]
    Database(#[source] sqlx::Error),
    /// A read on a direct (rusqlite) SQLite connection failed.
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
    fn from(error: rusqlite::Error) -> Self {
        Self::Direct(error)
    }
}
