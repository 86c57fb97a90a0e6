//! New users are written in groups: every insert waiting for the writer when it comes
//! free is written by one statement and one commit (group commit).
//!
//! Each insert alone cost a round trip to sqlx's worker thread and a commit that
//! appended the table's and its indexes' pages to the WAL; under load the writer spent
//! most of its time on those, once per user. A conflict (a partner id taken) refuses
//! only its own user: the statement skips conflicting rows and returns the guids it
//! wrote. A group whose statement fails for any other reason is written one user a
//! statement, so each insert gets its own answer. The group is written by a task of
//! its own, so a cancelled request cannot cancel the other users' writes.

use super::writer::Writer;
use crate::{StoreError, StoreResult};
use polyfin_domain::user::User;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::oneshot;

/// Users per statement (8 parameters each, well under SQLite's limit).
const MAX_GROUP: usize = 500;

type Waiting = (User, oneshot::Sender<StoreResult<()>>);

#[derive(Debug, Clone, Default)]
pub(super) struct UserInserts {
    waiting: Arc<Mutex<Vec<Waiting>>>,
}

impl UserInserts {
    pub(super) async fn insert(&self, writer: &Writer, user: &User) -> StoreResult<()> {
        let (sender, mut answer) = oneshot::channel();
        self.waiting
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((user.clone(), sender));
        let connection = writer.lock_owned().await;
        // A group written while this request waited for the writer may hold it.
        if let Ok(result) = answer.try_recv() {
            return result;
        }
        let group =
            std::mem::take(&mut *self.waiting.lock().unwrap_or_else(PoisonError::into_inner));
        tokio::spawn(async move {
            let mut connection = connection;
            let mut group = group;
            while !group.is_empty() {
                let rest = group.split_off(group.len().min(MAX_GROUP));
                write_group(&mut connection, group).await;
                group = rest;
            }
        });
        answer.await.map_err(|_| {
            StoreError::Corrupt("the group writing this user ended without an answer".to_owned())
        })?
    }
}

/// Writes `group` and answers each of its waiters.
async fn write_group(connection: &mut SqliteConnection, group: Vec<Waiting>) {
    let results = match insert_many(connection, &group).await {
        Ok(written) => group
            .iter()
            .map(|(user, _)| verdict(&written, user))
            .collect(),
        Err(_) => {
            // Alone, each user gets its own statement's answer.
            let mut results = Vec::with_capacity(group.len());
            for one in group.chunks(1) {
                let result = insert_many(connection, one).await;
                results.push(result.and_then(|written| verdict(&written, &one[0].0)));
            }
            results
        }
    };
    for ((_, sender), result) in group.into_iter().zip(results) {
        // A waiter that went away (its request was cancelled) needs no answer.
        let _ = sender.send(result);
    }
}

/// Written, or skipped because its partner id was taken.
fn verdict(written: &HashSet<String>, user: &User) -> StoreResult<()> {
    if written.contains(user.guid.as_str()) {
        Ok(())
    } else {
        Err(StoreError::Conflict {
            constraint: "users_partner_id".to_owned(),
        })
    }
}

/// One statement for the whole group; the guids of the users it wrote.
async fn insert_many(
    connection: &mut SqliteConnection,
    group: &[Waiting],
) -> StoreResult<HashSet<String>> {
    let mut insert = QueryBuilder::<Sqlite>::new(
        "INSERT INTO users (guid, client_id, partner_id, email, is_disabled, metadata, created_at, updated_at) ",
    );
    insert.push_values(group, |mut row, (user, _)| {
        row.push_bind(user.guid.as_str())
            .push_bind(user.client_id.as_str())
            .push_bind(&user.id)
            .push_bind(&user.email)
            .push_bind(user.is_disabled)
            .push_bind(&user.metadata)
            .push_bind(user.created_at)
            .push_bind(user.updated_at);
    });
    insert.push(" ON CONFLICT DO NOTHING RETURNING guid");
    let written: Vec<String> = insert.build_query_scalar().fetch_all(connection).await?;
    Ok(written.into_iter().collect())
}
