use super::members::{bind_mutable, MUTABLE_SET};
use super::pfm::mark_recurring;
use super::{flag, ingest, SqliteStore};
use crate::RecurringDetect;
use crate::{
    IngestBatch, IngestOutcome, JobRecord, JobRepo, MemberRecord, StoreError, StoreResult,
};
use async_trait::async_trait;
use polyfin_domain::ids::{ClientId, JobGuid, MemberGuid, UserGuid};
use polyfin_domain::member::{ConnectionStatus, Job, JobKind, JobState};
use sqlx::sqlite::SqliteRow;
use sqlx::Connection;
use sqlx::{Row, Sqlite, Transaction};
use time::OffsetDateTime;

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value}"))
}

fn job_from_row(row: &SqliteRow) -> StoreResult<JobRecord> {
    let kind: String = row.try_get("kind")?;
    let state: String = row.try_get("state")?;
    let status: String = row.try_get("status")?;
    let job = Job {
        guid: JobGuid::from_stored(row.try_get("guid")?),
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        member_guid: MemberGuid::from_stored(row.try_get("member_guid")?),
        user_guid: UserGuid::from_stored(row.try_get("user_guid")?),
        kind: JobKind::parse(&kind).ok_or_else(|| corrupt("job kind", &kind))?,
        state: JobState::parse(&state).ok_or_else(|| corrupt("job state", &state))?,
        status: ConnectionStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        is_background: flag(row.try_get("is_background")?),
        include_transactions: flag(row.try_get("include_transactions")?),
        started_at: row.try_get("started_at")?,
        updated_at: row.try_get("updated_at")?,
        finished_at: row.try_get("finished_at")?,
        deadline: row.try_get("deadline")?,
    };
    Ok(JobRecord {
        job,
        step: row.try_get("step")?,
        mfa_state: row.try_get("mfa_state")?,
        challenges: row.try_get("challenges")?,
        sealed_answers: row.try_get("answers")?,
        claims: row.try_get("claims")?,
    })
}

pub(super) async fn write_member(
    tx: &mut Transaction<'_, Sqlite>,
    member: &MemberRecord,
) -> StoreResult<u64> {
    let sql = format!("UPDATE members SET {MUTABLE_SET} WHERE guid = ? AND deleted_at IS NULL");
    let result = bind_mutable(sqlx::query(&sql), member)
        .bind(member.member.guid.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(result.rows_affected())
}

pub(super) async fn write_job(
    tx: &mut Transaction<'_, Sqlite>,
    record: &JobRecord,
) -> StoreResult<()> {
    let job = &record.job;
    sqlx::query(
        "UPDATE jobs SET state = ?, status = ?, step = ?, mfa_state = ?, challenges = ?, answers = ?, \
         deadline = ?, updated_at = ?, finished_at = ? WHERE guid = ?",
    )
    .bind(job.state.name())
    .bind(job.status.name())
    .bind(&record.step)
    .bind(&record.mfa_state)
    .bind(&record.challenges)
    .bind(&record.sealed_answers)
    .bind(job.deadline)
    .bind(job.updated_at)
    .bind(job.finished_at)
    .bind(job.guid.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The writes ending a job, in the caller's transaction: the member, the batch, the
/// member's recurring marks when asked, the job. `None` when the member was deleted
/// while its job ran (the results go with it).
pub(super) async fn finish_in(
    tx: &mut Transaction<'_, Sqlite>,
    job: &JobRecord,
    member: &MemberRecord,
    data: &IngestBatch,
    recurring: Option<RecurringDetect<'_>>,
) -> StoreResult<Option<IngestOutcome>> {
    let m = &member.member;
    // The writer connection's transaction holds SQLite's write lock from the first
    // write on, so no other refresh of this user runs in between.
    if write_member(tx, member).await? == 0 {
        return Ok(None);
    }
    let outcome = ingest::write_batch(tx, data).await?;
    if let Some(detect) = recurring {
        mark_recurring(tx, &m.client_id, &m.user_guid, Some(&m.guid), detect).await?;
    }
    write_job(tx, job).await?;
    Ok(Some(outcome))
}

// The open jobs are found through the partial index `jobs_open` (`WHERE state <>
// 'finished'`), which SQLite uses only when the query says so itself: it does not infer
// it from `state = 'queued'`. Without it every claim scanned and sorted every job ever run.
const CLAIM_NEXT: &str = "UPDATE jobs SET state = 'running', deadline = ?, claims = claims + 1 \
     WHERE guid = (SELECT guid FROM jobs WHERE state = 'queued' AND state <> 'finished' \
     ORDER BY is_background, seq LIMIT 1) \
     AND state = 'queued' RETURNING *";
const QUEUED_BACKGROUND: &str =
    "SELECT COUNT(*) FROM jobs WHERE state = 'queued' AND state <> 'finished' AND is_background = 1";
const OVERDUE: &str = "SELECT * FROM jobs WHERE state IN ('running', 'challenged') \
     AND state <> 'finished' AND deadline IS NOT NULL AND deadline < ? ORDER BY seq LIMIT 500";

#[async_trait]
impl JobRepo for SqliteStore {
    async fn begin_job(&self, member: &MemberRecord, record: &JobRecord) -> StoreResult<bool> {
        let mut writer = self.writer.lock().await;
        let mut tx = writer.begin().await?;
        let sql = format!(
            "UPDATE members SET {MUTABLE_SET} WHERE guid = ? AND deleted_at IS NULL AND running_job IS NULL"
        );
        let updated = bind_mutable(sqlx::query(&sql), member)
            .bind(member.member.guid.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if updated == 0 {
            return Ok(false);
        }
        let job = &record.job;
        sqlx::query(
            "INSERT INTO jobs (guid, client_id, member_guid, user_guid, kind, state, status, \
             is_background, include_transactions, step, deadline, started_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(job.guid.as_str())
        .bind(job.client_id.as_str())
        .bind(job.member_guid.as_str())
        .bind(job.user_guid.as_str())
        .bind(job.kind.name())
        .bind(job.state.name())
        .bind(job.status.name())
        .bind(job.is_background)
        .bind(job.include_transactions)
        .bind(&record.step)
        .bind(job.deadline)
        .bind(job.started_at)
        .bind(job.updated_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn claim_next_job(&self, lease_until: OffsetDateTime) -> StoreResult<Option<JobRecord>> {
        // One statement picks and leases the job, so two workers never share one.
        let row = sqlx::query(CLAIM_NEXT)
            .bind(lease_until)
            .fetch_optional(&mut *self.writer.lock().await)
            .await?;
        row.as_ref().map(job_from_row).transpose()
    }

    async fn find_job(&self, guid: &JobGuid) -> StoreResult<Option<JobRecord>> {
        let row = sqlx::query("SELECT * FROM jobs WHERE guid = ?")
            .bind(guid.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(job_from_row).transpose()
    }

    async fn save_job(&self, job: &JobRecord, member: &MemberRecord) -> StoreResult<()> {
        let mut writer = self.writer.lock().await;
        let mut tx = writer.begin().await?;
        write_job(&mut tx, job).await?;
        write_member(&mut tx, member).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn queued_background_jobs(&self) -> StoreResult<u64> {
        let count: i64 = sqlx::query_scalar(QUEUED_BACKGROUND)
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    async fn overdue_jobs(&self, now: OffsetDateTime) -> StoreResult<Vec<JobRecord>> {
        let rows = sqlx::query(OVERDUE).bind(now).fetch_all(&self.pool).await?;
        rows.iter().map(job_from_row).collect()
    }

    async fn requeue_job(
        &self,
        guid: &JobGuid,
        lease: OffsetDateTime,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        // Guarded by the lease it expires, so a job claimed again is left alone.
        let result = sqlx::query(
            "UPDATE jobs SET state = 'queued', deadline = NULL, updated_at = ? \
             WHERE guid = ? AND state = 'running' AND deadline = ?",
        )
        .bind(now)
        .bind(guid.as_str())
        .bind(lease)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    async fn finish_job(
        &self,
        job: &JobRecord,
        member: &MemberRecord,
        data: &IngestBatch,
        recurring: Option<RecurringDetect<'_>>,
    ) -> StoreResult<IngestOutcome> {
        let mut writer = self.writer.lock().await;
        let mut tx = writer.begin().await?;
        let outcome = finish_in(&mut tx, job, member, data, recurring).await?;
        tx.commit().await?;
        Ok(outcome.unwrap_or_default())
    }

    async fn ingest(
        &self,
        member: &MemberRecord,
        data: &IngestBatch,
    ) -> StoreResult<IngestOutcome> {
        let mut writer = self.writer.lock().await;
        let mut tx = writer.begin().await?;
        if write_member(&mut tx, member).await? == 0 {
            return Ok(IngestOutcome::default());
        }
        let outcome = ingest::write_batch(&mut tx, data).await?;
        tx.commit().await?;
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    /// Each query on open jobs searches `jobs_open` rather than scanning every job.
    #[tokio::test]
    async fn open_jobs_are_found_through_their_index() {
        let url = format!(
            "sqlite://{}",
            super::super::scratch_file("jobs-plan").display()
        );
        let store = SqliteStore::open(&url).await.unwrap();
        for sql in [CLAIM_NEXT, QUEUED_BACKGROUND, OVERDUE] {
            let rows = sqlx::query(&format!("EXPLAIN QUERY PLAN {sql}"))
                .fetch_all(&mut *store.writer().lock().await)
                .await
                .unwrap();
            let details: Vec<String> = rows
                .iter()
                .map(|row| sqlx::Row::get::<String, _>(row, "detail"))
                .collect();
            assert!(
                details.iter().any(|d| d.contains("USING INDEX jobs_open")),
                "{sql}: {details:?}"
            );
            assert!(
                !details.iter().any(|d| d.starts_with("SCAN jobs")),
                "{sql}: {details:?}"
            );
        }
    }
}
