//! The Asset Report snapshot (spec §2.3 "AssetReport"): built once from an item's
//! accounts, transactions and owners, stored as JSON, never changed afterwards.

use super::data::{PlaidAccount, PlaidTransaction};
use polyfin_domain::premium::AccountOwner;
use polyfin_domain::{Date, Decimal};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportUser {
    pub client_user_id: Option<String>,
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    pub last_name: Option<String>,
    pub ssn: Option<String>,
    pub phone_number: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AssetReport {
    pub asset_report_id: String,
    pub client_report_id: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub date_generated: OffsetDateTime,
    pub days_requested: u32,
    pub user: ReportUser,
    pub items: Vec<ReportItem>,
    /// Where ASSETS webhooks for this report (and its refreshes) go.
    pub webhook: Option<String>,
    /// Accounts left out by `/asset_report/filter`, kept for refreshes.
    pub excluded_account_ids: Vec<String>,
    /// Warning codes (e.g. OWNERS_UNAVAILABLE) with the item they concern.
    pub warnings: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportItem {
    pub item_id: String,
    pub institution_name: String,
    pub institution_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub date_last_updated: OffsetDateTime,
    pub accounts: Vec<ReportAccount>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportAccount {
    pub account_id: String,
    pub name: String,
    pub official_name: Option<String>,
    pub mask: Option<String>,
    pub kind: String,
    pub subtype: Option<String>,
    pub available: Option<Decimal>,
    pub current: Option<Decimal>,
    pub limit: Option<Decimal>,
    pub iso_currency_code: String,
    pub days_available: u32,
    pub transactions: Vec<ReportTransaction>,
    pub owners: Vec<ReportOwner>,
    pub historical_balances: Vec<HistoricalBalance>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportTransaction {
    pub transaction_id: String,
    pub account_id: String,
    /// Plaid sign: positive is money out.
    pub amount: Decimal,
    pub iso_currency_code: String,
    pub original_description: String,
    pub name: String,
    pub merchant_name: Option<String>,
    pub date: Date,
    pub pending: bool,
    pub category: Option<Vec<String>>,
    pub category_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReportOwner {
    pub names: Vec<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HistoricalBalance {
    pub date: Date,
    pub current: Decimal,
}

/// Whether a balance is money owed (it grows with money out) rather than money held.
pub fn is_debt(kind: &str) -> bool {
    matches!(kind, "credit" | "loan")
}

fn present(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

fn owner(o: &AccountOwner) -> ReportOwner {
    let name =
        present(&o.owner_name).or_else(|| present(&format!("{} {}", o.first_name, o.last_name)));
    ReportOwner {
        names: name.into_iter().collect(),
        phone: present(&o.phone),
        email: present(&o.email),
        street: present(&o.address),
        city: present(&o.city),
        region: present(&o.state),
        postal_code: present(&o.postal_code),
        country: present(&o.country),
    }
}

/// One account of the report: posted and pending transactions within the window
/// (newest first), and a daily balance history computed backwards from the current
/// balance (undo each later day's transactions).
pub fn account(
    a: &PlaidAccount,
    transactions: &[PlaidTransaction],
    owners: &[AccountOwner],
    today: Date,
    days_requested: u32,
) -> ReportAccount {
    let start = today - Duration::days(i64::from(days_requested));
    let mine: Vec<&PlaidTransaction> = transactions
        .iter()
        .filter(|t| t.account_id == a.account_id && t.date >= start && t.date <= today)
        .collect();
    let oldest = mine.iter().map(|t| t.date).min().unwrap_or(today);
    let days_available = u32::try_from((today - oldest).whole_days()).unwrap_or(0);
    ReportAccount {
        account_id: a.account_id.clone(),
        name: a.name.clone(),
        official_name: a.official_name.clone(),
        mask: a.mask.clone(),
        kind: a.kind.to_owned(),
        subtype: a.subtype.map(str::to_owned),
        available: a.available,
        current: a.current,
        limit: a.limit,
        iso_currency_code: a.iso_currency_code.clone(),
        days_available,
        historical_balances: history(a, &mine, today, days_available),
        transactions: mine.iter().map(|t| transaction(t)).collect(),
        owners: owners
            .iter()
            .filter(|o| o.owner.account_guid == a.account.guid)
            .map(owner)
            .collect(),
    }
}

fn history(
    a: &PlaidAccount,
    transactions: &[&PlaidTransaction],
    today: Date,
    days: u32,
) -> Vec<HistoricalBalance> {
    let Some(mut balance) = a.current else {
        return Vec::new();
    };
    let debt = is_debt(a.kind);
    let mut out = Vec::with_capacity(days as usize + 1);
    let mut day = today;
    for _ in 0..=days {
        out.push(HistoricalBalance {
            date: day,
            current: balance,
        });
        // The balance at the end of the previous day: undo this day's posted moves.
        let moved: Decimal = transactions
            .iter()
            .filter(|t| t.date == day && !t.pending)
            .map(|t| t.amount)
            .sum();
        balance = if debt {
            balance - moved
        } else {
            balance + moved
        };
        day -= Duration::days(1);
    }
    out
}

fn transaction(t: &PlaidTransaction) -> ReportTransaction {
    ReportTransaction {
        transaction_id: t.transaction_id.clone(),
        account_id: t.account_id.clone(),
        amount: t.amount,
        iso_currency_code: t.iso_currency_code.clone(),
        original_description: t.name.clone(),
        name: t.name.clone(),
        merchant_name: t.merchant_name.clone(),
        date: t.date,
        pending: t.pending,
        category: t
            .category
            .as_ref()
            .map(|c| c.legacy.hierarchy.iter().map(|s| (*s).to_owned()).collect()),
        category_id: t.category.as_ref().map(|c| c.legacy.id.to_owned()),
    }
}
