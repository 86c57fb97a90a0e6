//! Member credentials and MFA answers are sealed with AES-256-GCM before they reach
//! the store, and opened only inside a worker.

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use serde::de::DeserializeOwned;
use serde::Serialize;

const NONCE_LEN: usize = 12;

#[derive(Clone)]
pub struct Cipher {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for Cipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cipher([redacted])")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("sealed data could not be opened (wrong key or corrupt)")]
    Open,
    #[error("sealed data could not be encoded")]
    Encode,
}

impl Cipher {
    pub fn new(key: &[u8; 32]) -> Self {
        Self {
            cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key)),
        }
    }

    /// Nonce followed by ciphertext.
    pub fn seal<T: Serialize>(&self, value: &T) -> Result<Vec<u8>, SecretError> {
        let plain = serde_json::to_vec(value).map_err(|_| SecretError::Encode)?;
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(&nonce, plain.as_slice())
            .map_err(|_| SecretError::Encode)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    pub fn open<T: DeserializeOwned>(&self, sealed: &[u8]) -> Result<T, SecretError> {
        if sealed.len() < NONCE_LEN {
            return Err(SecretError::Open);
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), body)
            .map_err(|_| SecretError::Open)?;
        serde_json::from_slice(&plain).map_err(|_| SecretError::Open)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn seal_and_open() {
        let cipher = Cipher::new(&[7u8; 32]);
        let mut values = BTreeMap::new();
        values.insert("PASSWORD".to_owned(), "hunter2".to_owned());
        let sealed = cipher.seal(&values).expect("seal");
        assert!(!sealed.windows(7).any(|w| w == b"hunter2"));
        let opened: BTreeMap<String, String> = cipher.open(&sealed).expect("open");
        assert_eq!(opened, values);
        let other = Cipher::new(&[8u8; 32]);
        assert!(other.open::<BTreeMap<String, String>>(&sealed).is_err());
    }
}
