//! Records and repository of the Plaid-compatible dialect: items and hashed tokens.

use crate::StoreResult;
use async_trait::async_trait;
use polyfin_domain::ids::{ClientId, MemberGuid, UserGuid};
use time::OffsetDateTime;

/// A member seen as a Plaid item.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaidItemRecord {
    pub item_id: String,
    pub client_id: ClientId,
    pub user_guid: UserGuid,
    pub member_guid: MemberGuid,
    pub webhook: Option<String>,
    pub created_at: OffsetDateTime,
    pub removed_at: Option<OffsetDateTime>,
}

/// A public or access token; only its hash is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaidTokenRecord {
    pub token_hash: String,
    /// `public` or `access`.
    pub kind: String,
    pub client_id: ClientId,
    pub item_id: String,
    pub created_at: OffsetDateTime,
    pub expires_at: Option<OffsetDateTime>,
    pub used_at: Option<OffsetDateTime>,
}

/// A client's Plaid developer configuration (spec §4.3), as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaidConfigRecord {
    pub client_id: ClientId,
    pub data_format: String,
    pub webhook_url: Option<String>,
    /// JSON: an array of `{webhook_type, webhook_code}`, or `["*"]`.
    pub webhook_subscriptions: String,
    pub include_finsights: bool,
    pub environment: String,
    pub updated_at: OffsetDateTime,
}

#[async_trait]
pub trait PlaidRepo {
    /// Inserts the item, or leaves an existing one with the same id untouched.
    async fn upsert_plaid_item(&self, item: &PlaidItemRecord) -> StoreResult<()>;
    async fn find_plaid_item(
        &self,
        client: &ClientId,
        item_id: &str,
    ) -> StoreResult<Option<PlaidItemRecord>>;
    /// The live item of a member, whatever its client (workers act without a tenant).
    async fn plaid_item_of_member(
        &self,
        member_guid: &MemberGuid,
    ) -> StoreResult<Option<PlaidItemRecord>>;
    /// Writes the webhook and removal time.
    async fn update_plaid_item(&self, item: &PlaidItemRecord) -> StoreResult<()>;
    async fn insert_plaid_token(&self, token: &PlaidTokenRecord) -> StoreResult<()>;
    async fn find_plaid_token(&self, token_hash: &str) -> StoreResult<Option<PlaidTokenRecord>>;
    /// Marks a token used unless it already was; `false` when it was.
    async fn use_plaid_token(&self, token_hash: &str, at: OffsetDateTime) -> StoreResult<bool>;
    async fn plaid_configuration(
        &self,
        client: &ClientId,
    ) -> StoreResult<Option<PlaidConfigRecord>>;
    /// The client's live items that have no webhook of their own.
    async fn plaid_items_without_webhook(
        &self,
        client: &ClientId,
    ) -> StoreResult<Vec<PlaidItemRecord>>;
}
