//! Storage of hosted banks: each bank's ledger snapshot, its customers' online-banking
//! logins and the bearer tokens issued to them. The store knows nothing of the ledger
//! model: the state is opaque JSON text, versioned for compare-and-swap writes.

use crate::StoreResult;
use async_trait::async_trait;
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankRecord {
    pub id: String,
    pub name: String,
    pub routing_number: String,
    /// The serialized ledger state (exact decimal strings).
    pub state: String,
    /// Increments with every write of `state`.
    pub version: i64,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankLoginRecord {
    pub bank_id: String,
    pub username: String,
    pub customer_id: String,
    /// A self-describing password hash (`pbkdf2-sha256$iterations$salt$hash`).
    pub password_hash: String,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankTokenRecord {
    /// Hex SHA-256 of the bearer token; the token itself is never stored.
    pub token_hash: String,
    pub bank_id: String,
    pub customer_id: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub revoked_at: Option<OffsetDateTime>,
}

#[async_trait]
pub trait BankRepo {
    /// Fails with `StoreError::Conflict` when the id or routing number is taken.
    async fn insert_bank(&self, bank: &BankRecord) -> StoreResult<()>;
    async fn find_bank(&self, id: &str) -> StoreResult<Option<BankRecord>>;
    /// The stored version of a bank's state: lets a cached copy check it is current.
    async fn bank_version(&self, id: &str) -> StoreResult<Option<i64>>;
    /// All banks, oldest first.
    async fn list_banks(&self) -> StoreResult<Vec<BankRecord>>;
    /// Writes `state` as version `expected + 1` if the stored version is still
    /// `expected`, together with `login` when given, in one transaction. `false`: the
    /// version moved on and nothing was written.
    async fn save_bank_state(
        &self,
        id: &str,
        expected: i64,
        state: &str,
        at: OffsetDateTime,
        login: Option<&BankLoginRecord>,
    ) -> StoreResult<bool>;
    async fn find_bank_login(
        &self,
        bank_id: &str,
        username: &str,
    ) -> StoreResult<Option<BankLoginRecord>>;
    async fn insert_bank_token(&self, token: &BankTokenRecord) -> StoreResult<()>;
    async fn find_bank_token(&self, token_hash: &str) -> StoreResult<Option<BankTokenRecord>>;
    /// Returns false when there was no such live token.
    async fn revoke_bank_token(&self, token_hash: &str, at: OffsetDateTime) -> StoreResult<bool>;
}
