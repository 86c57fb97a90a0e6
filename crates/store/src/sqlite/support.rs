use super::SqliteStore;
use crate::{StoreResult, SupportTicketRepo};
use async_trait::async_trait;
use polyfin_domain::ids::{ClientId, SupportTicketGuid, UserGuid};
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::support::SupportTicket;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

fn ticket_from_row(row: &SqliteRow) -> StoreResult<SupportTicket> {
    Ok(SupportTicket {
        guid: SupportTicketGuid::from_stored(row.try_get("guid")?),
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        user_guid: UserGuid::from_stored(row.try_get("user_guid")?),
        email: row.try_get("email")?,
        title: row.try_get("title")?,
        message: row.try_get("message")?,
        created_at: row.try_get("created_at")?,
    })
}

#[async_trait]
impl SupportTicketRepo for SqliteStore {
    async fn insert_support_ticket(&self, t: &SupportTicket) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO support_tickets (guid, client_id, user_guid, email, title, message, \
             created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(t.guid.as_str())
        .bind(t.client_id.as_str())
        .bind(t.user_guid.as_str())
        .bind(&t.email)
        .bind(&t.title)
        .bind(&t.message)
        .bind(t.created_at)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn list_support_tickets(
        &self,
        client: &ClientId,
        user: &UserGuid,
        page: PageRequest,
    ) -> StoreResult<Page<SupportTicket>> {
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM support_tickets WHERE client_id = ? AND user_guid = ?",
        )
        .bind(client.as_str())
        .bind(user.as_str())
        .fetch_one(&self.pool)
        .await?;
        let rows = sqlx::query(
            "SELECT * FROM support_tickets WHERE client_id = ? AND user_guid = ? \
             ORDER BY seq LIMIT ? OFFSET ?",
        )
        .bind(client.as_str())
        .bind(user.as_str())
        .bind(i64::try_from(page.limit()).unwrap_or(i64::MAX))
        .bind(i64::try_from(page.offset()).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        Ok(Page {
            items: rows
                .iter()
                .map(ticket_from_row)
                .collect::<StoreResult<_>>()?,
            total: u64::try_from(total).unwrap_or(0),
        })
    }
}
