//! Periodic work, all timed by the engine's clock: unanswered MFA expires, jobs of dead
//! workers go back to the queue (and fail when they keep getting stuck), abandoned OAuth members go, eligible members refresh every day, micro-deposits
//! land (and expire when left unverified), expired widget sessions go, and deleted users are purged after their retention.

use crate::jobs::JobOptions;
use crate::{Engine, Result};
use polyfin_domain::member::{ConnectionStatus, JobKind, JobState};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub expired: usize,
    pub failed: usize,
    /// Jobs whose worker died, handed to another worker.
    pub requeued: usize,
    pub pending_removed: usize,
    pub refreshed: usize,
    pub purged: u64,
    /// Micro-deposits whose deposits landed (INITIATED → DEPOSITED).
    pub deposits_landed: usize,
    /// Micro-deposits left unverified past their window (DEPOSITED/DENIED → ERRORED).
    pub deposits_expired: usize,
    pub widget_sessions_purged: u64,
    /// Hosted-bank transfer occurrences executed (completed or failed).
    pub transfers_executed: usize,
    /// Webhooks delivered by this sweep (retries that fell due as the clock moved).
    pub webhooks_delivered: usize,
}

/// Background refreshes waiting at most, so a backlog never builds up: user-started
/// jobs are served first, and the next sweep tops the queue up again.
const REFRESH_QUEUE: u64 = 8;

/// A job whose lease expired goes back to the queue until workers have claimed it this
/// many times (MFA answer steps count); after that, it is the job that kills its
/// workers rather than an unlucky instance. Counted in claims, not in time since the
/// job was queued: on a long queue (many members at once) a job may wait many leases
/// before its first claim, and must still survive the death of the worker that takes it.
const RETRY_CLAIMS: i64 = 3;

fn may_retry(job: &polyfin_store::JobRecord) -> bool {
    job.job.state == JobState::Running && job.claims < RETRY_CLAIMS
}

pub async fn run_sweeps(engine: &Engine) -> Result<SweepReport> {
    let mut report = SweepReport::default();
    let now = engine.clock.now();
    for job in engine.store.overdue_jobs(now).await? {
        if job.job.state == JobState::Challenged {
            engine.end_job(job, ConnectionStatus::Expired).await?;
            report.expired += 1;
        } else if let Some(lease) = job.job.deadline.filter(|_| may_retry(&job)) {
            // Its worker (or the whole instance) died: another worker takes it over.
            if engine.store.requeue_job(&job.job.guid, lease, now).await? {
                engine.work.notify_one();
                report.requeued += 1;
            }
        } else {
            engine.end_job(job, ConnectionStatus::Failed).await?;
            report.failed += 1;
        }
    }
    let cutoff = now - engine.config.pending_oauth_ttl;
    for member in engine.store.stale_pending_members(cutoff).await? {
        if engine
            .store
            .delete_member(&member.client_id, &member.guid)
            .await?
        {
            report.pending_removed += 1;
        }
    }
    report.refreshed = refresh_members(engine, now).await?;
    report.deposits_landed = engine.micro_deposits().land_due().await?;
    report.deposits_expired = engine.micro_deposits().expire_due().await?;
    report.widget_sessions_purged = engine.widgets().purge_expired().await?;
    report.transfers_executed = execute_bank_transfers(engine).await;
    report.purged = engine.purge_deleted().await?;
    report.webhooks_delivered = deliver_webhooks(engine).await;
    Ok(report)
}

/// Finished webhooks are kept this long (for `/item/get` `last_webhook` and support).
const OUTBOX_RETENTION: time::Duration = time::Duration::days(30);

/// Rotates signing keys when due and delivers the webhooks due now. A failure is
/// logged and retried at the next sweep; the other sweeps go on.
async fn deliver_webhooks(engine: &Engine) -> usize {
    let webhooks = engine.webhooks();
    if let Err(error) = webhooks.maintain_keys().await {
        tracing::warn!(error = ?error, "webhook key maintenance failed");
    }
    let cutoff = engine.clock.now() - OUTBOX_RETENTION;
    if let Err(error) = engine.store.purge_outbox(cutoff).await {
        tracing::warn!(error = ?error, "webhook outbox purge failed");
    }
    match webhooks.deliver_due().await {
        Ok(n) => n,
        Err(error) => {
            tracing::warn!(error = ?error, "webhook delivery failed");
            0
        }
    }
}

/// Runs the hosted banks' due transfers by the engine's clock. A bank that cannot be
/// swept now is retried at the next sweep; the other sweeps go on.
async fn execute_bank_transfers(engine: &Engine) -> usize {
    match engine.bank().execute_due().await {
        Ok(executed) => executed,
        Err(error) => {
            tracing::warn!(error = ?error, "bank transfer sweep failed");
            0
        }
    }
}

async fn refresh_members(engine: &Engine, now: time::OffsetDateTime) -> Result<usize> {
    let queued = engine.store.queued_background_jobs().await?;
    let room = u32::try_from(REFRESH_QUEUE.saturating_sub(queued)).unwrap_or(0);
    if room == 0 {
        return Ok(0);
    }
    let due = engine
        .store
        .members_due_for_refresh(now - engine.config.background_interval, room)
        .await?;
    let mut started = 0;
    for record in due {
        let member = &record.member;
        let Some(user) = engine
            .store
            .find_user(&member.client_id, &member.user_guid)
            .await?
        else {
            continue;
        };
        let options = JobOptions {
            include_transactions: Some(true),
            is_background: true,
        };
        match engine
            .jobs()
            .start(&user, record, JobKind::Aggregation, options)
            .await
        {
            Ok(crate::jobs::Started::Job(_)) => started += 1,
            Ok(_) => {}
            Err(error) => tracing::debug!(error = ?error, "background aggregation not started"),
        }
    }
    Ok(started)
}

impl Engine {
    pub async fn run_sweeps(&self) -> Result<SweepReport> {
        run_sweeps(self).await
    }

    /// Runs the sweeps when this instance leads them; `None` when another instance on
    /// the same database does, so periodic work is never done twice at once.
    pub async fn run_sweeps_if_leader(&self) -> Result<Option<SweepReport>> {
        if !self.store.lead_sweeps().await? {
            return Ok(None);
        }
        run_sweeps(self).await.map(Some)
    }
}
