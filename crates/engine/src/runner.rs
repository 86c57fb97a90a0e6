//! Job workers: claim a queued job under a lease, drive its connector one step (login,
//! or MFA answers), and record where it got to. Every path ends the job or parks it
//! CHALLENGED with a deadline, so nothing is left aggregating.

use crate::ingest::{build_batch, UserRules};
use crate::jobs::encode_challenges;
use crate::webhooks::events;
use crate::{Engine, Error, Result};
use polyfin_connectors::{Connector, FetchExtras, FetchRequest, LoginStep, Session};
use polyfin_domain::challenge::ChallengeAnswer;
use polyfin_domain::member::{ConnectionStatus, JobKind, JobState};
use polyfin_store::{IngestBatch, IngestOutcome, JobRecord, MemberRecord, RecurringDetect};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration as StdDuration;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

/// Twelve monthly statements and the days before the first of them.
const STATEMENT_WINDOW_DAYS: i64 = 400;

/// Polls for work this often even without a wake-up (jobs queued by another process).
const IDLE_POLL: StdDuration = StdDuration::from_millis(500);

/// Runs the engine's workers until `shutdown`.
pub async fn run_workers(engine: Arc<Engine>, shutdown: CancellationToken) {
    let workers: Vec<_> = (0..engine.config.workers.max(1))
        .map(|_| tokio::spawn(worker(engine.clone(), shutdown.clone())))
        .collect();
    for worker in workers {
        let _ = worker.await;
    }
}

async fn worker(engine: Arc<Engine>, shutdown: CancellationToken) {
    loop {
        if shutdown.is_cancelled() {
            return;
        }
        match engine.run_next_job().await {
            Ok(true) => continue,
            Ok(false) => {}
            Err(error) => tracing::warn!(error = ?error, "job worker failed"),
        }
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = engine.work.notified() => {}
            _ = tokio::time::sleep(IDLE_POLL) => {}
        }
    }
}

/// What a connector step led to, before it is written down.
enum Outcome {
    /// `marked`: the batch's transactions already carry their recurring marks.
    Connected {
        batch: IngestBatch,
        marked: bool,
    },
    Challenged {
        challenges: String,
        state: String,
    },
    Ended(ConnectionStatus),
}

impl Engine {
    /// Runs one queued job to its next resting point; `false` when none was waiting.
    pub async fn run_next_job(&self) -> Result<bool> {
        let lease_until = self.clock.now() + self.config.job_lease;
        let Some(job) = self.store.claim_next_job(lease_until).await? else {
            return Ok(false);
        };
        let span = tracing::info_span!("job", guid = %job.job.guid, kind = job.job.kind.name());
        self.run_claimed(job).instrument(span).await?;
        Ok(true)
    }

    async fn run_claimed(&self, job: JobRecord) -> Result<()> {
        let Some(member) = self.store.find_member_by_guid(&job.job.member_guid).await? else {
            // The member was deleted; its jobs went with it.
            return Ok(());
        };
        let outcome = match self.drive(&job, &member).await {
            Ok(outcome) => outcome,
            Err(error) => {
                tracing::warn!(error = ?error, "job failed");
                Outcome::Ended(ConnectionStatus::Failed)
            }
        };
        self.record_outcome(job, member, outcome).await
    }

    async fn drive(&self, job: &JobRecord, member: &MemberRecord) -> Result<Outcome> {
        let institution = self.institution(&member.member.institution_code)?;
        let connector = self
            .connector_for(institution)
            .ok_or_else(|| Error::Internal(format!("no connector {}", institution.connector)))?;
        let credentials: BTreeMap<String, String> = match &member.sealed_credentials {
            Some(sealed) => self.cipher.open(sealed).map_err(Error::secret)?,
            None => BTreeMap::new(),
        };
        let session = Session {
            institution,
            credentials: &credentials,
            oauth_authorized: member.member.is_oauth
                && credentials.contains_key(crate::oauth::TOKEN_FIELD),
            seed: &member.seed,
        };
        let step = self.login_step(connector.as_ref(), &session, job).await?;
        match step {
            LoginStep::Authenticated => {
                let (batch, marked) = self
                    .fetch(connector.as_ref(), &session, job, member)
                    .await?;
                Ok(Outcome::Connected { batch, marked })
            }
            LoginStep::Challenged { challenges, state } => Ok(Outcome::Challenged {
                challenges: encode_challenges(&challenges)?,
                state,
            }),
            LoginStep::Failed(status) => Ok(Outcome::Ended(status)),
        }
    }

    async fn login_step(
        &self,
        connector: &dyn Connector,
        session: &Session<'_>,
        job: &JobRecord,
    ) -> Result<LoginStep> {
        let timeout = lease_as_std(self.config.job_lease);
        let call = async {
            if job.step == "answer" {
                let sealed = job.sealed_answers.as_deref().unwrap_or_default();
                let pairs: Vec<(String, String)> =
                    self.cipher.open(sealed).map_err(Error::secret)?;
                let answers: Vec<ChallengeAnswer> = pairs
                    .into_iter()
                    .map(|(guid, value)| ChallengeAnswer { guid, value })
                    .collect();
                let state = job.mfa_state.as_deref().unwrap_or_default();
                connector
                    .answer(session, state, &answers)
                    .await
                    .map_err(|e| Error::Internal(e.to_string()))
            } else {
                connector
                    .login(session)
                    .await
                    .map_err(|e| Error::Internal(e.to_string()))
            }
        };
        tokio::time::timeout(timeout, call)
            .await
            .map_err(|_| Error::Internal("connector timed out".to_owned()))?
    }

    async fn fetch(
        &self,
        connector: &dyn Connector,
        session: &Session<'_>,
        job: &JobRecord,
        member: &MemberRecord,
    ) -> Result<(IngestBatch, bool)> {
        let now = self.clock.now();
        let kind = job.job.kind;
        let days = match kind {
            JobKind::History => self.config.history_window_days,
            // A statement's lines come from stored transactions: bring its periods'.
            JobKind::Statements => STATEMENT_WINDOW_DAYS,
            _ => self.config.transaction_window_days,
        };
        let wants_transactions = kind.can_bring_transactions() && job.job.include_transactions;
        let extras = FetchExtras {
            account_numbers: kind == JobKind::Verification,
            owners: kind == JobKind::Identification,
            holdings: kind == JobKind::Aggregation,
            statements: kind == JobKind::Statements,
        };
        let request = FetchRequest {
            now,
            from: now.date() - time::Duration::days(days),
            include_transactions: wants_transactions,
            extras,
        };
        let timeout = lease_as_std(self.config.job_lease);
        let data = tokio::time::timeout(timeout, connector.fetch(session, &request))
            .await
            .map_err(|_| Error::Internal("connector timed out".to_owned()))?
            .map_err(|e| Error::Internal(e.to_string()))?;
        let existing = self.store.member_accounts(&member.member.guid).await?;
        let user_rules = UserRules::of(self.store.as_ref(), &member.member).await?;
        let vanished = if wants_transactions {
            let stored = self
                .store
                .pending_transactions(&member.member.guid, request.from)
                .await?;
            crate::ingest::vanished_pending(&member.member, &existing, &data, stored, now)
        } else {
            None
        };
        let mut batch = IngestBatch {
            vanished,
            ..build_batch(
                &member.member,
                &existing,
                data,
                extras.holdings,
                &user_rules,
                now,
            )
        };
        // With no account stored, the member has no transaction stored either: this
        // batch will be all of its transactions, so their recurring marks are found
        // here, before the job waits for the writer, rather than read back inside it.
        let marked = existing.is_empty();
        if marked {
            crate::pfm::recurring::mark_alone(&mut batch.transactions);
        }
        Ok((batch, marked))
    }

    async fn record_outcome(
        &self,
        mut job: JobRecord,
        mut member: MemberRecord,
        outcome: Outcome,
    ) -> Result<()> {
        let now = self.clock.now();
        job.job.updated_at = now;
        member.member.updated_at = now;
        let before = member.member.connection_status;
        let first_success = member.member.successfully_aggregated_at.is_none();
        match outcome {
            Outcome::Challenged { challenges, state } => {
                job.job.state = JobState::Challenged;
                job.job.status = ConnectionStatus::Challenged;
                job.job.deadline = Some(now + self.config.mfa_window);
                job.challenges = Some(challenges);
                job.mfa_state = Some(state);
                job.sealed_answers = None;
                member.member.connection_status = Some(ConnectionStatus::Challenged);
                self.store.save_job(&job, &member).await?;
            }
            Outcome::Connected { batch, marked } => {
                let has_transactions = job
                    .job
                    .kind
                    .processes_transactions(job.job.include_transactions);
                let has_numbers = job.job.kind == JobKind::Verification;
                finish(&mut job, &mut member, ConnectionStatus::Connected, now);
                let m = &mut member.member;
                m.is_authenticated = true;
                m.successfully_aggregated_at = Some(now);
                m.has_processed_accounts = true;
                m.has_processed_transactions |= has_transactions;
                m.has_processed_account_numbers |= has_numbers;
                let change = Change {
                    before,
                    first_success,
                    holdings: batch.holdings.as_ref().map(Vec::len),
                    investment_accounts: batch
                        .accounts
                        .iter()
                        .filter(|a| {
                            crate::plaid_items::mapping::account_type(
                                &a.account_type,
                                a.subtype.as_deref(),
                            )
                            .0 == "investment"
                        })
                        .map(|a| a.guid.as_str().to_owned())
                        .collect(),
                    accounts: Some(&batch.accounts),
                };
                // The member's recurring marks are recomputed in the job's own database
                // transaction: a process dying right after it cannot leave them stale.
                let recurring = (!marked && !batch.transactions.is_empty())
                    .then_some(&crate::pfm::recurring::recurring_guids as RecurringDetect<'_>);
                let outcome = self
                    .finish_job(&job, &member, &batch, recurring, change)
                    .await?;
                tracing::info!(?outcome, "job connected");
            }
            Outcome::Ended(status) => {
                finish(&mut job, &mut member, status, now);
                let change = Change {
                    before,
                    first_success: false,
                    holdings: None,
                    investment_accounts: Vec::new(),
                    accounts: None,
                };
                self.finish_job(&job, &member, &IngestBatch::default(), None, change)
                    .await?;
                tracing::info!(status = status.name(), "job ended");
            }
        }
        Ok(())
    }

    /// Writes the job's results with the webhooks they announce, in one transaction.
    async fn finish_job(
        &self,
        job: &JobRecord,
        member: &MemberRecord,
        batch: &IngestBatch,
        recurring: Option<RecurringDetect<'_>>,
        change: Change<'_>,
    ) -> Result<IngestOutcome> {
        let item = self.store.plaid_item_of_member(&member.member.guid).await?;
        let to = match &item {
            Some(i) => events::destination_of(self, i).await?,
            None => None,
        };
        let (Some(item), Some(to)) = (item, to) else {
            return Ok(self.store.finish_job(job, member, batch, recurring).await?);
        };
        let liabilities = match change.accounts {
            Some(after) => {
                let before = self.store.member_accounts(&member.member.guid).await?;
                events::liability_changes(&before, after)
            }
            None => events::LiabilityChanges::default(),
        };
        let plan = events::JobChange {
            item_id: item.item_id,
            to,
            kind: job.job.kind,
            include_transactions: job.job.include_transactions,
            before: change.before,
            after: job.job.status,
            first_success: change.first_success,
            holdings: change.holdings,
            investment_accounts: change.investment_accounts,
            liabilities,
            now: self.clock.now(),
        };
        let planner = move |outcome: &IngestOutcome| plan.plan(outcome);
        let outcome = self
            .store
            .finish_job_with_webhooks(job, member, batch, recurring, &planner)
            .await?;
        self.webhooks().wake();
        Ok(outcome)
    }

    /// Ends an open job in `status` (used by the sweeper for expiry and stuck jobs).
    pub(crate) async fn end_job(&self, job: JobRecord, status: ConnectionStatus) -> Result<()> {
        let Some(member) = self.store.find_member_by_guid(&job.job.member_guid).await? else {
            return Ok(());
        };
        self.record_outcome(job, member, Outcome::Ended(status))
            .await
    }
}

/// What the webhook rules need to know about the member before the job ended.
struct Change<'a> {
    before: Option<ConnectionStatus>,
    first_success: bool,
    holdings: Option<usize>,
    investment_accounts: Vec<String>,
    /// The accounts the job fetched, when it fetched any.
    accounts: Option<&'a [polyfin_domain::account::Account]>,
}

fn finish(
    job: &mut JobRecord,
    member: &mut MemberRecord,
    status: ConnectionStatus,
    now: time::OffsetDateTime,
) {
    job.job.state = JobState::Finished;
    job.job.status = status;
    job.job.finished_at = Some(now);
    job.job.deadline = None;
    job.challenges = None;
    job.mfa_state = None;
    job.sealed_answers = None;
    let m = &mut member.member;
    m.connection_status = Some(status);
    m.is_being_aggregated = false;
    m.running_job = None;
}

fn lease_as_std(lease: time::Duration) -> StdDuration {
    StdDuration::from_secs(u64::try_from(lease.whole_seconds()).unwrap_or(60).max(1))
}
