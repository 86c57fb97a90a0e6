//! A user's own personal-finance data: custom categories, tags and their taggings,
//! and transaction rules (MX Platform's categories, tags, taggings and
//! transaction_rules resources).

use crate::category::{Category, Taxonomy};
use crate::ids::{
    CategoryGuid, ClientId, TagGuid, TaggingGuid, TransactionGuid, TransactionRuleGuid, UserGuid,
};
use time::OffsetDateTime;

/// A sub-category a user added under one of MX's default categories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomCategory {
    pub guid: CategoryGuid,
    pub client_id: ClientId,
    pub user_guid: UserGuid,
    pub name: String,
    /// A default category.
    pub parent_guid: CategoryGuid,
    pub metadata: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl CustomCategory {
    /// The default category this one sits under.
    pub fn parent(&self) -> Option<&'static Category> {
        Taxonomy::standard().get_by_guid(self.parent_guid.as_str())
    }
}

/// The name every user's ready-made tag has.
pub const DEFAULT_TAG: &str = "Business";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub guid: TagGuid,
    pub client_id: ClientId,
    pub user_guid: UserGuid,
    pub name: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagging {
    pub guid: TaggingGuid,
    pub client_id: ClientId,
    pub user_guid: UserGuid,
    pub tag_guid: TagGuid,
    pub transaction_guid: TransactionGuid,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// "Transactions whose description contains `match_description` go under
/// `category_guid` (and read `description`)": applied to the user's existing
/// transactions when saved, and to every transaction aggregated afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionRule {
    pub guid: TransactionRuleGuid,
    pub client_id: ClientId,
    pub user_guid: UserGuid,
    pub category_guid: CategoryGuid,
    pub match_description: String,
    pub description: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl TransactionRule {
    /// Case-insensitive containment in the cleaned or the raw description.
    pub fn matches(&self, description: &str, original_description: &str) -> bool {
        let wanted = self.match_description.trim().to_lowercase();
        !wanted.is_empty()
            && (description.to_lowercase().contains(&wanted)
                || original_description.to_lowercase().contains(&wanted))
    }
}

/// The first rule (oldest first) that matches, if any.
pub fn first_matching_rule<'a>(
    rules: &'a [TransactionRule],
    description: &str,
    original_description: &str,
) -> Option<&'a TransactionRule> {
    rules
        .iter()
        .find(|r| r.matches(description, original_description))
}

/// Who last set a transaction's category: a later aggregation or rule never
/// overrides a user's own choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategorySource {
    Engine,
    Rule,
    User,
}

impl CategorySource {
    pub fn name(self) -> &'static str {
        match self {
            CategorySource::Engine => "engine",
            CategorySource::Rule => "rule",
            CategorySource::User => "user",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(text: &str) -> TransactionRule {
        let now = OffsetDateTime::UNIX_EPOCH;
        TransactionRule {
            guid: TransactionRuleGuid::generate(),
            client_id: ClientId::from_stored("c".to_owned()),
            user_guid: UserGuid::generate(),
            category_guid: CategoryGuid::derived("Gas"),
            match_description: text.to_owned(),
            description: None,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn rules_match_either_description_case_insensitively() {
        assert!(rule("shell").matches("Shell", "POS DEBIT SHELL OIL 5744"));
        assert!(rule("OIL 5744").matches("Shell", "POS DEBIT SHELL OIL 5744"));
        assert!(!rule("chevron").matches("Shell", "SHELL OIL"));
        assert!(!rule("  ").matches("Shell", "SHELL OIL"));
        let rules = [rule("nothing"), rule("shell"), rule("oil")];
        let hit = first_matching_rule(&rules, "Shell", "SHELL OIL").expect("hit");
        assert_eq!(hit.match_description, "shell");
    }
}
