//! Cleansing and categorising transactions a partner sends in (Atrium
//! `cleanse_and_categorize`, MX `transactions/enhance`). Nothing is stored.

use crate::{Error, Result};
use polyfin_domain::category::Taxonomy;
use polyfin_domain::ids::MerchantGuid;
use polyfin_domain::text;
use polyfin_domain::transaction::{TransactionFlags, TransactionKind};
use polyfin_domain::Decimal;

/// At most this many transactions per request.
pub const MAX_TRANSACTIONS: usize = 100;

/// One transaction as the partner's feed has it.
#[derive(Debug, Clone, Default)]
pub struct RawTransaction {
    pub description: String,
    pub amount: Option<Decimal>,
    /// Debit when not given.
    pub kind: Option<TransactionKind>,
    pub merchant_category_code: Option<u32>,
}

/// What enrichment makes of a raw transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Enhanced {
    /// The cleansed description.
    pub description: String,
    pub category: String,
    pub category_guid: String,
    pub top_level_category: String,
    pub merchant_guid: Option<String>,
    pub flags: TransactionFlags,
}

/// Enhances each transaction, in order; `field` names the list in error messages.
pub fn enhance(field: &str, raw: &[RawTransaction]) -> Result<Vec<Enhanced>> {
    if raw.is_empty() {
        return Err(Error::invalid(
            field,
            format!("{field} must list at least one transaction."),
        ));
    }
    if raw.len() > MAX_TRANSACTIONS {
        return Err(Error::invalid(
            field,
            format!("{field} may list at most {MAX_TRANSACTIONS} transactions."),
        ));
    }
    for (i, item) in raw.iter().enumerate() {
        let name = format!("{field}[{i}].description");
        if item.description.trim().is_empty() {
            return Err(Error::invalid(&name, format!("{name} must not be empty.")));
        }
        if item.description.len() > text::MAX_SHORT_TEXT {
            return Err(Error::invalid(
                &name,
                format!("{name} is longer than {} bytes.", text::MAX_SHORT_TEXT),
            ));
        }
    }
    Ok(raw.iter().map(one).collect())
}

fn one(raw: &RawTransaction) -> Enhanced {
    let kind = raw.kind.unwrap_or(TransactionKind::Debit);
    let amount = raw.amount.unwrap_or_default().abs();
    let enrichment =
        polyfin_enrich::enrich(&raw.description, raw.merchant_category_code, kind, amount);
    let taxonomy = Taxonomy::standard();
    let category = taxonomy
        .get_by_guid(enrichment.category_guid.as_str())
        .unwrap_or_else(|| taxonomy.uncategorized());
    Enhanced {
        description: enrichment.description,
        category: category.name.clone(),
        category_guid: category.guid.to_string(),
        top_level_category: taxonomy.top_level_of(category).name.clone(),
        merchant_guid: enrichment
            .merchant_name
            .map(|name| MerchantGuid::derived(&name).to_string()),
        flags: enrichment.flags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(description: &str) -> RawTransaction {
        RawTransaction {
            description: description.to_owned(),
            amount: Some(Decimal::new(1122, 2)),
            ..Default::default()
        }
    }

    #[test]
    fn known_merchants_get_their_category_and_guid() {
        let out = enhance("transactions", &[raw("WHOLEFDS TSQ 102")]).expect("enhanced");
        assert_eq!(out[0].description, "Whole Foods");
        assert_eq!(out[0].category, "Groceries");
        assert_eq!(out[0].top_level_category, "Food & Dining");
        let merchant = polyfin_enrich::merchant("Whole Foods").expect("merchant");
        assert_eq!(
            out[0].merchant_guid.as_deref(),
            Some(merchant.guid.as_str())
        );
        assert!(out[0].flags.is_expense);
    }

    #[test]
    fn bad_lists_name_the_field() {
        let empty = enhance("transactions", &[]).expect_err("empty");
        assert!(matches!(empty, Error::Invalid { ref field, .. } if field == "transactions"));
        let blank = enhance("transactions", &[raw("x"), raw("  ")]).expect_err("blank");
        assert!(
            matches!(blank, Error::Invalid { ref field, .. } if field == "transactions[1].description")
        );
        let many = vec![raw("x"); MAX_TRANSACTIONS + 1];
        assert!(enhance("transactions", &many).is_err());
    }
}
