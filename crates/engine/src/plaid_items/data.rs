//! An item's accounts, transactions (offset pages and the sync log) and account
//! numbers, in Plaid's terms.

use super::mapping::{self, PlaidCategory};
use super::{Item, PlaidFailure, PlaidItems, PlaidResult};
use polyfin_domain::account::Account;
use polyfin_domain::category::{Category, Taxonomy};
use polyfin_domain::ids::CategoryGuid;
use polyfin_domain::page::PageRequest;
use polyfin_domain::premium::AccountNumber;
use polyfin_domain::transaction::{Transaction, TransactionStatus};
use polyfin_domain::{Date, Decimal};
use polyfin_enrich::finsight::{self, Advice};
use polyfin_store::{DataScope, TransactionQuery};
use std::collections::HashMap;
use time::OffsetDateTime;

const ALL: PageRequest = PageRequest {
    page: 1,
    per_page: 1_000_000,
};

#[derive(Debug, Clone)]
pub struct PlaidAccount {
    pub account_id: String,
    pub name: String,
    pub official_name: Option<String>,
    pub mask: Option<String>,
    pub kind: &'static str,
    pub subtype: Option<&'static str>,
    pub available: Option<Decimal>,
    pub current: Option<Decimal>,
    pub limit: Option<Decimal>,
    pub iso_currency_code: String,
    pub last_updated: Option<OffsetDateTime>,
    pub account: Account,
}

#[derive(Debug, Clone)]
pub struct PlaidTransaction {
    pub transaction_id: String,
    pub account_id: String,
    /// Plaid sign: positive is money out.
    pub amount: Decimal,
    pub iso_currency_code: String,
    pub date: Date,
    pub authorized_date: Date,
    pub pending: bool,
    pub name: String,
    pub merchant_name: Option<String>,
    pub category: Option<PlaidCategory>,
    pub check_number: Option<String>,
    pub merchant_category_code: Option<String>,
    pub latitude: Option<Decimal>,
    pub longitude: Option<Decimal>,
    /// `in store`, `online` or `other`.
    pub payment_channel: &'static str,
    /// The FinSight advice enrichment has for it (sent only on request, spec §4.1).
    pub insight: Option<Advice>,
}

fn to_plaid_account(a: Account) -> PlaidAccount {
    let (kind, subtype) = mapping::account_type(&a.account_type, a.subtype.as_deref());
    let f = &a.figures;
    let (available, limit) = match kind {
        "credit" => (
            f.available_credit
                .or_else(|| f.credit_limit.zip(f.balance).map(|(l, b)| l - b)),
            f.credit_limit,
        ),
        "loan" if subtype == Some("line of credit") || subtype == Some("home equity") => {
            (f.available_credit, f.credit_limit)
        }
        "loan" => (None, None),
        "investment" => (f.cash_balance.or(f.available_balance), None),
        _ => (f.available_balance, None),
    };
    let (name, official_name) = match &a.nickname {
        Some(nick) => (nick.clone(), Some(a.name.clone())),
        None => (a.name.clone(), None),
    };
    PlaidAccount {
        account_id: mapping::derive_id("account", a.guid.as_str()),
        name,
        official_name,
        mask: a.account_number_mask.clone(),
        kind,
        subtype,
        available,
        current: f.balance,
        limit,
        iso_currency_code: a.currency_code.clone(),
        last_updated: a.imported_at.or(Some(a.updated_at)),
        account: a,
    }
}

/// The standard category a transaction's category stands for: itself, or for a user's
/// custom category the default category it was made under (Plaid's taxonomy is fixed).
pub(super) struct UserCategories {
    custom_parents: HashMap<String, CategoryGuid>,
}

impl UserCategories {
    pub(super) fn standard(&self, guid: &CategoryGuid) -> Option<&'static Category> {
        let taxonomy = Taxonomy::standard();
        taxonomy.get_by_guid(guid.as_str()).or_else(|| {
            self.custom_parents
                .get(guid.as_str())
                .and_then(|parent| taxonomy.get_by_guid(parent.as_str()))
        })
    }
}

pub(super) fn to_plaid_transaction(
    t: &Transaction,
    categories: &UserCategories,
) -> PlaidTransaction {
    let amount = mapping::signed_amount(t);
    let category = categories.standard(&t.category_guid);
    let insight = finsight::advise(&finsight::Facts {
        category,
        merchant: t.merchant_name.as_deref(),
        description: &t.description,
        flags: &t.flags,
        spent: amount,
    });
    let pending = t.status == TransactionStatus::Pending;
    let located = t.latitude.is_some() && t.longitude.is_some();
    let online = t
        .merchant_category_code
        .is_some_and(|m| (5964..=5969).contains(&m))
        || t.description.to_ascii_uppercase().contains("ONLINE");
    PlaidTransaction {
        transaction_id: mapping::derive_id("transaction", t.guid.as_str()),
        account_id: mapping::derive_id("account", t.account_guid.as_str()),
        amount,
        iso_currency_code: t.currency_code.clone(),
        date: if pending {
            t.transacted_at.date()
        } else {
            t.date
        },
        authorized_date: t.transacted_at.date(),
        pending,
        name: t.description.clone(),
        merchant_name: t.merchant_name.clone(),
        category: category.and_then(|c| mapping::category(c, amount)),
        check_number: t.check_number.clone(),
        merchant_category_code: t.merchant_category_code.map(|m| m.to_string()),
        latitude: t.latitude,
        longitude: t.longitude,
        payment_channel: if located {
            "in store"
        } else if online {
            "online"
        } else {
            "other"
        },
        insight,
    }
}

impl PlaidItems<'_> {
    /// The item's open accounts, optionally only `ids` (unknown id → INVALID_ACCOUNT_ID).
    pub async fn accounts(
        &self,
        item: &Item,
        ids: Option<&[String]>,
    ) -> PlaidResult<Vec<PlaidAccount>> {
        let page = self
            .engine()
            .accounts()
            .list(&item.user, Some(item.member.guid.as_str()), ALL)
            .await?;
        let all: Vec<PlaidAccount> = page
            .items
            .into_iter()
            .filter(|a| !a.is_closed)
            .map(to_plaid_account)
            .collect();
        let Some(ids) = ids else { return Ok(all) };
        if ids
            .iter()
            .any(|id| !all.iter().any(|a| &a.account_id == id))
        {
            return Err(PlaidFailure::InvalidAccountId);
        }
        Ok(all
            .into_iter()
            .filter(|a| ids.contains(&a.account_id))
            .collect())
    }

    /// The user's custom categories, to map them onto Plaid's fixed taxonomy.
    pub(super) async fn user_categories(&self, item: &Item) -> PlaidResult<UserCategories> {
        let custom = self
            .engine()
            .store
            .list_categories(&item.user.client_id, &item.user.guid)
            .await?;
        Ok(UserCategories {
            custom_parents: custom
                .into_iter()
                .map(|c| (c.guid.as_str().to_owned(), c.parent_guid))
                .collect(),
        })
    }

    pub(super) async fn member_transactions(
        &self,
        item: &Item,
        from: Date,
        to: Date,
    ) -> PlaidResult<Vec<Transaction>> {
        let query = member_query(item, (from, to), None);
        let page = self
            .engine()
            .store
            .list_transactions(&item.user.client_id, &query, ALL)
            .await?;
        Ok(page.items)
    }

    /// Transactions of depository, credit and loan accounts within `[from, to]`, newest
    /// first, and the total count.
    pub async fn transactions(
        &self,
        item: &Item,
        accounts: &[PlaidAccount],
        (from, to): (Date, Date),
        (count, offset): (usize, usize),
    ) -> PlaidResult<(Vec<PlaidTransaction>, u64)> {
        self.ensure_ready(item)?;
        if from > to {
            return Err(PlaidFailure::InvalidField {
                field: "start_date".to_owned(),
                message: "start_date must not be after end_date".to_owned(),
            });
        }
        // The page is cut in SQL, in the order `member_transactions` lists them.
        let query = member_query(
            item,
            (from, to),
            Some(
                accounts
                    .iter()
                    .filter(|a| eligible(accounts, &a.account_id))
                    .map(|a| a.account.guid.clone())
                    .collect(),
            ),
        );
        let page = self
            .engine()
            .store
            .list_transaction_range(&item.user.client_id, &query, offset as u64, count as u64)
            .await?;
        let categories = self.user_categories(item).await?;
        let list = page
            .items
            .iter()
            .map(|t| to_plaid_transaction(t, &categories))
            .collect();
        Ok((list, page.total))
    }

    /// Verified account and routing numbers of the given accounts.
    pub async fn account_numbers(
        &self,
        item: &Item,
        accounts: &[PlaidAccount],
    ) -> PlaidResult<Vec<(String, AccountNumber)>> {
        let within = crate::premium::Within {
            member_guid: Some(item.member.guid.as_str()),
            account_guid: None,
        };
        let page = self
            .engine()
            .premium()
            .account_numbers(&item.user, within, ALL)
            .await?;
        if page.items.is_empty() {
            return Err(PlaidFailure::ProductNotReady);
        }
        Ok(page
            .items
            .into_iter()
            .filter_map(|n| {
                let id = mapping::derive_id("account", n.owner.account_guid.as_str());
                accounts
                    .iter()
                    .any(|a| a.account_id == id)
                    .then_some((id, n))
            })
            .collect())
    }
}

/// Transactions endpoints cover the listed accounts except investment ones.
pub(super) fn eligible(accounts: &[PlaidAccount], account_id: &str) -> bool {
    accounts
        .iter()
        .any(|a| a.account_id == account_id && a.kind != "investment")
}

/// The item's member's transactions within `[from, to]`, of `accounts` when given.
fn member_query(
    item: &Item,
    (from, to): (Date, Date),
    accounts: Option<Vec<polyfin_domain::ids::AccountGuid>>,
) -> TransactionQuery {
    TransactionQuery {
        scope: DataScope {
            user: item.user.guid.clone(),
            member: Some(item.member.guid.clone()),
            account: None,
        },
        from,
        to,
        accounts,
    }
}
