//! Webhook delivery as a service: which URLs a tenant may register (the allow-list),
//! which events a change announces (`events`), the persisted signing keys (`keys`) and
//! the delivery worker with retries and backoff on the engine's clock (`deliver`).
//!
//! Events are rows of the outbox, written in the same database transaction as the
//! change they announce; delivery reads them back, so a restart loses nothing.

pub(crate) mod auth;
mod deliver;
pub(crate) mod events;
mod keys;

pub use deliver::run_webhook_worker;
pub use polyfin_webhooks::payload::{
    AssetsEvent, AuthEvent, HoldingsEvent, InvestmentsTransactionsEvent, ItemEvent,
    LiabilitiesEvent, TransactionsEvent,
};
pub use polyfin_webhooks::{
    Environment, Jwk, RetryPolicy, TargetPolicy, WebhookError, WebhookEvent, WebhookPayload,
};

use crate::{Engine, Error, Result};
use polyfin_domain::ids::ClientId;
use polyfin_store::OutboxRow;
use polyfin_webhooks::OutboxRecord;
use std::sync::Arc;
use time::OffsetDateTime;
use tokio::sync::{Mutex, Notify};

/// The environment every Polyfin item lives in (tokens are `access-sandbox-…`).
pub const ENVIRONMENT: Environment = Environment::Sandbox;

/// Process-wide webhook state, shared by the engine's clones.
#[derive(Debug, Clone, Default)]
pub(crate) struct WebhookState {
    /// The key ring as last read from the store (read again after a while, so every
    /// instance sees another's rotation).
    pub(crate) ring: Arc<Mutex<Option<keys::CachedRing>>>,
    /// One delivery pass at a time in this process, so the worker and a sweep never
    /// attempt the same row twice.
    pub(crate) delivering: Arc<Mutex<()>>,
    /// Wakes the worker when rows are queued.
    pub(crate) wake: Arc<Notify>,
}

/// A webhook target for one event: who it belongs to and where it goes.
#[derive(Debug, Clone)]
pub struct Destination {
    pub client_id: ClientId,
    pub member_guid: String,
    pub url: String,
    /// The client's choice of webhooks; others are not queued.
    pub subscriptions: crate::plaid_items::config::Subscriptions,
}

/// Builds the outbox row of one event, due at once.
pub fn outbox_row(to: &Destination, event: WebhookEvent, now: OffsetDateTime) -> Option<OutboxRow> {
    let payload = WebhookPayload::new(event, ENVIRONMENT);
    let record = OutboxRecord::new(
        uuid::Uuid::new_v4(),
        to.client_id.as_str(),
        &to.member_guid,
        &to.url,
        &payload,
        now,
    )
    .ok()?;
    if !to
        .subscriptions
        .allows(&record.webhook_type, &record.webhook_code)
    {
        return None;
    }
    Some(to_row(&record, &to.client_id))
}

pub(crate) fn to_row(record: &OutboxRecord, client_id: &ClientId) -> OutboxRow {
    OutboxRow {
        id: record.id.to_string(),
        client_id: client_id.clone(),
        member_guid: record.member_guid.clone(),
        target_url: record.target_url.clone(),
        webhook_type: record.webhook_type.clone(),
        webhook_code: record.webhook_code.clone(),
        payload: record.payload.clone(),
        attempts: record.attempts,
        next_attempt_at: record.next_attempt_at,
        delivered_at: record.delivered_at,
        last_error: record.last_error.clone(),
        state: record.state.as_str().to_owned(),
        created_at: record.created_at,
    }
}

pub struct Webhooks<'a> {
    engine: &'a Engine,
}

impl<'a> Webhooks<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// Checks a webhook URL a tenant wants to register against the allow-list; the
    /// error names the field.
    pub fn check_target(&self, field: &str, url: &str) -> Result<String> {
        self.engine
            .config
            .webhook_targets
            .check_url(url)
            .map(|target| target.as_str().to_owned())
            .map_err(|e| {
                Error::invalid(field, format!("{field} is not an allowed webhook URL: {e}"))
            })
    }

    /// Queues events that are not part of another write, and wakes the worker.
    pub async fn enqueue(&self, rows: &[OutboxRow]) -> Result<()> {
        self.engine.store.insert_outbox(rows).await?;
        self.wake();
        Ok(())
    }

    pub(crate) fn wake(&self) {
        self.engine.webhook_state.wake.notify_one();
    }

    /// The latest outbox row of a member, as stored.
    pub async fn last_row(&self, member_guid: &str) -> Result<Option<OutboxRow>> {
        Ok(self.engine.store.last_outbox(member_guid).await?)
    }

    /// The latest webhook queued for a member: (when, code).
    pub async fn last_sent(&self, member_guid: &str) -> Result<Option<(OffsetDateTime, String)>> {
        let row = self.engine.store.last_outbox(member_guid).await?;
        Ok(row.map(|r| (r.created_at, r.webhook_code)))
    }
}
