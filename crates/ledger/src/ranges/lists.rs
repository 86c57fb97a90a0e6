//! List-valued query parameters (spec §4.5): pipe-separated (`productType`,
//! `categories`, `type`) and comma-separated (`allows`, `accounts`).
//!
//! The input is the already percent-decoded value, so `%7C` has become `|` by the time
//! it gets here. A repeated key (`?type=debit&type=credit`) should be joined with the
//! separator by the caller before parsing (spec §4.5 [R], lenient).

use std::collections::HashSet;
use std::fmt::Display;
use std::str::FromStr;

use crate::error::ParamError;

/// Which characters an item may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemCharset {
    Any,
    /// `^[-_:.~$a-zA-Z0-9]+$`, the `resourceId` pattern (spec §1.6).
    ResourceId,
}

/// The constraints of one list parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListRule {
    pub separator: char,
    pub min_items: usize,
    pub max_items: usize,
    pub unique: bool,
    /// Item length in characters, inclusive.
    pub min_item_len: usize,
    pub max_item_len: usize,
    pub charset: ItemCharset,
}

impl ListRule {
    /// A `|`-separated list of at least one non-empty item, unique, no size cap.
    pub const fn pipe() -> Self {
        Self {
            separator: '|',
            min_items: 1,
            max_items: usize::MAX,
            unique: true,
            min_item_len: 1,
            max_item_len: usize::MAX,
            charset: ItemCharset::Any,
        }
    }

    /// Like [`ListRule::pipe`] with `,` as separator.
    pub const fn comma() -> Self {
        let mut rule = Self::pipe();
        rule.separator = ',';
        rule
    }

    pub const fn items(mut self, min: usize, max: usize) -> Self {
        self.min_items = min;
        self.max_items = max;
        self
    }

    pub const fn item_len(mut self, min: usize, max: usize) -> Self {
        self.min_item_len = min;
        self.max_item_len = max;
        self
    }

    pub const fn allow_duplicates(mut self) -> Self {
        self.unique = false;
        self
    }

    pub const fn charset(mut self, charset: ItemCharset) -> Self {
        self.charset = charset;
        self
    }

    /// listAccounts `productType`: pipe, unique, ≥1.
    pub const PRODUCT_TYPES: ListRule = ListRule::pipe();
    /// listAccounts `allows`: comma, unique, ≥1.
    pub const ALLOWS: ListRule = ListRule::comma();
    /// listAccountBalances `accounts`: comma, unique, 1..100 resource ids of 6..48.
    pub const ACCOUNT_IDS: ListRule = ListRule::comma()
        .items(1, 100)
        .item_len(6, 48)
        .charset(ItemCharset::ResourceId);
    /// listTransactions `categories`: pipe, 1..16 items of 1..16 chars, duplicates
    /// allowed (the spec does not require uniqueness).
    pub const CATEGORIES: ListRule = ListRule::pipe()
        .items(1, 16)
        .item_len(1, 16)
        .allow_duplicates();
    /// listTransactions `type`: pipe, unique, 1..4.
    pub const TRANSACTION_TYPES: ListRule = ListRule::pipe().items(1, 4);
}

fn is_resource_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_:.~$".contains(c)
}

/// Splits and checks a list parameter; every violation is a 400 naming `parameter`.
pub fn parse_list<'a>(
    parameter: &str,
    raw: &'a str,
    rule: &ListRule,
) -> Result<Vec<&'a str>, ParamError> {
    let fail = |message: String| Err(ParamError::malformed(parameter, message));
    if raw.is_empty() {
        return fail("must list at least one value".into());
    }
    let items: Vec<&str> = raw.split(rule.separator).collect();
    if items.len() < rule.min_items || items.len() > rule.max_items {
        return fail(format!(
            "must list between {} and {} values, got {}",
            rule.min_items,
            rule.max_items,
            items.len()
        ));
    }
    let mut seen = HashSet::new();
    for item in &items {
        if item.is_empty() {
            return fail(format!(
                "empty value between `{}` separators",
                rule.separator
            ));
        }
        let len = item.chars().count();
        if len < rule.min_item_len || len > rule.max_item_len {
            return fail(format!(
                "`{item}` must be {}..{} characters long",
                rule.min_item_len, rule.max_item_len
            ));
        }
        if rule.charset == ItemCharset::ResourceId && !item.chars().all(is_resource_id_char) {
            return fail(format!("`{item}` is not a valid resource id"));
        }
        if rule.unique && !seen.insert(*item) {
            return fail(format!("`{item}` is listed more than once"));
        }
    }
    Ok(items)
}

/// [`parse_list`] then `FromStr` on each item; an unknown value is a 400 too.
pub fn parse_enum_list<T>(parameter: &str, raw: &str, rule: &ListRule) -> Result<Vec<T>, ParamError>
where
    T: FromStr,
    T::Err: Display,
{
    parse_list(parameter, raw, rule)?
        .into_iter()
        .map(|item| {
            item.parse::<T>()
                .map_err(|e| ParamError::malformed(parameter, e.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Frequency;

    #[test]
    fn pipe_and_comma_lists() {
        assert_eq!(
            parse_list(
                "productType",
                "savings|checking|cd",
                &ListRule::PRODUCT_TYPES
            )
            .unwrap(),
            ["savings", "checking", "cd"]
        );
        assert_eq!(
            parse_list("allows", "transferTo,transferFrom,view", &ListRule::ALLOWS).unwrap(),
            ["transferTo", "transferFrom", "view"]
        );
        // A comma is just a character inside a pipe list.
        assert_eq!(
            parse_list("categories", "a,b", &ListRule::CATEGORIES).unwrap(),
            ["a,b"]
        );
        assert_eq!(
            parse_list("categories", "Bill|Bill", &ListRule::CATEGORIES).unwrap(),
            ["Bill", "Bill"]
        );
    }

    #[test]
    fn list_violations_are_400_with_the_parameter() {
        let cases: [(&str, &ListRule); 9] = [
            ("", &ListRule::PRODUCT_TYPES),
            ("a||b", &ListRule::PRODUCT_TYPES),
            ("a|", &ListRule::PRODUCT_TYPES),
            ("a|a", &ListRule::TRANSACTION_TYPES),
            ("a|b|c|d|e", &ListRule::TRANSACTION_TYPES),
            ("abcde", &ListRule::ACCOUNT_IDS),
            ("abcdef,abc def", &ListRule::ACCOUNT_IDS),
            ("seventeen-chars-x", &ListRule::CATEGORIES),
            (",view", &ListRule::ALLOWS),
        ];
        for (raw, rule) in cases {
            let err = parse_list("param", raw, rule).unwrap_err();
            assert_eq!(
                (err.parameter.as_str(), err.status()),
                ("param", 400),
                "{raw}"
            );
        }
        let too_many = vec!["abcdef"; 101].join(",");
        assert!(parse_list(
            "accounts",
            &too_many,
            &ListRule::ACCOUNT_IDS.allow_duplicates()
        )
        .is_err());
    }

    #[test]
    fn enum_lists() {
        let parsed: Vec<Frequency> =
            parse_enum_list("frequency", "weekly|monthly", &ListRule::pipe()).unwrap();
        assert_eq!(parsed, [Frequency::Weekly, Frequency::Monthly]);
        let err = parse_enum_list::<Frequency>("frequency", "weekly|often", &ListRule::pipe())
            .unwrap_err();
        assert_eq!(err.parameter, "frequency");
        assert!(err.message.contains("often"));
    }
}
