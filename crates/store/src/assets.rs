//! Records and repository of Plaid Asset Reports: immutable stored snapshots, reached
//! by the hash of their token, and their audit copies.

use crate::{OutboxRow, StoreResult};
use async_trait::async_trait;
use polyfin_domain::ids::ClientId;
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq)]
pub struct AssetReportRecord {
    pub asset_report_id: String,
    pub token_hash: String,
    pub client_id: ClientId,
    /// The generated report (the engine's JSON), never changed after insert.
    pub report: String,
    pub created_at: OffsetDateTime,
    pub removed_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuditCopyRecord {
    pub token_hash: String,
    pub client_id: ClientId,
    pub asset_report_id: String,
    pub auditor_id: Option<String>,
    pub created_at: OffsetDateTime,
    pub removed_at: Option<OffsetDateTime>,
}

#[async_trait]
pub trait AssetReportRepo {
    /// Stores a generated report and the webhooks announcing it, together.
    async fn insert_asset_report(
        &self,
        report: &AssetReportRecord,
        webhooks: &[OutboxRow],
    ) -> StoreResult<()>;
    /// A live report of this client by its token's hash.
    async fn find_asset_report(
        &self,
        client: &ClientId,
        token_hash: &str,
    ) -> StoreResult<Option<AssetReportRecord>>;
    async fn find_asset_report_by_id(
        &self,
        asset_report_id: &str,
    ) -> StoreResult<Option<AssetReportRecord>>;
    /// Removes the report and its audit copies; false when it was not live.
    async fn remove_asset_report(
        &self,
        client: &ClientId,
        asset_report_id: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
    async fn insert_audit_copy(&self, copy: &AuditCopyRecord) -> StoreResult<()>;
    /// A live audit copy by its token's hash (any client: auditors present it).
    async fn find_audit_copy(&self, token_hash: &str) -> StoreResult<Option<AuditCopyRecord>>;
    async fn remove_audit_copy(
        &self,
        client: &ClientId,
        token_hash: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
}
