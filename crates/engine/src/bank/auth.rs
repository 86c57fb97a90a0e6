//! Online-banking credentials (PBKDF2 password hashes) and bearer tokens (random,
//! stored as SHA-256, expiring, revocable).

use super::{invalid, random_hex, BankError, BankResult, Banking, IssuedToken, Session, TOKEN_TTL};
use pbkdf2::pbkdf2_hmac;
use polyfin_ledger::CustomerId;
use polyfin_store::BankTokenRecord;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// PBKDF2-HMAC-SHA256 iterations for new password hashes.
const PBKDF2_ROUNDS: u32 = 60_000;

/// A random UUID v4 string: problem and correlation ids.
pub fn correlation_id() -> String {
    let mut b = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// `pbkdf2-sha256$rounds$salt$hash`, hex encoded.
pub fn hash_password(password: &str) -> String {
    let salt = random_hex(16);
    let mut out = [0u8; 32];
    pbkdf2_hmac::<Sha256>(
        password.as_bytes(),
        salt.as_bytes(),
        PBKDF2_ROUNDS,
        &mut out,
    );
    format!("pbkdf2-sha256${PBKDF2_ROUNDS}${salt}${}", hex::encode(out))
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    let parts: Vec<&str> = stored.split('$').collect();
    let [scheme, rounds, salt, hash] = parts.as_slice() else {
        return false;
    };
    let (Ok(rounds), Ok(expected)) = (rounds.parse::<u32>(), hex::decode(hash)) else {
        return false;
    };
    if *scheme != "pbkdf2-sha256" || expected.len() != 32 {
        return false;
    }
    let mut out = [0u8; 32];
    pbkdf2_hmac::<Sha256>(password.as_bytes(), salt.as_bytes(), rounds, &mut out);
    out.ct_eq(&expected).into()
}

impl Banking<'_> {
    /// Issues a bearer token for a customer's online-banking credentials. `bank`
    /// defaults to the first bank created.
    pub async fn issue_token(
        &self,
        bank: Option<&str>,
        username: &str,
        password: &str,
    ) -> BankResult<IssuedToken> {
        let bank = match bank {
            Some(bank) => bank.to_owned(),
            None => self
                .engine
                .store
                .list_banks()
                .await?
                .first()
                .map(|b| b.id.clone())
                .ok_or(BankError::Unauthorized("no bank is hosted here"))?,
        };
        let login = self.engine.store.find_bank_login(&bank, username).await?;
        let Some(login) = login else {
            // Spend the same work as a real check, so timing does not tell which
            // usernames exist.
            let _ = verify_password(password, &hash_password("not-a-password"));
            return Err(BankError::Unauthorized(
                "unknown username or wrong password",
            ));
        };
        let Some(login) = Some(login).filter(|l| verify_password(password, &l.password_hash))
        else {
            return Err(BankError::Unauthorized(
                "unknown username or wrong password",
            ));
        };
        self.issue_for(&bank, &login.customer_id).await
    }

    /// Issues a token for a customer directly (the CLI and tests).
    pub async fn issue_for(&self, bank: &str, customer: &str) -> BankResult<IssuedToken> {
        let customer = CustomerId::new(customer).map_err(invalid)?;
        self.check_enabled(bank, &customer).await?;
        let token = format!("pfb_{}", random_hex(32));
        let now = self.engine.clock.now();
        let record = BankTokenRecord {
            token_hash: token_hash(&token),
            bank_id: bank.to_owned(),
            customer_id: customer.as_str().to_owned(),
            created_at: now,
            expires_at: now + TOKEN_TTL,
            revoked_at: None,
        };
        self.engine.store.insert_bank_token(&record).await?;
        Ok(IssuedToken {
            token,
            session: Session {
                bank: record.bank_id,
                customer,
                expires_at: record.expires_at,
            },
        })
    }

    /// The session a bearer token stands for, if it is live.
    pub async fn authenticate(&self, token: &str) -> BankResult<Session> {
        let record = self
            .engine
            .store
            .find_bank_token(&token_hash(token))
            .await?
            .ok_or(BankError::Unauthorized("unknown access token"))?;
        if record.revoked_at.is_some() {
            return Err(BankError::Unauthorized("the access token was revoked"));
        }
        if record.expires_at <= self.engine.clock.now() {
            return Err(BankError::SessionExpired);
        }
        let customer = CustomerId::new(record.customer_id).map_err(invalid)?;
        self.check_enabled(&record.bank_id, &customer).await?;
        Ok(Session {
            bank: record.bank_id,
            customer,
            expires_at: record.expires_at,
        })
    }

    /// The customer exists and may use digital banking.
    async fn check_enabled(&self, bank: &str, customer: &CustomerId) -> BankResult<()> {
        let disabled = self
            .read(bank, |ledger, _| {
                ledger.customer(customer).map(|c| c.disabled)
            })
            .await??;
        if disabled {
            return Err(BankError::CustomerDisabled);
        }
        Ok(())
    }

    /// Revokes a token; false when it was not live.
    pub async fn revoke_token(&self, token: &str) -> BankResult<bool> {
        let now = self.engine.clock.now();
        Ok(self
            .engine
            .store
            .revoke_bank_token(&token_hash(token), now)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_with_the_right_secret() {
        let stored = hash_password("correct horse");
        assert!(stored.starts_with("pbkdf2-sha256$60000$"));
        assert!(verify_password("correct horse", &stored));
        assert!(!verify_password("correct horsE", &stored));
        assert!(!verify_password("correct horse", "plain"));
        assert_ne!(stored, hash_password("correct horse"), "salted");
    }

    #[test]
    fn correlation_ids_are_uuid_v4() {
        let id = correlation_id();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(polyfin_ledger::ids::check_resource_id(&id).is_ok());
    }
}
