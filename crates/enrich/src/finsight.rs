//! FinSight advice: the "fingineer" insight a transaction may carry in the Plaid
//! dialect (plaid-compatible-api.md §4.1), from the rules in `data/finsight.tsv`.
//! Advice is derived from what enrichment (or the user) decided about the transaction:
//! its category, merchant and flags, so a recategorised transaction gets new advice.

use crate::MerchantInfo;
use polyfin_domain::category::{Category, Taxonomy};
use polyfin_domain::transaction::TransactionFlags;
use polyfin_domain::Decimal;
use rust_decimal::RoundingStrategy;
use std::sync::OnceLock;

const FINSIGHT_TSV: &str = include_str!("../data/finsight.tsv");

/// What the advice is chosen from.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The transaction's category, when it is one of the standard taxonomy.
    pub category: Option<&'a Category>,
    pub merchant: Option<&'a str>,
    /// The cleaned description, named in the advice when there is no merchant.
    pub description: &'a str,
    pub flags: &'a TransactionFlags,
    /// Money out, positive; income and transfers in get no advice.
    pub spent: Decimal,
}

/// One insight, in the terms of the FinSight fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Advice {
    /// `recommendation`: a short title.
    pub recommendation: String,
    /// `insight_text`.
    pub text: String,
    /// The recommended merchant (its website is the call to action, its logo the image).
    pub merchant: Option<MerchantInfo>,
    /// `amountFound`: the money the advice saves on this transaction.
    pub amount_found: Decimal,
}

#[derive(Debug)]
enum Matcher {
    Flag(fn(&TransactionFlags) -> bool),
    Merchant(String),
    Category(String),
}

#[derive(Debug, Clone, Copy)]
enum Found {
    Percent(Decimal),
    Fixed(Decimal),
}

#[derive(Debug)]
struct Rule {
    matcher: Matcher,
    recommendation: String,
    advice: String,
    merchant: Option<String>,
    found: Found,
}

struct Rules {
    rules: Vec<Rule>,
    problems: Vec<String>,
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| parse(FINSIGHT_TSV))
}

/// The advice for a transaction, if any rule applies.
pub fn advise(facts: &Facts<'_>) -> Option<Advice> {
    if facts.spent <= Decimal::ZERO {
        return None;
    }
    let rule = rules().rules.iter().find(|r| r.matches(facts))?;
    let amount_found = rule.found.of(facts.spent);
    if amount_found <= Decimal::ZERO {
        return None;
    }
    let named = facts.merchant.unwrap_or(facts.description);
    let text = rule
        .advice
        .replace("{merchant}", named)
        .replace("{found}", &format!("{amount_found:.2}"));
    Some(Advice {
        recommendation: rule.recommendation.clone(),
        text,
        merchant: rule.merchant.as_deref().and_then(crate::merchant),
        amount_found,
    })
}

/// Lines of the data file that do not parse or name an unknown category or merchant.
pub fn problems() -> &'static [String] {
    &rules().problems
}

impl Rule {
    fn matches(&self, facts: &Facts<'_>) -> bool {
        match &self.matcher {
            Matcher::Flag(flag) => flag(facts.flags),
            Matcher::Merchant(name) => facts.merchant.is_some_and(|m| m.eq_ignore_ascii_case(name)),
            Matcher::Category(name) => facts.category.is_some_and(|c| {
                c.name == *name || Taxonomy::standard().top_level_of(c).name == *name
            }),
        }
    }
}

impl Found {
    fn of(self, spent: Decimal) -> Decimal {
        let found = match self {
            Found::Percent(p) => spent * p / Decimal::ONE_HUNDRED,
            Found::Fixed(amount) => amount.min(spent),
        };
        found.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    }
}

fn parse(text: &str) -> Rules {
    let mut rules = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_line(line) {
            Ok(rule) => rules.push(rule),
            Err(why) => problems.push(format!("finsight.tsv line {}: {why}", n + 1)),
        }
    }
    Rules { rules, problems }
}

fn parse_line(line: &str) -> Result<Rule, String> {
    let fields: Vec<&str> = line.split('\t').collect();
    let [matcher, recommendation, advice, merchant, found] = fields[..] else {
        return Err(format!("{} fields, 5 expected", fields.len()));
    };
    let merchant = match merchant {
        "-" => None,
        name if crate::merchant(name).is_some() => Some(name.to_owned()),
        name => return Err(format!("unknown merchant {name:?}")),
    };
    Ok(Rule {
        matcher: parse_matcher(matcher)?,
        recommendation: recommendation.to_owned(),
        advice: advice.to_owned(),
        merchant,
        found: parse_found(found)?,
    })
}

fn parse_matcher(text: &str) -> Result<Matcher, String> {
    let taxonomy = Taxonomy::standard();
    match text.split_once(':') {
        Some(("flag", name)) => flag(name).map(Matcher::Flag),
        Some(("merchant", name)) if crate::merchant(name).is_some() => {
            Ok(Matcher::Merchant(name.to_owned()))
        }
        Some(("category", name)) if taxonomy.get_by_name(name).is_some() => {
            Ok(Matcher::Category(name.to_owned()))
        }
        _ => Err(format!("unknown match {text:?}")),
    }
}

fn flag(name: &str) -> Result<fn(&TransactionFlags) -> bool, String> {
    Ok(match name {
        "is_overdraft_fee" => |f| f.is_overdraft_fee,
        "is_fee" => |f| f.is_fee,
        "is_subscription" => |f| f.is_subscription,
        "is_bill_pay" => |f| f.is_bill_pay,
        other => return Err(format!("unknown flag {other:?}")),
    })
}

fn parse_found(text: &str) -> Result<Found, String> {
    let number = |s: &str| {
        s.parse::<Decimal>()
            .map_err(|_| format!("bad amount {text:?}"))
    };
    match text.strip_suffix('%') {
        Some(p) => number(p).map(Found::Percent),
        None => number(text).map(Found::Fixed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn facts<'a>(category: &str, flags: &'a TransactionFlags, spent: &str) -> Facts<'a> {
        Facts {
            category: Taxonomy::standard().get_by_name(category),
            merchant: Some("Starbucks"),
            description: "Starbucks",
            flags,
            spent: Decimal::from_str(spent).unwrap(),
        }
    }

    #[test]
    fn the_data_file_parses_and_names_known_categories_and_merchants() {
        assert_eq!(problems(), &[] as &[String]);
        assert!(rules().rules.len() >= 10);
    }

    #[test]
    fn coffee_gets_home_brewing_advice_with_the_money_found() {
        let flags = TransactionFlags::default();
        let advice = advise(&facts("Coffee Shops", &flags, "6.45")).unwrap();
        assert_eq!(advice.recommendation, "Brew at home");
        assert_eq!(advice.amount_found, Decimal::from_str("4.52").unwrap());
        assert!(advice.text.contains("Starbucks") && advice.text.contains("$4.52"));
        assert_eq!(advice.merchant, None);
    }

    #[test]
    fn a_recommended_merchant_comes_from_the_directory() {
        let flags = TransactionFlags::default();
        let advice = advise(&facts("Groceries", &flags, "100.00")).unwrap();
        assert_eq!(advice.merchant.unwrap().name, "Aldi");
        assert_eq!(advice.amount_found, Decimal::from(15));
    }

    #[test]
    fn flags_win_over_categories_and_income_gets_nothing() {
        let flags = TransactionFlags {
            is_overdraft_fee: true,
            is_fee: true,
            ..TransactionFlags::default()
        };
        let advice = advise(&facts("Coffee Shops", &flags, "35.00")).unwrap();
        assert_eq!(advice.recommendation, "Ask for a refund");
        assert_eq!(advice.amount_found, Decimal::from(35));
        assert_eq!(advise(&facts("Coffee Shops", &flags, "-35.00")), None);
    }

    #[test]
    fn a_subcategory_of_no_rule_gets_no_advice() {
        let flags = TransactionFlags::default();
        assert_eq!(advise(&facts("Paycheck", &flags, "10.00")), None);
        assert_eq!(advise(&facts("Not A Category", &flags, "10.00")), None);
    }
}
