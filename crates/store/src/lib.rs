//! Polyfin's storage. Callers see repository traits only; each backend lives in its own
//! module with its own migrations, picked by the database URL's scheme.

mod assets;
mod bank;
mod error;
mod pfm;
mod plaid;
pub mod postgres;
mod records;
pub mod sqlite;
mod supplied;
pub mod transfer;
pub mod transfer_back;
mod webhooks;

pub use assets::*;
pub use bank::*;
pub use error::StoreError;
pub use pfm::*;
pub use plaid::*;
pub use records::*;
pub use supplied::*;
pub use webhooks::*;

use async_trait::async_trait;
use polyfin_domain::account::Account;
use polyfin_domain::ids::{
    AccountGuid, ClientId, HoldingGuid, JobGuid, MemberGuid, StatementGuid, TransactionGuid,
    UserGuid,
};
use polyfin_domain::member::Member;
use polyfin_domain::origin::Origin;
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::premium::{AccountNumber, AccountOwner, Holding, Statement};
use polyfin_domain::transaction::Transaction;
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
    /// A number that moves on with every change to any client (revocation above all),
    /// committed by any process sharing the database: what a remembered key check is
    /// valid for.
    async fn client_generation(&self) -> StoreResult<i64>;
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
pub trait MemberRepo {
    /// Inserts unless the user already has `max_per_user` live members (→ `false`).
    async fn insert_member(&self, record: &MemberRecord, max_per_user: u64) -> StoreResult<bool>;
    async fn find_member(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &MemberGuid,
    ) -> StoreResult<Option<MemberRecord>>;
    /// For workers, which act on a job's member without a request's tenant.
    async fn find_member_by_guid(&self, guid: &MemberGuid) -> StoreResult<Option<MemberRecord>>;
    /// The user's members whose origin is one of `origins`.
    async fn list_members(
        &self,
        client: &ClientId,
        user: &UserGuid,
        origins: &[Origin],
        page: PageRequest,
    ) -> StoreResult<Page<Member>>;
    /// Writes every mutable field of the member (and its sealed credentials).
    async fn update_member(&self, record: &MemberRecord) -> StoreResult<()>;
    /// Deletes the member with its accounts, transactions and jobs.
    async fn delete_member(&self, client: &ClientId, guid: &MemberGuid) -> StoreResult<bool>;
    /// Members still PENDING OAuth that were created before `before`.
    async fn stale_pending_members(&self, before: OffsetDateTime) -> StoreResult<Vec<Member>>;
    /// Members whose last job started before `before` (or, never run, that were created
    /// before it: a member created without aggregation waits for its own first job) and
    /// that background aggregation may refresh (enabled user, not disabled, in a
    /// refreshable status).
    async fn members_due_for_refresh(
        &self,
        before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<MemberRecord>>;
}

#[async_trait]
pub trait JobRepo {
    /// Starts a job atomically: writes `member` only if it has no running job, and
    /// then inserts `job`. `false` means another job got there first.
    async fn begin_job(&self, member: &MemberRecord, job: &JobRecord) -> StoreResult<bool>;
    /// Hands the oldest queued job to a worker under a lease ending at `lease_until`.
    async fn claim_next_job(&self, lease_until: OffsetDateTime) -> StoreResult<Option<JobRecord>>;
    async fn find_job(&self, guid: &JobGuid) -> StoreResult<Option<JobRecord>>;
    /// Writes the job and its member together.
    async fn save_job(&self, job: &JobRecord, member: &MemberRecord) -> StoreResult<()>;
    /// Background jobs waiting for a worker (the refresh sweep keeps this short).
    async fn queued_background_jobs(&self) -> StoreResult<u64>;
    /// Open jobs whose deadline (MFA window or worker lease) is before `now`.
    async fn overdue_jobs(&self, now: OffsetDateTime) -> StoreResult<Vec<JobRecord>>;
    /// Puts a running job whose lease ended at `lease` back in the queue for another
    /// worker; `false` when it moved on meanwhile (finished, or claimed anew).
    async fn requeue_job(
        &self,
        guid: &JobGuid,
        lease: OffsetDateTime,
        now: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Ends a job: ingests what it fetched, then writes the job and member, in one
    /// database transaction. With `recurring`, the member's `is_recurring` marks are
    /// recomputed in that transaction too (as `PfmRepo::refresh_recurring` does for a
    /// member), so a process that dies after the job ended cannot leave them stale.
    async fn finish_job(
        &self,
        job: &JobRecord,
        member: &MemberRecord,
        data: &IngestBatch,
        recurring: Option<RecurringDetect<'_>>,
    ) -> StoreResult<IngestOutcome>;
    /// Ingests without a job (bulk loads such as `polyfin seed`): writes the member
    /// and the batch, upserted as `finish_job` does, in one database transaction.
    async fn ingest(&self, member: &MemberRecord, data: &IngestBatch)
        -> StoreResult<IngestOutcome>;
}

#[async_trait]
pub trait AccountRepo {
    /// `origins` keeps only accounts of those origins; empty means any.
    async fn list_accounts(
        &self,
        client: &ClientId,
        scope: &DataScope,
        origins: &[polyfin_domain::origin::Origin],
        page: PageRequest,
    ) -> StoreResult<Page<Account>>;
    async fn member_accounts(&self, member: &MemberGuid) -> StoreResult<Vec<Account>>;
    async fn find_account(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &AccountGuid,
    ) -> StoreResult<Option<Account>>;
    async fn update_account(&self, account: &Account) -> StoreResult<()>;
}

#[async_trait]
pub trait TransactionRepo {
    /// The query's transactions, newest first (day, then time, then insertion), one
    /// page of them, and how many there are in all.
    async fn list_transactions(
        &self,
        client: &ClientId,
        query: &TransactionQuery,
        page: PageRequest,
    ) -> StoreResult<Page<Transaction>> {
        self.list_transaction_range(client, query, page.offset(), page.limit())
            .await
    }
    /// As `list_transactions`, `limit` of them from any `offset`.
    async fn list_transaction_range(
        &self,
        client: &ClientId,
        query: &TransactionQuery,
        offset: u64,
        limit: u64,
    ) -> StoreResult<Page<Transaction>>;
    async fn find_transaction(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &TransactionGuid,
    ) -> StoreResult<Option<Transaction>>;
    async fn update_transaction(&self, transaction: &Transaction) -> StoreResult<()>;
    /// The member's aggregated transactions still pending, dated `from` or later.
    async fn pending_transactions(
        &self,
        member: &MemberGuid,
        from: time::Date,
    ) -> StoreResult<Vec<PendingTransaction>>;
    /// Every transaction removed from the member's data, oldest removal first.
    async fn transaction_removals(
        &self,
        client: &ClientId,
        member: &MemberGuid,
    ) -> StoreResult<Vec<TransactionRemoval>>;
}

#[async_trait]
pub trait PremiumRepo {
    async fn list_account_numbers(
        &self,
        client: &ClientId,
        scope: &DataScope,
        page: PageRequest,
    ) -> StoreResult<Page<AccountNumber>>;
    async fn list_account_owners(
        &self,
        client: &ClientId,
        scope: &DataScope,
        page: PageRequest,
    ) -> StoreResult<Page<AccountOwner>>;
    async fn list_holdings(
        &self,
        client: &ClientId,
        scope: &DataScope,
        page: PageRequest,
    ) -> StoreResult<Page<Holding>>;
    async fn find_holding(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &HoldingGuid,
    ) -> StoreResult<Option<Holding>>;
    /// Removes every position of the user; returns how many.
    async fn delete_user_holdings(&self, client: &ClientId, user: &UserGuid) -> StoreResult<u64>;
    async fn list_statements(
        &self,
        client: &ClientId,
        scope: &DataScope,
        page: PageRequest,
    ) -> StoreResult<Page<Statement>>;
    async fn find_statement(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &StatementGuid,
    ) -> StoreResult<Option<Statement>>;
    /// Posted transactions of an account whose posting day is within `[from, to]`,
    /// oldest first: the lines of a statement.
    async fn posted_between(
        &self,
        account: &AccountGuid,
        from: time::Date,
        to: time::Date,
    ) -> StoreResult<Vec<Transaction>>;
}

#[async_trait]
pub trait OAuthRepo {
    async fn insert_oauth_state(&self, state: &OAuthStateRecord) -> StoreResult<()>;
    async fn find_oauth_state_by_token(
        &self,
        token_hash: &str,
    ) -> StoreResult<Option<OAuthStateRecord>>;
    async fn update_oauth_state(&self, state: &OAuthStateRecord) -> StoreResult<()>;
    /// A user's OAuth states, newest first (the Connect widget polls them).
    async fn list_oauth_states(
        &self,
        client: &ClientId,
        user: &UserGuid,
    ) -> StoreResult<Vec<OAuthStateRecord>>;
}

#[async_trait]
pub trait Maintenance {
    /// Physically removes objects soft-deleted before `before`; returns how many users.
    async fn purge_deleted(&self, before: OffsetDateTime) -> StoreResult<u64>;
    /// Whether this instance runs the periodic sweeps now. Many instances may share one
    /// database; exactly one of them leads at a time, and the lead passes on when the
    /// leader dies. A database used by one process only always answers `true`.
    async fn lead_sweeps(&self) -> StoreResult<bool> {
        Ok(true)
    }
}

/// Everything Polyfin stores, behind one object.
pub trait Store:
    ClientRepo
    + UserRepo
    + MemberRepo
    + JobRepo
    + AccountRepo
    + TransactionRepo
    + OAuthRepo
    + PremiumRepo
    + SuppliedRepo
    + MicroDepositRepo
    + SupportTicketRepo
    + WidgetRepo
    + BankRepo
    + PlaidRepo
    + PfmRepo
    + WebhookRepo
    + AssetReportRepo
    + Maintenance
    + Send
    + Sync
    + std::fmt::Debug
{
}

impl<T> Store for T where
    T: ClientRepo
        + UserRepo
        + MemberRepo
        + JobRepo
        + AccountRepo
        + TransactionRepo
        + OAuthRepo
        + PremiumRepo
        + SuppliedRepo
        + MicroDepositRepo
        + SupportTicketRepo
        + WidgetRepo
        + BankRepo
        + PlaidRepo
        + PfmRepo
        + WebhookRepo
        + AssetReportRepo
        + Maintenance
        + Send
        + Sync
        + std::fmt::Debug
{
}

/// Opens the database named by `url` and brings its schema up to date.
pub async fn open(url: &str) -> StoreResult<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        let store = sqlite::SqliteStore::open(url).await?;
        Ok(Arc::new(store))
    } else if is_postgres_url(url) {
        let store = postgres::PgStore::open(url).await?;
        Ok(Arc::new(store))
    } else {
        Err(StoreError::UnsupportedUrl(url.to_owned()))
    }
}

/// Whether `url` names a PostgreSQL database (`postgres://` or `postgresql://`).
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}
