//! Which webhooks a change announces (spec §6.2 "Aggregation outcomes → webhooks").
//! Decided here, once, for every way a change happens; the store writes the rows in the
//! change's own transaction.

use super::{outbox_row, Destination};
use crate::plaid_items::item_error;
use polyfin_domain::member::{ConnectionStatus, JobKind};
use polyfin_store::{IngestOutcome, OutboxRow, PlaidItemRecord};
use polyfin_webhooks::payload::{
    CancelledCount, HoldingsEvent, InvestmentsTransactionsEvent, ItemEvent, TransactionsEvent,
};
use polyfin_webhooks::{WebhookError, WebhookEvent};
use time::OffsetDateTime;

/// Where an item's webhooks go, if it has a URL.
pub fn destination(item: &PlaidItemRecord) -> Option<Destination> {
    let url = item.webhook.clone().filter(|u| !u.is_empty())?;
    Some(Destination {
        client_id: item.client_id.clone(),
        member_guid: item.member_guid.as_str().to_owned(),
        url,
    })
}

/// What a finished job changed, known before its transaction starts.
#[derive(Debug, Clone)]
pub struct JobChange {
    pub item_id: String,
    pub to: Destination,
    pub kind: JobKind,
    pub include_transactions: bool,
    pub before: Option<ConnectionStatus>,
    pub after: ConnectionStatus,
    /// The member had never aggregated successfully before this job.
    pub first_success: bool,
    /// Positions the job brought (`None` when it did not fetch holdings).
    pub holdings: Option<usize>,
    /// Guids of the member's investment accounts: their transactions are investment
    /// transactions, not TRANSACTIONS updates.
    pub investment_accounts: Vec<String>,
    pub now: OffsetDateTime,
}

impl JobChange {
    /// The rows to write with the job's results, given what the ingest changed.
    pub fn plan(&self, outcome: &IngestOutcome) -> Vec<OutboxRow> {
        self.events(outcome)
            .into_iter()
            .filter_map(|event| outbox_row(&self.to, event, self.now))
            .collect()
    }

    fn events(&self, outcome: &IngestOutcome) -> Vec<WebhookEvent> {
        let item_id = self.item_id.clone();
        let error_after = item_error(Some(self.after));
        if let Some((error_type, error_code)) = error_after {
            if item_error(self.before) == error_after {
                return Vec::new();
            }
            let error = WebhookError::new(error_type, error_code, &error_message(error_code));
            return vec![WebhookEvent::Item(ItemEvent::Error { item_id, error })];
        }
        if self.after != ConnectionStatus::Connected {
            return Vec::new();
        }
        let mut events = Vec::new();
        if item_error(self.before).is_some() {
            events.push(WebhookEvent::Item(ItemEvent::LoginRepaired {
                item_id: item_id.clone(),
            }));
        }
        let transactions_job = matches!(self.kind, JobKind::Aggregation | JobKind::History)
            && self.include_transactions;
        if transactions_job {
            let investment: u64 = outcome
                .added_per_account
                .iter()
                .filter(|(guid, _)| self.investment_accounts.contains(guid))
                .map(|(_, n)| *n)
                .sum();
            let added = outcome.transactions_added.saturating_sub(investment);
            let changed = added + outcome.transactions_updated;
            events.extend(transaction_events(
                &item_id,
                self.first_success,
                added,
                changed,
            ));
            if investment > 0 && !self.first_success {
                events.push(WebhookEvent::InvestmentsTransactions(
                    InvestmentsTransactionsEvent::DefaultUpdate {
                        item_id: item_id.clone(),
                        error: None,
                        new_investments_transactions: investment,
                        cancelled_investments_transactions: CancelledCount(0),
                    },
                ));
            }
        }
        if let Some(count) = self.holdings.filter(|n| *n > 0) {
            let count = count as u64;
            let (new_holdings, updated_holdings) = if self.first_success {
                (count, 0)
            } else {
                (0, count)
            };
            events.push(WebhookEvent::Holdings(HoldingsEvent::DefaultUpdate {
                item_id,
                error: None,
                new_holdings,
                updated_holdings,
            }));
        }
        events
    }
}

/// INITIAL/HISTORICAL on the first data, DEFAULT_UPDATE on new transactions later, and
/// SYNC_UPDATES_AVAILABLE whenever the transaction log changed.
pub fn transaction_events(
    item_id: &str,
    first: bool,
    added: u64,
    changed: u64,
) -> Vec<WebhookEvent> {
    let item_id = item_id.to_owned();
    let mut events = Vec::new();
    if first {
        events.push(TransactionsEvent::InitialUpdate {
            item_id: item_id.clone(),
            error: None,
            new_transactions: added,
        });
        events.push(TransactionsEvent::HistoricalUpdate {
            item_id: item_id.clone(),
            error: None,
            new_transactions: added,
        });
    } else if added > 0 {
        events.push(TransactionsEvent::DefaultUpdate {
            item_id: item_id.clone(),
            error: None,
            new_transactions: added,
        });
    }
    if first || changed > 0 {
        events.push(TransactionsEvent::SyncUpdatesAvailable {
            item_id,
            initial_update_complete: true,
            historical_update_complete: true,
        });
    }
    events.into_iter().map(WebhookEvent::Transactions).collect()
}

fn error_message(code: &str) -> String {
    match code {
        "ITEM_LOGIN_REQUIRED" => {
            "the login details of this item have changed (credentials, MFA, or required user \
             action) and a user login is required to update this information"
        }
        "ITEM_LOCKED" => "the financial institution indicated that the user's account is locked",
        "USER_SETUP_REQUIRED" => "the user must log in directly to the financial institution",
        "INSTITUTION_DOWN" => "this financial institution is not currently responding",
        "INSTITUTION_NO_LONGER_SUPPORTED" => "this financial institution is no longer supported",
        _ => "this financial institution is not currently responding to requests",
    }
    .to_owned()
}
