//! The webhooks of an item's own changes: linking (INITIAL/HISTORICAL updates for data
//! that is already there), a new webhook URL (WEBHOOK_UPDATE_ACKNOWLEDGED, sent to the
//! new URL) and the sandbox's `/sandbox/item/fire_webhook`.

use super::{Item, PlaidFailure, PlaidItems, PlaidResult};
use crate::webhooks::events::{destination_of, transaction_events};
use crate::webhooks::{
    outbox_row, AuthEvent, HoldingsEvent, InvestmentsTransactionsEvent, ItemEvent,
    LiabilitiesEvent, TransactionsEvent, WebhookError, WebhookEvent,
};
use polyfin_domain::member::Member;
use polyfin_domain::page::PageRequest;
use polyfin_store::{DataScope, OutboxRow, PlaidItemRecord, TransactionQuery};
use std::collections::BTreeMap;

impl PlaidItems<'_> {
    /// A webhook URL a tenant gives us, checked against the allow-list.
    pub fn check_webhook(&self, field: &str, url: Option<String>) -> PlaidResult<Option<String>> {
        match url.filter(|u| !u.trim().is_empty()) {
            None => Ok(None),
            Some(url) => Ok(Some(self.engine().webhooks().check_target(field, &url)?)),
        }
    }

    /// The rows announcing data that exists when an item is created for an already
    /// aggregated member.
    pub(super) async fn link_rows(
        &self,
        record: &PlaidItemRecord,
        member: &Member,
    ) -> PlaidResult<Vec<OutboxRow>> {
        let Some(to) = destination_of(self.engine(), record).await? else {
            return Ok(Vec::new());
        };
        let now = self.now();
        if let Some((error_type, error_code)) = super::item_error(member.connection_status) {
            let error = WebhookError::new(error_type, error_code, "the item is in an error state");
            let event = WebhookEvent::Item(ItemEvent::Error {
                item_id: record.item_id.clone(),
                error,
            });
            return Ok(outbox_row(&to, event, now).into_iter().collect());
        }
        if member.successfully_aggregated_at.is_none() {
            return Ok(Vec::new());
        }
        let query = TransactionQuery {
            scope: DataScope {
                user: record.user_guid.clone(),
                member: Some(record.member_guid.clone()),
                account: None,
            },
            from: time::Date::MIN,
            to: time::Date::MAX,
            accounts: None,
        };
        let one = PageRequest {
            page: 1,
            per_page: 1,
        };
        let total = self
            .engine()
            .store
            .list_transactions(&record.client_id, &query, one)
            .await?
            .total;
        Ok(transaction_events(&record.item_id, true, total, total)
            .into_iter()
            .filter_map(|event| outbox_row(&to, event, now))
            .collect())
    }

    /// Sets (or clears) the item's webhook; a new URL gets WEBHOOK_UPDATE_ACKNOWLEDGED,
    /// written with the change.
    pub async fn set_webhook(&self, item: &Item, webhook: Option<String>) -> PlaidResult<Item> {
        let webhook = self.check_webhook("webhook", webhook)?;
        let mut updated = item.clone();
        updated.record.webhook = webhook;
        let to = destination_of(self.engine(), &updated.record).await?;
        updated.webhook = to.as_ref().map(|t| t.url.clone());
        let rows: Vec<OutboxRow> = to
            .and_then(|to| {
                // The URL webhooks now go to: the item's own, or the client's default.
                let event = WebhookEvent::Item(ItemEvent::WebhookUpdateAcknowledged {
                    item_id: item.record.item_id.clone(),
                    error: None,
                    new_webhook_url: to.url.clone(),
                });
                outbox_row(&to, event, self.now())
            })
            .into_iter()
            .collect();
        self.engine()
            .store
            .update_plaid_item_with_webhooks(&updated.record, &rows)
            .await?;
        self.engine().webhooks().wake();
        Ok(updated)
    }

    /// `/sandbox/item/fire_webhook`: queues the named webhook for the item's URL.
    pub async fn fire_webhook(
        &self,
        item: &Item,
        webhook_type: Option<&str>,
        webhook_code: &str,
        new_transactions: u64,
    ) -> PlaidResult<()> {
        let to = destination_of(self.engine(), &item.record)
            .await?
            .ok_or_else(|| PlaidFailure::InvalidField {
                field: "webhook".to_owned(),
                message: "the Item has no webhook URL; set one with /item/webhook/update"
                    .to_owned(),
            })?;
        let fired = Fired {
            item_id: &item.record.item_id,
            account_id: &self.auth_account_id(item).await?,
            new_transactions,
            now: self.now(),
        };
        let event = sandbox_event(&fired, webhook_type, webhook_code).ok_or_else(|| {
            PlaidFailure::InvalidField {
                field: "webhook_code".to_owned(),
                message: format!("{webhook_code} cannot be fired for this webhook_type"),
            }
        })?;
        if !to
            .subscriptions
            .allows(event.webhook_type(), event.webhook_code())
        {
            // The client unsubscribed from this webhook: nothing to send.
            return Ok(());
        }
        let row = outbox_row(&to, event, self.now())
            .ok_or_else(|| PlaidFailure::Engine(crate::Error::Internal("webhook body".into())))?;
        self.engine().webhooks().enqueue(&[row]).await?;
        Ok(())
    }
}

/// How far ahead a fired PENDING_EXPIRATION puts the item's consent expiry: the end
/// of Plaid's warning window ("consent expires within 7 days").
const SANDBOX_CONSENT_LEFT: time::Duration = time::Duration::days(7);

/// What a fired webhook says about its item.
struct Fired<'a> {
    item_id: &'a str,
    /// A real account of the item for AUTH webhooks (empty when it has none).
    account_id: &'a str,
    new_transactions: u64,
    now: time::OffsetDateTime,
}

impl PlaidItems<'_> {
    /// The account an AUTH webhook fired for the item names: its first open
    /// depository account (what Auth verifies), else its first open account.
    async fn auth_account_id(&self, item: &Item) -> PlaidResult<String> {
        let accounts = self
            .engine()
            .store
            .member_accounts(&item.record.member_guid)
            .await?;
        let open = || accounts.iter().filter(|a| !a.is_closed);
        let chosen = open()
            .find(|a| {
                super::mapping::account_type(&a.account_type, a.subtype.as_deref()).0
                    == "depository"
            })
            .or_else(|| open().next());
        Ok(chosen
            .map(|a| super::mapping::derive_id("account", a.guid.as_str()))
            .unwrap_or_default())
    }
}

/// The event `/sandbox/item/fire_webhook` sends for a type and code (spec §2.2 #28).
fn sandbox_event(
    fired: &Fired<'_>,
    webhook_type: Option<&str>,
    code: &str,
) -> Option<WebhookEvent> {
    let item_id = fired.item_id.to_owned();
    let new_transactions = fired.new_transactions;
    let kind = webhook_type.unwrap_or(match code {
        "ERROR"
        | "USER_PERMISSION_REVOKED"
        | "PENDING_EXPIRATION"
        | "LOGIN_REPAIRED"
        | "NEW_ACCOUNTS_AVAILABLE"
        | "WEBHOOK_UPDATE_ACKNOWLEDGED" => "ITEM",
        "AUTOMATICALLY_VERIFIED" | "VERIFICATION_EXPIRED" => "AUTH",
        _ => "TRANSACTIONS",
    });
    let transactions = |event| Some(WebhookEvent::Transactions(event));
    match (kind, code) {
        ("TRANSACTIONS", "DEFAULT_UPDATE") => transactions(TransactionsEvent::DefaultUpdate {
            item_id,
            error: None,
            new_transactions,
        }),
        ("TRANSACTIONS", "INITIAL_UPDATE") => transactions(TransactionsEvent::InitialUpdate {
            item_id,
            error: None,
            new_transactions,
        }),
        ("TRANSACTIONS", "HISTORICAL_UPDATE") => {
            transactions(TransactionsEvent::HistoricalUpdate {
                item_id,
                error: None,
                new_transactions,
            })
        }
        ("TRANSACTIONS", "TRANSACTIONS_REMOVED") => {
            transactions(TransactionsEvent::TransactionsRemoved {
                item_id,
                removed_transactions: Vec::new(),
                error: None,
            })
        }
        ("TRANSACTIONS", "SYNC_UPDATES_AVAILABLE") => {
            transactions(TransactionsEvent::SyncUpdatesAvailable {
                item_id,
                initial_update_complete: true,
                historical_update_complete: true,
            })
        }
        ("HOLDINGS", "DEFAULT_UPDATE") => {
            Some(WebhookEvent::Holdings(HoldingsEvent::DefaultUpdate {
                item_id,
                error: None,
                new_holdings: 0,
                updated_holdings: 0,
            }))
        }
        ("INVESTMENTS_TRANSACTIONS", "DEFAULT_UPDATE") => Some(
            WebhookEvent::InvestmentsTransactions(InvestmentsTransactionsEvent::DefaultUpdate {
                item_id,
                error: None,
                new_investments_transactions: 0,
                cancelled_investments_transactions: polyfin_webhooks::payload::CancelledCount(0),
            }),
        ),
        ("LIABILITIES", "DEFAULT_UPDATE") => {
            Some(WebhookEvent::Liabilities(LiabilitiesEvent::DefaultUpdate {
                item_id,
                error: None,
                account_ids_with_new_liabilities: Vec::new(),
                account_ids_with_updated_liabilities: BTreeMap::new(),
            }))
        }
        ("ITEM", code) => item_event(item_id, code, fired.now).map(WebhookEvent::Item),
        ("AUTH", "AUTOMATICALLY_VERIFIED") => {
            Some(WebhookEvent::Auth(AuthEvent::AutomaticallyVerified {
                item_id,
                account_id: fired.account_id.to_owned(),
            }))
        }
        ("AUTH", "VERIFICATION_EXPIRED") => {
            Some(WebhookEvent::Auth(AuthEvent::VerificationExpired {
                item_id,
                account_id: fired.account_id.to_owned(),
            }))
        }
        _ => None,
    }
}

fn item_event(item_id: String, code: &str, now: time::OffsetDateTime) -> Option<ItemEvent> {
    Some(match code {
        // The sandbox's items have no consent expiry of their own (`/item/get` says
        // null): the fired warning names the end of the 7-day window, to the second.
        "PENDING_EXPIRATION" => ItemEvent::PendingExpiration {
            item_id,
            consent_expiration_time: (now + SANDBOX_CONSENT_LEFT).replace_nanosecond(0).ok()?,
        },
        "ERROR" => ItemEvent::Error {
            item_id,
            error: WebhookError::item_login_required(),
        },
        "USER_PERMISSION_REVOKED" => ItemEvent::UserPermissionRevoked {
            item_id,
            error: WebhookError::user_permission_revoked(),
        },
        "LOGIN_REPAIRED" => ItemEvent::LoginRepaired { item_id },
        "NEW_ACCOUNTS_AVAILABLE" => ItemEvent::NewAccountsAvailable {
            item_id,
            error: None,
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn pending_expiration_names_the_end_of_the_window_to_the_second() {
        let fired = Fired {
            item_id: "item-1",
            account_id: "",
            new_transactions: 0,
            now: datetime!(2026-12-05 22:10:30.75 UTC),
        };
        let event = sandbox_event(&fired, Some("ITEM"), "PENDING_EXPIRATION");
        assert_eq!(
            event,
            Some(WebhookEvent::Item(ItemEvent::PendingExpiration {
                item_id: "item-1".to_owned(),
                consent_expiration_time: datetime!(2026-12-12 22:10:30 UTC),
            }))
        );
        // The code alone picks its type.
        assert_eq!(sandbox_event(&fired, None, "PENDING_EXPIRATION"), event);
        assert_eq!(
            sandbox_event(&fired, Some("AUTH"), "PENDING_EXPIRATION"),
            None
        );
    }
}
