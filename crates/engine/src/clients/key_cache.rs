//! Verified API keys, remembered so that a request does not cost a database lookup of
//! its client, without ever outliving a revocation.
//!
//! What is remembered is the stored SHA-256 of a live client's key (never a key), with
//! the client generation read before the client was, and when. A remembered check
//! holds only while the generation is still the same (the database moves it on with
//! every change to any client, in the changing transaction, from any process) and for
//! at most [`KEY_CACHE_TTL`] on the engine's clock.
//!
//! The generation is read for every request, but one read serves every request that
//! arrived before it started: a request waits for a read begun after it arrived, and
//! requests arriving during a read share the next one. So a key revoked before a
//! request arrived is refused, in every process, at the cost of a fraction of a
//! database round trip per request under load.

use polyfin_domain::ids::ClientId;
use polyfin_store::{Store, StoreResult};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{PoisonError, RwLock};
use time::{Duration, OffsetDateTime};
use tokio::sync::{watch, Mutex, MutexGuard};

/// The longest a remembered check is trusted, whatever the generation says.
pub const KEY_CACHE_TTL: Duration = Duration::seconds(30);

/// More live clients than this and the cache starts over (it only ever holds clients
/// whose key was presented correctly, so this bounds memory, not correctness).
const MAX_ENTRIES: usize = 10_000;

#[derive(Debug, Clone)]
struct Entry {
    key_hash: Vec<u8>,
    generation: i64,
    checked_at: OffsetDateTime,
}

/// The latest completed generation read and the number of the read it was.
#[derive(Debug, Clone, Copy, Default)]
struct Reading {
    seq: u64,
    generation: i64,
}

#[derive(Debug)]
pub(crate) struct KeyCache {
    entries: RwLock<HashMap<ClientId, Entry>>,
    /// Reads begun so far; only incremented by the reader, under `reading`.
    started: AtomicU64,
    reading: Mutex<()>,
    latest: watch::Sender<Reading>,
    /// Client records looked up in the database (a cache miss each).
    lookups: AtomicU64,
}

impl Default for KeyCache {
    fn default() -> Self {
        Self {
            entries: RwLock::default(),
            started: AtomicU64::new(0),
            reading: Mutex::new(()),
            latest: watch::Sender::new(Reading::default()),
            lookups: AtomicU64::new(0),
        }
    }
}

/// The right to read the generation. Released in any way (done, failed or dropped),
/// it wakes the waiters after unlocking, so that one of them reads in its place if
/// this read did not finish.
struct Reader<'a> {
    lock: Option<MutexGuard<'a, ()>>,
    latest: &'a watch::Sender<Reading>,
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        drop(self.lock.take());
        self.latest.send_modify(|_| {});
    }
}

impl KeyCache {
    /// The client generation as read by a read that began after this call did.
    pub(crate) async fn generation(&self, store: &dyn Store) -> StoreResult<i64> {
        let arrived = self.started.load(Ordering::SeqCst);
        let mut changes = self.latest.subscribe();
        loop {
            let seen = *changes.borrow_and_update();
            if seen.seq > arrived {
                return Ok(seen.generation);
            }
            if let Ok(lock) = self.reading.try_lock() {
                let _reader = Reader {
                    lock: Some(lock),
                    latest: &self.latest,
                };
                let seen = *self.latest.borrow();
                if seen.seq > arrived {
                    return Ok(seen.generation);
                }
                let seq = self.started.fetch_add(1, Ordering::SeqCst) + 1;
                let generation = store.client_generation().await?;
                self.latest.send_replace(Reading { seq, generation });
                return Ok(generation);
            }
            if changes.changed().await.is_err() {
                // The sender lives as long as `self`; read directly if it ever went.
                return store.client_generation().await;
            }
        }
    }

    /// The remembered key hash of `client` if it is still valid at `generation`.
    pub(crate) fn get(
        &self,
        client: &ClientId,
        generation: i64,
        now: OffsetDateTime,
    ) -> Option<Vec<u8>> {
        let entries = self.entries.read().unwrap_or_else(PoisonError::into_inner);
        let entry = entries.get(client)?;
        let fresh = now - entry.checked_at;
        (entry.generation == generation && fresh >= Duration::ZERO && fresh < KEY_CACHE_TTL)
            .then(|| entry.key_hash.clone())
    }

    pub(crate) fn remember(
        &self,
        client: ClientId,
        key_hash: Vec<u8>,
        generation: i64,
        now: OffsetDateTime,
    ) {
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&client) {
            entries.clear();
        }
        entries.insert(
            client,
            Entry {
                key_hash,
                generation,
                checked_at: now,
            },
        );
    }

    pub(crate) fn forget(&self, client: &ClientId) {
        self.entries
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(client);
    }

    pub(crate) fn count_lookup(&self) {
        self.lookups.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn lookups(&self) -> u64 {
        self.lookups.load(Ordering::Relaxed)
    }
}
