//! Transaction enrichment: a clean description, the merchant, the MX category and the
//! `is_*` flags, from the raw feed text. Pure functions over static tables; no I/O.
//!
//! The category comes from, in order: the merchant directory, the merchant category
//! code, keyword rules (payroll, transfers, fees …), and finally "Uncategorized".

mod clean;
mod directory;
mod flags;
mod rules;
mod words;

use polyfin_domain::category::{Category, Taxonomy};
use polyfin_domain::ids::MerchantGuid;
use polyfin_domain::transaction::{Enrichment, TransactionKind};
use polyfin_domain::Decimal;
use words::Words;

/// A merchant the directory knows, as the API serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantInfo {
    /// Derived from the name, so it is the same on every run.
    pub guid: MerchantGuid,
    pub name: String,
    pub website_url: Option<String>,
    pub logo_url: Option<String>,
    /// The MX category name the directory files the merchant under.
    pub category: String,
}

/// Enriches one raw transaction.
pub fn enrich(
    raw_description: &str,
    mcc: Option<u32>,
    kind: TransactionKind,
    amount: Decimal,
) -> Enrichment {
    let words = Words::new(raw_description);
    let merchant = directory::lookup(&words);
    let rule = rules::lookup(&words, kind);
    let category = category(merchant, mcc, rule);
    let description = merchant
        .map(|m| m.name.to_owned())
        .or_else(|| rule.and_then(|r| r.description(&words)))
        .unwrap_or_else(|| clean::describe(raw_description));
    let flags = flags::compute(&flags::Inputs {
        words: &words,
        kind,
        amount,
        category,
        merchant,
    });
    Enrichment {
        description,
        category_guid: category.guid.clone(),
        merchant_name: merchant.map(|m| m.name.to_owned()),
        flags,
    }
}

fn category(
    merchant: Option<&directory::Entry>,
    mcc: Option<u32>,
    rule: Option<&rules::Rule>,
) -> &'static Category {
    let taxonomy = Taxonomy::standard();
    let uncategorized = taxonomy.uncategorized();
    merchant
        .and_then(|m| taxonomy.get_by_name(m.category))
        .or_else(|| {
            // An unknown MCC maps to "Uncategorized"; the keywords may still know better.
            mcc.map(|code| taxonomy.for_mcc(code))
                .filter(|c| c.guid != uncategorized.guid)
        })
        .or_else(|| rule.and_then(|r| taxonomy.get_by_name(r.category)))
        .unwrap_or(uncategorized)
}

/// The directory merchant with this name (case-insensitive).
pub fn merchant(name: &str) -> Option<MerchantInfo> {
    directory::by_name(name).map(info)
}

/// Every merchant in the directory, in directory order.
pub fn merchants() -> impl Iterator<Item = MerchantInfo> {
    directory::DIRECTORY.iter().map(info)
}

fn info(entry: &directory::Entry) -> MerchantInfo {
    MerchantInfo {
        guid: MerchantGuid::derived(entry.name),
        name: entry.name.to_owned(),
        website_url: Some(entry.website.to_owned()),
        logo_url: None,
        category: entry.category.to_owned(),
    }
}
