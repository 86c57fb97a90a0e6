use super::transactions::{encode_flags, transaction_from_row};
use super::SqliteStore;
use crate::{PfmRepo, RecurringDetect, StoreError, StoreResult};
use async_trait::async_trait;
use polyfin_domain::ids::{
    CategoryGuid, ClientId, MemberGuid, TagGuid, TaggingGuid, TransactionGuid, TransactionRuleGuid,
    UserGuid,
};
use polyfin_domain::pfm::{CategorySource, CustomCategory, Tag, Tagging, TransactionRule};
use polyfin_domain::transaction::Transaction;
use sqlx::sqlite::SqliteRow;
use sqlx::Connection;
use sqlx::Row;

fn category_from_row(row: &SqliteRow) -> StoreResult<CustomCategory> {
    Ok(CustomCategory {
        guid: CategoryGuid::from_stored(row.try_get("guid")?),
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        user_guid: UserGuid::from_stored(row.try_get("user_guid")?),
        name: row.try_get("name")?,
        parent_guid: CategoryGuid::from_stored(row.try_get("parent_guid")?),
        metadata: row.try_get("metadata")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn tag_from_row(row: &SqliteRow) -> StoreResult<Tag> {
    Ok(Tag {
        guid: TagGuid::from_stored(row.try_get("guid")?),
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        user_guid: UserGuid::from_stored(row.try_get("user_guid")?),
        name: row.try_get("name")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn tagging_from_row(row: &SqliteRow) -> StoreResult<Tagging> {
    Ok(Tagging {
        guid: TaggingGuid::from_stored(row.try_get("guid")?),
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        user_guid: UserGuid::from_stored(row.try_get("user_guid")?),
        tag_guid: TagGuid::from_stored(row.try_get("tag_guid")?),
        transaction_guid: TransactionGuid::from_stored(row.try_get("transaction_guid")?),
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn rule_from_row(row: &SqliteRow) -> StoreResult<TransactionRule> {
    Ok(TransactionRule {
        guid: TransactionRuleGuid::from_stored(row.try_get("guid")?),
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        user_guid: UserGuid::from_stored(row.try_get("user_guid")?),
        category_guid: CategoryGuid::from_stored(row.try_get("category_guid")?),
        match_description: row.try_get("match_description")?,
        description: row.try_get("description")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// The stored bit of `is_recurring`.
fn recurring_bit() -> i64 {
    encode_flags(polyfin_domain::transaction::TransactionFlags {
        is_recurring: true,
        ..Default::default()
    })
}

impl SqliteStore {
    async fn user_rows(
        &self,
        table: &str,
        client: &ClientId,
        user: &UserGuid,
    ) -> StoreResult<Vec<SqliteRow>> {
        let sql =
            format!("SELECT * FROM {table} WHERE client_id = ? AND user_guid = ? ORDER BY seq");
        Ok(sqlx::query(&sql)
            .bind(client.as_str())
            .bind(user.as_str())
            .fetch_all(&self.pool)
            .await?)
    }

    async fn delete_user_row(
        &self,
        table: &str,
        client: &ClientId,
        user: &UserGuid,
        guid: &str,
    ) -> StoreResult<bool> {
        let sql = format!("DELETE FROM {table} WHERE client_id = ? AND user_guid = ? AND guid = ?");
        let done = sqlx::query(&sql)
            .bind(client.as_str())
            .bind(user.as_str())
            .bind(guid)
            .execute(&mut *self.writer.lock().await)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}

#[async_trait]
impl PfmRepo for SqliteStore {
    async fn save_category(&self, c: &CustomCategory) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO custom_categories (guid, client_id, user_guid, name, parent_guid, metadata, \
             created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (guid) DO UPDATE SET name = excluded.name, metadata = excluded.metadata, \
             updated_at = excluded.updated_at",
        )
        .bind(c.guid.as_str())
        .bind(c.client_id.as_str())
        .bind(c.user_guid.as_str())
        .bind(&c.name)
        .bind(c.parent_guid.as_str())
        .bind(&c.metadata)
        .bind(c.created_at)
        .bind(c.updated_at)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn list_categories(
        &self,
        client: &ClientId,
        user: &UserGuid,
    ) -> StoreResult<Vec<CustomCategory>> {
        let rows = self.user_rows("custom_categories", client, user).await?;
        rows.iter().map(category_from_row).collect()
    }

    async fn delete_category(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &CategoryGuid,
    ) -> StoreResult<bool> {
        self.delete_user_row("custom_categories", client, user, guid.as_str())
            .await
    }

    async fn save_tag(&self, t: &Tag) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO tags (guid, client_id, user_guid, name, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?) \
             ON CONFLICT (guid) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at",
        )
        .bind(t.guid.as_str())
        .bind(t.client_id.as_str())
        .bind(t.user_guid.as_str())
        .bind(&t.name)
        .bind(t.created_at)
        .bind(t.updated_at)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn list_tags(&self, client: &ClientId, user: &UserGuid) -> StoreResult<Vec<Tag>> {
        let rows = self.user_rows("tags", client, user).await?;
        rows.iter().map(tag_from_row).collect()
    }

    async fn delete_tag(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &TagGuid,
    ) -> StoreResult<bool> {
        self.delete_user_row("tags", client, user, guid.as_str())
            .await
    }

    async fn save_tagging(&self, t: &Tagging) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO taggings (guid, client_id, user_guid, tag_guid, transaction_guid, \
             created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (guid) DO UPDATE SET tag_guid = excluded.tag_guid, \
             updated_at = excluded.updated_at",
        )
        .bind(t.guid.as_str())
        .bind(t.client_id.as_str())
        .bind(t.user_guid.as_str())
        .bind(t.tag_guid.as_str())
        .bind(t.transaction_guid.as_str())
        .bind(t.created_at)
        .bind(t.updated_at)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn list_taggings(&self, client: &ClientId, user: &UserGuid) -> StoreResult<Vec<Tagging>> {
        let rows = self.user_rows("taggings", client, user).await?;
        rows.iter().map(tagging_from_row).collect()
    }

    async fn delete_tagging(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &TaggingGuid,
    ) -> StoreResult<bool> {
        self.delete_user_row("taggings", client, user, guid.as_str())
            .await
    }

    async fn save_rule(&self, r: &TransactionRule) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO transaction_rules (guid, client_id, user_guid, category_guid, \
             match_description, description, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (guid) DO UPDATE SET category_guid = excluded.category_guid, \
             match_description = excluded.match_description, description = excluded.description, \
             updated_at = excluded.updated_at",
        )
        .bind(r.guid.as_str())
        .bind(r.client_id.as_str())
        .bind(r.user_guid.as_str())
        .bind(r.category_guid.as_str())
        .bind(&r.match_description)
        .bind(&r.description)
        .bind(r.created_at)
        .bind(r.updated_at)
        .execute(&mut *self.writer.lock().await)
        .await?;
        Ok(())
    }

    async fn list_rules(
        &self,
        client: &ClientId,
        user: &UserGuid,
    ) -> StoreResult<Vec<TransactionRule>> {
        let rows = self.user_rows("transaction_rules", client, user).await?;
        rows.iter().map(rule_from_row).collect()
    }

    async fn delete_rule(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &TransactionRuleGuid,
    ) -> StoreResult<bool> {
        self.delete_user_row("transaction_rules", client, user, guid.as_str())
            .await
    }

    async fn rule_candidates(
        &self,
        client: &ClientId,
        user: &UserGuid,
    ) -> StoreResult<Vec<Transaction>> {
        let rows = sqlx::query(
            "SELECT * FROM transactions WHERE client_id = ? AND user_guid = ? \
             AND category_set_by <> 'user' ORDER BY seq",
        )
        .bind(client.as_str())
        .bind(user.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(transaction_from_row).collect()
    }

    async fn recategorize(
        &self,
        client: &ClientId,
        transactions: &[Transaction],
        source: CategorySource,
    ) -> StoreResult<()> {
        let mut writer = self.writer.lock().await;
        let mut tx = writer.begin().await?;
        for t in transactions {
            sqlx::query(
                "UPDATE transactions SET category_guid = ?, description = ?, flags = ?, \
                 updated_at = ?, category_set_by = ? WHERE client_id = ? AND guid = ?",
            )
            .bind(t.category_guid.as_str())
            .bind(&t.description)
            .bind(encode_flags(t.flags))
            .bind(t.updated_at)
            .bind(source.name())
            .bind(client.as_str())
            .bind(t.guid.as_str())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn user_transactions(
        &self,
        client: &ClientId,
        user: &UserGuid,
    ) -> StoreResult<Vec<Transaction>> {
        let rows = sqlx::query(
            "SELECT * FROM transactions WHERE client_id = ? AND user_guid = ? ORDER BY date, seq",
        )
        .bind(client.as_str())
        .bind(user.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(transaction_from_row).collect()
    }

    async fn refresh_recurring(
        &self,
        client: &ClientId,
        user: &UserGuid,
        detect: RecurringDetect<'_>,
    ) -> StoreResult<()> {
        let mut writer = self.writer.lock().await;
        let mut tx = writer.begin().await?;
        // Writing first takes SQLite's write lock before anything is read: one refresh
        // at a time, each reading what the last one wrote.
        sqlx::query("UPDATE users SET updated_at = updated_at WHERE guid = ?")
            .bind(user.as_str())
            .execute(&mut *tx)
            .await?;
        mark_recurring(&mut tx, client, user, None, detect).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn category_source(
        &self,
        client: &ClientId,
        guid: &TransactionGuid,
    ) -> StoreResult<Option<CategorySource>> {
        let found: Option<String> = sqlx::query_scalar(
            "SELECT category_set_by FROM transactions WHERE client_id = ? AND guid = ?",
        )
        .bind(client.as_str())
        .bind(guid.as_str())
        .fetch_optional(&self.pool)
        .await?;
        found
            .map(|name| match name.as_str() {
                "engine" => Ok(CategorySource::Engine),
                "rule" => Ok(CategorySource::Rule),
                "user" => Ok(CategorySource::User),
                other => Err(StoreError::Corrupt(format!("category_set_by {other}"))),
            })
            .transpose()
    }
}

/// Sets `is_recurring` on exactly the transactions `detect` picks among the user's (or
/// the member's) and clears it elsewhere, inside the caller's transaction, which must
/// already hold the user (see `PfmRepo::refresh_recurring`).
pub(super) async fn mark_recurring(
    tx: &mut sqlx::SqliteConnection,
    client: &ClientId,
    user: &UserGuid,
    member: Option<&MemberGuid>,
    detect: RecurringDetect<'_>,
) -> StoreResult<()> {
    // Read on the borrowed handle: the member's whole history comes back here, and
    // through sqlx every value was copied on its worker thread and handed over.
    let all = super::borrowed::on_handle(tx, |db| match member {
        Some(member) => super::borrowed::all_rows(
            db,
            "SELECT * FROM transactions WHERE client_id = ?1 AND user_guid = ?2 \
             AND member_guid = ?3 ORDER BY date, seq",
            [client.as_str(), user.as_str(), member.as_str()],
            |row| transaction_from_row(row),
        ),
        None => super::borrowed::all_rows(
            db,
            "SELECT * FROM transactions WHERE client_id = ?1 AND user_guid = ?2 ORDER BY date, seq",
            [client.as_str(), user.as_str()],
            |row| transaction_from_row(row),
        ),
    })
    .await?;
    let (set, clear) = crate::pfm::recurring_changes(&all, &detect(&all));
    let bit = recurring_bit();
    for (guids, change) in [(set, "flags | ?"), (clear, "flags & ~?")] {
        if guids.is_empty() {
            continue;
        }
        // `+client_id`: a filter, not an index choice. Left plain, SQLite walked the
        // client's whole `transactions_user_page` range for every refresh (15 ms a
        // call at 80,000 rows) instead of looking each guid up.
        let sql = format!(
            "UPDATE transactions SET flags = {change} \
             WHERE +client_id = ? AND guid IN (SELECT value FROM json_each(?))"
        );
        sqlx::query(&sql)
            .bind(bit)
            .bind(client.as_str())
            .bind(serde_json::to_string(&guids).map_err(|e| StoreError::Corrupt(e.to_string()))?)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}
