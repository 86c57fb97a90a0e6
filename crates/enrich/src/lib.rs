//! Transaction enrichment: a clean description, the merchant, the MX category and the
//! `is_*` flags, from the raw feed text. Pure functions over tables read once from the
//! data files in `data/` (`merchants.tsv`, `rules.tsv`); no I/O.
//!
//! The category comes from, in order: the rules that must win over any merchant
//! (bank fees, payroll, refunds), the merchant directory, the merchant category code,
//! the remaining keyword rules (transfers, checks, business-kind words), and finally
//! "Uncategorized".

mod clean;
mod directory;
pub mod finsight;
mod flags;
pub mod recurring;
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
    let upper = raw_description.to_ascii_uppercase();
    let words = Words::new(&upper);
    let hits = rules::rules().lookup(&words, kind);
    let found = directory::directory().lookup(&words);
    let (merchant, category, rule) = decide(hits, found, mcc);
    let description = match (merchant, rule) {
        (Some(m), _) => m.entry.name.to_owned(),
        (None, r) => r
            .and_then(|r| r.description(&words))
            .unwrap_or_else(|| clean::describe(raw_description)),
    };
    let flags = flags::compute(&flags::Inputs {
        words: &words,
        kind,
        amount,
        category,
        merchant: merchant.map(|m| m.entry),
    });
    Enrichment {
        description,
        category_guid: category.guid.clone(),
        merchant_name: merchant.map(|m| m.entry.name.to_owned()),
        flags,
    }
}

/// Picks the merchant, the category and the rule that described the transaction.
fn decide(
    hits: rules::Hits,
    found: Option<directory::Match>,
    mcc: Option<u32>,
) -> (
    Option<directory::Match>,
    &'static Category,
    Option<&'static rules::Rule>,
) {
    let taxonomy = Taxonomy::standard();
    if let Some(rule) = hits.early {
        let merchant = found.filter(|_| rule.stage == rules::Stage::Keep);
        return (merchant, rule.category, Some(rule));
    }
    let uncategorized = taxonomy.uncategorized();
    let category = found
        .map(|m| m.category)
        .or_else(|| {
            // An unknown MCC maps to "Uncategorized"; the keywords may still know better.
            mcc.map(|code| taxonomy.for_mcc(code))
                .filter(|c| c.guid != uncategorized.guid)
        })
        .or_else(|| hits.after.map(|r| r.category))
        .unwrap_or(uncategorized);
    (found, category, hits.after)
}

/// The directory merchant with this name (case-insensitive).
pub fn merchant(name: &str) -> Option<MerchantInfo> {
    directory::directory().by_name(name).map(info)
}

/// Every merchant in the directory, in directory order.
pub fn merchants() -> impl Iterator<Item = MerchantInfo> {
    directory::directory().entries().iter().map(info)
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
