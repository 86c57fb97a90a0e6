//! The key ring: one current signing key plus the recently replaced ones, with the
//! rotation rule of spec §3.3 ("start signing with the new key, keep the old key served
//! with `expired_at: null` until the retry window passes, then set `expired_at`").

use std::fmt;

use rand::{CryptoRng, RngCore};
use time::{Duration, OffsetDateTime};
use zeroize::Zeroizing;

use super::{Jwk, KeyError, SigningKey};

/// When keys are replaced and how long replaced keys stay usable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RotationPolicy {
    /// How long a key signs before [`KeyRing::maintain`] replaces it.
    pub rotate_every: Duration,
    /// How long a replaced key is still served with `expired_at: null`. Every attempt is
    /// signed afresh with the current key, so this only has to outlast receivers' key
    /// caches and in-flight requests; it is kept above the 24 h retry window as the spec
    /// asks, with a day of margin.
    pub verify_for: Duration,
    /// How long an expired key is still served (with `expired_at` set) before it is
    /// dropped, so a receiver asking about it learns "expired" rather than "unknown kid".
    pub forget_after: Duration,
}

impl Default for RotationPolicy {
    fn default() -> Self {
        Self {
            rotate_every: Duration::days(30),
            verify_for: Duration::days(2),
            forget_after: Duration::days(30),
        }
    }
}

/// What one call to [`KeyRing::maintain`] changed, so the engine knows what to persist
/// and log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Maintenance {
    /// The kid of the new current key, when a rotation happened.
    pub rotated_to: Option<String>,
    /// Keys whose `expired_at` was set.
    pub expired: Vec<String>,
    /// Keys dropped from the ring.
    pub forgotten: Vec<String>,
}

/// One key in its persistable form. The engine seals `pkcs8_der` before it touches disk.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredKey {
    pub kid: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds when the key stopped signing; `None` for the current key.
    pub retired_at: Option<i64>,
    /// Unix seconds when the key stopped verifying; `None` while it is still valid.
    pub expired_at: Option<i64>,
    pub pkcs8_der: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for StoredKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredKey")
            .field("kid", &self.kid)
            .field("created_at", &self.created_at)
            .field("retired_at", &self.retired_at)
            .field("expired_at", &self.expired_at)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
struct Retired {
    key: SigningKey,
    retired_at: OffsetDateTime,
    expired_at: Option<OffsetDateTime>,
}

/// The current signing key and the replaced keys still worth serving.
#[derive(Debug, Clone)]
pub struct KeyRing {
    policy: RotationPolicy,
    current: SigningKey,
    retired: Vec<Retired>,
}

impl KeyRing {
    /// A ring with one freshly generated key.
    pub fn new<R: RngCore + CryptoRng>(
        policy: RotationPolicy,
        rng: &mut R,
        now: OffsetDateTime,
    ) -> Self {
        Self {
            policy,
            current: SigningKey::generate(rng, now),
            retired: Vec::new(),
        }
    }

    pub fn policy(&self) -> RotationPolicy {
        self.policy
    }

    pub fn current(&self) -> &SigningKey {
        &self.current
    }

    /// Sign `body` with the current key; see [`SigningKey::sign`].
    pub fn sign(&self, body: &[u8], now: OffsetDateTime) -> String {
        self.current.sign(body, now)
    }

    /// Start signing with a new key now; the old one stays verifiable for
    /// `policy.verify_for`. Returns the new key.
    pub fn rotate<R: RngCore + CryptoRng>(
        &mut self,
        rng: &mut R,
        now: OffsetDateTime,
    ) -> &SigningKey {
        let old = std::mem::replace(&mut self.current, SigningKey::generate(rng, now));
        self.retired.push(Retired {
            key: old,
            retired_at: now,
            expired_at: None,
        });
        &self.current
    }

    /// Expire a replaced key at once, e.g. when it may have leaked. To retire a leaked
    /// *current* key, [`rotate`](Self::rotate) first and then expire the old kid.
    pub fn expire(&mut self, kid: &str, now: OffsetDateTime) -> Result<(), KeyError> {
        if self.current.kid() == kid {
            return Err(KeyError::CurrentKey(kid.to_owned()));
        }
        let entry = self
            .retired
            .iter_mut()
            .find(|r| r.key.kid() == kid)
            .ok_or_else(|| KeyError::UnknownKid(kid.to_owned()))?;
        entry.expired_at = Some(entry.expired_at.map_or(now, |at| at.min(now)));
        Ok(())
    }

    /// Apply the rotation policy as of `now`: rotate a key that has signed for
    /// `rotate_every`, expire replaced keys after `verify_for`, forget expired keys after
    /// `forget_after`. The engine calls this periodically and persists the ring when the
    /// result is not empty.
    pub fn maintain<R: RngCore + CryptoRng>(
        &mut self,
        rng: &mut R,
        now: OffsetDateTime,
    ) -> Maintenance {
        let mut report = Maintenance::default();
        if self.current.created_at() + self.policy.rotate_every <= now {
            report.rotated_to = Some(self.rotate(rng, now).kid().to_owned());
        }
        for entry in &mut self.retired {
            // The rule's deadline, not `now`: a late maintenance run must not extend
            // the key's published lifetime.
            let deadline = entry.retired_at + self.policy.verify_for;
            if entry.expired_at.is_none() && deadline <= now {
                entry.expired_at = Some(deadline);
                report.expired.push(entry.key.kid().to_owned());
            }
        }
        let forget_after = self.policy.forget_after;
        self.retired.retain(|entry| {
            let keep = entry.expired_at.is_none_or(|at| at + forget_after > now);
            if !keep {
                report.forgotten.push(entry.key.kid().to_owned());
            }
            keep
        });
        report
    }

    /// The JWK for `kid`, as `/webhook_verification_key/get` returns it; `None` for an
    /// unknown (or forgotten) kid, which the API maps to INVALID_WEBHOOK_VERIFICATION_KEY_ID.
    pub fn jwk(&self, kid: &str) -> Option<Jwk> {
        if self.current.kid() == kid {
            return Some(self.current.jwk(None));
        }
        self.retired
            .iter()
            .find(|r| r.key.kid() == kid)
            .map(|r| r.key.jwk(r.expired_at))
    }

    /// Every served JWK, current key first.
    pub fn jwks(&self) -> Vec<Jwk> {
        std::iter::once(self.current.jwk(None))
            .chain(self.retired.iter().map(|r| r.key.jwk(r.expired_at)))
            .collect()
    }

    /// The ring in persistable form, current key first.
    pub fn to_stored(&self) -> Result<Vec<StoredKey>, KeyError> {
        let mut out = vec![stored(&self.current, None, None)?];
        for entry in &self.retired {
            out.push(stored(
                &entry.key,
                Some(entry.retired_at),
                entry.expired_at,
            )?);
        }
        Ok(out)
    }

    /// Rebuild a ring persisted with [`to_stored`](Self::to_stored). Exactly one key must
    /// have no `retired_at`, and kids must be unique.
    pub fn from_stored(policy: RotationPolicy, keys: &[StoredKey]) -> Result<Self, KeyError> {
        let current_count = keys.iter().filter(|k| k.retired_at.is_none()).count();
        if current_count != 1 {
            return Err(KeyError::CurrentKeyCount(current_count));
        }
        let mut current = None;
        let mut retired = Vec::new();
        for (index, stored) in keys.iter().enumerate() {
            if keys[..index].iter().any(|k| k.kid == stored.kid) {
                return Err(KeyError::DuplicateKid(stored.kid.clone()));
            }
            let key = SigningKey::from_pkcs8_der(
                &stored.kid,
                timestamp(stored.created_at)?,
                &stored.pkcs8_der,
            )?;
            match stored.retired_at {
                None => current = Some(key),
                Some(at) => retired.push(Retired {
                    key,
                    retired_at: timestamp(at)?,
                    expired_at: stored.expired_at.map(timestamp).transpose()?,
                }),
            }
        }
        let current = current.ok_or(KeyError::CurrentKeyCount(0))?;
        Ok(Self {
            policy,
            current,
            retired,
        })
    }
}

fn stored(
    key: &SigningKey,
    retired_at: Option<OffsetDateTime>,
    expired_at: Option<OffsetDateTime>,
) -> Result<StoredKey, KeyError> {
    Ok(StoredKey {
        kid: key.kid().to_owned(),
        created_at: key.created_at().unix_timestamp(),
        retired_at: retired_at.map(OffsetDateTime::unix_timestamp),
        expired_at: expired_at.map(OffsetDateTime::unix_timestamp),
        pkcs8_der: key.to_pkcs8_der()?,
    })
}

fn timestamp(unix: i64) -> Result<OffsetDateTime, KeyError> {
    OffsetDateTime::from_unix_timestamp(unix).map_err(|_| KeyError::InvalidTimestamp)
}
