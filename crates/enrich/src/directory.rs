//! The merchant directory, read from `data/merchants.tsv`: feed patterns → merchant,
//! website, trait and MX category.
//!
//! Patterns are indexed by their first word, so a lookup costs one hash probe per word
//! of the description whatever the size of the directory. Among the patterns that
//! match, the one that starts earliest wins ("WFM AMAZON PRIME NOW" is Whole Foods),
//! then the longest ("UBER EATS" beats "UBER"); a payment processor only wins when no
//! other merchant is named ("PAYPAL *EBAY INC" is eBay).
//!
//! Feeds mangle names in a few regular ways, which the directory absorbs so the data
//! file need not spell them out: the words run together ("HOMEDEPOT", "TRADERJOES"
//! for "HOME DEPOT" and "TRADER JOE S") and the last word is cut short by the card
//! network's 22-to-25-character name field ("SPROUTS FARMERS MAR", "HARRIS TEET").

use crate::words::{is_normalised, Fnv, Words};
use polyfin_domain::category::{Category, Taxonomy};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
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
    words: Vec<Box<str>>,
    entry: usize,
    category: &'static Category,
}

/// The shortest cut-off last word that still counts ("MAR" for "MARKET").
const MIN_TRUNCATED: usize = 3;

/// (processor?, start, longer first, table order): the smallest rank wins.
type Rank = (bool, usize, usize, usize);

type PatternMap = HashMap<Box<str>, Vec<Pattern>, BuildHasherDefault<Fnv>>;

#[derive(Debug, Default)]
pub(crate) struct Directory {
    entries: Vec<Entry>,
    by_first_word: PatternMap,
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
        let mut written = Vec::new();
        for line in tsv.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            match directory.add(line) {
                Ok(patterns) => written.extend(patterns),
                Err(problem) => directory.problems.push(format!("{problem}: {line}")),
            }
        }
        // Written patterns first, so a run-together spelling never shadows one that
        // the data file gives another merchant.
        for (text, entry, category) in &written {
            directory.insert(text, *entry, category);
        }
        for (text, entry, category) in &written {
            for variant in run_together(text) {
                if !directory.has_pattern(&variant) {
                    directory.insert(&variant, *entry, category);
                }
            }
        }
        directory
    }

    fn insert(&mut self, text: &str, entry: usize, category: &'static Category) {
        let words: Vec<Box<str>> = text.split(' ').map(Box::from).collect();
        self.by_first_word
            .entry(words[0].clone())
            .or_default()
            .push(Pattern {
                words,
                entry,
                category,
            });
    }

    fn has_pattern(&self, text: &str) -> bool {
        let first = text.split(' ').next().unwrap_or(text);
        self.by_first_word.get(first).is_some_and(|patterns| {
            patterns
                .iter()
                .any(|p| p.words.iter().map(|w| &**w).eq(text.split(' ')))
        })
    }

    /// Adds the entry of one data line; returns its patterns, to be indexed.
    fn add(&mut self, line: &'static str) -> Result<Vec<Written>, &'static str> {
        let fields: Vec<&'static str> = line.split('\t').collect();
        let [name, category, kind, website, patterns] = fields[..] else {
            return Err("expected 5 tab-separated fields");
        };
        let kind = Trait::parse(kind).ok_or("unknown trait")?;
        let taxonomy = Taxonomy::standard();
        let entry_category = taxonomy.get_by_name(category).ok_or("unknown category")?;
        let index = self.entries.len();
        let mut written = Vec::new();
        for pattern in patterns.split('|') {
            let (text, category) = match pattern.split_once('=') {
                Some((text, name)) => (text, taxonomy.get_by_name(name).ok_or("unknown category")?),
                None => (pattern, entry_category),
            };
            if !is_normalised(text) {
                return Err("pattern not normalised");
            }
            written.push((text, index, category));
        }
        self.entries.push(Entry {
            name,
            website,
            category,
            kind,
        });
        Ok(written)
    }

    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The merchant the description names, if any.
    pub(crate) fn lookup(&'static self, words: &Words<'_>) -> Option<Match> {
        let tokens = words.tokens();
        let mut best: Option<(Rank, &Pattern)> = None;
        for (start, token) in tokens.iter().enumerate() {
            let Some(candidates) = self.by_first_word.get(*token) else {
                continue;
            };
            for pattern in candidates {
                let Some(len) = matched_len(&pattern.words, &tokens[start..]) else {
                    continue;
                };
                let processor = self.entries[pattern.entry].kind == Trait::Processor;
                let key = (processor, start, usize::MAX - len, pattern.entry);
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

/// A pattern as the data file writes it: text, entry index, category.
type Written = (&'static str, usize, &'static Category);

/// How many characters of `tokens` the pattern covers when it matches at their start:
/// every word whole, except that a multi-word pattern's last word may be cut short.
fn matched_len(pattern: &[Box<str>], tokens: &[&str]) -> Option<usize> {
    if tokens.len() < pattern.len() {
        return None;
    }
    let mut len = 0;
    let last = pattern.len() - 1;
    for (at, (p, t)) in pattern.iter().zip(tokens).enumerate() {
        let whole = **p == **t;
        let cut = at == last
            && at > 0
            && t.len() >= MIN_TRUNCATED
            && t.len() < p.len()
            && p.starts_with(*t);
        if !(whole || cut) {
            return None;
        }
        len += t.len() + 1;
    }
    Some(len)
}

/// The spellings of a multi-word pattern with its words run together: all of them
/// ("HOME DEPOT" → "HOMEDEPOT") and a lone "S" glued back on ("TRADER JOE S" →
/// "TRADER JOES", from "TRADER JOE'S").
fn run_together(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split(' ').collect();
    let mut variants = Vec::new();
    if words.len() < 2 {
        return variants;
    }
    let joined = words.concat();
    // Short initials ("AT T" → "ATT", "P F" …) are too easily someone else's.
    if joined.len() >= 5 {
        variants.push(joined);
    }
    if words.len() > 2 && words[1..].contains(&"S") {
        let mut glued: Vec<String> = Vec::new();
        for word in &words {
            match glued.last_mut() {
                Some(previous) if *word == "S" => previous.push('S'),
                _ => glued.push((*word).to_owned()),
            }
        }
        variants.push(glued.join(" "));
    }
    variants
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
    fn run_together_and_cut_short_names_match() {
        let pick = |raw: &str| directory().lookup(&Words::new(raw)).map(|m| m.entry.name);
        assert_eq!(pick("TRADERJOES #552 OAKLAND CA"), Some("Trader Joe's"));
        assert_eq!(
            pick("SQ *BLUEBOTTLE OAKLAND CA"),
            Some("Blue Bottle Coffee")
        );
        assert_eq!(
            pick("THE CHEESECAKE FACTO 0123 MESA AZ"),
            Some("The Cheesecake Factory")
        );
        // A cut-off word needs three letters, and a one-word pattern is never cut.
        assert_eq!(pick("HARRIS TE 0123 RALEIGH NC"), None);
        assert_eq!(pick("STARBUCK 0123 DALLAS TX"), None);
    }

    #[test]
    fn run_together_spellings() {
        assert_eq!(run_together("HOME DEPOT"), ["HOMEDEPOT"]);
        assert_eq!(run_together("TRADER JOE S"), ["TRADERJOES", "TRADER JOES"]);
        assert_eq!(run_together("AT T"), Vec::<String>::new());
        assert_eq!(run_together("STARBUCKS"), Vec::<String>::new());
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
