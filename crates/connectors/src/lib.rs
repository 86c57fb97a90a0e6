//! Connectors reach institutions on the engine's behalf: log in (with MFA or OAuth) and
//! fetch accounts and transactions. The engine owns jobs, storage and every MX rule;
//! a connector only speaks to its institution.

pub mod sandbox;

use async_trait::async_trait;
use polyfin_domain::account::AccountFigures;
use polyfin_domain::challenge::{Challenge, ChallengeAnswer};
use polyfin_domain::institution::Institution;
use polyfin_domain::member::ConnectionStatus;
use polyfin_domain::transaction::{TransactionKind, TransactionStatus};
use polyfin_domain::Decimal;
use std::collections::BTreeMap;
use time::{Date, OffsetDateTime};

/// Who is logging in where. Credentials are keyed by the institution's `field_name`.
#[derive(Clone)]
pub struct Session<'a> {
    pub institution: &'a Institution,
    pub credentials: &'a BTreeMap<String, String>,
    /// True once the end user authorised an OAuth connection at the provider.
    pub oauth_authorized: bool,
    /// Stable for one login at one institution: the sandbox derives its data from it.
    pub seed: &'a str,
}

impl std::fmt::Debug for Session<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Credentials never reach a log line.
        f.debug_struct("Session")
            .field("institution", &self.institution.code)
            .field("oauth_authorized", &self.oauth_authorized)
            .finish_non_exhaustive()
    }
}

/// The outcome of a login step.
#[derive(Debug, Clone, PartialEq)]
pub enum LoginStep {
    Authenticated,
    /// MFA: answer the challenges; `state` is opaque and comes back with the answers.
    Challenged {
        challenges: Vec<Challenge>,
        state: String,
    },
    /// The login ended in this status (DENIED, LOCKED, REJECTED, FAILED, IMPAIRED …).
    Failed(ConnectionStatus),
}

/// What to fetch after a successful login.
#[derive(Debug, Clone)]
pub struct FetchRequest {
    pub now: OffsetDateTime,
    /// First day of transactions wanted (90 days back for a standard aggregation).
    pub from: Date,
    pub include_transactions: bool,
    /// The premium parts a job asks for; accounts always come back.
    pub extras: FetchExtras,
}

/// Premium data, each fetched only by the job that pays for it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FetchExtras {
    pub account_numbers: bool,
    pub owners: bool,
    pub holdings: bool,
    pub statements: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FetchedAccount {
    /// Stable across fetches of the same login.
    pub external_id: String,
    pub name: String,
    pub account_type: String,
    pub subtype: Option<String>,
    pub account_number_mask: Option<String>,
    pub currency_code: String,
    pub figures: AccountFigures,
    pub is_closed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FetchedTransaction {
    /// Stable across fetches: a pending transaction keeps it when it posts.
    pub external_id: String,
    pub account_external_id: String,
    /// Positive; the direction is `kind`.
    pub amount: Decimal,
    pub kind: TransactionKind,
    pub status: TransactionStatus,
    pub transacted_at: OffsetDateTime,
    pub posted_at: Option<OffsetDateTime>,
    /// The raw feed text, e.g. "WHOLEFDS TSQ 10234 NEW YORK NY".
    pub raw_description: String,
    pub memo: Option<String>,
    pub merchant_category_code: Option<u32>,
    pub check_number: Option<String>,
    pub latitude: Option<Decimal>,
    pub longitude: Option<Decimal>,
    pub currency_code: String,
}

/// Full account and routing numbers (verification).
#[derive(Debug, Clone, PartialEq)]
pub struct FetchedAccountNumber {
    pub account_external_id: String,
    pub account_number: String,
    /// ABA routing number (9 digits, valid checksum) for US accounts.
    pub routing_number: Option<String>,
    /// Canadian institution and transit numbers, when relevant.
    pub institution_number: Option<String>,
    pub transit_number: Option<String>,
}

/// An account holder (identity).
#[derive(Debug, Clone, PartialEq)]
pub struct FetchedOwner {
    pub account_external_id: String,
    pub owner_name: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub city: String,
    pub state: String,
    pub postal_code: String,
    pub country: String,
}

/// A position in an investment account.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchedHolding {
    /// Stable across fetches of the same login.
    pub external_id: String,
    pub account_external_id: String,
    pub symbol: Option<String>,
    /// Nine characters with a valid check digit.
    pub cusip: Option<String>,
    pub description: String,
    /// MX holding types: EQUITY, MUTUAL_FUND, ETF, BOND, MONEY_MARKET, CASH, …
    pub holding_type: String,
    pub currency_code: String,
    pub quantity: Decimal,
    pub current_price: Decimal,
    /// quantity × current_price, rounded to cents; the account's holdings sum to its
    /// `holdings_value` exactly.
    pub market_value: Decimal,
    pub cost_basis: Decimal,
    pub purchase_price: Decimal,
    pub daily_change: Decimal,
}

/// A monthly statement: balances are posted balances at the period's edges, so
/// opening + credits − debits posted in the period = closing.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchedStatement {
    pub external_id: String,
    pub account_external_id: String,
    pub period_start: Date,
    pub period_end: Date,
    pub opening_balance: Decimal,
    pub closing_balance: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FetchedData {
    pub accounts: Vec<FetchedAccount>,
    pub transactions: Vec<FetchedTransaction>,
    pub account_numbers: Vec<FetchedAccountNumber>,
    pub owners: Vec<FetchedOwner>,
    pub holdings: Vec<FetchedHolding>,
    pub statements: Vec<FetchedStatement>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectorError {
    /// The institution did not answer usefully; the job ends FAILED.
    #[error("institution unavailable: {0}")]
    Unavailable(String),
    #[error("the connector lost its MFA state")]
    BadState,
}

#[async_trait]
pub trait Connector: Send + Sync + std::fmt::Debug {
    async fn login(&self, session: &Session<'_>) -> Result<LoginStep, ConnectorError>;

    async fn answer(
        &self,
        session: &Session<'_>,
        state: &str,
        answers: &[ChallengeAnswer],
    ) -> Result<LoginStep, ConnectorError>;

    async fn fetch(
        &self,
        session: &Session<'_>,
        request: &FetchRequest,
    ) -> Result<FetchedData, ConnectorError>;
}
