//! The outbox record and its state machine.
//!
//! The engine inserts an [`OutboxRecord`] in the same database transaction as the change
//! the webhook announces, so a webhook is sent if and only if the change committed. A
//! background worker picks due records, delivers them, and stores the record
//! [`after_attempt`] returns. The body is serialised once, here, and sent byte for byte
//! on every retry: the signature covers those exact bytes (only the JWT is fresh).

use std::fmt;
use std::str::FromStr;

use time::OffsetDateTime;
use uuid::Uuid;

use crate::payload::WebhookPayload;
use crate::retry::{JitterSource, RetryPolicy};

/// Longest `last_error` kept. Receivers' error bodies can be large and are of little use
/// past the first lines.
pub const MAX_ERROR_LEN: usize = 500;

/// Where a record is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryState {
    /// Waiting for its first or next attempt at `next_attempt_at`.
    Pending,
    /// A receiver answered 2xx.
    Delivered,
    /// Attempts ran out, or the target was refused; nothing more will be tried.
    Dead,
}

impl DeliveryState {
    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Dead => "dead",
        }
    }
}

impl fmt::Display for DeliveryState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stored state string that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown delivery state {0:?}")]
pub struct UnknownState(pub String);

impl FromStr for DeliveryState {
    type Err = UnknownState;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "pending" => Ok(Self::Pending),
            "delivered" => Ok(Self::Delivered),
            "dead" => Ok(Self::Dead),
            other => Err(UnknownState(other.to_owned())),
        }
    }
}

/// One webhook waiting for, or done with, delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRecord {
    pub id: Uuid,
    /// The developer (client_id) the webhook belongs to.
    pub tenant: String,
    /// The internal item/member guid, for "webhooks of this item" queries.
    pub member_guid: String,
    pub target_url: String,
    pub webhook_type: String,
    pub webhook_code: String,
    /// The exact JSON body, serialised once.
    pub payload: String,
    /// Attempts made so far.
    pub attempts: u32,
    /// When the worker should try next; `None` once the record is final.
    pub next_attempt_at: Option<OffsetDateTime>,
    pub delivered_at: Option<OffsetDateTime>,
    pub last_error: Option<String>,
    pub state: DeliveryState,
    pub created_at: OffsetDateTime,
}

impl OutboxRecord {
    /// A pending record, due at once.
    pub fn new(
        id: Uuid,
        tenant: &str,
        member_guid: &str,
        target_url: &str,
        payload: &WebhookPayload,
        now: OffsetDateTime,
    ) -> Result<Self, serde_json::Error> {
        Ok(Self {
            id,
            tenant: tenant.to_owned(),
            member_guid: member_guid.to_owned(),
            target_url: target_url.to_owned(),
            webhook_type: payload.webhook_type().to_owned(),
            webhook_code: payload.webhook_code().to_owned(),
            payload: serde_json::to_string(payload)?,
            attempts: 0,
            next_attempt_at: Some(now),
            delivered_at: None,
            last_error: None,
            state: DeliveryState::Pending,
            created_at: now,
        })
    }

    /// The bytes to sign and send.
    pub fn body(&self) -> &[u8] {
        self.payload.as_bytes()
    }

    /// Whether the worker should attempt this record at `now`.
    pub fn is_due(&self, now: OffsetDateTime) -> bool {
        self.state == DeliveryState::Pending && self.next_attempt_at.is_some_and(|at| at <= now)
    }
}

/// What one delivery attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryOutcome {
    /// The receiver answered with this HTTP status (2xx counts as delivered).
    Status(u16),
    /// No answer within [`crate::retry::DELIVERY_TIMEOUT`].
    Timeout,
    /// Connection refused, TLS failure, reset…: retried like any failure.
    Transport(String),
    /// The target was refused by the allow-list (for example its name now resolves to a
    /// private address). Not retried: the record dies at once, so a tenant cannot keep
    /// the worker probing an internal address.
    Refused(String),
}

impl DeliveryOutcome {
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Status(200..=299))
    }

    fn describe(&self) -> String {
        match self {
            Self::Status(status) => format!("HTTP {status}"),
            Self::Timeout => "timed out".to_owned(),
            Self::Transport(detail) => format!("transport error: {detail}"),
            Self::Refused(detail) => format!("target refused: {detail}"),
        }
    }
}

/// The record after an attempt that ended in `outcome` at `now`: 2xx → delivered; a
/// refused target → dead; any other failure → pending at the next backoff time, or dead
/// when the policy allows no further attempt. A record that is already final comes back
/// unchanged, so a late or duplicated result cannot revive it.
pub fn after_attempt<J: JitterSource + ?Sized>(
    mut record: OutboxRecord,
    outcome: &DeliveryOutcome,
    now: OffsetDateTime,
    policy: &RetryPolicy,
    jitter: &mut J,
) -> OutboxRecord {
    if record.state != DeliveryState::Pending {
        return record;
    }
    record.attempts = record.attempts.saturating_add(1);
    if outcome.is_success() {
        record.state = DeliveryState::Delivered;
        record.delivered_at = Some(now);
        record.next_attempt_at = None;
        record.last_error = None;
        return record;
    }
    record.last_error = Some(truncate(outcome.describe(), MAX_ERROR_LEN));
    let next = match outcome {
        DeliveryOutcome::Refused(_) => None,
        _ => policy.next_attempt(record.attempts, now, jitter),
    };
    record.next_attempt_at = next;
    if next.is_none() {
        record.state = DeliveryState::Dead;
    }
    record
}

/// Cut at a character boundary, so truncation never splits a UTF-8 sequence.
fn truncate(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}
