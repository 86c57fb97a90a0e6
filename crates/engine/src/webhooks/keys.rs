//! The signing key ring, persisted (private keys sealed with the server's secret key) so
//! signatures verify across restarts, and rotated by the policy on the engine's clock.

use super::Webhooks;
use crate::{Error, Result};
use polyfin_store::WebhookKeyRow;
use polyfin_webhooks::{Jwk, KeyRing, RotationPolicy, StoredKey};
use time::{Duration, OffsetDateTime};
use zeroize::Zeroizing;

/// How long an instance signs with the ring it read before reading it again, so a
/// rotation by another instance (the sweep leader, an operator) reaches every instance
/// well within the 2 days the replaced key stays valid.
const RING_TTL: Duration = Duration::minutes(1);

/// Attempts at changing the ring when other instances change it at the same time.
const CHANGE_ATTEMPTS: usize = 3;

/// The key ring this instance read from the store, and when (by the engine's clock).
#[derive(Debug)]
pub(crate) struct CachedRing {
    ring: KeyRing,
    read_at: OffsetDateTime,
}

impl Webhooks<'_> {
    /// The JWK `/webhook_verification_key/get` serves for `kid`, if the ring knows it.
    pub async fn jwk(&self, kid: &str) -> Result<Option<Jwk>> {
        let mut guard = self.engine.webhook_state.ring.lock().await;
        if let Some(jwk) = self.ring(&mut guard, false).await?.jwk(kid) {
            return Ok(Some(jwk));
        }
        // Another instance may have rotated to it since this one read the ring.
        Ok(self.ring(&mut guard, true).await?.jwk(kid))
    }

    /// Signs `body` with the current key at the engine's `now`.
    pub(crate) async fn sign(&self, body: &[u8]) -> Result<String> {
        let now = self.engine.clock.now();
        let mut guard = self.engine.webhook_state.ring.lock().await;
        Ok(self.ring(&mut guard, false).await?.sign(body, now))
    }

    /// Applies the rotation policy to the stored ring; stores it when it changed.
    /// Returns the kid rotated to, if any.
    pub async fn maintain_keys(&self) -> Result<Option<String>> {
        let now = self.engine.clock.now();
        self.change_ring(|ring| {
            let report = ring.maintain(&mut rand::rngs::OsRng, now);
            let changed = report.rotated_to.is_some()
                || !report.expired.is_empty()
                || !report.forgotten.is_empty();
            if changed {
                tracing::info!(?report, "webhook signing keys maintained");
            }
            changed.then_some(report.rotated_to)
        })
        .await
        .map(Option::flatten)
    }

    /// Starts signing with a new key now (an operator action, e.g. after a leak).
    pub async fn rotate_key(&self) -> Result<String> {
        let now = self.engine.clock.now();
        let kid = self
            .change_ring(|ring| Some(ring.rotate(&mut rand::rngs::OsRng, now).kid().to_owned()))
            .await?;
        kid.ok_or_else(|| Error::Internal("webhook key rotation stored nothing".to_owned()))
    }

    /// Reads the stored ring, applies `change` (`None`: nothing changed) and stores the
    /// result unless another instance changed the ring meanwhile; then reads its ring
    /// and applies `change` again.
    async fn change_ring<T>(
        &self,
        change: impl Fn(&mut KeyRing) -> Option<T>,
    ) -> Result<Option<T>> {
        let mut guard = self.engine.webhook_state.ring.lock().await;
        for _ in 0..CHANGE_ATTEMPTS {
            let ring = self.ring(&mut guard, true).await?;
            let current = ring.current().kid().to_owned();
            let Some(outcome) = change(ring) else {
                return Ok(None);
            };
            let stored = match self.sealed(ring) {
                Ok(rows) => self
                    .engine
                    .store
                    .replace_webhook_keys(Some(&current), &rows)
                    .await
                    .map_err(Error::from),
                Err(e) => Err(e),
            };
            match stored {
                Ok(true) => return Ok(Some(outcome)),
                // Another instance changed the ring: the next round reads it.
                Ok(false) => {}
                Err(e) => {
                    // Never sign with a change that was not stored.
                    *guard = None;
                    return Err(e);
                }
            }
        }
        // The cached ring holds a change that was not stored.
        *guard = None;
        Err(Error::Internal(
            "webhook keys kept changing on other instances".to_owned(),
        ))
    }

    /// The cached ring, read from the store when `reload`, on first use, or once it is
    /// older than [`RING_TTL`].
    async fn ring<'g>(
        &self,
        slot: &'g mut Option<CachedRing>,
        reload: bool,
    ) -> Result<&'g mut KeyRing> {
        let now = self.engine.clock.now();
        let stale = slot
            .as_ref()
            .is_none_or(|cached| reload || cached.read_at + RING_TTL <= now);
        if stale {
            *slot = Some(CachedRing {
                ring: self.read_ring().await?,
                read_at: now,
            });
        }
        slot.as_mut()
            .map(|cached| &mut cached.ring)
            .ok_or_else(|| Error::Internal("webhook key ring missing".to_owned()))
    }

    /// The stored ring; on first use a new one, stored unless another instance stored
    /// its own first (then that one).
    async fn read_ring(&self) -> Result<KeyRing> {
        let rows = self.engine.store.load_webhook_keys().await?;
        if !rows.is_empty() {
            return self.opened_ring(&rows);
        }
        let ring = KeyRing::new(
            RotationPolicy::default(),
            &mut rand::rngs::OsRng,
            self.engine.clock.now(),
        );
        if self
            .engine
            .store
            .replace_webhook_keys(None, &self.sealed(&ring)?)
            .await?
        {
            return Ok(ring);
        }
        let rows = self.engine.store.load_webhook_keys().await?;
        self.opened_ring(&rows)
    }

    fn opened_ring(&self, rows: &[WebhookKeyRow]) -> Result<KeyRing> {
        let stored = rows
            .iter()
            .map(|row| self.opened(row))
            .collect::<Result<Vec<_>>>()?;
        KeyRing::from_stored(RotationPolicy::default(), &stored)
            .map_err(|e| Error::Internal(format!("webhook keys: {e}")))
    }

    fn sealed(&self, ring: &KeyRing) -> Result<Vec<WebhookKeyRow>> {
        let stored = ring
            .to_stored()
            .map_err(|e| Error::Internal(format!("webhook keys: {e}")))?;
        stored
            .into_iter()
            .map(|key| {
                let secret = Zeroizing::new(hex::encode(key.pkcs8_der.as_slice()));
                Ok(WebhookKeyRow {
                    kid: key.kid,
                    created_at: key.created_at,
                    retired_at: key.retired_at,
                    expired_at: key.expired_at,
                    sealed_key: self.engine.cipher.seal(&*secret).map_err(Error::secret)?,
                })
            })
            .collect()
    }

    fn opened(&self, row: &WebhookKeyRow) -> Result<StoredKey> {
        let secret: Zeroizing<String> = Zeroizing::new(
            self.engine
                .cipher
                .open(&row.sealed_key)
                .map_err(Error::secret)?,
        );
        let der = hex::decode(secret.as_str())
            .map_err(|_| Error::Internal("a stored webhook key is not hex".to_owned()))?;
        Ok(StoredKey {
            kid: row.kid.clone(),
            created_at: row.created_at,
            retired_at: row.retired_at,
            expired_at: row.expired_at,
            pkcs8_der: Zeroizing::new(der),
        })
    }
}
