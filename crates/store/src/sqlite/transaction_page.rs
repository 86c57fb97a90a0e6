//! A page of transactions and its total, read on a direct connection (`direct.rs`).

use super::cells::{Columns, DirectRow, STORED_DATE};
use super::transactions::transaction_from_row;
use crate::{StoreResult, TransactionQuery};
use polyfin_domain::ids::ClientId;
use polyfin_domain::page::Page;
use polyfin_domain::transaction::Transaction;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use time::Date;

/// SQL text and its parameters, in order.
#[derive(Default)]
struct Sql {
    text: String,
    params: Vec<Value>,
}

impl Sql {
    fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.text.push('?');
        self.params.push(value.into());
        self
    }

    fn bind_date(&mut self, date: Date) -> &mut Self {
        self.bind(date.format(STORED_DATE).unwrap_or_default())
    }

    /// The query's scope, accounts and window, from `WHERE` on.
    fn push_filter(&mut self, client: &ClientId, query: &TransactionQuery) {
        let scope = &query.scope;
        self.push(" WHERE client_id = ")
            .bind(client.as_str().to_owned());
        self.push(" AND user_guid = ")
            .bind(scope.user.as_str().to_owned());
        if let Some(member) = &scope.member {
            self.push(" AND member_guid = ")
                .bind(member.as_str().to_owned());
        }
        if let Some(account) = &scope.account {
            self.push(" AND account_guid = ")
                .bind(account.as_str().to_owned());
        }
        if let Some(accounts) = &query.accounts {
            self.push(" AND account_guid IN (");
            for (i, account) in accounts.iter().enumerate() {
                if i > 0 {
                    self.push(", ");
                }
                self.bind(account.as_str().to_owned());
            }
            self.push(")");
        }
    }

    /// The window's total from the per-account counts (migration 0014): their sum when
    /// the window holds every in-scope account's range of days, else NULL.
    fn push_counted_total(&mut self, client: &ClientId, query: &TransactionQuery) {
        self.push("(SELECT CASE WHEN MIN(first_date) >= ")
            .bind_date(query.from)
            .push(" AND MAX(last_date) <= ")
            .bind_date(query.to)
            .push(" THEN SUM(transactions) END FROM account_transaction_counts");
        self.push_filter(client, query);
        self.push(")");
    }

    fn push_window(&mut self, client: &ClientId, query: &TransactionQuery) {
        self.push_filter(client, query);
        self.push(" AND date >= ").bind_date(query.from);
        self.push(" AND date <= ").bind_date(query.to);
    }
}

/// One statement reads the page (in index order) and, when the per-account counts
/// can give it, its total, from one snapshot; otherwise the rows are counted.
pub(super) fn read_page(
    db: &Connection,
    client: &ClientId,
    query: &TransactionQuery,
    offset: u64,
    limit: u64,
) -> StoreResult<Page<Transaction>> {
    if query.accounts.as_ref().is_some_and(Vec::is_empty) {
        return Ok(Page {
            items: Vec::new(),
            total: 0,
        });
    }
    let mut sql = Sql::default();
    sql.push("SELECT *, ");
    sql.push_counted_total(client, query);
    sql.push(" AS counted_total FROM transactions");
    sql.push_window(client, query);
    sql.push(" ORDER BY date DESC, transacted_at DESC, seq DESC LIMIT ")
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .push(" OFFSET ")
        .bind(i64::try_from(offset).unwrap_or(i64::MAX));
    let mut statement = db.prepare_cached(&sql.text)?;
    let columns = Columns::of(&statement);
    let counted_at = statement.column_index("counted_total")?;
    let mut rows = statement.query(params_from_iter(&sql.params))?;
    let mut items = Vec::new();
    let mut counted: Option<i64> = None;
    while let Some(row) = rows.next()? {
        if items.is_empty() {
            counted = row.get(counted_at)?;
        }
        items.push(transaction_from_row(&DirectRow::new(row, &columns))?);
    }
    let total = match counted {
        Some(total) => total,
        None => count(db, client, query)?,
    };
    Ok(Page {
        items,
        total: u64::try_from(total).unwrap_or(0),
    })
}

/// The window's total when the page could not carry it: from the counts, or row by row
/// when the window cuts through an account's range of days.
fn count(db: &Connection, client: &ClientId, query: &TransactionQuery) -> StoreResult<i64> {
    let mut counted = Sql::default();
    counted.push("SELECT ");
    counted.push_counted_total(client, query);
    let total: Option<i64> = db
        .prepare_cached(&counted.text)?
        .query_row(params_from_iter(&counted.params), |row| row.get(0))?;
    if let Some(total) = total {
        return Ok(total);
    }
    let mut rows = Sql::default();
    rows.push("SELECT COUNT(*) FROM transactions");
    rows.push_window(client, query);
    Ok(db
        .prepare_cached(&rows.text)?
        .query_row(params_from_iter(&rows.params), |row| row.get(0))?)
}
