//! Investment transactions: MX transactions on investment accounts, typed by the rules
//! of spec §6.5 (type/subtype from the category, Plaid sign, security by ticker).

use super::data::PlaidAccount;
use super::products::PlaidSecurity;
use super::{mapping, Item, PlaidFailure, PlaidItems, PlaidResult};
use polyfin_domain::category::Taxonomy;
use polyfin_domain::transaction::{Transaction, TransactionKind};
use polyfin_domain::{Date, Decimal};

#[derive(Debug, Clone)]
pub struct PlaidInvestmentTransaction {
    pub investment_transaction_id: String,
    pub account_id: String,
    pub security_id: Option<String>,
    pub date: Date,
    pub name: String,
    pub quantity: Decimal,
    /// Plaid sign: positive is cash out of the account.
    pub amount: Decimal,
    pub price: Decimal,
    /// `buy`, `sell`, `cash`, `fee`, …
    pub kind: &'static str,
    pub subtype: &'static str,
    pub iso_currency_code: String,
}

/// Plaid's (type, subtype) of an investment-account transaction (spec §6.5).
pub fn investment_type(t: &Transaction) -> (&'static str, &'static str) {
    let taxonomy = Taxonomy::standard();
    let (name, top) = taxonomy
        .get_by_guid(t.category_guid.as_str())
        .map(|c| (c.name.as_str(), c.top_level_name.as_str()))
        .unwrap_or(("", ""));
    let description = t.description.to_ascii_uppercase();
    match (top, name) {
        (_, "Buy") => ("buy", "buy"),
        (_, "Sell") => ("sell", "sell"),
        (_, "Dividend & Cap Gains") => ("cash", "dividend"),
        _ if description.contains("DIVIDEND") => ("cash", "dividend"),
        (_, "Interest Income") => ("cash", "interest"),
        (_, "Withdrawal") => ("cash", "withdrawal"),
        ("Fees & Charges", _) | (_, "Trade Commissions") => ("fee", "account fee"),
        _ if description.contains("CONTRIBUTION") => ("cash", "contribution"),
        (_, "Deposit") | ("Income", _) => ("cash", "deposit"),
        _ => match t.kind {
            TransactionKind::Debit => ("cash", "transfer"),
            TransactionKind::Credit => ("cash", "deposit"),
        },
    }
}

/// The security a description names by ticker (a whole word), if one is held.
fn security_of(description: &str, securities: &[PlaidSecurity]) -> Option<String> {
    let words: Vec<&str> = description
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    securities
        .iter()
        .find(|s| {
            s.ticker_symbol
                .as_deref()
                .is_some_and(|ticker| words.iter().any(|w| w.eq_ignore_ascii_case(ticker)))
        })
        .map(|s| s.security_id.clone())
}

impl PlaidItems<'_> {
    /// Investment transactions of the given investment accounts within `[from, to]`,
    /// newest first (stable order), one page, and the total.
    pub async fn investment_transactions(
        &self,
        item: &Item,
        accounts: &[PlaidAccount],
        securities: &[PlaidSecurity],
        (from, to): (Date, Date),
        (count, offset): (usize, usize),
    ) -> PlaidResult<(Vec<PlaidInvestmentTransaction>, u64)> {
        self.ensure_ready(item)?;
        if from > to {
            return Err(PlaidFailure::InvalidField {
                field: "start_date".to_owned(),
                message: "start_date must not be after end_date".to_owned(),
            });
        }
        let all: Vec<PlaidInvestmentTransaction> = self
            .member_transactions(item, from, to)
            .await?
            .iter()
            .filter_map(|t| {
                let account_id = mapping::derive_id("account", t.account_guid.as_str());
                accounts
                    .iter()
                    .any(|a| a.account_id == account_id && a.kind == "investment")
                    .then(|| to_investment(t, account_id, securities))
            })
            .collect();
        let total = all.len() as u64;
        Ok((all.into_iter().skip(offset).take(count).collect(), total))
    }
}

fn to_investment(
    t: &Transaction,
    account_id: String,
    securities: &[PlaidSecurity],
) -> PlaidInvestmentTransaction {
    let (kind, subtype) = investment_type(t);
    PlaidInvestmentTransaction {
        investment_transaction_id: mapping::derive_id("investment_transaction", t.guid.as_str()),
        account_id,
        security_id: security_of(&t.description, securities)
            .or_else(|| security_of(&t.original_description, securities)),
        date: t.date,
        name: t.description.clone(),
        quantity: Decimal::ZERO,
        amount: mapping::signed_amount(t),
        price: Decimal::ZERO,
        kind,
        subtype,
        iso_currency_code: t.currency_code.clone(),
    }
}
