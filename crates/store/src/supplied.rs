//! Repositories for data that is written by users and partners rather than by
//! aggregation: manual and partner-managed accounts and transactions, micro-deposits
//! and widget sessions.

use crate::{MemberRecord, StoreResult};
use async_trait::async_trait;
use polyfin_domain::account::Account;
use polyfin_domain::ids::{AccountGuid, ClientId, MicroDepositGuid, TransactionGuid, UserGuid};
use polyfin_domain::micro_deposit::MicroDeposit;
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::support::SupportTicket;
use polyfin_domain::transaction::Transaction;
use time::OffsetDateTime;

#[async_trait]
pub trait SuppliedRepo {
    /// The user's manual member, if it has one yet.
    async fn find_manual_member(
        &self,
        client: &ClientId,
        user: &UserGuid,
    ) -> StoreResult<Option<MemberRecord>>;
    /// Inserts a new account; `StoreError::Conflict` when its member already has an
    /// account with the same external id (a partner-managed account's `id`).
    async fn insert_account(&self, account: &Account) -> StoreResult<()>;
    /// Writes every column of the account (conflicts as for `insert_account`).
    async fn save_account(&self, account: &Account) -> StoreResult<()>;
    /// Deletes the account with its transactions; false when there was none.
    async fn delete_account(&self, client: &ClientId, guid: &AccountGuid) -> StoreResult<bool>;
    /// Inserts a new transaction; `StoreError::Conflict` on a duplicate external id
    /// within the account.
    async fn insert_transaction(&self, transaction: &Transaction) -> StoreResult<()>;
    /// Writes every column of the transaction (conflicts as for `insert_transaction`).
    async fn save_transaction(&self, transaction: &Transaction) -> StoreResult<()>;
    /// Deletes the transaction and records its removal at `at` (for sync clients).
    async fn delete_transaction(
        &self,
        client: &ClientId,
        guid: &TransactionGuid,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
}

#[async_trait]
pub trait MicroDepositRepo {
    async fn insert_micro_deposit(&self, micro_deposit: &MicroDeposit) -> StoreResult<()>;
    /// One of the client's micro-deposits whose user is live; `user` narrows it to that
    /// user (the verify route has no user in its path).
    async fn find_micro_deposit(
        &self,
        client: &ClientId,
        user: Option<&UserGuid>,
        guid: &MicroDepositGuid,
    ) -> StoreResult<Option<MicroDeposit>>;
    async fn list_micro_deposits(
        &self,
        client: &ClientId,
        user: &UserGuid,
        page: PageRequest,
    ) -> StoreResult<Page<MicroDeposit>>;
    /// Writes the details and status fields; `false` when the row changed since it was read
    /// (`expected_updated_at`), so two verifications cannot both count.
    async fn save_micro_deposit(
        &self,
        micro_deposit: &MicroDeposit,
        expected_updated_at: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// As `save_micro_deposit`, and, only when it saved, the webhook rows the change
    /// announces, in the same database transaction.
    async fn save_micro_deposit_with_webhooks(
        &self,
        micro_deposit: &MicroDeposit,
        expected_updated_at: OffsetDateTime,
        rows: &[crate::OutboxRow],
    ) -> StoreResult<bool>;
    async fn delete_micro_deposit(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &MicroDepositGuid,
    ) -> StoreResult<bool>;
    /// INITIATED micro-deposits whose deposits are due to have landed by `now`.
    async fn micro_deposits_due(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<MicroDeposit>>;
    /// DEPOSITED or DENIED micro-deposits whose deposits landed by `landed_by`.
    async fn micro_deposits_expiring(
        &self,
        landed_by: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<MicroDeposit>>;
}

#[async_trait]
pub trait SupportTicketRepo {
    async fn insert_support_ticket(&self, ticket: &SupportTicket) -> StoreResult<()>;
    /// The user's tickets, oldest first.
    async fn list_support_tickets(
        &self,
        client: &ClientId,
        user: &UserGuid,
        page: PageRequest,
    ) -> StoreResult<Page<SupportTicket>>;
}

/// A widget URL's options, kept under the hash of its one-time token.
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetSessionRecord {
    pub token_hash: String,
    pub client_id: ClientId,
    pub user_guid: UserGuid,
    pub widget_type: String,
    /// JSON of the widget options.
    pub options: String,
    pub language: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub used_at: Option<OffsetDateTime>,
}

#[async_trait]
pub trait WidgetRepo {
    async fn insert_widget_session(&self, session: &WidgetSessionRecord) -> StoreResult<()>;
    /// Marks the session used and returns it, once: only if it is unused, unexpired
    /// at `now` and its user is live.
    async fn take_widget_session(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<WidgetSessionRecord>>;
    /// Removes sessions that expired before `before`; returns how many.
    async fn purge_widget_sessions(&self, before: OffsetDateTime) -> StoreResult<u64>;
}
