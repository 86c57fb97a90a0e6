//! Members (connections to an institution), their connection statuses, and the job
//! rules every dialect shares (MX spec §1.12 and §4; Atrium spec §4–5).

use crate::ids::{ClientId, InstitutionGuid, JobGuid, MemberGuid, UserGuid};
use crate::origin::Origin;
use time::{Duration, OffsetDateTime};

/// MX `connection_status`, with its integer code (used by the Connect widget).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConnectionStatus {
    Created,
    Prevented,
    Denied,
    Challenged,
    Rejected,
    Locked,
    Connected,
    Impeded,
    Reconnected,
    Degraded,
    Disconnected,
    Discontinued,
    Closed,
    Delayed,
    Failed,
    Updated,
    Disabled,
    Imported,
    Resumed,
    Expired,
    Impaired,
    Pending,
}

const ALL_STATUSES: [ConnectionStatus; 22] = [
    ConnectionStatus::Created,
    ConnectionStatus::Prevented,
    ConnectionStatus::Denied,
    ConnectionStatus::Challenged,
    ConnectionStatus::Rejected,
    ConnectionStatus::Locked,
    ConnectionStatus::Connected,
    ConnectionStatus::Impeded,
    ConnectionStatus::Reconnected,
    ConnectionStatus::Degraded,
    ConnectionStatus::Disconnected,
    ConnectionStatus::Discontinued,
    ConnectionStatus::Closed,
    ConnectionStatus::Delayed,
    ConnectionStatus::Failed,
    ConnectionStatus::Updated,
    ConnectionStatus::Disabled,
    ConnectionStatus::Imported,
    ConnectionStatus::Resumed,
    ConnectionStatus::Expired,
    ConnectionStatus::Impaired,
    ConnectionStatus::Pending,
];

impl ConnectionStatus {
    pub fn code(self) -> u8 {
        ALL_STATUSES
            .iter()
            .position(|s| *s == self)
            .and_then(|p| u8::try_from(p).ok())
            .unwrap_or(u8::MAX)
    }

    pub fn from_code(code: u8) -> Option<Self> {
        ALL_STATUSES.get(usize::from(code)).copied()
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Created => "CREATED",
            Self::Prevented => "PREVENTED",
            Self::Denied => "DENIED",
            Self::Challenged => "CHALLENGED",
            Self::Rejected => "REJECTED",
            Self::Locked => "LOCKED",
            Self::Connected => "CONNECTED",
            Self::Impeded => "IMPEDED",
            Self::Reconnected => "RECONNECTED",
            Self::Degraded => "DEGRADED",
            Self::Disconnected => "DISCONNECTED",
            Self::Discontinued => "DISCONTINUED",
            Self::Closed => "CLOSED",
            Self::Delayed => "DELAYED",
            Self::Failed => "FAILED",
            Self::Updated => "UPDATED",
            Self::Disabled => "DISABLED",
            Self::Imported => "IMPORTED",
            Self::Resumed => "RESUMED",
            Self::Expired => "EXPIRED",
            Self::Impaired => "IMPAIRED",
            Self::Pending => "PENDING",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        ALL_STATUSES
            .iter()
            .copied()
            .find(|s| s.name().eq_ignore_ascii_case(name))
    }

    /// Statuses after which the partner must send new credentials (MX "C" class).
    pub fn needs_updated_credentials(self) -> bool {
        matches!(
            self,
            Self::Prevented | Self::Denied | Self::Impaired | Self::Imported
        )
    }

    /// Credential-error statuses skip the 3-hour throttle.
    pub fn bypasses_throttle(self) -> bool {
        matches!(self, Self::Rejected | Self::Prevented | Self::Updated)
    }

    /// The connection is gone for good; jobs are accepted and end at once.
    pub fn never_aggregates(self) -> bool {
        matches!(self, Self::Closed | Self::Disabled | Self::Discontinued)
    }

    /// The end-user message MX shows for the status (`{}` is the institution name).
    pub fn message(self, institution: &str) -> Option<String> {
        let text = match self {
            Self::Created | Self::Updated | Self::Resumed => format!("Connecting to {institution} ..."),
            Self::Prevented => "The last 3 attempts to connect have failed. Please re-enter your credentials to continue importing data.".to_owned(),
            Self::Denied => "The credentials entered do not match your credentials at this institution. Please re-enter your credentials to continue importing data.".to_owned(),
            Self::Challenged => format!("To authenticate your connection to {institution}, please answer the following challenge(s)."),
            Self::Rejected => "The answer or answers provided were incorrect. Please try again.".to_owned(),
            Self::Locked => format!("Your account is locked. Please log in to the appropriate website for {institution} and follow the steps to resolve the issue."),
            Self::Connected => format!("Connected to {institution}."),
            Self::Impeded => format!("Your attention is needed at this institution's website. Please log in to the appropriate website for {institution} and follow the steps to resolve the issue."),
            Self::Reconnected => format!("Reconnecting to {institution} ..."),
            Self::Degraded => "We are upgrading this connection. Please try again later.".to_owned(),
            Self::Disconnected => format!("It looks like your data from {institution} cannot be imported. We are working to resolve the issue."),
            Self::Discontinued => "Connections to this institution are no longer supported. You may create a manual account and use manual transactions to track data for this account.".to_owned(),
            Self::Closed => "This connection has been closed. You may track this account manually. If reopened, you may connect the institution again.".to_owned(),
            Self::Delayed => format!("Importing your data from {institution} may take a while. Please check back later."),
            Self::Failed => format!("There was a problem validating your credentials with {institution}. Please try again later."),
            Self::Disabled => "Importing data from this institution has been disabled. Please contact us if you believe it has been disabled in error.".to_owned(),
            Self::Imported | Self::Impaired => format!("You must re-authenticate before your data can be imported. Please enter your credentials for {institution}."),
            Self::Expired => "The answer or answers were not provided in time. Please try again.".to_owned(),
            Self::Pending => return None,
        };
        Some(text)
    }
}

/// Kinds of job. Each has an MX name and the Connect widget's integer `job_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobKind {
    Aggregation,
    Verification,
    Identification,
    History,
    Statements,
    Rewards,
    Balance,
}

impl JobKind {
    /// Whether the job brings transactions unless told otherwise: aggregations do;
    /// premium jobs only when asked (`include_transactions` on MX's verify and identify,
    /// the Connect widget's option in verification mode).
    pub fn brings_transactions_by_default(self) -> bool {
        matches!(self, Self::Aggregation | Self::History | Self::Statements)
    }

    /// Whether the job's fetch can bring transactions at all.
    pub fn can_bring_transactions(self) -> bool {
        !matches!(self, Self::Rewards | Self::Balance)
    }

    /// Whether a job of this kind asked for transactions (`include_transactions`)
    /// processes the member's transactions; a statements job only reads its periods'.
    pub fn processes_transactions(self, include_transactions: bool) -> bool {
        include_transactions && self.can_bring_transactions() && self != Self::Statements
    }

    pub const ALL: [JobKind; 7] = [
        Self::Aggregation,
        Self::Verification,
        Self::Identification,
        Self::History,
        Self::Statements,
        Self::Rewards,
        Self::Balance,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Aggregation => "aggregation",
            Self::Verification => "verification",
            Self::Identification => "identification",
            Self::History => "history",
            Self::Statements => "statements",
            Self::Rewards => "rewards",
            Self::Balance => "balance",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.name() == name)
    }

    pub fn widget_code(self) -> u8 {
        match self {
            Self::Aggregation => 0,
            Self::Verification => 1,
            Self::Identification => 2,
            Self::History => 3,
            Self::Statements => 4,
            Self::Rewards => 6,
            Self::Balance => 7,
        }
    }

    pub fn from_widget_code(code: u8) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.widget_code() == code)
    }

    pub fn is_premium(self) -> bool {
        self != Self::Aggregation
    }
}

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    /// Waiting for a worker (new, or MFA answers received).
    Queued,
    /// A worker holds it under a lease.
    Running,
    /// Waiting for MFA answers until `expires_at`.
    Challenged,
    /// Ended; the member's status tells how.
    Finished,
}

impl JobState {
    pub fn name(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Challenged => "challenged",
            Self::Finished => "finished",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::Queued,
            Self::Running,
            Self::Challenged,
            Self::Finished,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub guid: JobGuid,
    pub client_id: ClientId,
    pub member_guid: MemberGuid,
    pub user_guid: UserGuid,
    pub kind: JobKind,
    pub state: JobState,
    /// The status the job reached (or is at); CONNECTED on success.
    pub status: ConnectionStatus,
    pub is_background: bool,
    pub include_transactions: bool,
    pub started_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub finished_at: Option<OffsetDateTime>,
    /// While challenged: when unanswered MFA expires. While running: the lease end.
    pub deadline: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub guid: MemberGuid,
    pub client_id: ClientId,
    pub user_guid: UserGuid,
    pub id: Option<String>,
    pub institution_code: String,
    pub institution_guid: InstitutionGuid,
    pub name: String,
    pub metadata: Option<String>,
    pub connection_status: Option<ConnectionStatus>,
    pub is_oauth: bool,
    pub is_being_aggregated: bool,
    pub is_authenticated: bool,
    pub background_aggregation_is_disabled: bool,
    pub has_processed_accounts: bool,
    pub has_processed_transactions: bool,
    pub has_processed_account_numbers: bool,
    pub aggregated_at: Option<OffsetDateTime>,
    pub successfully_aggregated_at: Option<OffsetDateTime>,
    pub last_job_started_at: Option<OffsetDateTime>,
    pub last_balance_at: Option<OffsetDateTime>,
    pub most_recent_job_guid: Option<JobGuid>,
    pub running_job: Option<JobKind>,
    pub oauth_window_uri: Option<String>,
    pub use_cases: Vec<String>,
    pub origin: Origin,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// The 3-hour standard-aggregation throttle and the 2-hour balance rule.
pub const AGGREGATION_THROTTLE: Duration = Duration::hours(3);
pub const BALANCE_THROTTLE: Duration = Duration::hours(2);
pub const MAX_MEMBERS_PER_USER: u64 = 25;

/// What starting a job of some kind on a member leads to (MX spec §1.12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobDecision {
    Start,
    /// 202 with the member; the running job of the same kind goes on.
    SameKindRunning,
    /// 409: a job of another kind is running.
    OtherKindRunning(JobKind),
    /// 202 with the unchanged member; no job starts.
    Throttled,
    /// 429: a balance check less than 2 hours ago.
    BalanceTooSoon,
    /// 202 with the unchanged member: the connection is closed for good.
    ConnectionClosed,
    /// 422: OAuth has not completed yet.
    AwaitingOAuth,
}

/// The pure job rule; `is_test_institution` exempts MX Bank from every throttle.
pub fn decide_job(
    member: &Member,
    kind: JobKind,
    is_test_institution: bool,
    now: OffsetDateTime,
) -> JobDecision {
    if let Some(running) = member.running_job {
        return if running == kind {
            JobDecision::SameKindRunning
        } else {
            JobDecision::OtherKindRunning(running)
        };
    }
    match member.connection_status {
        Some(ConnectionStatus::Pending) => return JobDecision::AwaitingOAuth,
        Some(status) if status.never_aggregates() => return JobDecision::ConnectionClosed,
        _ => {}
    }
    if is_test_institution {
        return JobDecision::Start;
    }
    let within =
        |at: Option<OffsetDateTime>, window: Duration| at.is_some_and(|t| now - t < window);
    if kind == JobKind::Balance && within(member.last_balance_at, BALANCE_THROTTLE) {
        return JobDecision::BalanceTooSoon;
    }
    let bypass = member
        .connection_status
        .is_some_and(ConnectionStatus::bypasses_throttle);
    if kind == JobKind::Aggregation
        && !bypass
        && within(member.last_job_started_at, AGGREGATION_THROTTLE)
    {
        return JobDecision::Throttled;
    }
    JobDecision::Start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member() -> Member {
        let now = OffsetDateTime::now_utc();
        Member {
            guid: MemberGuid::generate(),
            client_id: ClientId::generate(),
            user_guid: UserGuid::generate(),
            id: None,
            institution_code: "chase".into(),
            institution_guid: InstitutionGuid::derived("chase"),
            name: "Chase".into(),
            metadata: None,
            connection_status: Some(ConnectionStatus::Connected),
            is_oauth: false,
            is_being_aggregated: false,
            is_authenticated: true,
            background_aggregation_is_disabled: false,
            has_processed_accounts: true,
            has_processed_transactions: true,
            has_processed_account_numbers: false,
            aggregated_at: None,
            successfully_aggregated_at: None,
            last_job_started_at: None,
            last_balance_at: None,
            most_recent_job_guid: None,
            running_job: None,
            oauth_window_uri: None,
            use_cases: Vec::new(),
            origin: Origin::Aggregated,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn codes_round_trip_and_match_the_widget_table() {
        for code in 0..=21u8 {
            let status = ConnectionStatus::from_code(code).expect("known code");
            assert_eq!(status.code(), code);
            assert_eq!(ConnectionStatus::parse(status.name()), Some(status));
        }
        assert_eq!(ConnectionStatus::Connected.code(), 6);
        assert_eq!(ConnectionStatus::Pending.code(), 21);
        assert_eq!(
            ConnectionStatus::parse("challenged"),
            Some(ConnectionStatus::Challenged)
        );
        assert_eq!(ConnectionStatus::from_code(22), None);
    }

    #[test]
    fn running_jobs_decide_first() {
        let now = OffsetDateTime::now_utc();
        let mut m = member();
        m.running_job = Some(JobKind::Identification);
        assert_eq!(
            decide_job(&m, JobKind::Identification, false, now),
            JobDecision::SameKindRunning
        );
        assert_eq!(
            decide_job(&m, JobKind::Verification, true, now),
            JobDecision::OtherKindRunning(JobKind::Identification)
        );
    }

    #[test]
    fn throttle_applies_to_standard_aggregation_only() {
        let now = OffsetDateTime::now_utc();
        let mut m = member();
        m.last_job_started_at = Some(now - Duration::hours(1));
        assert_eq!(
            decide_job(&m, JobKind::Aggregation, false, now),
            JobDecision::Throttled
        );
        assert_eq!(
            decide_job(&m, JobKind::Aggregation, true, now),
            JobDecision::Start
        );
        assert_eq!(
            decide_job(&m, JobKind::Verification, false, now),
            JobDecision::Start
        );
        m.connection_status = Some(ConnectionStatus::Updated);
        assert_eq!(
            decide_job(&m, JobKind::Aggregation, false, now),
            JobDecision::Start
        );
        m.connection_status = Some(ConnectionStatus::Connected);
        m.last_job_started_at = Some(now - Duration::hours(3));
        assert_eq!(
            decide_job(&m, JobKind::Aggregation, false, now),
            JobDecision::Start
        );
    }

    #[test]
    fn balance_checks_are_two_hours_apart() {
        let now = OffsetDateTime::now_utc();
        let mut m = member();
        m.last_balance_at = Some(now - Duration::minutes(119));
        assert_eq!(
            decide_job(&m, JobKind::Balance, false, now),
            JobDecision::BalanceTooSoon
        );
        assert_eq!(
            decide_job(&m, JobKind::Balance, true, now),
            JobDecision::Start
        );
        m.last_balance_at = Some(now - Duration::minutes(121));
        assert_eq!(
            decide_job(&m, JobKind::Balance, false, now),
            JobDecision::Start
        );
    }

    #[test]
    fn pending_and_closed_members() {
        let now = OffsetDateTime::now_utc();
        let mut m = member();
        m.connection_status = Some(ConnectionStatus::Pending);
        assert_eq!(
            decide_job(&m, JobKind::Aggregation, true, now),
            JobDecision::AwaitingOAuth
        );
        m.connection_status = Some(ConnectionStatus::Closed);
        assert_eq!(
            decide_job(&m, JobKind::Aggregation, true, now),
            JobDecision::ConnectionClosed
        );
    }
}
