//! Removing transactions so that sync clients hear of it: each removal leaves a row in
//! `transaction_removals`, written in the same database transaction as the delete.

use crate::{PendingTransaction, StoreResult, TransactionRemoval};
use polyfin_domain::ids::{AccountGuid, ClientId, MemberGuid, TransactionGuid};
use sqlx::{Row, SqliteConnection, SqlitePool};
use time::{Date, OffsetDateTime};

/// Deletes the client's transactions among `guids` (only still-pending ones when
/// `pending_only`) and records each removal at `at`.
pub(super) async fn remove(
    conn: &mut SqliteConnection,
    client: &ClientId,
    guids: &[TransactionGuid],
    pending_only: bool,
    at: OffsetDateTime,
) -> StoreResult<Vec<TransactionRemoval>> {
    let delete = if pending_only {
        "DELETE FROM transactions WHERE guid = ? AND client_id = ? AND status = 'PENDING' \
         RETURNING guid, member_guid, account_guid, created_at"
    } else {
        "DELETE FROM transactions WHERE guid = ? AND client_id = ? \
         RETURNING guid, member_guid, account_guid, created_at"
    };
    let mut removed = Vec::new();
    for guid in guids {
        let Some(row) = sqlx::query(delete)
            .bind(guid.as_str())
            .bind(client.as_str())
            .fetch_optional(&mut *conn)
            .await?
        else {
            continue;
        };
        let member: String = row.try_get("member_guid")?;
        let removal = TransactionRemoval {
            guid: row.try_get("guid")?,
            account_guid: row.try_get("account_guid")?,
            created_at: row.try_get("created_at")?,
            removed_at: at,
        };
        sqlx::query(
            "INSERT INTO transaction_removals (guid, client_id, member_guid, account_guid, \
             created_at, removed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guid) DO NOTHING",
        )
        .bind(&removal.guid)
        .bind(client.as_str())
        .bind(&member)
        .bind(&removal.account_guid)
        .bind(removal.created_at)
        .bind(removal.removed_at)
        .execute(&mut *conn)
        .await?;
        removed.push(removal);
    }
    Ok(removed)
}

pub(super) async fn pending(
    pool: &SqlitePool,
    member: &MemberGuid,
    from: Date,
) -> StoreResult<Vec<PendingTransaction>> {
    let rows = sqlx::query(
        "SELECT guid, account_guid, external_id FROM transactions \
         WHERE member_guid = ? AND date >= ? AND status = 'PENDING' AND origin = 'aggregated'",
    )
    .bind(member.as_str())
    .bind(from)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PendingTransaction {
                guid: TransactionGuid::from_stored(row.try_get("guid")?),
                account_guid: AccountGuid::from_stored(row.try_get("account_guid")?),
                external_id: row.try_get("external_id")?,
            })
        })
        .collect()
}

pub(super) async fn of_member(
    pool: &SqlitePool,
    client: &ClientId,
    member: &MemberGuid,
) -> StoreResult<Vec<TransactionRemoval>> {
    let rows = sqlx::query(
        "SELECT guid, account_guid, created_at, removed_at FROM transaction_removals \
         WHERE member_guid = ? AND client_id = ? ORDER BY removed_at, guid",
    )
    .bind(member.as_str())
    .bind(client.as_str())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(TransactionRemoval {
                guid: row.try_get("guid")?,
                account_guid: row.try_get("account_guid")?,
                created_at: row.try_get("created_at")?,
                removed_at: row.try_get("removed_at")?,
            })
        })
        .collect()
}
