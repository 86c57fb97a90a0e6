//! Polyfin's application core. Dialect modules call these services; every rule that
//! more than one dialect needs is decided here, once.

pub mod clients;
mod error;
pub mod users;

pub use error::{Error, Result};

use polyfin_domain::institution::Catalogue;
use polyfin_domain::Clock;
use polyfin_store::Store;
use std::sync::Arc;
use time::Duration;

#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// How long soft-deleted objects are kept before they are purged.
    pub deleted_retention: Duration,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            deleted_retention: Duration::days(14),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Engine {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    catalogue: Arc<Catalogue>,
    config: EngineConfig,
}

impl Engine {
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        catalogue: Arc<Catalogue>,
        config: EngineConfig,
    ) -> Self {
        Self {
            store,
            clock,
            catalogue,
            config,
        }
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    pub fn clients(&self) -> clients::Clients<'_> {
        clients::Clients::new(self)
    }

    pub fn users(&self) -> users::Users<'_> {
        users::Users::new(self)
    }

    /// Purges what was soft-deleted longer ago than the retention; returns users purged.
    pub async fn purge_deleted(&self) -> Result<u64> {
        let cutoff = self.clock.now() - self.config.deleted_retention;
        Ok(self.store.purge_deleted(cutoff).await?)
    }
}
