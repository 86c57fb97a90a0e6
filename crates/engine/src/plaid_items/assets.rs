//! Asset Reports: create (a snapshot of one or more items), get, refresh (a new report
//! from live data), filter (a new report without some accounts, no new data), remove,
//! audit copies, and the PDF. Reports are immutable and outlive their items.

use super::report::{self, AssetReport, ReportItem, ReportUser};
use super::{hash_token, random_uuid, Item, PlaidFailure, PlaidItems, PlaidResult};
use crate::webhooks::{outbox_row, AssetsEvent, Destination, WebhookEvent};
use polyfin_domain::ids::ClientId;
use polyfin_store::{AssetReportRecord, AuditCopyRecord, PlaidItemRecord};
use rand::Rng;

/// What `/asset_report/create` (and refresh) asks for.
#[derive(Debug, Clone, Default)]
pub struct ReportRequest {
    pub days_requested: u32,
    pub client_report_id: Option<String>,
    pub webhook: Option<String>,
    pub user: ReportUser,
}

/// A stored report with its token (only on creation) and id.
#[derive(Debug, Clone)]
pub struct CreatedReport {
    pub asset_report_token: String,
    pub asset_report_id: String,
}

impl PlaidItems<'_> {
    /// Generates a report over `items` now and stores it; fires ASSETS/PRODUCT_READY.
    pub async fn create_report(
        &self,
        client: &ClientId,
        items: &[Item],
        request: ReportRequest,
        excluded: Vec<String>,
    ) -> PlaidResult<CreatedReport> {
        let webhook = self.check_webhook("options.webhook", request.webhook)?;
        let mut report = AssetReport {
            asset_report_id: random_uuid(),
            client_report_id: request.client_report_id,
            date_generated: self.now(),
            days_requested: request.days_requested,
            user: request.user,
            items: Vec::new(),
            webhook,
            excluded_account_ids: excluded,
            warnings: Vec::new(),
        };
        for item in items {
            self.ensure_ready(item)?;
            let section = self.report_item(item, &mut report).await?;
            report.items.push(section);
        }
        self.store_report(client, report).await
    }

    async fn report_item(&self, item: &Item, report: &mut AssetReport) -> PlaidResult<ReportItem> {
        let accounts: Vec<_> = self
            .accounts(item, None)
            .await?
            .into_iter()
            .filter(|a| !report.excluded_account_ids.contains(&a.account_id))
            .collect();
        let today = self.now().date();
        let from = today - time::Duration::days(i64::from(report.days_requested));
        let categories = self.user_categories(item).await?;
        let transactions: Vec<_> = self
            .member_transactions(item, from, today)
            .await?
            .iter()
            .map(|t| super::data::to_plaid_transaction(t, &categories))
            .collect();
        let owners = self.member_owners(item).await?;
        if owners.is_empty() {
            report
                .warnings
                .push(("OWNERS_UNAVAILABLE".to_owned(), item.record.item_id.clone()));
        }
        let institution = self.engine().catalogue().get(&item.member.institution_code);
        Ok(ReportItem {
            item_id: item.record.item_id.clone(),
            institution_name: institution.map(|i| i.name.clone()).unwrap_or_default(),
            institution_id: self.institution_id(&item.member.institution_code),
            date_last_updated: item
                .member
                .successfully_aggregated_at
                .unwrap_or(report.date_generated),
            accounts: accounts
                .iter()
                .map(|a| report::account(a, &transactions, &owners, today, report.days_requested))
                .collect(),
        })
    }

    async fn store_report(
        &self,
        client: &ClientId,
        report: AssetReport,
    ) -> PlaidResult<CreatedReport> {
        let token = format!("assets-sandbox-{}", random_uuid());
        let json = serde_json::to_string(&report)
            .map_err(|e| crate::Error::Internal(format!("asset report: {e}")))?;
        let config = self.configuration(client).await?;
        let webhooks: Vec<_> = report
            .webhook
            .clone()
            .or_else(|| config.webhook_url.clone())
            .and_then(|url| {
                let to = Destination {
                    client_id: client.clone(),
                    member_guid: report.asset_report_id.clone(),
                    url,
                    subscriptions: config.subscriptions.clone(),
                };
                let event = WebhookEvent::Assets(AssetsEvent::ProductReady {
                    asset_report_id: report.asset_report_id.clone(),
                    report_type: Some(polyfin_webhooks::payload::AssetReportType::Full),
                });
                outbox_row(&to, event, self.now())
            })
            .into_iter()
            .collect();
        let record = AssetReportRecord {
            asset_report_id: report.asset_report_id.clone(),
            token_hash: hash_token(&token),
            client_id: client.clone(),
            report: json,
            created_at: self.now(),
            removed_at: None,
        };
        self.engine()
            .store
            .insert_asset_report(&record, &webhooks)
            .await?;
        if !webhooks.is_empty() {
            self.engine().webhooks().wake();
        }
        Ok(CreatedReport {
            asset_report_token: token,
            asset_report_id: report.asset_report_id,
        })
    }

    /// The report an asset report token names, for this client.
    pub async fn report(&self, client: &ClientId, token: &str) -> PlaidResult<AssetReport> {
        let record = self
            .engine()
            .store
            .find_asset_report(client, &hash_token(token))
            .await?
            .ok_or(PlaidFailure::InvalidAssetReportToken)?;
        parse(&record)
    }

    /// A new report from the same items' live data (spec: inherits items, filters and
    /// options; given options replace them, `""` clears).
    pub async fn refresh_report(
        &self,
        client: &ClientId,
        token: &str,
        days_requested: Option<u32>,
        overrides: ReportRequest,
    ) -> PlaidResult<CreatedReport> {
        let old = self.report(client, token).await?;
        let mut items = Vec::new();
        for section in &old.items {
            items.push(self.live_item(client, &section.item_id).await?);
        }
        let pick = |new: Option<String>, old: Option<String>| match new {
            Some(v) if v.is_empty() => None,
            Some(v) => Some(v),
            None => old,
        };
        let request = ReportRequest {
            days_requested: days_requested.unwrap_or(old.days_requested),
            client_report_id: pick(overrides.client_report_id, old.client_report_id),
            webhook: pick(overrides.webhook, old.webhook),
            user: if overrides.user == ReportUser::default() {
                old.user
            } else {
                overrides.user
            },
        };
        self.create_report(client, &items, request, old.excluded_account_ids)
            .await
    }

    async fn live_item(&self, client: &ClientId, item_id: &str) -> PlaidResult<Item> {
        let record: PlaidItemRecord = self
            .engine()
            .store
            .find_plaid_item(client, item_id)
            .await?
            .filter(|r| r.removed_at.is_none())
            .ok_or(PlaidFailure::ItemNotFound)?;
        self.item_of(record).await
    }

    /// A new report of the same data without `exclude`d accounts.
    pub async fn filter_report(
        &self,
        client: &ClientId,
        token: &str,
        exclude: &[String],
    ) -> PlaidResult<CreatedReport> {
        let mut report = self.report(client, token).await?;
        report.asset_report_id = random_uuid();
        report.date_generated = self.now();
        for item in &mut report.items {
            item.accounts.retain(|a| !exclude.contains(&a.account_id));
        }
        report.excluded_account_ids.extend(exclude.iter().cloned());
        self.store_report(client, report).await
    }

    /// Removes a report and its audit copies; false when the token names none.
    pub async fn remove_report(&self, client: &ClientId, token: &str) -> PlaidResult<bool> {
        let Ok(report) = self.report(client, token).await else {
            return Err(PlaidFailure::InvalidAssetReportToken);
        };
        Ok(self
            .engine()
            .store
            .remove_asset_report(client, &report.asset_report_id, self.now())
            .await?)
    }

    /// An audit copy token for a third party (`auditor_id`) to read the report.
    pub async fn create_audit_copy(
        &self,
        client: &ClientId,
        token: &str,
        auditor_id: Option<String>,
    ) -> PlaidResult<String> {
        let report = self.report(client, token).await?;
        const BASE32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let mut rng = rand::rngs::OsRng;
        let suffix: String = (0..26)
            .map(|_| char::from(BASE32[rng.gen_range(0..BASE32.len())]))
            .collect();
        let audit_token = format!("a-sandbox-{suffix}");
        let record = AuditCopyRecord {
            token_hash: hash_token(&audit_token),
            client_id: client.clone(),
            asset_report_id: report.asset_report_id,
            auditor_id,
            created_at: self.now(),
            removed_at: None,
        };
        self.engine().store.insert_audit_copy(&record).await?;
        Ok(audit_token)
    }

    /// The report behind an audit copy token (auditors present it with their own keys).
    pub async fn audit_copy(&self, audit_token: &str) -> PlaidResult<AssetReport> {
        let store = &self.engine().store;
        let copy = store
            .find_audit_copy(&hash_token(audit_token))
            .await?
            .ok_or(PlaidFailure::InvalidAuditCopyToken)?;
        let record = store
            .find_asset_report_by_id(&copy.asset_report_id)
            .await?
            .ok_or(PlaidFailure::InvalidAuditCopyToken)?;
        parse(&record)
    }

    pub async fn remove_audit_copy(
        &self,
        client: &ClientId,
        audit_token: &str,
    ) -> PlaidResult<bool> {
        let removed = self
            .engine()
            .store
            .remove_audit_copy(client, &hash_token(audit_token), self.now())
            .await?;
        if !removed {
            return Err(PlaidFailure::InvalidAuditCopyToken);
        }
        Ok(true)
    }

    /// The report as a PDF: one statement-like section per account.
    pub fn report_pdf(&self, report: &AssetReport) -> PlaidResult<Vec<u8>> {
        let document = super::report_pdf::document(report);
        polyfin_documents::render_report(&document)
            .map_err(|e| PlaidFailure::Engine(crate::Error::Internal(e.to_string())))
    }
}

fn parse(record: &AssetReportRecord) -> PlaidResult<AssetReport> {
    serde_json::from_str(&record.report)
        .map_err(|e| PlaidFailure::Engine(crate::Error::Internal(format!("asset report: {e}"))))
}
