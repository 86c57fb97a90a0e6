//! Bulk history for `polyfin seed` and the benchmarks: a member's data fetched from its
//! connector and written through the aggregation ingest path (`build_batch`, then the
//! store's upsert with dedupe), without queueing a job. Preparing (connector and
//! enrichment, CPU only) is split from writing so callers can overlap the two.

use crate::ingest::{build_batch, UserRules};
use crate::{Engine, Error, Result};
use polyfin_connectors::{FetchExtras, FetchRequest, LoginStep, Session};
use polyfin_domain::ids::MemberGuid;
use polyfin_domain::member::ConnectionStatus;
use polyfin_store::{IngestBatch, IngestOutcome, MemberRecord};
use std::collections::BTreeMap;
use time::Duration;

/// A member's fetched history, ready to be written.
#[derive(Debug)]
pub struct PreparedHistory {
    record: MemberRecord,
    batch: IngestBatch,
}

impl PreparedHistory {
    pub fn transactions(&self) -> usize {
        self.batch.transactions.len()
    }
}

impl Engine {
    /// Logs the member in and fetches its last `days` days, keeping the `limit` most
    /// recent transactions; the member ends CONNECTED once this is ingested.
    pub async fn prepare_history(
        &self,
        member: &MemberGuid,
        days: i64,
        limit: usize,
    ) -> Result<PreparedHistory> {
        let mut record = self
            .store
            .find_member_by_guid(member)
            .await?
            .ok_or(Error::NotFound("Member"))?;
        let institution = self.institution(&record.member.institution_code)?;
        let connector = self
            .connector_for(institution)
            .ok_or_else(|| Error::Internal(format!("no connector {}", institution.connector)))?;
        let credentials: BTreeMap<String, String> = match &record.sealed_credentials {
            Some(sealed) => self.cipher.open(sealed).map_err(Error::secret)?,
            None => BTreeMap::new(),
        };
        let session = Session {
            institution,
            credentials: &credentials,
            oauth_authorized: false,
            seed: &record.seed,
        };
        let login = connector.login(&session).await;
        if !matches!(login, Ok(LoginStep::Authenticated)) {
            return Err(Error::Internal(
                "the member's login did not authenticate without MFA".to_owned(),
            ));
        }
        let now = self.clock.now();
        let request = FetchRequest {
            now,
            from: now.date() - Duration::days(days),
            include_transactions: true,
            extras: FetchExtras::default(),
        };
        let mut data = connector
            .fetch(&session, &request)
            .await
            .map_err(|e| Error::Internal(e.to_string()))?;
        // Newest first, so the cut keeps the most recent history of every account.
        data.transactions
            .sort_by_key(|t| std::cmp::Reverse(t.transacted_at));
        data.transactions.truncate(limit);
        let existing = self.store.member_accounts(member).await?;
        let user_rules = UserRules::of(self.store.as_ref(), &record.member).await?;
        let batch = build_batch(&record.member, &existing, data, false, &user_rules, now);
        let m = &mut record.member;
        m.connection_status = Some(ConnectionStatus::Connected);
        m.is_authenticated = true;
        m.is_being_aggregated = false;
        m.has_processed_accounts = true;
        m.has_processed_transactions = true;
        m.aggregated_at = Some(now);
        m.successfully_aggregated_at = Some(now);
        m.last_job_started_at = Some(now);
        m.updated_at = now;
        Ok(PreparedHistory { record, batch })
    }

    /// Writes a prepared history and its member in one database transaction.
    pub async fn ingest_history(&self, prepared: &PreparedHistory) -> Result<IngestOutcome> {
        Ok(self.store.ingest(&prepared.record, &prepared.batch).await?)
    }
}
