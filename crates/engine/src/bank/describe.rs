//! How the hosted bank's transactions look to the outside: the raw feed text an
//! aggregator receives (card purchases as "DEBIT CARD PURCHASE <merchant>", with the
//! merchant category code beside it), and the `transactionCategorization` the Apiture
//! API shows — both categorized once, by `polyfin_enrich`, exactly as aggregation
//! categorizes them.

use polyfin_domain::category::{Category, Taxonomy};
use polyfin_domain::transaction::TransactionKind;
use polyfin_ledger::{EntryKind, TransactionType, TransactionView};

/// Apiture's `transactionCategorization`: `label` 1..16, `id` 2..32 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankCategory {
    pub label: String,
    pub id: String,
}

const MAX_LABEL: usize = 16;

/// Debit or credit, seen from the account holder.
pub fn kind_of(row: &TransactionView) -> TransactionKind {
    if row.amount.is_sign_negative() {
        TransactionKind::Debit
    } else {
        TransactionKind::Credit
    }
}

/// The text a core banking feed would carry for the row.
pub fn raw_description(row: &TransactionView) -> String {
    let described = row
        .description
        .as_deref()
        .or(row.memo.as_deref())
        .unwrap_or_else(|| row.transaction_type.as_str())
        .to_uppercase();
    match row.kind {
        EntryKind::CardPurchase => {
            let merchant = row
                .merchant
                .as_ref()
                .map_or(described.clone(), |m| m.name.to_uppercase());
            format!("DEBIT CARD PURCHASE {merchant}")
        }
        EntryKind::Check => match row.check_number {
            Some(number) => format!("CHECK {number}"),
            None => "CHECK DEPOSIT".to_owned(),
        },
        EntryKind::Transfer => format!("ONLINE {described}"),
        _ => described,
    }
}

/// The merchant category code of a card row.
pub fn mcc(row: &TransactionView) -> Option<u32> {
    row.merchant.as_ref().and_then(|m| m.mcc)
}

/// The MX category aggregation assigns the row.
pub fn category(row: &TransactionView) -> &'static Category {
    let enrichment = polyfin_enrich::enrich(
        &raw_description(row),
        mcc(row),
        kind_of(row),
        row.amount.abs(),
    );
    let taxonomy = Taxonomy::standard();
    taxonomy
        .get_by_guid(enrichment.category_guid.as_str())
        .unwrap_or_else(|| taxonomy.uncategorized())
}

/// The row's Apiture category; `balance` rows have none (spec §5.3). The label is
/// the MX category's name, or its top-level name when the name is too long; the id
/// is the category guid's 32 hex digits.
pub fn bank_category(row: &TransactionView) -> Option<BankCategory> {
    if row.transaction_type == TransactionType::Balance {
        return None;
    }
    let category = category(row);
    let label = [&category.name, &category.top_level_name]
        .into_iter()
        .find(|name| name.chars().count() <= MAX_LABEL)
        .cloned()
        .unwrap_or_else(|| category.name.chars().take(MAX_LABEL).collect());
    let guid = category.guid.as_str();
    let id: String = guid
        .strip_prefix("CAT-")
        .unwrap_or(guid)
        .chars()
        .filter(|c| *c != '-')
        .take(32)
        .collect();
    Some(BankCategory { label, id })
}
