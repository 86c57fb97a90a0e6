//! Which webhooks a change announces (spec §6.2 "Aggregation outcomes → webhooks").
//! Decided here, once, for every way a change happens; the store writes the rows in the
//! change's own transaction.

use super::{outbox_row, Destination};
use crate::plaid_items::config::DeveloperConfiguration;
use crate::plaid_items::item_error;
use crate::plaid_items::mapping;
use polyfin_domain::account::{Account, AccountFigures};
use polyfin_domain::member::{ConnectionStatus, JobKind};
use polyfin_store::{IngestOutcome, OutboxRow, PlaidItemRecord};
use polyfin_webhooks::payload::{
    CancelledCount, HoldingsEvent, InvestmentsTransactionsEvent, ItemEvent, LiabilitiesEvent,
    TransactionsEvent,
};
use polyfin_webhooks::{WebhookError, WebhookEvent};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// Where an item's webhooks go, if it or its client's configuration has a URL.
pub fn destination(item: &PlaidItemRecord, config: &DeveloperConfiguration) -> Option<Destination> {
    let url = item
        .webhook
        .clone()
        .filter(|u| !u.is_empty())
        .or_else(|| config.webhook_url.clone())?;
    Some(Destination {
        client_id: item.client_id.clone(),
        member_guid: item.member_guid.as_str().to_owned(),
        url,
        subscriptions: config.subscriptions.clone(),
    })
}

/// As `destination`, reading the item's client configuration.
pub(crate) async fn destination_of(
    engine: &crate::Engine,
    item: &PlaidItemRecord,
) -> crate::Result<Option<Destination>> {
    let config = engine.plaid_items().configuration(&item.client_id).await?;
    Ok(destination(item, &config))
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
    /// Liability accounts the job added, and the changed liability fields of the others.
    pub liabilities: LiabilityChanges,
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
        let transactions_job = self.kind.processes_transactions(self.include_transactions);
        if transactions_job {
            let investment: u64 = outcome
                .added_per_account
                .iter()
                .filter(|(guid, _)| self.investment_accounts.contains(guid))
                .map(|(_, n)| *n)
                .sum();
            let added = outcome.transactions_added.saturating_sub(investment);
            let removed = removed_transactions(outcome);
            let changed = added + outcome.transactions_updated + removed.len() as u64;
            if !removed.is_empty() {
                events.push(WebhookEvent::Transactions(
                    TransactionsEvent::TransactionsRemoved {
                        item_id: item_id.clone(),
                        removed_transactions: removed,
                        error: None,
                    },
                ));
            }
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
        if !self.first_success && !self.liabilities.is_empty() {
            events.push(WebhookEvent::Liabilities(LiabilitiesEvent::DefaultUpdate {
                item_id: item_id.clone(),
                error: None,
                account_ids_with_new_liabilities: self.liabilities.new.clone(),
                account_ids_with_updated_liabilities: self.liabilities.updated.clone(),
            }));
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

/// The Plaid ids of the transactions the ingest removed.
fn removed_transactions(outcome: &IngestOutcome) -> Vec<String> {
    outcome
        .removed
        .iter()
        .map(|r| crate::plaid_items::mapping::derive_id("transaction", &r.guid))
        .collect()
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

/// USER_PERMISSION_REVOKED for the live item of a member being deleted by its user
/// (an item removed through `/item/remove` is no longer live, so it gets none).
pub(crate) async fn member_deleted(
    engine: &crate::Engine,
    member: &polyfin_domain::member::Member,
) -> crate::Result<Vec<OutboxRow>> {
    let Some(item) = engine.store.plaid_item_of_member(&member.guid).await? else {
        return Ok(Vec::new());
    };
    let Some(to) = destination_of(engine, &item).await? else {
        return Ok(Vec::new());
    };
    let event = WebhookEvent::Item(ItemEvent::UserPermissionRevoked {
        item_id: item.item_id,
        error: WebhookError::user_permission_revoked(),
    });
    Ok(outbox_row(&to, event, engine.clock.now())
        .into_iter()
        .collect())
}

/// What an aggregation changed in liability data, in Plaid account ids and field names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiabilityChanges {
    pub new: Vec<String>,
    pub updated: BTreeMap<String, Vec<String>>,
}

impl LiabilityChanges {
    pub fn is_empty(&self) -> bool {
        self.new.is_empty() && self.updated.is_empty()
    }
}

type Figure = fn(&AccountFigures) -> Option<String>;

/// MX figures behind each Plaid liability field (spec §6.7).
const LIABILITY_FIELDS: [(&str, Figure); 9] = [
    ("aprs", |f| f.apr.map(|v| v.to_string())),
    ("last_payment_amount", |f| {
        f.last_payment.map(|v| v.to_string())
    }),
    ("last_payment_date", |f| {
        f.last_payment_at.map(|v| v.date().to_string())
    }),
    ("last_statement_balance", |f| {
        f.statement_balance.map(|v| v.to_string())
    }),
    ("minimum_payment_amount", |f| {
        f.minimum_payment.map(|v| v.to_string())
    }),
    ("next_payment_due_date", |f| {
        f.payment_due_at.map(|v| v.date().to_string())
    }),
    ("interest_rate", |f| f.interest_rate.map(|v| v.to_string())),
    ("maturity_date", |f| f.matures_on.map(|v| v.to_string())),
    ("origination_principal_amount", |f| {
        f.original_balance.map(|v| v.to_string())
    }),
];

/// Liability accounts (Plaid credit or loan) new in `after`, and the Plaid liability
/// fields whose MX figures differ from `before`.
pub fn liability_changes(before: &[Account], after: &[Account]) -> LiabilityChanges {
    let mut changes = LiabilityChanges::default();
    for account in after {
        let (kind, _) = mapping::account_type(&account.account_type, account.subtype.as_deref());
        if !matches!(kind, "credit" | "loan") {
            continue;
        }
        let account_id = mapping::derive_id("account", account.guid.as_str());
        match before.iter().find(|b| b.guid == account.guid) {
            None => changes.new.push(account_id),
            Some(old) => {
                let fields: Vec<String> = LIABILITY_FIELDS
                    .iter()
                    .filter(|(_, get)| get(&old.figures) != get(&account.figures))
                    .map(|(name, _)| (*name).to_owned())
                    .collect();
                if !fields.is_empty() {
                    changes.updated.insert(account_id, fields);
                }
            }
        }
    }
    changes
}
