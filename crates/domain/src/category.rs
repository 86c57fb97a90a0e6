//! MX's default category taxonomy (21 top-level categories, 98 sub-categories) and the
//! merchant-category-code (MCC) table that maps card MCCs onto it.
//!
//! Both tables are embedded from `crates/domain/data/*.tsv`, which
//! `scripts/gen-mcc.py` generates from the MX seed (spec section 5).

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::sync::OnceLock;

use crate::ids::CategoryGuid;

const CATEGORIES_TSV: &str = include_str!("../data/categories.tsv");
const MCC_TSV: &str = include_str!("../data/mcc.tsv");

/// The catch-all category: unknown MCCs and uncategorizable transactions land here.
pub const UNCATEGORIZED: &str = "Uncategorized";

/// The top-level category whose subtree counts as income.
const INCOME: &str = "Income";

/// MCC ranges covered by a single "Default Category For a-b" row in the seed
/// (airlines, car rental, hotels). An exact row always wins over a range.
const MCC_RANGES: [(RangeInclusive<u32>, &str); 3] = [
    (3000..=3301, "Air Travel"),
    (3351..=3441, "Rental Car & Taxi"),
    (3501..=3836, "Hotel"),
];

/// One MX category or sub-category.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Category {
    pub guid: CategoryGuid,
    pub name: String,
    /// `None` for a top-level category.
    pub parent_guid: Option<CategoryGuid>,
    /// The parent's name, or the category's own name when it is top-level.
    pub top_level_name: String,
    /// True for "Income" and its children.
    pub is_income: bool,
}

impl Category {
    pub fn is_top_level(&self) -> bool {
        self.parent_guid.is_none()
    }
}

/// The category tree plus the MCC map, with lookups by guid, name and MCC.
#[derive(Debug)]
pub struct Taxonomy {
    /// Seed order: each top-level category followed by its children.
    categories: Vec<Category>,
    by_guid: HashMap<String, usize>,
    /// Lower-cased name → first category with that name.
    by_name: HashMap<String, usize>,
    by_mcc: HashMap<u32, usize>,
    ranges: Vec<(RangeInclusive<u32>, usize)>,
    uncategorized: usize,
    problems: usize,
}

impl Taxonomy {
    /// The standard MX taxonomy, parsed once from the embedded data.
    pub fn standard() -> &'static Taxonomy {
        static STANDARD: OnceLock<Taxonomy> = OnceLock::new();
        STANDARD.get_or_init(|| Taxonomy::from_tsv(CATEGORIES_TSV, MCC_TSV))
    }

    /// Every category in seed order (each top-level category followed by its children).
    pub fn all(&self) -> &[Category] {
        &self.categories
    }

    pub fn get_by_guid(&self, guid: &str) -> Option<&Category> {
        self.by_guid.get(guid).map(|&i| &self.categories[i])
    }

    /// Case-insensitive lookup by name.
    pub fn get_by_name(&self, name: &str) -> Option<&Category> {
        self.by_name
            .get(&name.trim().to_lowercase())
            .map(|&i| &self.categories[i])
    }

    /// The category for a merchant category code: the exact MCC row if there is one,
    /// else the airline / car-rental / hotel range rules, else "Uncategorized".
    pub fn for_mcc(&self, code: u32) -> &Category {
        let index = self.by_mcc.get(&code).copied().or_else(|| {
            self.ranges
                .iter()
                .find(|(range, _)| range.contains(&code))
                .map(|&(_, i)| i)
        });
        &self.categories[index.unwrap_or(self.uncategorized)]
    }

    pub fn uncategorized(&self) -> &Category {
        &self.categories[self.uncategorized]
    }

    /// The top-level ancestor of `category` (itself when it is top-level).
    pub fn top_level_of<'a>(&'a self, category: &'a Category) -> &'a Category {
        category
            .parent_guid
            .as_ref()
            .and_then(|parent| self.get_by_guid(parent.as_str()))
            .unwrap_or(category)
    }

    /// How many embedded data lines or rules could not be used (bad lines are skipped
    /// rather than panicking). Always 0 for the shipped data; a unit test checks it.
    pub fn parse_problems(&self) -> usize {
        self.problems
    }

    /// Builds a taxonomy from `top<TAB>sub` lines (sub empty for top-level rows) and
    /// `code<TAB>category name<TAB>description` lines. Never fails: unusable lines are
    /// skipped and counted, and an "Uncategorized" placeholder is added if missing.
    fn from_tsv(categories_tsv: &str, mcc_tsv: &str) -> Taxonomy {
        let mut problems = 0;

        // Pass 1: split the rows, so names shared by two categories can be detected.
        let mut rows: Vec<(&str, Option<&str>)> = Vec::new();
        for line in categories_tsv.lines().filter(|l| !l.trim().is_empty()) {
            match line.split_once('\t') {
                Some((top, sub)) if !top.trim().is_empty() && !sub.contains('\t') => {
                    let sub = sub.trim();
                    rows.push((top.trim(), (!sub.is_empty()).then_some(sub)));
                }
                _ => problems += 1,
            }
        }
        let mut name_counts: HashMap<String, usize> = HashMap::new();
        for (top, sub) in &rows {
            *name_counts
                .entry(sub.unwrap_or(top).to_lowercase())
                .or_default() += 1;
        }

        // Pass 2: build the categories; a sub-category's parent must come before it.
        let mut taxonomy = Taxonomy {
            categories: Vec::with_capacity(rows.len() + 1),
            by_guid: HashMap::new(),
            by_name: HashMap::new(),
            by_mcc: HashMap::new(),
            ranges: Vec::new(),
            uncategorized: 0,
            problems: 0,
        };
        let mut top_levels: HashMap<&str, CategoryGuid> = HashMap::new();
        for (top, sub) in rows {
            let category = match sub {
                None => Category {
                    guid: CategoryGuid::derived(top),
                    name: top.to_owned(),
                    parent_guid: None,
                    top_level_name: top.to_owned(),
                    is_income: top == INCOME,
                },
                Some(sub) => {
                    let Some(parent) = top_levels.get(top) else {
                        problems += 1;
                        continue;
                    };
                    let shared = name_counts.get(&sub.to_lowercase()).copied() > Some(1);
                    let guid = if shared {
                        CategoryGuid::derived(&format!("{top}/{sub}"))
                    } else {
                        CategoryGuid::derived(sub)
                    };
                    Category {
                        guid,
                        name: sub.to_owned(),
                        parent_guid: Some(parent.clone()),
                        top_level_name: top.to_owned(),
                        is_income: top == INCOME,
                    }
                }
            };
            if taxonomy.by_guid.contains_key(category.guid.as_str()) {
                problems += 1; // the same row twice
                continue;
            }
            if category.parent_guid.is_none() {
                top_levels.insert(top, category.guid.clone());
            }
            taxonomy.push(category);
        }

        // The catch-all must exist, whatever the data says.
        taxonomy.uncategorized = match taxonomy.index_of(UNCATEGORIZED) {
            Some(i) if taxonomy.categories[i].is_top_level() => i,
            _ => {
                problems += 1;
                taxonomy.push(Category {
                    guid: CategoryGuid::derived(UNCATEGORIZED),
                    name: UNCATEGORIZED.to_owned(),
                    parent_guid: None,
                    top_level_name: UNCATEGORIZED.to_owned(),
                    is_income: false,
                })
            }
        };

        for line in mcc_tsv.lines().filter(|l| !l.trim().is_empty()) {
            let mut fields = line.split('\t');
            let parsed = match (fields.next(), fields.next(), fields.next(), fields.next()) {
                (Some(code), Some(name), Some(_description), None) => {
                    code.trim().parse::<u32>().ok().zip(taxonomy.index_of(name))
                }
                _ => None,
            };
            match parsed {
                Some((code, index)) if !taxonomy.by_mcc.contains_key(&code) => {
                    taxonomy.by_mcc.insert(code, index);
                }
                _ => problems += 1,
            }
        }

        for (range, name) in MCC_RANGES {
            match taxonomy.index_of(name) {
                Some(index) => taxonomy.ranges.push((range, index)),
                None => problems += 1,
            }
        }

        taxonomy.problems = problems;
        taxonomy
    }

    fn push(&mut self, category: Category) -> usize {
        let index = self.categories.len();
        self.by_guid
            .insert(category.guid.as_str().to_owned(), index);
        self.by_name
            .entry(category.name.to_lowercase())
            .or_insert(index);
        self.categories.push(category);
        index
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        self.by_name.get(&name.trim().to_lowercase()).copied()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use std::collections::HashSet;

    fn tax() -> &'static Taxonomy {
        Taxonomy::standard()
    }

    #[test]
    fn embedded_data_parses_without_skipping_anything() {
        assert_eq!(tax().parse_problems(), 0);
        assert_eq!(tax().by_mcc.len(), 296);
        assert_eq!(tax().ranges.len(), MCC_RANGES.len());
    }

    #[test]
    fn has_119_categories_21_of_them_top_level() {
        assert_eq!(tax().all().len(), 119);
        assert_eq!(tax().all().iter().filter(|c| c.is_top_level()).count(), 21);
        assert_eq!(tax().all()[0].name, "Auto & Transport");
        assert_eq!(tax().all()[1].name, "Auto Insurance");
        assert_eq!(tax().all().last().unwrap().name, "Check");
    }

    #[test]
    fn electronics_and_software_sits_under_shopping() {
        let c = tax().get_by_name("Electronics & Software").unwrap();
        assert_eq!(c.top_level_name, "Shopping");
        assert_eq!(
            c.parent_guid.as_ref(),
            Some(&CategoryGuid::derived("Shopping"))
        );
    }

    #[test]
    fn mcc_spot_checks() {
        for (code, name) in [
            (5411, "Groceries"),
            (5812, "Restaurants"),
            (5541, "Gas"),
            (4121, "Rental Car & Taxi"),
            (6011, "Cash"),
            (5732, "Electronics & Software"),
            (742, "Veterinary"),
            (9950, "Business Services"),
            (3000, "Air Travel"),
            (3100, "Air Travel"),
            (3301, "Air Travel"),
            (3400, "Rental Car & Taxi"),
            (3700, "Hotel"),
            (3836, "Hotel"),
            (3302, "Uncategorized"),
            (1, "Uncategorized"),
            (99_999, "Uncategorized"),
        ] {
            assert_eq!(tax().for_mcc(code).name, name, "MCC {code}");
        }
    }

    #[test]
    fn every_mcc_row_maps_to_a_known_category() {
        for line in MCC_TSV.lines() {
            let mut fields = line.split('\t');
            let code: u32 = fields.next().unwrap().parse().unwrap();
            let name = fields.next().unwrap();
            assert_eq!(tax().for_mcc(code).name, name, "MCC {code}");
        }
    }

    #[test]
    fn top_level_of_and_income() {
        let groceries = tax().get_by_name("Groceries").unwrap();
        assert_eq!(tax().top_level_of(groceries).name, "Food & Dining");
        assert_eq!(groceries.top_level_name, "Food & Dining");
        assert!(!groceries.is_income);

        let food = tax().get_by_name("Food & Dining").unwrap();
        assert_eq!(tax().top_level_of(food), food);
        assert_eq!(food.top_level_name, "Food & Dining");

        assert!(tax().get_by_name("Paycheck").unwrap().is_income);
        assert!(tax().get_by_name("Income").unwrap().is_income);
        let income: Vec<_> = tax().all().iter().filter(|c| c.is_income).collect();
        assert_eq!(income.len(), 7);
        assert!(income.iter().all(|c| c.top_level_name == "Income"));
    }

    #[test]
    fn lookups_by_name_are_case_insensitive_and_by_guid_round_trip() {
        let gas = tax().get_by_name("gAS").unwrap();
        assert_eq!(gas.name, "Gas");
        assert_eq!(gas.guid, CategoryGuid::derived("Gas"));
        assert_eq!(tax().get_by_guid(gas.guid.as_str()), Some(gas));
        assert!(tax().get_by_name("No Such Category").is_none());
        assert!(tax().get_by_guid("CAT-nope").is_none());
        for c in tax().all() {
            assert_eq!(tax().get_by_guid(c.guid.as_str()), Some(c));
        }
    }

    #[test]
    fn guids_are_stable_and_unique() {
        let guids: HashSet<_> = tax().all().iter().map(|c| c.guid.clone()).collect();
        assert_eq!(guids.len(), tax().all().len());
        for c in tax().all() {
            assert!(c.guid.as_str().starts_with("CAT-"));
            assert_eq!(c.guid, CategoryGuid::derived(&c.name));
        }
        let again = Taxonomy::from_tsv(CATEGORIES_TSV, MCC_TSV);
        assert_eq!(again.all(), tax().all());
    }

    #[test]
    fn uncategorized_is_the_top_level_catch_all() {
        let u = tax().uncategorized();
        assert_eq!(u.name, UNCATEGORIZED);
        assert!(u.is_top_level());
    }

    #[test]
    fn bad_data_is_skipped_and_counted_never_panics() {
        let t = Taxonomy::from_tsv(
            "Food\t\nFood\tBooks\nShop\t\nShop\tBooks\nOrphan\tChild\nno tab\nFood\t\n",
            "1\tBooks\tx\nx\tFood\ty\n2\tNope\tz\n3\tFood\n1\tShop\tdup\n",
        );
        // Orphan sub, no tab, duplicate row, missing Uncategorized; bad code, unknown
        // category, too few fields, duplicate code; three range targets missing.
        assert_eq!(t.parse_problems(), 4 + 4 + 3);
        assert_eq!(t.all().len(), 5);
        assert_eq!(t.uncategorized().name, UNCATEGORIZED);
        assert_eq!(t.for_mcc(3100).name, UNCATEGORIZED);
        // "Books" appears twice, so both are derived from "top/sub".
        let books: Vec<_> = t.all().iter().filter(|c| c.name == "Books").collect();
        assert_eq!(books[0].guid, CategoryGuid::derived("Food/Books"));
        assert_eq!(books[1].guid, CategoryGuid::derived("Shop/Books"));
        assert_eq!(t.for_mcc(1).guid, books[0].guid);

        let empty = Taxonomy::from_tsv("", "");
        assert_eq!(empty.all().len(), 1);
        assert_eq!(empty.for_mcc(5411).name, UNCATEGORIZED);
    }
}
