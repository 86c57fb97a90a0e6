//! Institutions discovered in a user's own data: money moving to or from an
//! institution the user has not connected ("CHASE CREDIT CRD AUTOPAY", "ONLINE
//! TRANSFER TO ALLY BANK"), found by the institution's name, a shortened name
//! ("Huntington Bank" → HUNTINGTON) or one of its catalogue aliases ("AMEX").
//!
//! A name alone is not enough: a purchase at "Chase Field" or a fund called
//! "Fidelity 500 Index" says nothing about where the user banks, so the description
//! must also say that money moved (a payment, a transfer, an ACH debit…).

use crate::institution::Institution;
use std::collections::{HashMap, HashSet};

/// Words that say money moved between institutions.
const MOVEMENT: &[&str] = &[
    "PAYMENT", "PAYMT", "PYMT", "PMT", "PAYMNT", "AUTOPAY", "AUTOPYMT", "EPAY", "EPAYMENT",
    "BILLPAY", "TRANSFER", "XFER", "TRNSFR", "TFR", "ACH", "DEPOSIT", "LOAN", "MORTGAGE",
];

/// Trailing words dropped from a name to make its short form, longest first.
const SUFFIXES: &[&[&str]] = &[
    &["FEDERAL", "CREDIT", "UNION"],
    &["CREDIT", "UNION"],
    &["BANK", "USA"],
    &["BANK"],
    &["INVESTMENTS"],
];

/// A short form must keep this many letters ("Ally Bank" → ALLY is too short to be
/// told from other words; its alias says so where it is safe).
const MIN_SHORT_LETTERS: usize = 5;

/// Upper-case words of letters and digits; a run of one-letter words becomes one
/// word, so "U.S. Bank" and "US BANK" (or "M&T" and "MT") read the same.
pub fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut joining = false;
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_uppercase();
        let single = word.chars().count() == 1;
        match out.last_mut() {
            Some(last) if single && joining => last.push_str(&word),
            _ => out.push(word),
        }
        joining = single;
    }
    out
}

/// The word sequences that name an institution.
fn names(institution: &Institution) -> Vec<Vec<String>> {
    let full = words(&institution.name);
    let mut names = vec![full.clone()];
    if let Some(short) = SUFFIXES.iter().find_map(|suffix| {
        let suffix: Vec<String> = suffix.iter().map(|w| (*w).to_owned()).collect();
        full.ends_with(&suffix)
            .then(|| full[..full.len() - suffix.len()].to_vec())
    }) {
        let letters: usize = short.iter().map(|w| w.chars().count()).sum();
        if letters >= MIN_SHORT_LETTERS {
            names.push(short);
        }
    }
    names.extend(institution.aliases.iter().map(|a| words(a)));
    names.retain(|n| !n.is_empty());
    names
}

fn contains(haystack: &[String], needle: &[String]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Finds institutions in transaction descriptions.
pub struct Matcher<'a> {
    entries: Vec<(&'a Institution, Vec<Vec<String>>)>,
}

impl<'a> Matcher<'a> {
    pub fn new(institutions: impl IntoIterator<Item = &'a Institution>) -> Self {
        Self {
            entries: institutions.into_iter().map(|i| (i, names(i))).collect(),
        }
    }

    /// The institutions that one transaction's texts (its original and clean
    /// descriptions) name as the other side of a money movement; each at most once.
    pub fn mentioned(&self, texts: &[&str]) -> Vec<&'a Institution> {
        let texts: Vec<Vec<String>> = texts.iter().map(|t| words(t)).collect();
        let moved = texts
            .iter()
            .flatten()
            .any(|w| MOVEMENT.contains(&w.as_str()));
        if !moved {
            return Vec::new();
        }
        self.entries
            .iter()
            .filter(|(_, names)| {
                names
                    .iter()
                    .any(|name| texts.iter().any(|t| contains(t, name)))
            })
            .map(|(institution, _)| *institution)
            .collect()
    }
}

/// Institutions the transactions mention, most mentioned first (then by name),
/// leaving out the `connected` institution codes; at most `limit`.
pub fn discover<'a, 't>(
    matcher: &Matcher<'a>,
    transactions: impl IntoIterator<Item = [&'t str; 2]>,
    connected: &HashSet<&str>,
    limit: usize,
) -> Vec<&'a Institution> {
    let mut counts: HashMap<&str, (usize, &'a Institution)> = HashMap::new();
    for texts in transactions {
        for institution in matcher.mentioned(&texts) {
            if connected.contains(institution.code.as_str()) {
                continue;
            }
            counts
                .entry(institution.code.as_str())
                .or_insert((0, institution))
                .0 += 1;
        }
    }
    let mut found: Vec<(usize, &'a Institution)> = counts.into_values().collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
    found.into_iter().take(limit).map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::institution::Catalogue;

    const CATALOGUE: &str = r##"{"favorites": [], "institutions": [
      {"code": "chase", "name": "Chase", "url": "https://www.chase.com", "brand_color": "#000000", "supports_oauth": true},
      {"code": "huntington", "name": "Huntington Bank", "url": "https://h.example", "brand_color": "#000000", "supports_oauth": true},
      {"code": "ally_bank", "name": "Ally Bank", "url": "https://a.example", "brand_color": "#000000", "supports_oauth": true, "aliases": ["ALLY"]},
      {"code": "us_bank", "name": "U.S. Bank", "url": "https://u.example", "brand_color": "#000000", "supports_oauth": true},
      {"code": "american_express", "name": "American Express", "url": "https://x.example", "brand_color": "#000000", "supports_oauth": true, "aliases": ["AMEX"]},
      {"code": "fidelity", "name": "Fidelity Investments", "url": "https://f.example", "brand_color": "#000000", "supports_oauth": true}
    ]}"##;

    fn codes(found: &[&Institution]) -> Vec<String> {
        found.iter().map(|i| i.code.clone()).collect()
    }

    #[test]
    fn words_join_initials() {
        assert_eq!(words("U.S. Bank"), ["US", "BANK"]);
        assert_eq!(words("PMT TO M&T BANK"), ["PMT", "TO", "MT", "BANK"]);
        assert_eq!(
            words("AMEX EPAYMENT ACH PMT"),
            ["AMEX", "EPAYMENT", "ACH", "PMT"]
        );
    }

    #[test]
    fn names_need_a_money_movement() {
        let catalogue = Catalogue::from_json(CATALOGUE).expect("catalogue");
        let matcher = Matcher::new(catalogue.all());
        let found = |text: &str| codes(&matcher.mentioned(&[text, ""]));
        assert_eq!(
            found("CHASE CREDIT CRD AUTOPAY PPD ID: 4760039224"),
            ["chase"]
        );
        assert_eq!(found("AMEX EPAYMENT ACH PMT W1234"), ["american_express"]);
        assert_eq!(found("ONLINE TRANSFER TO HUNTINGTON 8812"), ["huntington"]);
        assert_eq!(found("US BANK LOAN PAYMENT"), ["us_bank"]);
        assert_eq!(found("ALLY BANK $TRANSFER"), ["ally_bank"]);
        // A name without a movement, or inside another word, is not a mention.
        assert!(found("CHASE FIELD CONCESSIONS PHOENIX AZ").is_empty());
        assert!(found("BUY FXAIX FIDELITY 500 INDEX FUND").is_empty());
        assert!(found("PURCHASE AUTHORIZED ON 05/01 CHASE FIELD").is_empty());
        assert!(found("ONLINE PAYMENT PURCHASE PROTECTION PLAN").is_empty());
        // "Fidelity Investments" is also FIDELITY; the clean description counts too.
        assert_eq!(
            codes(&matcher.mentioned(&["XFER 99812", "Fidelity transfer"])),
            ["fidelity"]
        );
    }

    #[test]
    fn discovery_ranks_and_skips_connected_institutions() {
        let catalogue = Catalogue::from_json(CATALOGUE).expect("catalogue");
        let matcher = Matcher::new(catalogue.all());
        let transactions = [
            ["AMEX EPAYMENT ACH PMT", "Amex payment"],
            ["CHASE CREDIT CRD AUTOPAY", "Chase autopay"],
            ["AMEX EPAYMENT ACH PMT", "Amex payment"],
            ["ALLY BANK TRANSFER", "Ally transfer"],
            ["STARBUCKS 1234", "Starbucks"],
        ];
        let none = HashSet::new();
        assert_eq!(
            codes(&discover(&matcher, transactions, &none, 10)),
            ["american_express", "ally_bank", "chase"]
        );
        let connected: HashSet<&str> = ["american_express"].into_iter().collect();
        assert_eq!(
            codes(&discover(&matcher, transactions, &connected, 1)),
            ["ally_bank"]
        );
    }
}
