//! A user's personal-finance data: default and custom categories, tags and taggings,
//! transaction rules, and the category book that resolves a transaction's category
//! guid (default or custom) for every dialect.

mod categories;
pub(crate) mod recurring;
mod rules;
mod tags;

pub use categories::{CategoryChanges, CategoryView};
pub use recurring::RepeatingTransaction;
pub use rules::RuleChanges;

use crate::{Engine, Error, Result};
use polyfin_domain::category::Taxonomy;
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::pfm::CustomCategory;
use polyfin_domain::transaction::{Transaction, TransactionKind};
use polyfin_domain::user::User;

pub struct Pfm<'a> {
    engine: &'a Engine,
}

impl<'a> Pfm<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// The categories a user's transactions can carry: MX's defaults and their own.
    pub async fn category_book(&self, user: &User) -> Result<CategoryBook> {
        let custom = self
            .engine
            .store
            .list_categories(&user.client_id, &user.guid)
            .await?;
        Ok(CategoryBook { custom })
    }

    /// The book to show `transactions` with. The user's custom categories are read only
    /// when one of them is filed outside the standard taxonomy, so a page of standard
    /// categories (nearly every page) costs no extra read.
    pub async fn category_book_for(
        &self,
        user: &User,
        transactions: &[Transaction],
    ) -> Result<CategoryBook> {
        let taxonomy = Taxonomy::standard();
        let all_standard = transactions
            .iter()
            .all(|t| taxonomy.get_by_guid(t.category_guid.as_str()).is_some());
        if all_standard {
            return Ok(CategoryBook::default());
        }
        self.category_book(user).await
    }
}

/// Resolves category guids, default or custom, to what a transaction shows.
#[derive(Debug, Clone, Default)]
pub struct CategoryBook {
    custom: Vec<CustomCategory>,
}

/// A transaction's category as the wire shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedCategory {
    pub guid: String,
    pub name: String,
    pub top_level_name: String,
    pub top_level_guid: String,
    pub is_income: bool,
}

impl CategoryBook {
    pub(crate) fn new(custom: Vec<CustomCategory>) -> Self {
        CategoryBook { custom }
    }

    /// The category with this guid; an unknown one shows as "Uncategorized".
    pub fn resolve(&self, guid: &str) -> ResolvedCategory {
        self.find(guid).unwrap_or_else(|| {
            let taxonomy = Taxonomy::standard();
            let fallback = taxonomy.uncategorized();
            ResolvedCategory {
                guid: fallback.guid.to_string(),
                name: fallback.name.clone(),
                top_level_name: fallback.name.clone(),
                top_level_guid: fallback.guid.to_string(),
                is_income: false,
            }
        })
    }

    pub fn find(&self, guid: &str) -> Option<ResolvedCategory> {
        let taxonomy = Taxonomy::standard();
        if let Some(category) = taxonomy.get_by_guid(guid) {
            let top = taxonomy.top_level_of(category);
            return Some(ResolvedCategory {
                guid: category.guid.to_string(),
                name: category.name.clone(),
                top_level_name: top.name.clone(),
                top_level_guid: top.guid.to_string(),
                is_income: category.is_income,
            });
        }
        let custom = self.custom.iter().find(|c| c.guid.as_str() == guid)?;
        let parent = custom.parent()?;
        let top = taxonomy.top_level_of(parent);
        Some(ResolvedCategory {
            guid: custom.guid.to_string(),
            name: custom.name.clone(),
            top_level_name: top.name.clone(),
            top_level_guid: top.guid.to_string(),
            is_income: parent.is_income,
        })
    }

    /// Files the transaction under `guid` (422 for a category the user cannot use)
    /// and sets the flags that follow from it.
    pub fn apply(&self, transaction: &mut Transaction, guid: &str) -> Result<()> {
        let category = self.find(guid).ok_or_else(|| {
            Error::Unprocessable(format!(
                "transaction.category_guid: {guid} is not a category."
            ))
        })?;
        transaction.category_guid = polyfin_domain::ids::CategoryGuid::from_stored(category.guid);
        let flags = &mut transaction.flags;
        let debit = transaction.kind == TransactionKind::Debit;
        let top = category.top_level_name.as_str();
        flags.is_income = category.is_income && !debit;
        flags.is_fee = debit && top == "Fees & Charges";
        flags.is_expense = debit && top != "Transfer" && top != "Investments";
        Ok(())
    }
}

/// One page of an in-memory list.
pub(crate) fn page_of<T: Clone>(items: &[T], page: PageRequest) -> Page<T> {
    Page {
        items: page.slice(items).to_vec(),
        total: items.len() as u64,
    }
}
