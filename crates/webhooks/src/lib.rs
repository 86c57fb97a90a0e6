//! Polyfin's webhook subsystem, as pure library code.
//!
//! Nothing here does I/O or reads a clock: the store, the engine's delivery worker and the
//! HTTP layer call these pieces and pass `now`, randomness and DNS answers in, so every
//! rule can be tested by moving an injected clock.
//!
//! - [`payload`]: the Plaid webhook bodies, serialised to the JSON Plaid sends.
//! - [`signing`]: P-256 keys, the key ring with its rotation rule, the `Plaid-Verification`
//!   JWT and the JWKs that `/webhook_verification_key/get` serves.
//! - [`verify`]: what a receiving app does with that JWT (our tests use it; it documents
//!   the contract).
//! - [`retry`]: the exponential backoff schedule.
//! - [`targets`]: which webhook URLs we are willing to call.
//! - [`outbox`]: the stored delivery record and its state machine.

pub mod outbox;
pub mod payload;
pub mod retry;
pub mod signing;
pub mod targets;
pub mod verify;

/// Plaid's header name for the signed JWT.
pub const PLAID_VERIFICATION_HEADER: &str = "Plaid-Verification";

/// The Link Money seed's header name for the same JWT. We send both, with the same value,
/// so receivers written against either document work unchanged.
pub const WEBHOOK_VERIFICATION_HEADER: &str = "Webhook-Verification";

/// The event's idempotency key (the Standard Webhooks name): the outbox row's random
/// UUID, the same on every attempt from any instance, so receivers can drop repeats of
/// an at-least-once delivery. A header only: the body stays exactly Plaid's.
pub const WEBHOOK_ID_HEADER: &str = "Webhook-Id";

pub use outbox::{after_attempt, DeliveryOutcome, DeliveryState, OutboxRecord};
pub use payload::{Environment, WebhookError, WebhookEvent, WebhookPayload};
pub use retry::{JitterSource, RetryPolicy};
pub use signing::{Jwk, KeyError, KeyRing, RotationPolicy, SigningKey, StoredKey};
pub use targets::{TargetError, TargetPolicy, WebhookTarget};
pub use verify::{verify, KeySource, VerifiedWebhook, VerifyError};
