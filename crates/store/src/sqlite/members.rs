use super::cells::Cells;
use super::{flag, SqliteStore};
use crate::{MemberRecord, MemberRepo, StoreError, StoreResult};
use async_trait::async_trait;
use polyfin_domain::ids::{ClientId, JobGuid, MemberGuid, UserGuid};
use polyfin_domain::member::{ConnectionStatus, JobKind, Member};
use polyfin_domain::origin::{institution_guid, Origin};
use polyfin_domain::page::{Page, PageRequest};
use sqlx::query::Query;
use sqlx::sqlite::SqliteArguments;
use sqlx::{QueryBuilder, Sqlite};
use time::OffsetDateTime;

type SqliteQuery<'q> = Query<'q, Sqlite, SqliteArguments<'q>>;

pub(super) fn member_from_row(row: &impl Cells) -> StoreResult<MemberRecord> {
    let status: Option<String> = row.cell("connection_status")?;
    let connection_status = status
        .map(|s| {
            ConnectionStatus::parse(&s).ok_or_else(|| StoreError::Corrupt(format!("status {s}")))
        })
        .transpose()?;
    let running: Option<String> = row.cell("running_job")?;
    let running_job = running
        .map(|k| JobKind::parse(&k).ok_or_else(|| StoreError::Corrupt(format!("job kind {k}"))))
        .transpose()?;
    let use_cases: String = row.cell("use_cases")?;
    let institution_code: String = row.cell("institution_code")?;
    let origin: String = row.cell("origin")?;
    let member = Member {
        guid: MemberGuid::from_stored(row.cell("guid")?),
        client_id: ClientId::from_stored(row.cell("client_id")?),
        user_guid: UserGuid::from_stored(row.cell("user_guid")?),
        id: row.cell("partner_id")?,
        institution_guid: institution_guid(&institution_code),
        institution_code,
        name: row.cell("name")?,
        metadata: row.cell("metadata")?,
        connection_status,
        is_oauth: flag(row.cell("is_oauth")?),
        is_being_aggregated: flag(row.cell("is_being_aggregated")?),
        is_authenticated: flag(row.cell("is_authenticated")?),
        background_aggregation_is_disabled: flag(row.cell("background_aggregation_is_disabled")?),
        has_processed_accounts: flag(row.cell("has_processed_accounts")?),
        has_processed_transactions: flag(row.cell("has_processed_transactions")?),
        has_processed_account_numbers: flag(row.cell("has_processed_account_numbers")?),
        aggregated_at: row.cell("aggregated_at")?,
        successfully_aggregated_at: row.cell("successfully_aggregated_at")?,
        last_job_started_at: row.cell("last_job_started_at")?,
        last_balance_at: row.cell("last_balance_at")?,
        most_recent_job_guid: row
            .cell::<Option<String>>("most_recent_job_guid")?
            .map(JobGuid::from_stored),
        running_job,
        oauth_window_uri: row.cell("oauth_window_uri")?,
        use_cases: use_cases
            .split(',')
            .filter(|u| !u.is_empty())
            .map(str::to_owned)
            .collect(),
        origin: Origin::parse(&origin)
            .ok_or_else(|| StoreError::Corrupt(format!("origin {origin}")))?,
        created_at: row.cell("created_at")?,
        updated_at: row.cell("updated_at")?,
    };
    Ok(MemberRecord {
        member,
        sealed_credentials: row.cell("credentials")?,
        seed: row.cell("seed")?,
    })
}

/// Every mutable column, in the order `bind_mutable` binds them.
pub(super) const MUTABLE_SET: &str =
    "partner_id = ?, name = ?, metadata = ?, connection_status = ?, \
    is_being_aggregated = ?, is_authenticated = ?, background_aggregation_is_disabled = ?, \
    has_processed_accounts = ?, has_processed_transactions = ?, \
    has_processed_account_numbers = ?, aggregated_at = ?, \
    successfully_aggregated_at = ?, last_job_started_at = ?, last_balance_at = ?, \
    most_recent_job_guid = ?, running_job = ?, oauth_window_uri = ?, use_cases = ?, \
    credentials = ?, updated_at = ?";

pub(super) fn bind_mutable<'q>(
    query: SqliteQuery<'q>,
    record: &'q MemberRecord,
) -> SqliteQuery<'q> {
    let m = &record.member;
    query
        .bind(&m.id)
        .bind(&m.name)
        .bind(&m.metadata)
        .bind(m.connection_status.map(ConnectionStatus::name))
        .bind(m.is_being_aggregated)
        .bind(m.is_authenticated)
        .bind(m.background_aggregation_is_disabled)
        .bind(m.has_processed_accounts)
        .bind(m.has_processed_transactions)
        .bind(m.has_processed_account_numbers)
        .bind(m.aggregated_at)
        .bind(m.successfully_aggregated_at)
        .bind(m.last_job_started_at)
        .bind(m.last_balance_at)
        .bind(m.most_recent_job_guid.as_ref().map(JobGuid::as_str))
        .bind(m.running_job.map(JobKind::name))
        .bind(&m.oauth_window_uri)
        .bind(m.use_cases.join(","))
        .bind(&record.sealed_credentials)
        .bind(m.updated_at)
}

#[async_trait]
impl MemberRepo for SqliteStore {
    async fn insert_member(&self, record: &MemberRecord, max_per_user: u64) -> StoreResult<bool> {
        let m = &record.member;
        // The count and the insert are one statement, so concurrent creates cannot
        // slip past the limit.
        let result = sqlx::query(
            "INSERT INTO members (guid, client_id, user_guid, partner_id, institution_code, name, \
             metadata, connection_status, is_oauth, background_aggregation_is_disabled, \
             oauth_window_uri, use_cases, credentials, seed, created_at, updated_at, origin) \
             SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? \
             WHERE (SELECT COUNT(*) FROM members WHERE user_guid = ? AND deleted_at IS NULL) < ?",
        )
        .bind(m.guid.as_str())
        .bind(m.client_id.as_str())
        .bind(m.user_guid.as_str())
        .bind(&m.id)
        .bind(&m.institution_code)
        .bind(&m.name)
        .bind(&m.metadata)
        .bind(m.connection_status.map(ConnectionStatus::name))
        .bind(m.is_oauth)
        .bind(m.background_aggregation_is_disabled)
        .bind(&m.oauth_window_uri)
        .bind(m.use_cases.join(","))
        .bind(&record.sealed_credentials)
        .bind(&record.seed)
        .bind(m.created_at)
        .bind(m.updated_at)
        .bind(m.origin.name())
        .bind(m.user_guid.as_str())
        .bind(i64::try_from(max_per_user).unwrap_or(i64::MAX))
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    async fn find_member(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &MemberGuid,
    ) -> StoreResult<Option<MemberRecord>> {
        self.direct.first_row(
            "SELECT * FROM members WHERE guid = ? AND client_id = ? AND user_guid = ? AND deleted_at IS NULL",
            [guid.as_str(), client.as_str(), user.as_str()],
            |row| member_from_row(row),
        )
    }

    async fn find_member_by_guid(&self, guid: &MemberGuid) -> StoreResult<Option<MemberRecord>> {
        let row = sqlx::query("SELECT * FROM members WHERE guid = ? AND deleted_at IS NULL")
            .bind(guid.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(member_from_row).transpose()
    }

    async fn list_members(
        &self,
        client: &ClientId,
        user: &UserGuid,
        origins: &[Origin],
        page: PageRequest,
    ) -> StoreResult<Page<Member>> {
        let scoped = |head: &str| {
            let mut query = QueryBuilder::<Sqlite>::new(head);
            query.push(" WHERE client_id = ").push_bind(client.as_str());
            query.push(" AND user_guid = ").push_bind(user.as_str());
            query.push(" AND deleted_at IS NULL AND origin IN (");
            let mut names = query.separated(", ");
            for origin in origins {
                names.push_bind(origin.name());
            }
            query.push(")");
            query
        };
        let total: i64 = scoped("SELECT COUNT(*) FROM members")
            .build_query_scalar()
            .fetch_one(&self.pool)
            .await?;
        let mut select = scoped("SELECT * FROM members");
        select
            .push(" ORDER BY seq LIMIT ")
            .push_bind(i64::try_from(page.limit()).unwrap_or(i64::MAX))
            .push(" OFFSET ")
            .push_bind(i64::try_from(page.offset()).unwrap_or(i64::MAX));
        let rows = select.build().fetch_all(&self.pool).await?;
        let items = rows
            .iter()
            .map(|r| member_from_row(r).map(|record| record.member))
            .collect::<StoreResult<_>>()?;
        Ok(Page {
            items,
            total: u64::try_from(total).unwrap_or(0),
        })
    }

    async fn update_member(&self, record: &MemberRecord) -> StoreResult<()> {
        let sql = format!("UPDATE members SET {MUTABLE_SET} WHERE guid = ? AND deleted_at IS NULL");
        bind_mutable(sqlx::query(&sql), record)
            .bind(record.member.guid.as_str())
            .execute(&mut *self.writer.lock().await)
            .await?;
        Ok(())
    }

    async fn delete_member(&self, client: &ClientId, guid: &MemberGuid) -> StoreResult<bool> {
        let result = sqlx::query("DELETE FROM members WHERE guid = ? AND client_id = ?")
            .bind(guid.as_str())
            .bind(client.as_str())
            .execute(&mut *self.writer.lock().await)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    async fn stale_pending_members(&self, before: OffsetDateTime) -> StoreResult<Vec<Member>> {
        let rows = sqlx::query(
            "SELECT * FROM members WHERE connection_status = 'PENDING' AND created_at < ? \
             AND deleted_at IS NULL ORDER BY seq LIMIT 500",
        )
        .bind(before)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| member_from_row(r).map(|record| record.member))
            .collect()
    }

    async fn members_due_for_refresh(
        &self,
        before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<MemberRecord>> {
        let rows = sqlx::query(
            "SELECT m.* FROM members m JOIN users u ON u.guid = m.user_guid \
             WHERE m.deleted_at IS NULL AND u.deleted_at IS NULL AND u.is_disabled = 0 \
             AND m.background_aggregation_is_disabled = 0 AND m.running_job IS NULL \
             AND m.connection_status IN ('CONNECTED', 'CREATED', 'UPDATED') \
             AND COALESCE(m.last_job_started_at, m.created_at) < ? \
             ORDER BY m.last_job_started_at LIMIT ?",
        )
        .bind(before)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(member_from_row).collect()
    }
}
