//! What the store reads and writes beyond the plain domain types.

use polyfin_domain::account::Account;
use polyfin_domain::ids::{AccountGuid, ClientId, MemberGuid, TransactionGuid, UserGuid};
use polyfin_domain::member::{Job, Member};
use polyfin_domain::premium::{AccountNumber, AccountOwner, Holding, Statement};
use polyfin_domain::transaction::Transaction;
use time::{Date, OffsetDateTime};

/// A member with what is stored beside it but never shown.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberRecord {
    pub member: Member,
    /// Credential values, sealed by the engine; the store never sees them in clear.
    pub sealed_credentials: Option<Vec<u8>>,
    pub seed: String,
}

/// A job with the worker's private state.
#[derive(Debug, Clone, PartialEq)]
pub struct JobRecord {
    pub job: Job,
    /// What a worker does next: `login` or `answer`.
    pub step: String,
    /// The connector's opaque MFA state.
    pub mfa_state: Option<String>,
    /// The current challenges, as the engine serialised them.
    pub challenges: Option<String>,
    /// MFA answers waiting for a worker, sealed.
    pub sealed_answers: Option<Vec<u8>>,
    /// How many times a worker claimed the job (each MFA answer step is a claim).
    pub claims: i64,
}

/// Which user's data, optionally narrowed to one member or account.
#[derive(Debug, Clone)]
pub struct DataScope {
    pub user: UserGuid,
    pub member: Option<MemberGuid>,
    pub account: Option<AccountGuid>,
}

#[derive(Debug, Clone)]
pub struct TransactionQuery {
    pub scope: DataScope,
    /// Inclusive bounds on the transaction `date`.
    pub from: Date,
    pub to: Date,
    /// Only these accounts of the scope, when given (none: no transactions).
    pub accounts: Option<Vec<AccountGuid>>,
}

/// What one aggregation brings: upserted by (member, external id) and (account,
/// external id), so repeating it never duplicates anything.
#[derive(Debug, Clone, Default)]
pub struct IngestBatch {
    pub accounts: Vec<Account>,
    pub transactions: Vec<Transaction>,
    pub account_numbers: Vec<AccountNumber>,
    pub owners: Vec<AccountOwner>,
    /// `Some` replaces the member's positions: what is absent was sold.
    pub holdings: Option<Vec<Holding>>,
    pub statements: Vec<Statement>,
    /// Pending transactions the institution stopped reporting, removed by this ingest.
    pub vanished: Option<Vanished>,
}

#[derive(Debug, Clone)]
pub struct Vanished {
    pub client_id: ClientId,
    pub guids: Vec<TransactionGuid>,
    pub at: OffsetDateTime,
}

/// A stored pending transaction: enough to tell whether a fetch still reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingTransaction {
    pub guid: TransactionGuid,
    pub account_guid: AccountGuid,
    pub external_id: String,
}

/// A transaction removed from a member's data, as `/transactions/sync` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionRemoval {
    pub guid: String,
    pub account_guid: String,
    /// When the transaction was first stored.
    pub created_at: OffsetDateTime,
    pub removed_at: OffsetDateTime,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestOutcome {
    pub accounts_written: u64,
    pub transactions_added: u64,
    pub transactions_updated: u64,
    /// New transactions per account guid, so webhooks can count per product.
    pub added_per_account: std::collections::BTreeMap<String, u64>,
    pub removed: Vec<TransactionRemoval>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OAuthStateRecord {
    pub guid: String,
    pub client_id: ClientId,
    pub user_guid: UserGuid,
    pub member_guid: MemberGuid,
    /// SHA-256 of the one-time token in the window URI.
    pub token_hash: String,
    pub referral_source: String,
    pub ui_message_webview_url_scheme: String,
    pub client_redirect_url: Option<String>,
    pub skip_aggregation: bool,
    /// `pending`, `success` or `errored`.
    pub status: String,
    pub error_reason: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}
