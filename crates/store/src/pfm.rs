//! Repository of a user's personal-finance data: custom categories, tags, taggings,
//! transaction rules, and who set each transaction's category.

use crate::StoreResult;
use async_trait::async_trait;
use polyfin_domain::ids::{
    CategoryGuid, ClientId, TagGuid, TaggingGuid, TransactionGuid, TransactionRuleGuid, UserGuid,
};
use polyfin_domain::pfm::{CategorySource, CustomCategory, Tag, Tagging, TransactionRule};
use polyfin_domain::transaction::Transaction;

/// Picks, among transactions (oldest first), those in a recurring series.
pub type RecurringDetect<'a> =
    &'a (dyn for<'t> Fn(&'t [Transaction]) -> Vec<TransactionGuid> + Send + Sync);

/// Every entry point takes the client and the user: another tenant's rows are never seen.
/// Lists are oldest first; `save_*` inserts or updates by guid.
#[async_trait]
pub trait PfmRepo {
    async fn save_category(&self, category: &CustomCategory) -> StoreResult<()>;
    async fn list_categories(
        &self,
        client: &ClientId,
        user: &UserGuid,
    ) -> StoreResult<Vec<CustomCategory>>;
    async fn delete_category(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &CategoryGuid,
    ) -> StoreResult<bool>;

    async fn save_tag(&self, tag: &Tag) -> StoreResult<()>;
    async fn list_tags(&self, client: &ClientId, user: &UserGuid) -> StoreResult<Vec<Tag>>;
    /// Removes the tag and its taggings.
    async fn delete_tag(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &TagGuid,
    ) -> StoreResult<bool>;

    async fn save_tagging(&self, tagging: &Tagging) -> StoreResult<()>;
    async fn list_taggings(&self, client: &ClientId, user: &UserGuid) -> StoreResult<Vec<Tagging>>;
    async fn delete_tagging(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &TaggingGuid,
    ) -> StoreResult<bool>;

    async fn save_rule(&self, rule: &TransactionRule) -> StoreResult<()>;
    async fn list_rules(
        &self,
        client: &ClientId,
        user: &UserGuid,
    ) -> StoreResult<Vec<TransactionRule>>;
    async fn delete_rule(
        &self,
        client: &ClientId,
        user: &UserGuid,
        guid: &TransactionRuleGuid,
    ) -> StoreResult<bool>;

    /// The user's transactions whose category a rule may still change (not set by hand).
    async fn rule_candidates(
        &self,
        client: &ClientId,
        user: &UserGuid,
    ) -> StoreResult<Vec<Transaction>>;
    /// Writes the category, description and flags of each transaction, and who set
    /// them, in one database transaction.
    async fn recategorize(
        &self,
        client: &ClientId,
        transactions: &[Transaction],
        source: CategorySource,
    ) -> StoreResult<()>;
    /// Every transaction of the user, oldest first (recurring detection).
    async fn user_transactions(
        &self,
        client: &ClientId,
        user: &UserGuid,
    ) -> StoreResult<Vec<Transaction>>;
    /// Sets `is_recurring` on exactly the user's transactions `detect` picks among all
    /// of them (oldest first), in one database transaction that holds the user: two
    /// refreshes of one user (an API write and a job finishing at once, on any
    /// instance) run one after the other, the second reading what the first wrote, so
    /// a refresh that read before other transactions arrived can never write last. A
    /// job marks its member's transactions itself (`JobRepo::finish_job`): a series
    /// never spans accounts, so one member's transactions hold every series its change
    /// can touch.
    async fn refresh_recurring(
        &self,
        client: &ClientId,
        user: &UserGuid,
        detect: RecurringDetect<'_>,
    ) -> StoreResult<()>;
    /// Who set the transaction's category.
    async fn category_source(
        &self,
        client: &ClientId,
        guid: &TransactionGuid,
    ) -> StoreResult<Option<CategorySource>>;
}

/// The transactions whose `is_recurring` must be set, and those whose must be cleared,
/// for exactly `recurring` to be marked: only the rows that change are written.
pub(crate) fn recurring_changes(
    all: &[Transaction],
    recurring: &[TransactionGuid],
) -> (Vec<String>, Vec<String>) {
    let wanted: std::collections::HashSet<&str> = recurring.iter().map(|g| g.as_str()).collect();
    let (mut set, mut clear) = (Vec::new(), Vec::new());
    for t in all {
        match (t.flags.is_recurring, wanted.contains(t.guid.as_str())) {
            (false, true) => set.push(t.guid.as_str().to_owned()),
            (true, false) => clear.push(t.guid.as_str().to_owned()),
            _ => {}
        }
    }
    (set, clear)
}
