//! The signing key ring, persisted (private keys sealed with the server's secret key) so
//! signatures verify across restarts, and rotated by the policy on the engine's clock.

use super::Webhooks;
use crate::{Error, Result};
use polyfin_store::WebhookKeyRow;
use polyfin_webhooks::{Jwk, KeyRing, RotationPolicy, StoredKey};
use zeroize::Zeroizing;

impl Webhooks<'_> {
    /// The JWK `/webhook_verification_key/get` serves for `kid`, if the ring knows it.
    pub async fn jwk(&self, kid: &str) -> Result<Option<Jwk>> {
        self.with_ring(|ring| ring.jwk(kid)).await
    }

    /// Signs `body` with the current key at the engine's `now`.
    pub(crate) async fn sign(&self, body: &[u8]) -> Result<String> {
        let now = self.engine.clock.now();
        self.with_ring(|ring| ring.sign(body, now)).await
    }

    /// Applies the rotation policy; persists the ring when it changed. Returns the kid
    /// rotated to, if any.
    pub async fn maintain_keys(&self) -> Result<Option<String>> {
        let now = self.engine.clock.now();
        let mut guard = self.engine.webhook_state.ring.lock().await;
        let ring = self.loaded(&mut guard).await?;
        let report = ring.maintain(&mut rand::rngs::OsRng, now);
        if report.rotated_to.is_some() || !report.expired.is_empty() || !report.forgotten.is_empty()
        {
            let rows = self.sealed(ring)?;
            self.engine.store.replace_webhook_keys(&rows).await?;
            tracing::info!(?report, "webhook signing keys maintained");
        }
        Ok(report.rotated_to)
    }

    /// Starts signing with a new key now (an operator action, e.g. after a leak).
    pub async fn rotate_key(&self) -> Result<String> {
        let now = self.engine.clock.now();
        let mut guard = self.engine.webhook_state.ring.lock().await;
        let ring = self.loaded(&mut guard).await?;
        let kid = ring.rotate(&mut rand::rngs::OsRng, now).kid().to_owned();
        let rows = self.sealed(ring)?;
        self.engine.store.replace_webhook_keys(&rows).await?;
        Ok(kid)
    }

    async fn with_ring<T>(&self, f: impl FnOnce(&KeyRing) -> T) -> Result<T> {
        let mut guard = self.engine.webhook_state.ring.lock().await;
        let ring = self.loaded(&mut guard).await?;
        Ok(f(ring))
    }

    /// The cached ring, loaded from the store or created (and stored) on first use.
    async fn loaded<'g>(&self, slot: &'g mut Option<KeyRing>) -> Result<&'g mut KeyRing> {
        if slot.is_none() {
            let rows = self.engine.store.load_webhook_keys().await?;
            let ring = if rows.is_empty() {
                let ring = KeyRing::new(
                    RotationPolicy::default(),
                    &mut rand::rngs::OsRng,
                    self.engine.clock.now(),
                );
                self.engine
                    .store
                    .replace_webhook_keys(&self.sealed(&ring)?)
                    .await?;
                ring
            } else {
                let stored = rows
                    .iter()
                    .map(|row| self.opened(row))
                    .collect::<Result<Vec<_>>>()?;
                KeyRing::from_stored(RotationPolicy::default(), &stored)
                    .map_err(|e| Error::Internal(format!("webhook keys: {e}")))?
            };
            *slot = Some(ring);
        }
        slot.as_mut()
            .ok_or_else(|| Error::Internal("webhook key ring missing".to_owned()))
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
