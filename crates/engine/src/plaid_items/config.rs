//! The developer configuration of the Plaid dialect (spec §4.3): per client, a default
//! webhook URL for items without one, which webhooks to send, and whether transactions
//! carry FinSight advice. A client that never set it has the defaults.

use super::{Item, PlaidFailure, PlaidItems, PlaidResult};
use crate::webhooks::events::destination;
use crate::webhooks::{outbox_row, ItemEvent, WebhookEvent};
use polyfin_domain::ids::ClientId;
use polyfin_store::{OutboxRow, PlaidConfigRecord};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The webhook format this deployment delivers (`mx` and `yodlee` are not served).
pub const DATA_FORMAT: &str = "plaid";
/// Every item is a sandbox item (tokens are `access-sandbox-…`).
pub const ENVIRONMENT: &str = "sandbox";
/// Webhook types a subscription may name.
pub const WEBHOOK_TYPES: [&str; 7] = [
    "ITEM",
    "TRANSACTIONS",
    "HOLDINGS",
    "INVESTMENTS_TRANSACTIONS",
    "LIABILITIES",
    "AUTH",
    "ASSETS",
];

/// Which webhooks a client receives.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Subscriptions {
    #[default]
    All,
    /// `(webhook_type, webhook_code)`; a code of `*` is every code of the type.
    Only(Vec<(String, String)>),
}

impl Subscriptions {
    pub fn allows(&self, webhook_type: &str, webhook_code: &str) -> bool {
        match self {
            Self::All => true,
            Self::Only(list) => list
                .iter()
                .any(|(t, c)| t == webhook_type && (c == "*" || c == webhook_code)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeveloperConfiguration {
    pub client_id: ClientId,
    pub data_format: String,
    pub webhook_url: Option<String>,
    pub subscriptions: Subscriptions,
    pub include_finsights: bool,
    pub environment: String,
}

/// A partial update: `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ConfigurationPatch {
    pub data_format: Option<String>,
    /// `Some(None)` clears the default webhook.
    pub webhook_url: Option<Option<String>>,
    pub subscriptions: Option<Subscriptions>,
    pub include_finsights: Option<bool>,
    pub environment: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct StoredSubscription {
    webhook_type: String,
    webhook_code: String,
}

impl DeveloperConfiguration {
    fn defaults(client: &ClientId) -> Self {
        Self {
            client_id: client.clone(),
            data_format: DATA_FORMAT.to_owned(),
            webhook_url: None,
            subscriptions: Subscriptions::All,
            include_finsights: false,
            environment: ENVIRONMENT.to_owned(),
        }
    }

    fn from_record(record: PlaidConfigRecord) -> Self {
        // Written by `to_record` only: `["*"]` or a list of subscriptions.
        let subscriptions = serde_json::from_str::<Vec<StoredSubscription>>(
            &record.webhook_subscriptions,
        )
        .map_or(Subscriptions::All, |list| {
            Subscriptions::Only(
                list.into_iter()
                    .map(|s| (s.webhook_type, s.webhook_code))
                    .collect(),
            )
        });
        Self {
            client_id: record.client_id,
            data_format: record.data_format,
            webhook_url: record.webhook_url,
            subscriptions,
            include_finsights: record.include_finsights,
            environment: record.environment,
        }
    }

    fn to_record(&self, at: OffsetDateTime) -> PlaidConfigRecord {
        let subscriptions = match &self.subscriptions {
            Subscriptions::All => "[\"*\"]".to_owned(),
            Subscriptions::Only(list) => serde_json::to_string(
                &list
                    .iter()
                    .map(|(t, c)| StoredSubscription {
                        webhook_type: t.clone(),
                        webhook_code: c.clone(),
                    })
                    .collect::<Vec<_>>(),
            )
            .unwrap_or_else(|_| "[]".to_owned()),
        };
        PlaidConfigRecord {
            client_id: self.client_id.clone(),
            data_format: self.data_format.clone(),
            webhook_url: self.webhook_url.clone(),
            webhook_subscriptions: subscriptions,
            include_finsights: self.include_finsights,
            environment: self.environment.clone(),
            updated_at: at,
        }
    }
}

fn invalid(field: &str, message: impl Into<String>) -> PlaidFailure {
    PlaidFailure::InvalidField {
        field: field.to_owned(),
        message: message.into(),
    }
}

impl PlaidItems<'_> {
    /// The client's configuration (the defaults until it sets one).
    pub async fn configuration(&self, client: &ClientId) -> crate::Result<DeveloperConfiguration> {
        Ok(
            match self.engine().store.plaid_configuration(client).await? {
                Some(record) => DeveloperConfiguration::from_record(record),
                None => DeveloperConfiguration::defaults(client),
            },
        )
    }

    /// The FinSight `uid` (the partner's user id, else the user guid) when the item's
    /// transactions carry FinSight fields: as the request asks, else as the client's
    /// configuration says (spec §4.1).
    pub async fn finsight_uid(
        &self,
        item: &Item,
        asked: Option<bool>,
    ) -> PlaidResult<Option<String>> {
        let wanted = match asked {
            Some(asked) => asked,
            None => {
                self.configuration(&item.record.client_id)
                    .await?
                    .include_finsights
            }
        };
        Ok(wanted.then(|| {
            item.user
                .id
                .clone()
                .unwrap_or_else(|| item.user.guid.as_str().to_owned())
        }))
    }

    /// Applies a partial update. A new default webhook URL is acknowledged with
    /// ITEM/WEBHOOK_UPDATE_ACKNOWLEDGED to every item it now applies to, written with
    /// the change.
    pub async fn configure(
        &self,
        client: &ClientId,
        patch: ConfigurationPatch,
    ) -> PlaidResult<DeveloperConfiguration> {
        let before = self.configuration(client).await?;
        let mut after = before.clone();
        if let Some(format) = patch.data_format {
            if format != DATA_FORMAT {
                return Err(invalid(
                    "data_format",
                    format!(
                        "{format:?} is not served here; webhooks are delivered in the plaid format"
                    ),
                ));
            }
        }
        if let Some(environment) = patch.environment {
            if environment != ENVIRONMENT {
                return Err(invalid(
                    "environment",
                    format!("{environment:?} is not available; every item here is a sandbox item"),
                ));
            }
        }
        if let Some(url) = patch.webhook_url {
            after.webhook_url = self.check_webhook("webhook_url", url)?;
        }
        if let Some(subscriptions) = patch.subscriptions {
            after.subscriptions = subscriptions;
        }
        if let Some(include) = patch.include_finsights {
            after.include_finsights = include;
        }
        let rows = match &after.webhook_url {
            Some(url) if before.webhook_url.as_ref() != Some(url) => {
                self.default_webhook_rows(&after, url).await?
            }
            _ => Vec::new(),
        };
        let record = after.to_record(self.now());
        self.engine()
            .store
            .put_plaid_configuration_with_webhooks(&record, &rows)
            .await?;
        if !rows.is_empty() {
            self.engine().webhooks().wake();
        }
        Ok(after)
    }

    async fn default_webhook_rows(
        &self,
        config: &DeveloperConfiguration,
        url: &str,
    ) -> PlaidResult<Vec<OutboxRow>> {
        let items = self
            .engine()
            .store
            .plaid_items_without_webhook(&config.client_id)
            .await?;
        let now = self.now();
        Ok(items
            .iter()
            .filter_map(|item| {
                let to = destination(item, config)?;
                let event = WebhookEvent::Item(ItemEvent::WebhookUpdateAcknowledged {
                    item_id: item.item_id.clone(),
                    error: None,
                    new_webhook_url: url.to_owned(),
                });
                outbox_row(&to, event, now)
            })
            .collect())
    }
}
