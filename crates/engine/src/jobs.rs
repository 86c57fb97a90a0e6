//! Starting jobs under MX's rules, answering MFA, and reading jobs back (the Connect
//! widget polls them by guid).

use crate::{Engine, Error, Result};
use polyfin_domain::challenge::{Challenge, ChallengeAnswer, ChallengeKind, ChallengeOption};
use polyfin_domain::ids::{ClientId, CredentialGuid, JobGuid};
use polyfin_domain::member::{
    decide_job, ConnectionStatus, Job, JobDecision, JobKind, JobState, Member,
};
use polyfin_domain::user::User;
use polyfin_store::{JobRecord, MemberRecord};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default)]
pub struct JobOptions {
    /// `None`: what the job's kind does by default.
    pub include_transactions: Option<bool>,
    pub is_background: bool,
}

/// The member after asking for a job; every variant is MX's 202 with the member.
#[derive(Debug, Clone)]
pub enum Started {
    Job(Member),
    AlreadyRunning(Member),
    /// Throttled, or a connection that no longer aggregates: nothing started.
    Unchanged(Member),
}

impl Started {
    pub fn into_member(self) -> Member {
        match self {
            Self::Job(m) | Self::AlreadyRunning(m) | Self::Unchanged(m) => m,
        }
    }
}

pub struct Jobs<'a> {
    engine: &'a Engine,
}

/// How many times a start is retried when another request started a job first.
const START_ATTEMPTS: usize = 3;

impl<'a> Jobs<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// Starts a job of `kind` on the member named by `guid`.
    pub async fn start_by_guid(
        &self,
        user: &User,
        guid: &str,
        kind: JobKind,
        options: JobOptions,
    ) -> Result<Started> {
        let record = self.engine.members().record(user, guid).await?;
        self.start(user, record, kind, options).await
    }

    pub(crate) async fn start(
        &self,
        user: &User,
        mut record: MemberRecord,
        kind: JobKind,
        options: JobOptions,
    ) -> Result<Started> {
        if user.is_disabled {
            return Err(Error::Forbidden("The user is disabled.".to_owned()));
        }
        if !record.member.origin.is_aggregated() {
            return Err(crate::members::not_aggregated());
        }
        let engine = self.engine;
        let institution = engine.institution(&record.member.institution_code)?;
        if !supports(institution, kind) {
            return Err(Error::invalid(
                "member",
                format!(
                    "{} does not support {} jobs.",
                    institution.name,
                    kind.name()
                ),
            ));
        }
        let is_test = institution.is_test;
        for _ in 0..START_ATTEMPTS {
            let now = engine.clock.now();
            match decide_job(&record.member, kind, is_test, now) {
                JobDecision::Start => {}
                JobDecision::SameKindRunning => return Ok(Started::AlreadyRunning(record.member)),
                JobDecision::Throttled | JobDecision::ConnectionClosed => {
                    return Ok(Started::Unchanged(record.member))
                }
                JobDecision::OtherKindRunning(running) => {
                    return Err(Error::Conflict(format!(
                        "A {} job is already running for this member.",
                        running.name()
                    )))
                }
                JobDecision::BalanceTooSoon => {
                    return Err(Error::TooManyRequests(
                        "Balances were checked less than two hours ago.".to_owned(),
                    ))
                }
                JobDecision::AwaitingOAuth => {
                    return Err(Error::Unprocessable(
                        "The member is waiting for OAuth authorization.".to_owned(),
                    ))
                }
            }
            let job = new_job(&record.member, kind, options, now);
            mark_started(&mut record.member, &job.job, now);
            if engine.store.begin_job(&record, &job).await? {
                engine.work.notify_one();
                return Ok(Started::Job(record.member));
            }
            // Another request started a job in between: decide again on fresh state.
            record = engine
                .store
                .find_member_by_guid(&record.member.guid)
                .await?
                .ok_or(Error::NotFound("Member"))?;
        }
        Err(Error::Conflict("The member is busy; try again.".to_owned()))
    }

    pub(crate) async fn resume(
        &self,
        mut record: MemberRecord,
        answers: Vec<ChallengeAnswer>,
    ) -> Result<Member> {
        let engine = self.engine;
        let not_challenged = || Error::Unprocessable("The member is not challenged.".to_owned());
        if record.member.connection_status != Some(ConnectionStatus::Challenged) {
            return Err(not_challenged());
        }
        let job_guid = record
            .member
            .most_recent_job_guid
            .clone()
            .ok_or_else(not_challenged)?;
        let mut job = engine
            .store
            .find_job(&job_guid)
            .await?
            .filter(|j| j.job.state == JobState::Challenged)
            .ok_or_else(not_challenged)?;
        if answers.is_empty() {
            return Err(Error::invalid(
                "member.challenges",
                "member.challenges must answer the challenges.",
            ));
        }
        let open = job
            .challenges
            .as_deref()
            .map(decode_challenges)
            .unwrap_or_default();
        if let Some(unknown) = answers
            .iter()
            .find(|a| !open.iter().any(|c| c.guid.as_str() == a.guid))
        {
            return Err(Error::Unprocessable(format!(
                "member.challenges: {} is not an open challenge.",
                unknown.guid
            )));
        }
        let now = engine.clock.now();
        let pairs: Vec<(String, String)> = answers.into_iter().map(|a| (a.guid, a.value)).collect();
        job.sealed_answers = Some(engine.cipher.seal(&pairs).map_err(Error::secret)?);
        job.step = "answer".to_owned();
        job.job.state = JobState::Queued;
        job.job.status = ConnectionStatus::Resumed;
        job.job.deadline = None;
        job.job.updated_at = now;
        record.member.connection_status = Some(ConnectionStatus::Resumed);
        record.member.updated_at = now;
        engine.store.save_job(&job, &record).await?;
        engine.work.notify_one();
        Ok(record.member)
    }

    /// A job by guid, for its client only.
    pub async fn get(&self, client: &ClientId, guid: &str) -> Result<Job> {
        let guid = JobGuid::parse(guid).ok_or(Error::NotFound("Job"))?;
        self.engine
            .store
            .find_job(&guid)
            .await?
            .filter(|j| &j.job.client_id == client)
            .map(|j| j.job)
            .ok_or(Error::NotFound("Job"))
    }
}

/// Premium jobs need the institution's `supports_*` flag.
fn supports(institution: &polyfin_domain::institution::Institution, kind: JobKind) -> bool {
    match kind {
        JobKind::Verification => institution.supports_account_verification,
        JobKind::Identification => institution.supports_account_identification,
        JobKind::History => institution.supports_transaction_history,
        JobKind::Statements => institution.supports_account_statement,
        JobKind::Aggregation | JobKind::Balance | JobKind::Rewards => true,
    }
}

fn new_job(
    member: &Member,
    kind: JobKind,
    options: JobOptions,
    now: time::OffsetDateTime,
) -> JobRecord {
    JobRecord {
        job: Job {
            guid: JobGuid::generate(),
            client_id: member.client_id.clone(),
            member_guid: member.guid.clone(),
            user_guid: member.user_guid.clone(),
            kind,
            state: JobState::Queued,
            status: ConnectionStatus::Created,
            is_background: options.is_background,
            include_transactions: options
                .include_transactions
                .unwrap_or(kind.brings_transactions_by_default()),
            started_at: now,
            updated_at: now,
            finished_at: None,
            // The lease starts when a worker claims the job.
            deadline: None,
        },
        step: "login".to_owned(),
        mfa_state: None,
        challenges: None,
        sealed_answers: None,
        claims: 0,
    }
}

/// Member fields at the start of a job (MX spec §1.12; widget spec §3.3).
fn mark_started(member: &mut Member, job: &Job, now: time::OffsetDateTime) {
    member.running_job = Some(job.kind);
    member.is_being_aggregated = true;
    member.most_recent_job_guid = Some(job.guid.clone());
    member.aggregated_at = Some(now);
    member.last_job_started_at = Some(now);
    member.updated_at = now;
    if job.kind == JobKind::Balance {
        member.last_balance_at = Some(now);
    }
    if job.kind == JobKind::Aggregation {
        member.is_authenticated = false;
        member.has_processed_accounts = false;
        member.has_processed_transactions = false;
    }
    let keep = matches!(
        member.connection_status,
        Some(ConnectionStatus::Connected | ConnectionStatus::Updated)
    );
    if !keep {
        member.connection_status = Some(ConnectionStatus::Created);
    }
}

#[derive(Serialize, Deserialize)]
struct StoredChallenge {
    guid: String,
    field_name: String,
    label: String,
    kind: String,
    #[serde(default)]
    options: Vec<(String, String, Option<String>)>,
    image_data: Option<String>,
}

const KINDS: [ChallengeKind; 5] = [
    ChallengeKind::Text,
    ChallengeKind::Token,
    ChallengeKind::Options,
    ChallengeKind::ImageData,
    ChallengeKind::ImageOptions,
];

pub(crate) fn encode_challenges(challenges: &[Challenge]) -> Result<String> {
    let stored: Vec<StoredChallenge> = challenges
        .iter()
        .map(|c| StoredChallenge {
            guid: c.guid.to_string(),
            field_name: c.field_name.clone(),
            label: c.label.clone(),
            kind: c.kind.name().to_owned(),
            options: c
                .options
                .iter()
                .map(|o| (o.label.clone(), o.value.clone(), o.data_uri.clone()))
                .collect(),
            image_data: c.image_data.clone(),
        })
        .collect();
    serde_json::to_string(&stored).map_err(|e| Error::Internal(e.to_string()))
}

pub(crate) fn decode_challenges(text: &str) -> Vec<Challenge> {
    let stored: Vec<StoredChallenge> = serde_json::from_str(text).unwrap_or_default();
    stored
        .into_iter()
        .filter_map(|c| {
            let kind = KINDS.into_iter().find(|k| k.name() == c.kind)?;
            Some(Challenge {
                guid: CredentialGuid::from_stored(c.guid),
                field_name: c.field_name,
                label: c.label,
                kind,
                options: c
                    .options
                    .into_iter()
                    .map(|(label, value, data_uri)| ChallengeOption {
                        label,
                        value,
                        data_uri,
                    })
                    .collect(),
                image_data: c.image_data,
            })
        })
        .collect()
}
