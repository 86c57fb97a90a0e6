use super::cells::Cells;
use super::{flag, SqliteStore};
use crate::{StoreResult, UserRepo};
use async_trait::async_trait;
use polyfin_domain::ids::{ClientId, UserGuid};
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::user::{User, UserFilter};
use sqlx::Connection;
use sqlx::{QueryBuilder, Sqlite};
use time::OffsetDateTime;

fn user_from_row(row: &impl Cells) -> StoreResult<User> {
    Ok(User {
        guid: UserGuid::from_stored(row.cell("guid")?),
        client_id: ClientId::from_stored(row.cell("client_id")?),
        id: row.cell("partner_id")?,
        email: row.cell("email")?,
        is_disabled: flag(row.cell("is_disabled")?),
        metadata: row.cell("metadata")?,
        created_at: row.cell("created_at")?,
        updated_at: row.cell("updated_at")?,
    })
}

fn push_user_filter<'a>(
    query: &mut QueryBuilder<'a, Sqlite>,
    client: &'a ClientId,
    filter: &'a UserFilter,
) {
    query.push(" FROM users WHERE deleted_at IS NULL AND client_id = ");
    query.push_bind(client.as_str());
    if let Some(id) = &filter.id {
        query.push(" AND partner_id = ").push_bind(id);
    }
    if let Some(email) = &filter.email {
        query.push(" AND email = ").push_bind(email);
    }
    if let Some(disabled) = filter.is_disabled {
        query.push(" AND is_disabled = ").push_bind(disabled);
    }
}

#[async_trait]
impl UserRepo for SqliteStore {
    async fn insert_user(&self, user: &User) -> StoreResult<()> {
        self.user_inserts.insert(&self.writer, user).await
    }

    async fn find_user(&self, client: &ClientId, guid: &UserGuid) -> StoreResult<Option<User>> {
        self.direct.first_row(
            "SELECT * FROM users WHERE guid = ? AND client_id = ? AND deleted_at IS NULL",
            [guid.as_str(), client.as_str()],
            |row| user_from_row(row),
        )
    }

    async fn list_users(
        &self,
        client: &ClientId,
        filter: &UserFilter,
        page: PageRequest,
    ) -> StoreResult<Page<User>> {
        let mut count = QueryBuilder::new("SELECT COUNT(*)");
        push_user_filter(&mut count, client, filter);
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;

        let mut select = QueryBuilder::new("SELECT *");
        push_user_filter(&mut select, client, filter);
        select
            .push(" ORDER BY seq LIMIT ")
            .push_bind(i64::try_from(page.limit()).unwrap_or(i64::MAX))
            .push(" OFFSET ")
            .push_bind(i64::try_from(page.offset()).unwrap_or(i64::MAX));
        let rows = select.build().fetch_all(&self.pool).await?;
        Ok(Page {
            items: rows.iter().map(user_from_row).collect::<StoreResult<_>>()?,
            total: u64::try_from(total).unwrap_or(0),
        })
    }

    async fn update_user(&self, user: &User) -> StoreResult<()> {
        sqlx::query(
            "UPDATE users SET partner_id = ?, email = ?, is_disabled = ?, metadata = ?, updated_at = ? \
             WHERE guid = ? AND client_id = ? AND deleted_at IS NULL",
        )
        .bind(&user.id)
        .bind(&user.email)
        .bind(user.is_disabled)
        .bind(&user.metadata)
        .bind(user.updated_at)
        .bind(user.guid.as_str())
        .bind(user.client_id.as_str())
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn soft_delete_user(
        &self,
        client: &ClientId,
        guid: &UserGuid,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut writer = self.writer.lock().await;
        let mut tx = writer.begin().await?;
        let result = sqlx::query(
            "UPDATE users SET deleted_at = ? WHERE guid = ? AND client_id = ? AND deleted_at IS NULL",
        )
        .bind(at)
        .bind(guid.as_str())
        .bind(client.as_str())
        .execute(&mut *tx)
        .await?;
        if result.rows_affected() != 1 {
            return Ok(false);
        }
        // Members go with their user at once (their partner ids become free, and no
        // background job touches them); rows are purged with the user.
        sqlx::query("UPDATE members SET deleted_at = ?, running_job = NULL WHERE user_guid = ? AND deleted_at IS NULL")
            .bind(at)
            .bind(guid.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }
}
