//! Polyfin's application core. Dialect modules call these services; every rule that
//! more than one dialect needs is decided here, once.

pub mod accounts;
pub mod bank;
pub mod clients;
pub mod discovery;
pub mod enhance;
mod error;
mod ingest;
pub mod jobs;
pub mod managed;
pub mod manual;
pub mod members;
pub mod merchants;
pub mod micro_deposits;
pub mod oauth;
pub mod pfm;
pub mod plaid_items;
pub mod premium;
mod premium_ingest;
mod runner;
pub mod secrets;
pub mod seeding;
pub mod support;
mod sweeps;
pub mod transactions;
pub mod users;
pub mod webhooks;
pub mod widgets;

pub use error::{Error, Result};

use polyfin_connectors::Connector;
use polyfin_domain::institution::{Catalogue, Institution};
use polyfin_domain::Clock;
use polyfin_store::Store;
use secrets::Cipher;
use std::collections::HashMap;
use std::sync::Arc;
use time::Duration;
use tokio::sync::Notify;

#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// How long soft-deleted objects are kept before they are purged.
    pub deleted_retention: Duration,
    /// Base URL of links the engine hands out (OAuth windows).
    pub public_url: String,
    /// How long unanswered MFA waits before the job ends EXPIRED.
    pub mfa_window: Duration,
    /// How long a worker may hold a job before it is declared stuck (FAILED).
    pub job_lease: Duration,
    /// Days of transactions a standard aggregation brings.
    pub transaction_window_days: i64,
    /// Days of transactions an extended-history job brings.
    pub history_window_days: i64,
    /// Background aggregation interval for eligible members.
    pub background_interval: Duration,
    /// OAuth members still PENDING after this long are deleted.
    pub pending_oauth_ttl: Duration,
    /// Number of job workers.
    pub workers: usize,
    /// Which webhook URLs tenants may register (nothing internal unless configured).
    pub webhook_targets: webhooks::TargetPolicy,
    /// When failed webhook deliveries are tried again.
    pub webhook_retry: webhooks::RetryPolicy,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            deleted_retention: Duration::days(14),
            public_url: "http://127.0.0.1:8080".to_owned(),
            mfa_window: Duration::minutes(10),
            job_lease: Duration::minutes(2),
            transaction_window_days: 90,
            history_window_days: 730,
            background_interval: Duration::hours(24),
            pending_oauth_ttl: Duration::hours(1),
            workers: 2,
            webhook_targets: webhooks::TargetPolicy::default(),
            webhook_retry: webhooks::RetryPolicy::default(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Engine {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    catalogue: Arc<Catalogue>,
    config: EngineConfig,
    cipher: Cipher,
    connectors: HashMap<String, Arc<dyn Connector>>,
    /// Wakes workers when a job is queued.
    work: Arc<Notify>,
    /// Hosted banks' ledgers, loaded once.
    banks: bank::BankCache,
    /// Webhook key ring cache and worker signals.
    webhook_state: webhooks::WebhookState,
    /// API keys already checked (revocation-aware).
    keys: Arc<clients::KeyCache>,
}

impl Engine {
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        catalogue: Arc<Catalogue>,
        config: EngineConfig,
        cipher: Cipher,
    ) -> Self {
        let mut connectors: HashMap<String, Arc<dyn Connector>> = HashMap::new();
        connectors.insert(
            "sandbox".to_owned(),
            Arc::new(polyfin_connectors::sandbox::SandboxConnector),
        );
        let banks = bank::BankCache::default();
        connectors.insert(
            "ledger".to_owned(),
            Arc::new(bank::LedgerConnector::new(store.clone(), banks.clone())),
        );
        Self {
            store,
            clock,
            catalogue,
            config,
            cipher,
            connectors,
            work: Arc::new(Notify::new()),
            banks,
            webhook_state: webhooks::WebhookState::default(),
            keys: Arc::default(),
        }
    }

    /// Registers the connector that institutions naming `name` use.
    pub fn with_connector(mut self, name: &str, connector: Arc<dyn Connector>) -> Self {
        self.connectors.insert(name.to_owned(), connector);
        self
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    pub fn clients(&self) -> clients::Clients<'_> {
        clients::Clients::new(self)
    }

    pub fn users(&self) -> users::Users<'_> {
        users::Users::new(self)
    }

    pub fn members(&self) -> members::Members<'_> {
        members::Members::new(self)
    }

    pub fn accounts(&self) -> accounts::Accounts<'_> {
        accounts::Accounts::new(self)
    }

    pub fn transactions(&self) -> transactions::Transactions<'_> {
        transactions::Transactions::new(self)
    }

    pub fn jobs(&self) -> jobs::Jobs<'_> {
        jobs::Jobs::new(self)
    }

    pub fn premium(&self) -> premium::Premium<'_> {
        premium::Premium::new(self)
    }

    pub fn oauth(&self) -> oauth::OAuth<'_> {
        oauth::OAuth::new(self)
    }

    pub fn plaid_items(&self) -> plaid_items::PlaidItems<'_> {
        plaid_items::PlaidItems::new(self)
    }

    pub fn manual(&self) -> manual::Manual<'_> {
        manual::Manual::new(self)
    }

    pub fn managed(&self) -> managed::Managed<'_> {
        managed::Managed::new(self)
    }

    pub fn micro_deposits(&self) -> micro_deposits::MicroDeposits<'_> {
        micro_deposits::MicroDeposits::new(self)
    }

    pub fn discovery(&self) -> discovery::Discovery<'_> {
        discovery::Discovery::new(self)
    }

    pub fn support(&self) -> support::Support<'_> {
        support::Support::new(self)
    }

    pub fn widgets(&self) -> widgets::Widgets<'_> {
        widgets::Widgets::new(self)
    }

    pub fn pfm(&self) -> pfm::Pfm<'_> {
        pfm::Pfm::new(self)
    }

    pub fn webhooks(&self) -> webhooks::Webhooks<'_> {
        webhooks::Webhooks::new(self)
    }

    pub fn bank(&self) -> bank::Banking<'_> {
        bank::Banking::new(self)
    }

    fn institution(&self, code: &str) -> Result<&Institution> {
        self.catalogue
            .get(code)
            .ok_or(Error::NotFound("Institution"))
    }

    fn connector_for(&self, institution: &Institution) -> Option<Arc<dyn Connector>> {
        self.connectors.get(&institution.connector).cloned()
    }

    /// Purges what was soft-deleted longer ago than the retention; returns users purged.
    pub async fn purge_deleted(&self) -> Result<u64> {
        let cutoff = self.clock.now() - self.config.deleted_retention;
        Ok(self.store.purge_deleted(cutoff).await?)
    }
}

pub use runner::run_workers;
pub use sweeps::{run_sweeps, SweepReport};
pub use webhooks::run_webhook_worker;
