//! `/transactions/sync`: an item's changes after a cursor, in the order they happened —
//! transactions written (added or modified) and transactions removed.

use super::data::{eligible, to_plaid_transaction, PlaidAccount, PlaidTransaction};
use super::mapping;
use super::{Item, PlaidFailure, PlaidItems, PlaidResult};
use polyfin_domain::transaction::Transaction;
use polyfin_domain::Date;
use polyfin_store::TransactionRemoval;

#[derive(Debug, Clone)]
pub struct SyncPage {
    pub added: Vec<PlaidTransaction>,
    pub modified: Vec<PlaidTransaction>,
    pub removed: Vec<RemovedTransaction>,
    pub next_cursor: String,
    pub has_more: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovedTransaction {
    pub transaction_id: String,
    pub account_id: String,
}

/// A run of sync pages covers the changes after `since` up to `head`; `after` is the
/// last change sent (keyset, so a change landing mid-run cannot shift a page).
struct Cursor {
    since: i128,
    head: Option<i128>,
    after: Option<(i128, String)>,
}

impl Cursor {
    fn encode(&self) -> String {
        let head = self.head.map(|h| h.to_string()).unwrap_or_default();
        let (at, guid) = match &self.after {
            Some((at, guid)) => (at.to_string(), guid.as_str()),
            None => (String::new(), ""),
        };
        hex::encode(format!("v2.{}.{head}.{at}.{guid}", self.since))
    }

    fn decode(text: &str) -> Option<Self> {
        if text.is_empty() {
            return Some(Self {
                since: i128::MIN,
                head: None,
                after: None,
            });
        }
        let raw = String::from_utf8(hex::decode(text).ok()?).ok()?;
        let mut parts = raw.split('.');
        let version = parts.next()?;
        let since = parts.next()?.parse().ok()?;
        let head = match parts.next()? {
            "" => None,
            h => Some(h.parse().ok()?),
        };
        let after = match version {
            // An offset cursor of an earlier release: its run restarts.
            "v1" => {
                parts.next()?.parse::<usize>().ok()?;
                None
            }
            "v2" => match (parts.next()?, parts.next()?) {
                ("", "") => None,
                (at, guid) => Some((at.parse().ok()?, guid.to_owned())),
            },
            _ => return None,
        };
        parts
            .next()
            .is_none()
            .then_some(Self { since, head, after })
    }
}

enum Change {
    Written(Box<Transaction>),
    Removed(TransactionRemoval),
}

impl Change {
    fn key(&self) -> (i128, &str) {
        match self {
            Self::Written(t) => (t.updated_at.unix_timestamp_nanos(), t.guid.as_str()),
            Self::Removed(r) => (r.removed_at.unix_timestamp_nanos(), r.guid.as_str()),
        }
    }
}

impl PlaidItems<'_> {
    /// One page of the item's change log after `cursor`.
    pub async fn sync(
        &self,
        item: &Item,
        accounts: &[PlaidAccount],
        cursor: &str,
        count: usize,
    ) -> PlaidResult<SyncPage> {
        let cursor = Cursor::decode(cursor).ok_or_else(|| PlaidFailure::InvalidField {
            field: "cursor".to_owned(),
            message: "the cursor is not valid".to_owned(),
        })?;
        let head = match cursor.head {
            Some(head) => head,
            None => self.log_head(item, cursor.since).await?,
        };
        let mut changes = self.changes(item, cursor.since, head).await?;
        changes.sort_by(|a, b| a.key().cmp(&b.key()));
        if let Some((at, guid)) = &cursor.after {
            changes.retain(|c| c.key() > (*at, guid.as_str()));
        }
        let has_more = changes.len() > count;
        changes.truncate(count);
        let next = match changes.last() {
            Some(last) if has_more => Cursor {
                since: cursor.since,
                head: Some(head),
                after: Some((last.key().0, last.key().1.to_owned())),
            },
            _ => Cursor {
                since: head,
                head: None,
                after: None,
            },
        };
        let categories = self.user_categories(item).await?;
        let mut page = SyncPage {
            added: Vec::new(),
            modified: Vec::new(),
            removed: Vec::new(),
            next_cursor: next.encode(),
            has_more,
        };
        for change in changes {
            match change {
                Change::Written(t) => {
                    let plaid = to_plaid_transaction(&t, &categories);
                    if !eligible(accounts, &plaid.account_id) {
                        continue;
                    }
                    if t.created_at.unix_timestamp_nanos() > cursor.since {
                        page.added.push(plaid);
                    } else {
                        page.modified.push(plaid);
                    }
                }
                Change::Removed(r) => {
                    let account_id = mapping::derive_id("account", &r.account_guid);
                    if eligible(accounts, &account_id) {
                        page.removed.push(RemovedTransaction {
                            transaction_id: mapping::derive_id("transaction", &r.guid),
                            account_id,
                        });
                    }
                }
            }
        }
        Ok(page)
    }

    /// The changes within `(since, head]`. A transaction added and removed within it
    /// is not there at all: the client never saw it.
    async fn changes(&self, item: &Item, since: i128, head: i128) -> PlaidResult<Vec<Change>> {
        let within = |at: i128| at > since && at <= head;
        let mut changes: Vec<Change> = self
            .member_transactions(item, Date::MIN, Date::MAX)
            .await?
            .into_iter()
            .filter(|t| within(t.updated_at.unix_timestamp_nanos()))
            .map(|t| Change::Written(Box::new(t)))
            .collect();
        let removals = self
            .engine()
            .store
            .transaction_removals(&item.user.client_id, &item.member.guid)
            .await?;
        changes.extend(
            removals
                .into_iter()
                .filter(|r| {
                    within(r.removed_at.unix_timestamp_nanos())
                        && r.created_at.unix_timestamp_nanos() <= since
                })
                .map(Change::Removed),
        );
        Ok(changes)
    }

    /// Where a new sync run stops: now, but before a running job's writes, which are
    /// stamped from its start and committed together at its end.
    async fn log_head(&self, item: &Item, since: i128) -> PlaidResult<i128> {
        let now = self.now().unix_timestamp_nanos();
        let member = self
            .engine()
            .members()
            .get(&item.user, item.member.guid.as_str())
            .await?;
        let head = match member.last_job_started_at {
            Some(started) if member.is_being_aggregated => {
                now.min(started.unix_timestamp_nanos() - 1)
            }
            _ => now,
        };
        Ok(head.max(since))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let cursor = Cursor {
            since: -5,
            head: Some(42),
            after: Some((41, "TRN-1".to_owned())),
        };
        let decoded = Cursor::decode(&cursor.encode()).unwrap();
        assert_eq!((decoded.since, decoded.head), (-5, Some(42)));
        assert_eq!(decoded.after, Some((41, "TRN-1".to_owned())));
        let fresh = Cursor::decode(&Cursor::decode("").unwrap().encode()).unwrap();
        assert_eq!((fresh.head, fresh.after), (None, None));
        assert!(Cursor::decode("zz").is_none());
        assert!(Cursor::decode(&hex::encode("v2.1.2.3")).is_none());
        assert!(Cursor::decode(&hex::encode("v9.1...")).is_none());
        let old = Cursor::decode(&hex::encode("v1.7.9.25")).unwrap();
        assert_eq!((old.since, old.head, old.after), (7, Some(9), None));
    }
}
