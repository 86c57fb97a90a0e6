//! Keyword rules, read from `data/rules.tsv`: payroll, transfers, fees, interest,
//! checks, loan payments, refunds and words that name a kind of business. Within a
//! stage the first matching rule wins, so the specific ones ("ATM FEE", "OVERDRAFT
//! PROTECTION") come before the general ones ("FEE", "ATM").

use crate::words::{is_normalised, title_case, WordMap, Words};
use polyfin_domain::category::{Category, Taxonomy};
use polyfin_domain::transaction::TransactionKind;
use std::sync::OnceLock;

/// How a rule describes the transaction, when the directory has no merchant name.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Describe {
    /// Leave it to the generic clean-up of the raw text.
    Clean,
    Fixed(&'static str),
    /// "Payroll Deposit from <employer>", the employer being the text before the keyword.
    Payroll,
    /// "Check #1042".
    Check,
    /// "Transfer to Savings", "Transfer from Checking" …
    Transfer,
}

/// When a rule is consulted, relative to the merchant directory and the MCC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Before the directory; the transaction names no merchant (bank fees, payroll).
    Before,
    /// Before the directory, but a merchant it names stays (refunds).
    Keep,
    /// After the directory and the MCC (business-kind words, money movement).
    After,
}

#[derive(Debug)]
pub(crate) struct Rule {
    pub(crate) stage: Stage,
    /// Only for this direction, when set.
    pub(crate) kind: Option<TransactionKind>,
    pub(crate) category: &'static Category,
    pub(crate) describe: Describe,
    pub(crate) phrases: Vec<&'static str>,
}

/// The first matching rule checked before the directory (stage `before` or `keep`,
/// in file order) and the first matching `after` rule.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Hits {
    pub(crate) early: Option<&'static Rule>,
    pub(crate) after: Option<&'static Rule>,
}

const RULES_TSV: &str = include_str!("../data/rules.tsv");

use Describe::{Check, Clean, Fixed, Payroll, Transfer};

/// Words that introduce an employer's payroll credit.
pub(crate) const PAYROLL_WORDS: &[&str] = &[
    "PAYROLL",
    "DIRECT DEP",
    "DIR DEP",
    "DIRECT DEPOSIT",
    "SALARY",
    "WAGE PAY",
];

#[derive(Debug, Default)]
pub(crate) struct Rules {
    rules: Vec<Rule>,
    /// First word of a phrase → (phrase words, rule index).
    by_first_word: WordMap<Vec<(Vec<&'static str>, usize)>>,
    pub(crate) problems: Vec<String>,
}

pub(crate) fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| Rules::parse(RULES_TSV))
}

impl Rules {
    fn parse(tsv: &'static str) -> Rules {
        let mut rules = Rules::default();
        for line in tsv.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            match parse_rule(line) {
                Ok(rule) => rules.push(rule),
                Err(problem) => rules.problems.push(format!("{problem}: {line}")),
            }
        }
        rules
    }

    fn push(&mut self, rule: Rule) {
        let index = self.rules.len();
        for phrase in &rule.phrases {
            let words: Vec<&'static str> = phrase.split(' ').collect();
            self.by_first_word
                .entry(words[0])
                .or_default()
                .push((words, index));
        }
        self.rules.push(rule);
    }

    #[cfg(test)]
    pub(crate) fn all(&self) -> &[Rule] {
        &self.rules
    }

    /// The first early and the first late rule that match the words and the direction.
    pub(crate) fn lookup(&'static self, words: &Words<'_>, kind: TransactionKind) -> Hits {
        let tokens = words.tokens();
        let mut first = [usize::MAX; 2];
        for (start, token) in tokens.iter().enumerate() {
            let Some(candidates) = self.by_first_word.get(token) else {
                continue;
            };
            for (phrase, index) in candidates {
                let rule = &self.rules[*index];
                let slot = usize::from(rule.stage == Stage::After);
                if *index >= first[slot] || rule.kind.is_some_and(|k| k != kind) {
                    continue;
                }
                let rest = &tokens[start..];
                if rest.len() >= phrase.len() && phrase.iter().zip(rest).all(|(p, t)| p == t) {
                    first[slot] = *index;
                }
            }
        }
        let pick = |slot: usize| self.rules.get(first[slot]);
        Hits {
            early: pick(0),
            after: pick(1),
        }
    }
}

fn parse_rule(line: &'static str) -> Result<Rule, &'static str> {
    let fields: Vec<&'static str> = line.split('\t').collect();
    let [stage, kind, category, describe, phrases] = fields[..] else {
        return Err("expected 5 tab-separated fields");
    };
    let stage = match stage {
        "before" => Stage::Before,
        "keep" => Stage::Keep,
        "after" => Stage::After,
        _ => return Err("unknown stage"),
    };
    let kind = match kind {
        "debit" => Some(TransactionKind::Debit),
        "credit" => Some(TransactionKind::Credit),
        "any" => None,
        _ => return Err("unknown direction"),
    };
    let category = Taxonomy::standard()
        .get_by_name(category)
        .ok_or("unknown category")?;
    let describe = match describe {
        "clean" => Clean,
        "payroll" => Payroll,
        "check" => Check,
        "transfer" => Transfer,
        fixed => Fixed(fixed.strip_prefix('=').ok_or("unknown description")?),
    };
    let phrases: Vec<&'static str> = phrases.split('|').collect();
    if !phrases.iter().all(|p| is_normalised(p)) {
        return Err("phrase not normalised");
    }
    Ok(Rule {
        stage,
        kind,
        category,
        describe,
        phrases,
    })
}

impl Rule {
    /// The description this rule gives, or `None` to fall back to clean-up.
    pub(crate) fn description(&self, words: &Words<'_>) -> Option<String> {
        match self.describe {
            Clean => None,
            Fixed(text) => Some(text.to_owned()),
            Payroll => Some(payroll(words)),
            Check => Some(check(words)),
            Transfer => Some(transfer(words)),
        }
    }
}

fn payroll(words: &Words<'_>) -> String {
    let tokens = words.tokens();
    let employer: &[&str] = match words.find("ORIG CO NAME") {
        // "ORIG CO NAME:INTUIT PAYROLL S ORIG ID:…" (the NACHA fields, spelled out).
        Some(at) => {
            let rest = &tokens[at + 3..];
            let end = rest
                .iter()
                .position(|t| *t == "ORIG" || PAYROLL_WORDS.contains(t))
                .unwrap_or(rest.len());
            &rest[..end]
        }
        None => {
            let end = PAYROLL_WORDS
                .iter()
                .chain(&["DES"])
                .filter_map(|p| words.find(p))
                .min()
                .unwrap_or(0);
            &tokens[..end]
        }
    };
    let employer: Vec<&str> = employer
        .iter()
        .copied()
        .filter(|t| !PAYROLL_WORDS.contains(t))
        .filter(|t| t.bytes().any(|b| b.is_ascii_alphabetic()))
        .collect();
    if employer.is_empty() {
        "Payroll Deposit".to_owned()
    } else {
        format!("Payroll Deposit from {}", title_case(&employer.join(" ")))
    }
}

fn check(words: &Words<'_>) -> String {
    let tokens = words.tokens();
    let number = tokens
        .iter()
        .position(|t| *t == "CHECK" || *t == "CHK")
        .and_then(|at| {
            tokens[at + 1..]
                .iter()
                .find(|t| t.bytes().all(|b| b.is_ascii_digit()))
        });
    match number {
        Some(n) => format!("Check #{}", n.trim_start_matches('0')),
        None => "Check".to_owned(),
    }
}

fn transfer(words: &Words<'_>) -> String {
    const ACCOUNTS: &[(&[&str], &str)] = &[
        (&["SAV", "SAVINGS", "SAVINGS ACCT"], "Savings"),
        (&["CHK", "CHECKING", "CHECKING ACCT", "DDA"], "Checking"),
        (&["EXT", "EXTERNAL", "EXT ACCT"], "External Account"),
        (&["BROKERAGE", "INVESTMENT"], "Brokerage"),
        (&["HELOC"], "Home Equity Line"),
    ];
    for direction in ["TO", "FROM"] {
        let Some(at) = words.find(direction) else {
            continue;
        };
        let rest = &words.tokens()[at + 1..];
        let named = ACCOUNTS.iter().find(|(names, _)| {
            names.iter().any(|name| {
                let name: Vec<&str> = name.split(' ').collect();
                rest.len() >= name.len() && rest.iter().zip(&name).all(|(t, n)| t == n)
            })
        });
        if let Some((_, label)) = named {
            let direction = if direction == "TO" { "to" } else { "from" };
            return format!("Transfer {direction} {label}");
        }
    }
    "Transfer".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_is_clean() {
        let rules = rules();
        assert!(rules.problems.is_empty(), "{:?}", rules.problems);
        assert!(rules.all().len() > 40);
    }

    #[test]
    fn descriptions() {
        let describe = |raw: &str, kind| {
            let words = Words::new(raw);
            let hits = rules().lookup(&words, kind);
            let rule = hits.early.or(hits.after);
            rule.and_then(|r| r.description(&words))
        };
        use TransactionKind::{Credit, Debit};
        assert_eq!(
            describe("ACME CORP PAYROLL PPD ID: 1234567890", Credit).as_deref(),
            Some("Payroll Deposit from Acme Corp")
        );
        assert_eq!(
            describe(
                "ORIG CO NAME:INTUIT PAYROLL S ORIG ID:1453123456 CO ENTRY DESCR:PAYROLL",
                Credit
            )
            .as_deref(),
            Some("Payroll Deposit from Intuit")
        );
        assert_eq!(
            describe("UMBRELLA CORP DES:SALARY ID:XXXXX1234", Credit).as_deref(),
            Some("Payroll Deposit from Umbrella Corp")
        );
        assert_eq!(
            describe("CHECK 01042", Debit).as_deref(),
            Some("Check #1042")
        );
        assert_eq!(
            describe("ONLINE TRANSFER TO SAV XXXXXX4321 REF #IB0X", Debit).as_deref(),
            Some("Transfer to Savings")
        );
        assert_eq!(
            describe("ONLINE TRANSFER FROM CHK XXXXXX1234", Credit).as_deref(),
            Some("Transfer from Checking")
        );
        assert_eq!(
            describe("ONLINE TRANSFER 0123", Debit).as_deref(),
            Some("Transfer")
        );
    }
}
