//! The delivery worker: due outbox rows are POSTed with a fresh `Plaid-Verification`
//! JWT over the stored body, and stored again with the outcome. Due-ness and backoff
//! follow the engine's clock, so tests move time instead of sleeping.

use super::{to_row, Webhooks};
use crate::{Engine, Result};
use polyfin_store::OutboxRow;
use polyfin_webhooks::retry::RngJitter;
use polyfin_webhooks::{
    after_attempt, DeliveryOutcome, DeliveryState, OutboxRecord, WebhookTarget,
    PLAID_VERIFICATION_HEADER, WEBHOOK_ID_HEADER, WEBHOOK_VERIFICATION_HEADER,
};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration as StdDuration;
use tokio_util::sync::CancellationToken;

/// Rows attempted per pass; the next pass takes the rest.
const BATCH: u32 = 50;
/// Polls for due rows this often even without a wake-up (retries fall due by the clock).
const IDLE_POLL: StdDuration = StdDuration::from_millis(250);

/// Runs delivery passes until `shutdown`.
pub async fn run_webhook_worker(engine: Arc<Engine>, shutdown: CancellationToken) {
    loop {
        if let Err(error) = engine.webhooks().deliver_due().await {
            tracing::warn!(error = ?error, "webhook delivery pass failed");
        }
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = engine.webhook_state.wake.notified() => {}
            _ = tokio::time::sleep(IDLE_POLL) => {}
        }
    }
}

impl Webhooks<'_> {
    /// Attempts every row due now; returns how many were delivered.
    pub async fn deliver_due(&self) -> Result<usize> {
        let _pass = self.engine.webhook_state.delivering.lock().await;
        let now = self.engine.clock.now();
        let rows = self.engine.store.due_outbox(now, BATCH).await?;
        let mut delivered = 0;
        for row in rows {
            let outcome = self.attempt(&row).await;
            let record = from_row(&row);
            let after = after_attempt(
                record,
                &outcome,
                self.engine.clock.now(),
                &self.engine.config.webhook_retry,
                &mut RngJitter(rand::thread_rng()),
            );
            if after.state == DeliveryState::Delivered {
                delivered += 1;
            } else {
                tracing::info!(id = %row.id, code = %row.webhook_code, outcome = ?outcome,
                    state = %after.state, "webhook attempt failed");
            }
            self.engine
                .store
                .update_outbox(&to_row(&after, &row.client_id))
                .await?;
        }
        Ok(delivered)
    }

    async fn attempt(&self, row: &OutboxRow) -> DeliveryOutcome {
        let policy = &self.engine.config.webhook_targets;
        // Checked again at delivery: the allow-list may have changed since the URL was set.
        let target = match policy.check_url(&row.target_url) {
            Ok(target) => target,
            Err(e) => return DeliveryOutcome::Refused(e.to_string()),
        };
        let pinned = match self.resolve(&target).await {
            Ok(pinned) => pinned,
            Err(outcome) => return outcome,
        };
        let jwt = match self.sign(row.payload.as_bytes()).await {
            Ok(jwt) => jwt,
            Err(e) => return DeliveryOutcome::Transport(format!("signing failed: {e}")),
        };
        let request = Request {
            id: &row.id,
            jwt: &jwt,
            body: row.payload.clone(),
        };
        post(&target, pinned, request).await
    }

    /// For a host name that needs it, resolves once and checks every address, so the
    /// request goes to an address that passed the allow-list (no DNS rebinding).
    async fn resolve(
        &self,
        target: &WebhookTarget,
    ) -> std::result::Result<Option<(String, SocketAddr)>, DeliveryOutcome> {
        if !target.needs_resolution() {
            return Ok(None);
        }
        let url = target.url();
        let host = url.host_str().unwrap_or_default().to_owned();
        let port = url.port_or_known_default().unwrap_or(80);
        let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
            .await
            .map_err(|e| DeliveryOutcome::Transport(format!("cannot resolve {host}: {e}")))?
            .collect();
        let ips: Vec<IpAddr> = addrs.iter().map(SocketAddr::ip).collect();
        self.engine
            .config
            .webhook_targets
            .check_resolved(target, &ips)
            .map_err(|e| DeliveryOutcome::Refused(e.to_string()))?;
        Ok(addrs.first().map(|addr| (host, *addr)))
    }
}

/// What one attempt sends: the row's stable id, a fresh JWT and the stored body.
struct Request<'a> {
    id: &'a str,
    jwt: &'a str,
    body: String,
}

async fn post(
    target: &WebhookTarget,
    pinned: Option<(String, SocketAddr)>,
    request: Request<'_>,
) -> DeliveryOutcome {
    let timeout = StdDuration::from_secs(
        u64::try_from(polyfin_webhooks::retry::DELIVERY_TIMEOUT.whole_seconds()).unwrap_or(10),
    );
    let mut builder = reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy();
    if let Some((host, addr)) = &pinned {
        builder = builder.resolve(host, *addr);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(e) => return DeliveryOutcome::Transport(e.to_string()),
    };
    let sent = client
        .post(target.url().clone())
        .header("content-type", "application/json")
        .header(WEBHOOK_ID_HEADER, request.id)
        .header(PLAID_VERIFICATION_HEADER, request.jwt)
        .header(WEBHOOK_VERIFICATION_HEADER, request.jwt)
        .body(request.body)
        .send()
        .await;
    match sent {
        Ok(response) => DeliveryOutcome::Status(response.status().as_u16()),
        Err(e) if e.is_timeout() => DeliveryOutcome::Timeout,
        Err(e) => DeliveryOutcome::Transport(e.to_string()),
    }
}

fn from_row(row: &OutboxRow) -> OutboxRecord {
    OutboxRecord {
        id: row.id.parse().unwrap_or_default(),
        tenant: row.client_id.as_str().to_owned(),
        member_guid: row.member_guid.clone(),
        target_url: row.target_url.clone(),
        webhook_type: row.webhook_type.clone(),
        webhook_code: row.webhook_code.clone(),
        payload: row.payload.clone(),
        attempts: row.attempts,
        next_attempt_at: row.next_attempt_at,
        delivered_at: row.delivered_at,
        last_error: row.last_error.clone(),
        // Only pending rows are read for delivery.
        state: row.state.parse().unwrap_or(DeliveryState::Pending),
        created_at: row.created_at,
    }
}
