//! Repeating transactions: series detected across all of a user's transactions
//! (`polyfin_enrich::recurring`), refreshed after every ingestion and after every
//! transaction written or removed through the API (manual and managed transactions,
//! user edits of a date or description), which also sets each transaction's
//! `is_recurring`.

use super::Pfm;
use crate::{Engine, Error, Result};
use polyfin_domain::category::Taxonomy;
use polyfin_domain::ids::{
    ClientId, MerchantGuid, RepeatingTransactionGuid, TransactionGuid, UserGuid,
};
use polyfin_domain::transaction::{Transaction, TransactionKind};
use polyfin_domain::user::User;
use polyfin_domain::{Date, Decimal};
use polyfin_enrich::recurring::{detect, Occurrence, Series};

/// One detected series, as MX's `repeating_transactions` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatingTransaction {
    pub guid: RepeatingTransactionGuid,
    pub user_guid: String,
    pub member_guid: String,
    pub account_guid: String,
    /// The latest occurrence's amount and description.
    pub amount: Decimal,
    pub description: String,
    pub merchant_guid: Option<String>,
    pub last_posted_date: Date,
    pub predicted_occurs_on: Date,
    pub recurrence_type: &'static str,
    /// BILL, SUBSCRIPTION, INCOME or UNKNOWN.
    pub repeating_transaction_type: &'static str,
    pub transaction_type: &'static str,
}

impl Pfm<'_> {
    /// The user's repeating transactions, in order of their first occurrence.
    pub async fn repeating(&self, user: &User) -> Result<Vec<RepeatingTransaction>> {
        let all = self
            .engine
            .store
            .user_transactions(&user.client_id, &user.guid)
            .await?;
        let (series, _) = find_series(&all);
        Ok(series.iter().map(|s| describe(&all, s)).collect())
    }

    pub async fn repeating_one(&self, user: &User, guid: &str) -> Result<RepeatingTransaction> {
        self.repeating(user)
            .await?
            .into_iter()
            .find(|r| r.guid.as_str() == guid)
            .ok_or(Error::NotFound("Repeating transaction"))
    }
}

/// The transactions among `all` (oldest first) that belong to a recurring series.
pub(crate) fn recurring_guids(all: &[Transaction]) -> Vec<TransactionGuid> {
    let (_, recurring) = find_series(all);
    recurring.iter().map(|&i| all[i].guid.clone()).collect()
}

/// Sets `is_recurring` on exactly those of `rows` in a series, for rows that will be
/// all of their member's transactions (its first history): the marks the job's
/// transaction would otherwise set after reading them back. Series are found as they
/// would be read back, oldest first and in stored order (by date, then as given); the
/// rows keep their order.
pub(crate) fn mark_alone(rows: &mut Vec<Transaction>) {
    let mut by_date: Vec<(usize, Transaction)> =
        std::mem::take(rows).into_iter().enumerate().collect();
    by_date.sort_by_key(|(_, t)| t.date);
    let (positions, mut ordered): (Vec<usize>, Vec<Transaction>) = by_date.into_iter().unzip();
    let recurring = recurring_guids(&ordered);
    let recurring: std::collections::HashSet<&str> = recurring.iter().map(|g| g.as_str()).collect();
    for t in &mut ordered {
        t.flags.is_recurring = recurring.contains(t.guid.as_str());
    }
    let mut given: Vec<(usize, Transaction)> = positions.into_iter().zip(ordered).collect();
    given.sort_by_key(|(position, _)| *position);
    *rows = given.into_iter().map(|(_, t)| t).collect();
}

/// Recomputes the user's series and marks their transactions `is_recurring` (read,
/// detected and written under the user's lock in the store); returns the transactions
/// now in a series. (After an aggregation job the job's own transaction does this for
/// its member, see `JobRepo::finish_job`.)
pub(crate) async fn refresh(
    engine: &Engine,
    client: &ClientId,
    user: &UserGuid,
) -> Result<Vec<TransactionGuid>> {
    let found = std::sync::Mutex::new(Vec::new());
    let remember = |all: &[Transaction]| {
        let guids = recurring_guids(all);
        if let Ok(mut found) = found.lock() {
            found.clone_from(&guids);
        }
        guids
    };
    engine
        .store
        .refresh_recurring(client, user, &remember)
        .await?;
    Ok(found.into_inner().unwrap_or_default())
}

/// The refresh after a transaction was written or removed through the API, so that
/// `is_recurring` does not wait for the next aggregation. `written`, the transaction
/// about to be returned, takes its mark from the result. The write is committed by
/// then, so, as after an ingestion, a failed refresh is logged and leaves the previous
/// marks rather than failing the request.
pub(crate) async fn refresh_after_write(
    engine: &Engine,
    client: &ClientId,
    user: &UserGuid,
    written: Option<&mut Transaction>,
) {
    match refresh(engine, client, user).await {
        Ok(recurring) => {
            if let Some(t) = written {
                t.flags.is_recurring = recurring.contains(&t.guid);
            }
        }
        Err(error) => tracing::warn!(%error, "recurring detection failed"),
    }
}

/// The series, and the indices of every transaction in one.
fn find_series(all: &[Transaction]) -> (Vec<Series>, Vec<usize>) {
    let occurrences: Vec<Occurrence<'_>> = all
        .iter()
        .map(|t| Occurrence {
            account: t.account_guid.as_str(),
            kind: t.kind,
            payee: t.merchant_name.as_deref().unwrap_or(&t.description),
            date: t.date,
            amount: t.amount,
        })
        .collect();
    let series = detect(&occurrences);
    let members = series.iter().flat_map(|s| s.members.clone()).collect();
    (series, members)
}

/// Payments owed on a schedule even when not paid through bill pay.
fn is_bill_category(t: &Transaction) -> bool {
    const BILLS: &[&str] = &[
        "Mortgage & Rent",
        "Mortgage Payment",
        "Auto Payment",
        "Student Loan",
        "Auto Insurance",
        "Home Insurance",
        "Health Insurance",
        "Life Insurance",
        "Credit Card Payment",
    ];
    Taxonomy::standard()
        .get_by_guid(t.category_guid.as_str())
        .is_some_and(|c| BILLS.contains(&c.name.as_str()))
}

fn describe(all: &[Transaction], series: &Series) -> RepeatingTransaction {
    let members: Vec<&Transaction> = series.members.iter().map(|&i| &all[i]).collect();
    let latest = members[members.len() - 1];
    let payee = latest
        .merchant_name
        .as_deref()
        .unwrap_or(&latest.description);
    let identity = format!(
        "{}/{}/{}/{}",
        latest.user_guid,
        latest.account_guid,
        latest.kind.name(),
        payee.to_lowercase()
    );
    let kind = if latest.kind == TransactionKind::Credit {
        "INCOME"
    } else if members.iter().any(|t| t.flags.is_subscription) {
        "SUBSCRIPTION"
    } else if members
        .iter()
        .any(|t| t.flags.is_bill_pay || is_bill_category(t))
    {
        "BILL"
    } else {
        "UNKNOWN"
    };
    RepeatingTransaction {
        guid: RepeatingTransactionGuid::derived(&identity),
        user_guid: latest.user_guid.to_string(),
        member_guid: latest.member_guid.to_string(),
        account_guid: latest.account_guid.to_string(),
        amount: latest.amount,
        description: latest.description.clone(),
        merchant_guid: latest
            .merchant_name
            .as_deref()
            .map(|name| MerchantGuid::derived(name).to_string()),
        last_posted_date: series.last,
        predicted_occurs_on: series.predicted,
        recurrence_type: series.recurrence.name(),
        repeating_transaction_type: kind,
        transaction_type: latest.kind.name(),
    }
}
