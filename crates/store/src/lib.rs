//! Polyfin's storage. Callers see repository traits only; each backend lives in its own
//! module with its own migrations, picked by the database URL's scheme.

mod error;
pub mod sqlite;

pub use error::StoreError;

use async_trait::async_trait;
use polyfin_domain::ids::{ClientId, UserGuid};
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::user::{User, UserFilter};
use std::sync::Arc;
use time::OffsetDateTime;

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, Clone)]
pub struct ApiClientRecord {
    pub id: ClientId,
    pub name: String,
    pub key_hash: Vec<u8>,
    pub created_at: OffsetDateTime,
    pub revoked_at: Option<OffsetDateTime>,
}

#[async_trait]
pub trait ClientRepo {
    async fn insert_client(&self, client: &ApiClientRecord) -> StoreResult<()>;
    async fn find_client(&self, id: &ClientId) -> StoreResult<Option<ApiClientRecord>>;
    async fn list_clients(&self) -> StoreResult<Vec<ApiClientRecord>>;
    /// Returns false when there was no such live client.
    async fn revoke_client(&self, id: &ClientId, at: OffsetDateTime) -> StoreResult<bool>;
    async fn count_clients(&self) -> StoreResult<u64>;
}

#[async_trait]
pub trait UserRepo {
    async fn insert_user(&self, user: &User) -> StoreResult<()>;
    async fn find_user(&self, client: &ClientId, guid: &UserGuid) -> StoreResult<Option<User>>;
    async fn list_users(
        &self,
        client: &ClientId,
        filter: &UserFilter,
        page: PageRequest,
    ) -> StoreResult<Page<User>>;
    async fn update_user(&self, user: &User) -> StoreResult<()>;
    /// Marks the user and everything it owns deleted; false when it was not live.
    async fn soft_delete_user(
        &self,
        client: &ClientId,
        guid: &UserGuid,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
}

#[async_trait]
pub trait Maintenance {
    /// Physically removes objects soft-deleted before `before`; returns how many users.
    async fn purge_deleted(&self, before: OffsetDateTime) -> StoreResult<u64>;
}

/// Everything Polyfin stores, behind one object.
pub trait Store: ClientRepo + UserRepo + Maintenance + Send + Sync + std::fmt::Debug {}

impl<T> Store for T where T: ClientRepo + UserRepo + Maintenance + Send + Sync + std::fmt::Debug {}

/// Opens the database named by `url` and brings its schema up to date.
pub async fn open(url: &str) -> StoreResult<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        let store = sqlite::SqliteStore::open(url).await?;
        Ok(Arc::new(store))
    } else {
        Err(StoreError::UnsupportedUrl(url.to_owned()))
    }
}
