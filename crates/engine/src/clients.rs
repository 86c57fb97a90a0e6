//! API clients (tenants). A key is shown once at creation; only its SHA-256 is stored,
//! compared in constant time. SHA-256 is fast, so a valid key costs no slow hash.
//! Checked keys are remembered for later requests without outliving a revocation
//! (see `key_cache`).

mod key_cache;

pub(crate) use key_cache::KeyCache;
pub use key_cache::KEY_CACHE_TTL;

use crate::{Engine, Error, Result};
use polyfin_domain::ids::ClientId;
use polyfin_store::{ApiClientRecord, StoreError};
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// A freshly created client and its key, which is never stored.
pub struct NewClient {
    pub client_id: ClientId,
    pub api_key: String,
}

impl std::fmt::Debug for NewClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewClient")
            .field("client_id", &self.client_id)
            .field("api_key", &"[redacted]")
            .finish()
    }
}

pub struct Clients<'a> {
    engine: &'a Engine,
}

fn hash_key(key: &str) -> Vec<u8> {
    Sha256::digest(key.as_bytes()).to_vec()
}

fn generate_key() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

impl<'a> Clients<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    pub async fn create(&self, name: &str) -> Result<NewClient> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(Error::invalid(
                "name",
                "name must be between 1 and 100 characters",
            ));
        }
        let client_id = ClientId::generate();
        let api_key = generate_key();
        let record = ApiClientRecord {
            id: client_id.clone(),
            name: name.to_owned(),
            key_hash: hash_key(&api_key),
            created_at: self.engine.clock.now(),
            revoked_at: None,
        };
        self.engine.store.insert_client(&record).await?;
        Ok(NewClient { client_id, api_key })
    }

    pub async fn list(&self) -> Result<Vec<ApiClientRecord>> {
        Ok(self.engine.store.list_clients().await?)
    }

    pub async fn count(&self) -> Result<u64> {
        Ok(self.engine.store.count_clients().await?)
    }

    pub async fn revoke(&self, client_id: &str) -> Result<()> {
        let id = ClientId::parse(client_id).ok_or(Error::NotFound("Client"))?;
        let revoked = self
            .engine
            .store
            .revoke_client(&id, self.engine.clock.now())
            .await?;
        self.engine.keys.forget(&id);
        if revoked {
            Ok(())
        } else {
            Err(Error::NotFound("Client"))
        }
    }

    /// The client these credentials belong to, or `None` if they are not valid.
    pub async fn authenticate(
        &self,
        client_id: &str,
        api_key: &str,
    ) -> Result<Option<ClientId>, StoreError> {
        let Some(id) = ClientId::parse(client_id) else {
            return Ok(None);
        };
        let keys = &self.engine.keys;
        let given = hash_key(api_key);
        // Read before the client is, so that a change after that read shows.
        let generation = keys.generation(self.engine.store.as_ref()).await?;
        let now = self.engine.clock.now();
        if let Some(stored) = keys.get(&id, generation, now) {
            return Ok(bool::from(stored.ct_eq(&given)).then_some(id));
        }
        keys.count_lookup();
        let Some(record) = self.engine.store.find_client(&id).await? else {
            return Ok(None);
        };
        if record.revoked_at.is_some() {
            keys.forget(&id);
            return Ok(None);
        }
        let matches: bool = record.key_hash.ct_eq(&given).into();
        keys.remember(record.id.clone(), record.key_hash, generation, now);
        Ok(matches.then_some(record.id))
    }

    /// How many key checks have looked their client up in the database: the others
    /// were answered from memory.
    pub fn key_lookups(&self) -> u64 {
        self.engine.keys.lookups()
    }
}
