//! Records and repository of webhook delivery: the outbox and the signing keys.
//!
//! The outbox rows are written in the same database transaction as the change they
//! announce (`finish_job_with_webhooks`, `insert_plaid_item_with_webhooks`,
//! `update_plaid_item_with_webhooks`), so a webhook exists if and only if the change
//! committed.

use crate::{
    IngestBatch, IngestOutcome, JobRecord, MemberRecord, PlaidConfigRecord, PlaidItemRecord,
    StoreResult,
};
use async_trait::async_trait;
use polyfin_domain::ids::{ClientId, MemberGuid};
use time::OffsetDateTime;

/// One stored webhook (see `polyfin_webhooks::OutboxRecord`, its state machine).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: String,
    pub client_id: ClientId,
    pub member_guid: String,
    pub target_url: String,
    pub webhook_type: String,
    pub webhook_code: String,
    /// The exact JSON body.
    pub payload: String,
    pub attempts: u32,
    pub next_attempt_at: Option<OffsetDateTime>,
    pub delivered_at: Option<OffsetDateTime>,
    pub last_error: Option<String>,
    /// `pending`, `delivered` or `dead`.
    pub state: String,
    pub created_at: OffsetDateTime,
}

/// One signing key; `sealed_key` is the PKCS#8 document sealed by the engine's cipher.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookKeyRow {
    pub kid: String,
    pub created_at: i64,
    pub retired_at: Option<i64>,
    pub expired_at: Option<i64>,
    pub sealed_key: Vec<u8>,
}

impl std::fmt::Debug for WebhookKeyRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookKeyRow")
            .field("kid", &self.kid)
            .field("created_at", &self.created_at)
            .field("retired_at", &self.retired_at)
            .field("expired_at", &self.expired_at)
            .finish_non_exhaustive()
    }
}

/// Decides, inside the job's transaction, which webhooks its ingest outcome announces.
pub type OutboxPlanner<'a> = &'a (dyn Fn(&IngestOutcome) -> Vec<OutboxRow> + Send + Sync);

#[async_trait]
pub trait WebhookRepo {
    /// Webhooks not tied to another write (e.g. `/sandbox/item/fire_webhook`).
    async fn insert_outbox(&self, rows: &[OutboxRow]) -> StoreResult<()>;
    /// Pending rows due at `now`, oldest first.
    async fn due_outbox(&self, now: OffsetDateTime, limit: u32) -> StoreResult<Vec<OutboxRow>>;
    /// Writes the delivery fields of a row after an attempt.
    async fn update_outbox(&self, row: &OutboxRow) -> StoreResult<()>;
    /// The latest row of a member (for `/item/get` `status.last_webhook`).
    async fn last_outbox(&self, member_guid: &str) -> StoreResult<Option<OutboxRow>>;
    /// Deletes delivered and dead rows created before `before`; returns how many.
    async fn purge_outbox(&self, before: OffsetDateTime) -> StoreResult<u64>;
    async fn load_webhook_keys(&self) -> StoreResult<Vec<WebhookKeyRow>>;
    /// Replaces the whole key ring in one transaction, if the stored ring's current key
    /// (the one without `retired_at`) is still `current` (`None`: no ring stored yet).
    /// Instances that change the ring at once (first use, a rotation) cannot overwrite
    /// each other: the losers are told (`false`) and read the winner's ring.
    async fn replace_webhook_keys(
        &self,
        current: Option<&str>,
        keys: &[WebhookKeyRow],
    ) -> StoreResult<bool>;
    /// As `finish_job`, plus the rows `plan` returns for the ingest outcome, all in one
    /// database transaction.
    async fn finish_job_with_webhooks(
        &self,
        job: &JobRecord,
        member: &MemberRecord,
        data: &IngestBatch,
        recurring: Option<crate::RecurringDetect<'_>>,
        plan: OutboxPlanner<'_>,
    ) -> StoreResult<IngestOutcome>;
    /// Inserts the item (unless it exists) and, only when it was inserted, the rows.
    /// Returns whether the item was new.
    async fn insert_plaid_item_with_webhooks(
        &self,
        item: &PlaidItemRecord,
        rows: &[OutboxRow],
    ) -> StoreResult<bool>;
    /// Deletes the member (as `delete_member`) and, only when it was deleted, writes
    /// the rows; false when there was no such member.
    async fn delete_member_with_webhooks(
        &self,
        client: &ClientId,
        guid: &MemberGuid,
        rows: &[OutboxRow],
    ) -> StoreResult<bool>;
    /// Writes the item's webhook and removal time, and the rows, together.
    async fn update_plaid_item_with_webhooks(
        &self,
        item: &PlaidItemRecord,
        rows: &[OutboxRow],
    ) -> StoreResult<()>;
    /// Writes (inserts or replaces) a client's Plaid configuration, and the rows it
    /// announces, together.
    async fn put_plaid_configuration_with_webhooks(
        &self,
        config: &PlaidConfigRecord,
        rows: &[OutboxRow],
    ) -> StoreResult<()>;
}
