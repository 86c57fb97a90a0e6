//! Plaid webhook bodies (spec §3.2), serialised to the JSON Plaid sends.
//!
//! The shape follows plaid-python's webhook models rather than the Link Money seed where
//! the two differ, because the SDK is what our customers' receivers run:
//! - every body carries `environment` (the SDK models require it);
//! - `error` is emitted as `null`, never omitted, wherever the catalogue lists it;
//! - TRANSACTIONS_REMOVED has type TRANSACTIONS (the seed says ITEM);
//! - INVESTMENTS_TRANSACTIONS carries both `canceled_…` (seed) and `cancelled_…` (SDK);
//! - counts are integers, because the SDK rejects `1.0` where it expects an int.
//!
//! Only `Serialize` is derived: we are the sender, and the workspace's serde_json
//! `arbitrary_precision` feature cannot deserialise numbers inside internally tagged enums.

use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use time::OffsetDateTime;

/// Which Plaid environment the item lives in; plaid-python requires it on every webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Sandbox,
    Production,
}

/// The Plaid error object as embedded in a webhook: no `request_id` (the seed says it is
/// omitted in webhooks), and `display_message`/`status` always present because the SDK
/// requires the keys even when the values are null.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebhookError {
    pub error_type: String,
    pub error_code: String,
    pub error_message: String,
    pub display_message: Option<String>,
    pub status: Option<u16>,
}

impl WebhookError {
    /// An error with no user-facing message and HTTP status 400, which is what every
    /// item-level error in the catalogue carries.
    pub fn new(error_type: &str, error_code: &str, error_message: &str) -> Self {
        Self {
            error_type: error_type.to_owned(),
            error_code: error_code.to_owned(),
            error_message: error_message.to_owned(),
            display_message: None,
            status: Some(400),
        }
    }

    /// ITEM_ERROR/ITEM_LOGIN_REQUIRED with Plaid's wording.
    pub fn item_login_required() -> Self {
        Self::new(
            "ITEM_ERROR",
            "ITEM_LOGIN_REQUIRED",
            "the login details of this item have changed (credentials, MFA, or required user \
             action) and a user login is required to update this information. use Link's \
             update mode to restore the item to a good state",
        )
    }

    /// ITEM_ERROR/USER_PERMISSION_REVOKED with Plaid's wording.
    pub fn user_permission_revoked() -> Self {
        Self::new(
            "ITEM_ERROR",
            "USER_PERMISSION_REVOKED",
            "the holder of this account has revoked their permission for your application to \
             access it",
        )
    }
}

/// One webhook body: the event plus the environment it happened in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WebhookPayload {
    #[serde(flatten)]
    pub event: WebhookEvent,
    pub environment: Environment,
}

impl WebhookPayload {
    pub fn new(event: WebhookEvent, environment: Environment) -> Self {
        Self { event, environment }
    }

    /// The exact bytes to store in the outbox, sign and send. Serialise once: the
    /// signature covers these bytes, so they must never be re-serialised afterwards.
    pub fn to_json_bytes(&self) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec(self)
    }

    pub fn webhook_type(&self) -> &'static str {
        self.event.webhook_type()
    }

    pub fn webhook_code(&self) -> &'static str {
        self.event.webhook_code()
    }
}

/// Every webhook in the catalogue, grouped by `webhook_type`; the inner enums are
/// tagged by `webhook_code`, so serde writes both tags first, as Plaid does.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "webhook_type")]
pub enum WebhookEvent {
    #[serde(rename = "ITEM")]
    Item(ItemEvent),
    #[serde(rename = "TRANSACTIONS")]
    Transactions(TransactionsEvent),
    #[serde(rename = "HOLDINGS")]
    Holdings(HoldingsEvent),
    #[serde(rename = "INVESTMENTS_TRANSACTIONS")]
    InvestmentsTransactions(InvestmentsTransactionsEvent),
    #[serde(rename = "LIABILITIES")]
    Liabilities(LiabilitiesEvent),
    #[serde(rename = "AUTH")]
    Auth(AuthEvent),
    #[serde(rename = "ASSETS")]
    Assets(AssetsEvent),
}

impl WebhookEvent {
    pub fn webhook_type(&self) -> &'static str {
        match self {
            Self::Item(_) => "ITEM",
            Self::Transactions(_) => "TRANSACTIONS",
            Self::Holdings(_) => "HOLDINGS",
            Self::InvestmentsTransactions(_) => "INVESTMENTS_TRANSACTIONS",
            Self::Liabilities(_) => "LIABILITIES",
            Self::Auth(_) => "AUTH",
            Self::Assets(_) => "ASSETS",
        }
    }

    pub fn webhook_code(&self) -> &'static str {
        match self {
            Self::Item(e) => e.webhook_code(),
            Self::Transactions(e) => e.webhook_code(),
            Self::Holdings(HoldingsEvent::DefaultUpdate { .. })
            | Self::InvestmentsTransactions(InvestmentsTransactionsEvent::DefaultUpdate {
                ..
            })
            | Self::Liabilities(LiabilitiesEvent::DefaultUpdate { .. }) => "DEFAULT_UPDATE",
            Self::Auth(AuthEvent::AutomaticallyVerified { .. }) => "AUTOMATICALLY_VERIFIED",
            Self::Auth(AuthEvent::VerificationExpired { .. }) => "VERIFICATION_EXPIRED",
            Self::Assets(AssetsEvent::ProductReady { .. }) => "PRODUCT_READY",
            Self::Assets(AssetsEvent::Error { .. }) => "ERROR",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "webhook_code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ItemEvent {
    /// The item went into an error state (spec §6.2).
    Error {
        item_id: String,
        error: WebhookError,
    },
    /// Consent expires within 7 days; the SDK requires the time non-null.
    PendingExpiration {
        item_id: String,
        #[serde(with = "time::serde::rfc3339")]
        consent_expiration_time: OffsetDateTime,
    },
    /// The user unlinked in the portal; `error` is always USER_PERMISSION_REVOKED.
    UserPermissionRevoked {
        item_id: String,
        error: WebhookError,
    },
    /// Sent to the *new* URL after `/item/webhook/update` or a configuration change.
    WebhookUpdateAcknowledged {
        item_id: String,
        error: Option<WebhookError>,
        new_webhook_url: String,
    },
    /// The member is back to CONNECTED after an error.
    LoginRepaired { item_id: String },
    NewAccountsAvailable {
        item_id: String,
        error: Option<WebhookError>,
    },
}

impl ItemEvent {
    fn webhook_code(&self) -> &'static str {
        match self {
            Self::Error { .. } => "ERROR",
            Self::PendingExpiration { .. } => "PENDING_EXPIRATION",
            Self::UserPermissionRevoked { .. } => "USER_PERMISSION_REVOKED",
            Self::WebhookUpdateAcknowledged { .. } => "WEBHOOK_UPDATE_ACKNOWLEDGED",
            Self::LoginRepaired { .. } => "LOGIN_REPAIRED",
            Self::NewAccountsAvailable { .. } => "NEW_ACCOUNTS_AVAILABLE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "webhook_code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TransactionsEvent {
    /// The first ~30 days are ready after link.
    InitialUpdate {
        item_id: String,
        error: Option<WebhookError>,
        new_transactions: u64,
    },
    /// The full history is ready.
    HistoricalUpdate {
        item_id: String,
        error: Option<WebhookError>,
        new_transactions: u64,
    },
    /// New transactions after a background or requested aggregation.
    DefaultUpdate {
        item_id: String,
        error: Option<WebhookError>,
        new_transactions: u64,
    },
    TransactionsRemoved {
        item_id: String,
        removed_transactions: Vec<String>,
        error: Option<WebhookError>,
    },
    /// Any change to the item's transaction log, for `/transactions/sync` users.
    SyncUpdatesAvailable {
        item_id: String,
        initial_update_complete: bool,
        historical_update_complete: bool,
    },
}

impl TransactionsEvent {
    fn webhook_code(&self) -> &'static str {
        match self {
            Self::InitialUpdate { .. } => "INITIAL_UPDATE",
            Self::HistoricalUpdate { .. } => "HISTORICAL_UPDATE",
            Self::DefaultUpdate { .. } => "DEFAULT_UPDATE",
            Self::TransactionsRemoved { .. } => "TRANSACTIONS_REMOVED",
            Self::SyncUpdatesAvailable { .. } => "SYNC_UPDATES_AVAILABLE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "webhook_code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HoldingsEvent {
    DefaultUpdate {
        item_id: String,
        error: Option<WebhookError>,
        new_holdings: u64,
        updated_holdings: u64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "webhook_code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InvestmentsTransactionsEvent {
    DefaultUpdate {
        item_id: String,
        error: Option<WebhookError>,
        new_investments_transactions: u64,
        /// Written under both spellings; one field, so the two can never disagree.
        #[serde(flatten)]
        cancelled_investments_transactions: CancelledCount,
    },
}

/// The number of cancelled investment transactions, serialised as both
/// `canceled_investments_transactions` (the seed) and `cancelled_investments_transactions`
/// (plaid-python, which requires it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CancelledCount(pub u64);

impl Serialize for CancelledCount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("canceled_investments_transactions", &self.0)?;
        map.serialize_entry("cancelled_investments_transactions", &self.0)?;
        map.end()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "webhook_code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LiabilitiesEvent {
    DefaultUpdate {
        item_id: String,
        error: Option<WebhookError>,
        account_ids_with_new_liabilities: Vec<String>,
        /// account_id → names of the liability fields that changed. A BTreeMap so the
        /// body is byte-stable for the same input.
        account_ids_with_updated_liabilities: BTreeMap<String, Vec<String>>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "webhook_code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuthEvent {
    /// Automated micro-deposits verified.
    AutomaticallyVerified { item_id: String, account_id: String },
    /// Not verified 7 days after the micro-deposits.
    VerificationExpired { item_id: String, account_id: String },
}

/// `FULL` or `FAST` Asset Report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AssetReportType {
    Full,
    Fast,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "webhook_code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AssetsEvent {
    ProductReady {
        asset_report_id: String,
        /// Optional in the SDK model, so omitted rather than null when unknown.
        #[serde(skip_serializing_if = "Option::is_none")]
        report_type: Option<AssetReportType>,
    },
    Error {
        asset_report_id: String,
        error: WebhookError,
    },
}
