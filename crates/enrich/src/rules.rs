//! Keyword rules for feed text that names no merchant: payroll, transfers, fees,
//! interest, checks, loan payments. The first matching rule wins, so the specific
//! ones ("ATM FEE", "OVERDRAFT PROTECTION") come before the general ones ("FEE", "ATM").

use crate::words::{title_case, Words};
use polyfin_domain::transaction::TransactionKind;

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

#[derive(Debug)]
pub(crate) struct Rule {
    pub(crate) phrases: &'static [&'static str],
    /// Only for this direction, when set.
    pub(crate) kind: Option<TransactionKind>,
    pub(crate) category: &'static str,
    pub(crate) describe: Describe,
}

const fn r(
    phrases: &'static [&'static str],
    kind: Option<TransactionKind>,
    category: &'static str,
    describe: Describe,
) -> Rule {
    Rule {
        phrases,
        kind,
        category,
        describe,
    }
}

const CR: Option<TransactionKind> = Some(TransactionKind::Credit);
const DR: Option<TransactionKind> = Some(TransactionKind::Debit);
const ANY: Option<TransactionKind> = None;

use Describe::{Check, Clean, Fixed, Payroll, Transfer};

/// Words that introduce an employer's payroll credit.
pub(crate) const PAYROLL_WORDS: &[&str] = &[
    "PAYROLL",
    "DIRECT DEP",
    "DIR DEP",
    "DIRECT DEPOSIT",
    "SALARY",
];

#[rustfmt::skip]
pub(crate) const RULES: &[Rule] = &[
    r(&["OVERDRAFT PROTECTION", "OD PROTECTION"], ANY, "Transfer", Fixed("Overdraft Protection Transfer")),
    r(&["OVERDRAFT", "NSF", "INSUFFICIENT FUNDS", "RETURNED ITEM FEE"], DR, "Banking Fee", Fixed("Overdraft Fee")),
    r(&["ATM FEE", "ATM SURCHARGE", "NON NETWORK ATM", "ATM OPERATOR FEE"], DR, "ATM Fee", Fixed("ATM Fee")),
    r(&["FOREIGN TRANSACTION FEE", "FOREIGN TRANSACTION", "INTL TRANSACTION FEE", "FOREIGN EXCHANGE FEE", "FX FEE"], DR, "Banking Fee", Fixed("Foreign Transaction Fee")),
    r(&["LATE FEE", "LATE PAYMENT FEE", "LATE CHARGE"], DR, "Late Fee", Fixed("Late Fee")),
    r(&["ADVISORY FEE", "MANAGEMENT FEE"], DR, "Financial Advisor", Fixed("Advisory Fee")),
    r(&["COMMISSION"], DR, "Trade Commissions", Fixed("Trade Commission")),
    r(&["MONTHLY SERVICE FEE", "MAINTENANCE FEE", "SERVICE CHARGE", "SERVICE FEE", "MONTHLY FEE"], DR, "Service Fee", Fixed("Monthly Service Fee")),
    r(&["WIRE FEE", "WIRE TRANSFER FEE", "STOP PAYMENT FEE", "PAPER STATEMENT FEE"], DR, "Banking Fee", Clean),
    r(&["PAYROLL ADVANCE", "PAYCHECK ADVANCE", "EARNED WAGE ADVANCE"], ANY, "Transfer", Fixed("Payroll Advance")),
    r(PAYROLL_WORDS, CR, "Paycheck", Payroll),
    r(&["DIVIDEND", "CAP GAIN", "CAPITAL GAIN", "CAP GAINS"], ANY, "Dividend & Cap Gains", Fixed("Dividend")),
    r(&["INTEREST"], CR, "Interest Income", Fixed("Interest Payment")),
    r(&["INTEREST", "FINANCE CHARGE"], DR, "Finance Charge", Fixed("Interest Charge")),
    r(&["CONTRIBUTION", "AUTOMATIC INVESTMENT", "EMPLOYER MATCH"], ANY, "Deposit", Fixed("Contribution")),
    r(&["PAYMENT THANK YOU", "AUTOPAY PAYMENT", "CREDIT CARD PAYMENT", "CREDIT CRD", "CARD PAYMENT", "CC PAYMENT", "CARDMEMBER SERV"], ANY, "Credit Card Payment", Fixed("Credit Card Payment")),
    r(&["AUTO LOAN", "CAR LOAN", "AUTO PMT", "AUTO PAYMENT"], ANY, "Auto Payment", Fixed("Auto Loan Payment")),
    r(&["STUDENT LOAN", "NAVIENT", "NELNET", "MOHELA", "DEPT EDUCATION"], ANY, "Student Loan", Fixed("Student Loan Payment")),
    r(&["HELOC ADVANCE", "FROM HELOC", "TO HELOC", "LINE ADVANCE"], ANY, "Transfer", Transfer),
    r(&["HELOC", "HOME EQUITY"], ANY, "Mortgage & Rent", Fixed("Home Equity Line Payment")),
    r(&["MORTGAGE", "MTG PYMT", "MTG PMT", "MORTG"], ANY, "Mortgage & Rent", Fixed("Mortgage Payment")),
    r(&["RENT A CAR", "CAR RENTAL"], ANY, "Rental Car & Taxi", Clean),
    r(&["RENT"], ANY, "Mortgage & Rent", Fixed("Rent Payment")),
    r(&["LOAN PAYMENT", "LOAN PMT"], ANY, "Transfer", Fixed("Loan Payment")),
    r(&["TRANSFER", "XFER", "TRNSFR", "TFR"], ANY, "Transfer", Transfer),
    r(&["MOBILE DEPOSIT", "REMOTE DEPOSIT", "ATM DEPOSIT", "BRANCH DEPOSIT", "DEPOSIT"], CR, "Income", Fixed("Deposit")),
    r(&["ATM", "ATM WITHDRAWAL", "CASH WITHDRAWAL"], ANY, "Cash", Fixed("ATM Withdrawal")),
    r(&["WITHDRAWAL"], ANY, "Cash", Fixed("Withdrawal")),
    r(&["CHECK", "CHECK NO", "CHK"], ANY, "Check", Check),
    r(&["REFUND", "RETURN", "REVERSAL"], CR, "Returned Purchase", Clean),
    r(&["STATE TAX", "FRANCHISE TAX", "DEPT OF REVENUE", "DEPT REVENUE"], ANY, "State Tax", Clean),
    r(&["PROPERTY TAX"], ANY, "Property Tax", Clean),
    r(&["TAX"], ANY, "Taxes", Clean),
    r(&["FEE", "CHARGE"], DR, "Service Fee", Clean),
    r(&["PHARMACY", "DRUG"], ANY, "Pharmacy", Clean),
    r(&["COFFEE", "ESPRESSO", "CAFE"], ANY, "Coffee Shops", Clean),
    r(&["PIZZA", "GRILL", "RESTAURANT", "KITCHEN", "BISTRO", "TAQUERIA", "SUSHI", "BURGER", "DINER", "BRASSERIE", "TRATTORIA", "STEAKHOUSE"], ANY, "Restaurants", Clean),
    r(&["BAR", "PUB", "TAVERN", "BREWING", "BREWERY", "WINE", "LIQUOR"], ANY, "Alcohol & Bars", Clean),
    r(&["GROCERY", "MARKET", "SUPERMARKET", "FOODS"], ANY, "Groceries", Clean),
    r(&["GAS", "FUEL", "PETROLEUM"], ANY, "Gas", Clean),
    r(&["PARKING"], ANY, "Parking", Clean),
    r(&["HOTEL", "INN", "RESORT", "MOTEL"], ANY, "Hotel", Clean),
    r(&["AIRLINES", "AIRWAYS", "AIRLINE"], ANY, "Air Travel", Clean),
    r(&["TAXI", "CAB", "LIMO"], ANY, "Rental Car & Taxi", Clean),
    r(&["INSURANCE", "INS PREM"], ANY, "Financial", Clean),
];

/// The first rule that matches the words and the direction.
pub(crate) fn lookup(words: &Words, kind: TransactionKind) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|rule| rule.kind.is_none_or(|k| k == kind) && words.has_any(rule.phrases))
}

impl Rule {
    /// The description this rule gives, or `None` to fall back to clean-up.
    pub(crate) fn description(&self, words: &Words) -> Option<String> {
        match self.describe {
            Clean => None,
            Fixed(text) => Some(text.to_owned()),
            Payroll => Some(payroll(words)),
            Check => Some(check(words)),
            Transfer => Some(transfer(words)),
        }
    }
}

fn payroll(words: &Words) -> String {
    let start = PAYROLL_WORDS
        .iter()
        .filter_map(|p| words.find(p))
        .min()
        .unwrap_or(0);
    let employer: Vec<&str> = words.tokens()[..start]
        .iter()
        .map(String::as_str)
        .filter(|t| t.bytes().any(|b| b.is_ascii_alphabetic()))
        .collect();
    if employer.is_empty() {
        "Payroll Deposit".to_owned()
    } else {
        format!("Payroll Deposit from {}", title_case(&employer.join(" ")))
    }
}

fn check(words: &Words) -> String {
    let tokens = words.tokens();
    let number = tokens
        .iter()
        .position(|t| t == "CHECK" || t == "CHK")
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

fn transfer(words: &Words) -> String {
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
    use crate::words::is_normalised;
    use polyfin_domain::category::Taxonomy;

    #[test]
    fn rules_are_well_formed() {
        for rule in RULES {
            assert!(
                Taxonomy::standard().get_by_name(rule.category).is_some(),
                "unknown category {}",
                rule.category
            );
            for p in rule.phrases {
                assert!(is_normalised(p), "{p:?}");
            }
        }
    }

    #[test]
    fn descriptions() {
        let describe = |raw: &str, kind| {
            let words = Words::new(raw);
            lookup(&words, kind).and_then(|r| r.description(&words))
        };
        use TransactionKind::{Credit, Debit};
        assert_eq!(
            describe("ACME CORP PAYROLL PPD ID: 1234567890", Credit).as_deref(),
            Some("Payroll Deposit from Acme Corp")
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
            describe("WIRE TRANSFER", Debit).as_deref(),
            Some("Transfer")
        );
    }
}
