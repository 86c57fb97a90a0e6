//! The merchant directory, read from `data/merchants.tsv`: feed patterns → merchant,
//! website, trait and MX category.
//!
//! Patterns are indexed by their first word, so a lookup costs one hash probe per word
//! of the description whatever the size of the directory. Among the patterns that
//! match, the one that starts earliest wins ("WFM AMAZON PRIME NOW" is Whole Foods),
//! then the longest ("UBER EATS" beats "UBER"); a payment processor only wins when no
//! other merchant is named ("PAYPAL *EBAY INC" is eBay).

use crate::words::{is_normalised, WordMap, Words};
use polyfin_domain::category::{Category, Taxonomy};
use std::sync::OnceLock;

const MERCHANTS_TSV: &str = include_str!("../data/merchants.tsv");

/// What kind of charge a merchant usually sends, beyond its category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trait {
    Plain,
    /// Streaming, software and gym memberships billed on a fixed day.
    Subscription,
    /// Utilities, phone and insurance billers paid as bills.
    Bill,
    /// Earned-wage and payroll advance apps.
    Advance,
    /// Payment processors that carry another merchant's name.
    Processor,
}

impl Trait {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "plain" => Trait::Plain,
            "subscription" => Trait::Subscription,
            "bill" => Trait::Bill,
            "advance" => Trait::Advance,
            "processor" => Trait::Processor,
            _ => return None,
        })
    }
}

#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) name: &'static str,
    pub(crate) website: &'static str,
    pub(crate) category: &'static str,
    pub(crate) kind: Trait,
}

/// A directory hit: the merchant and the category this pattern files it under.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Match {
    pub(crate) entry: &'static Entry,
    pub(crate) category: &'static Category,
}

#[derive(Debug)]
struct Pattern {
    words: Vec<&'static str>,
    /// Characters, for "longest pattern wins".
    len: usize,
    entry: usize,
    category: &'static Category,
}

/// (processor?, start, longer first, table order): the smallest rank wins.
type Rank = (bool, usize, usize, usize);

#[derive(Debug, Default)]
pub(crate) struct Directory {
    entries: Vec<Entry>,
    by_first_word: WordMap<Vec<Pattern>>,
    /// Data lines that could not be used, with the reason (a unit test wants none).
    pub(crate) problems: Vec<String>,
}

pub(crate) fn directory() -> &'static Directory {
    static DIRECTORY: OnceLock<Directory> = OnceLock::new();
    DIRECTORY.get_or_init(|| Directory::parse(MERCHANTS_TSV))
}

impl Directory {
    fn parse(tsv: &'static str) -> Directory {
        let mut directory = Directory::default();
        for line in tsv.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if let Err(problem) = directory.add(line) {
                directory.problems.push(format!("{problem}: {line}"));
            }
        }
        directory
    }

    fn add(&mut self, line: &'static str) -> Result<(), &'static str> {
        let fields: Vec<&'static str> = line.split('\t').collect();
        let [name, category, kind, website, patterns] = fields[..] else {
            return Err("expected 5 tab-separated fields");
        };
        let kind = Trait::parse(kind).ok_or("unknown trait")?;
        let taxonomy = Taxonomy::standard();
        let entry_category = taxonomy.get_by_name(category).ok_or("unknown category")?;
        let index = self.entries.len();
        for pattern in patterns.split('|') {
            let (text, category) = match pattern.split_once('=') {
                Some((text, name)) => (text, taxonomy.get_by_name(name).ok_or("unknown category")?),
                None => (pattern, entry_category),
            };
            if !is_normalised(text) {
                return Err("pattern not normalised");
            }
            let words: Vec<&'static str> = text.split(' ').collect();
            self.by_first_word
                .entry(words[0])
                .or_default()
                .push(Pattern {
                    words,
                    len: text.len(),
                    entry: index,
                    category,
                });
        }
        self.entries.push(Entry {
            name,
            website,
            category,
            kind,
        });
        Ok(())
    }

    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The merchant the description names, if any.
    pub(crate) fn lookup(&'static self, words: &Words<'_>) -> Option<Match> {
        let tokens = words.tokens();
        let mut best: Option<(Rank, &Pattern)> = None;
        for (start, token) in tokens.iter().enumerate() {
            let Some(candidates) = self.by_first_word.get(token) else {
                continue;
            };
            for pattern in candidates {
                let rest = &tokens[start..];
                let matches = rest.len() >= pattern.words.len()
                    && pattern.words.iter().zip(rest).all(|(p, t)| p == t);
                if !matches {
                    continue;
                }
                let processor = self.entries[pattern.entry].kind == Trait::Processor;
                let key = (processor, start, usize::MAX - pattern.len, pattern.entry);
                if best.as_ref().is_none_or(|(k, _)| key < *k) {
                    best = Some((key, pattern));
                }
            }
        }
        best.map(|(_, pattern)| {
            let entry = &self.entries[pattern.entry];
            Match {
                entry,
                category: pattern.category,
            }
        })
    }

    pub(crate) fn by_name(&self, name: &str) -> Option<&Entry> {
        let name = name.trim();
        self.entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_data_file_is_clean() {
        let directory = directory();
        assert!(directory.problems.is_empty(), "{:?}", directory.problems);
        for entry in directory.entries() {
            assert!(entry.website.starts_with("https://"), "{}", entry.name);
        }
        let names: HashSet<_> = directory
            .entries()
            .iter()
            .map(|e| e.name.to_lowercase())
            .collect();
        assert_eq!(names.len(), directory.entries().len(), "duplicate names");
    }

    #[test]
    fn earliest_then_longest_pattern_wins() {
        let pick = |raw: &str| directory().lookup(&Words::new(raw)).map(|m| m.entry.name);
        assert_eq!(pick("UBER *EATS HELP.UBER.COM CA"), Some("Uber Eats"));
        assert_eq!(pick("UBER *TRIP HELP.UBER.COM CA"), Some("Uber"));
        assert_eq!(
            pick("AMAZON PRIME*2K3 AMZN.COM/BILL WA"),
            Some("Amazon Prime")
        );
        assert_eq!(pick("VERIZON FIOS ONLINE PMT"), Some("Verizon Fios"));
        assert_eq!(pick("PAYPAL *EBAY INC 4029357733 CA"), Some("eBay"));
        assert_eq!(pick("PAYPAL INST XFER"), Some("PayPal"));
        assert_eq!(pick("SOMETHING ELSE ENTIRELY"), None);
    }

    #[test]
    fn a_pattern_can_carry_its_own_category() {
        let hit = directory()
            .lookup(&Words::new("KROGER FUEL #6543 LEXINGTON KY"))
            .expect("kroger");
        assert_eq!(
            (hit.entry.name, hit.category.name.as_str()),
            ("Kroger", "Gas")
        );
    }
}
