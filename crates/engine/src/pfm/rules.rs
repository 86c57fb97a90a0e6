//! Transaction rules: saved, they recategorize the user's matching transactions at
//! once (except those the user categorized by hand) and every matching transaction
//! aggregated afterwards (see `ingest`).

use super::{page_of, Pfm};
use crate::{Error, Result};
use polyfin_domain::ids::{CategoryGuid, TransactionRuleGuid};
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::pfm::{CategorySource, TransactionRule};
use polyfin_domain::text;
use polyfin_domain::user::User;

#[derive(Debug, Clone, Default)]
pub struct RuleChanges {
    pub category_guid: Option<String>,
    pub match_description: Option<String>,
    pub description: Option<String>,
}

impl Pfm<'_> {
    pub async fn rules(&self, user: &User, page: PageRequest) -> Result<Page<TransactionRule>> {
        let all = self.all_rules(user).await?;
        Ok(page_of(&all, page))
    }

    pub async fn rule(&self, user: &User, guid: &str) -> Result<TransactionRule> {
        self.all_rules(user)
            .await?
            .into_iter()
            .find(|r| r.guid.as_str() == guid)
            .ok_or(Error::NotFound("Transaction rule"))
    }

    pub async fn create_rule(&self, user: &User, changes: RuleChanges) -> Result<TransactionRule> {
        let (Some(category_guid), Some(match_description)) = (
            changes.category_guid.clone(),
            changes.match_description.clone(),
        ) else {
            let field = if changes.category_guid.is_none() {
                "transaction_rule.category_guid"
            } else {
                "transaction_rule.match_description"
            };
            return Err(Error::invalid(field, format!("{field} is required.")));
        };
        let now = self.engine.clock.now();
        let mut rule = TransactionRule {
            guid: TransactionRuleGuid::generate(),
            client_id: user.client_id.clone(),
            user_guid: user.guid.clone(),
            category_guid: CategoryGuid::from_stored(category_guid),
            match_description,
            description: None,
            created_at: now,
            updated_at: now,
        };
        self.change_rule(user, &mut rule, changes).await?;
        Ok(rule)
    }

    /// Attributes left out stay as they were.
    pub async fn update_rule(
        &self,
        user: &User,
        guid: &str,
        changes: RuleChanges,
    ) -> Result<TransactionRule> {
        let mut rule = self.rule(user, guid).await?;
        rule.updated_at = self.engine.clock.now();
        self.change_rule(user, &mut rule, changes).await?;
        Ok(rule)
    }

    pub async fn delete_rule(&self, user: &User, guid: &str) -> Result<()> {
        let rule = self.rule(user, guid).await?;
        self.engine
            .store
            .delete_rule(&user.client_id, &user.guid, &rule.guid)
            .await?;
        Ok(())
    }

    /// Checks and applies the changes, saves the rule, then recategorizes the
    /// user's matching transactions.
    async fn change_rule(
        &self,
        user: &User,
        rule: &mut TransactionRule,
        changes: RuleChanges,
    ) -> Result<()> {
        let book = self.category_book(user).await?;
        if let Some(guid) = changes.category_guid {
            if book.find(&guid).is_none() {
                return Err(Error::Unprocessable(format!(
                    "transaction_rule.category_guid: {guid} is not a category."
                )));
            }
            rule.category_guid = CategoryGuid::from_stored(guid);
        }
        if let Some(text) = changes.match_description {
            let field = "transaction_rule.match_description";
            if text.trim().is_empty() {
                return Err(Error::invalid(field, format!("{field} must not be empty.")));
            }
            text::check_len(field, &text, text::MAX_SHORT_TEXT)?;
            rule.match_description = text;
        }
        if let Some(description) = changes.description {
            text::check_len(
                "transaction_rule.description",
                &description,
                text::MAX_SHORT_TEXT,
            )?;
            rule.description = Some(description);
        }
        self.engine.store.save_rule(rule).await?;
        self.apply_rule(user, rule).await
    }

    async fn apply_rule(&self, user: &User, rule: &TransactionRule) -> Result<()> {
        let store = &self.engine.store;
        let book = self.category_book(user).await?;
        let now = self.engine.clock.now();
        let mut changed = Vec::new();
        for mut t in store.rule_candidates(&user.client_id, &user.guid).await? {
            if !rule.matches(&t.description, &t.original_description) {
                continue;
            }
            book.apply(&mut t, rule.category_guid.as_str())?;
            if let Some(description) = &rule.description {
                t.description = description.clone();
            }
            t.updated_at = now;
            changed.push(t);
        }
        store
            .recategorize(&user.client_id, &changed, CategorySource::Rule)
            .await?;
        Ok(())
    }

    async fn all_rules(&self, user: &User) -> Result<Vec<TransactionRule>> {
        Ok(self
            .engine
            .store
            .list_rules(&user.client_id, &user.guid)
            .await?)
    }
}
