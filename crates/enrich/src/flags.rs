//! The `is_*` flags MX puts on a transaction, from its words, direction and category.

use crate::clean::COUNTRIES;
use crate::directory::{Entry, Trait};
use crate::rules::PAYROLL_WORDS;
use crate::words::Words;
use polyfin_domain::category::{Category, Taxonomy};
use polyfin_domain::transaction::{TransactionFlags, TransactionKind};
use polyfin_domain::Decimal;

/// Categories whose debits are bills even when paid by ACH rather than bill pay.
const BILL_CATEGORIES: &[&str] = &[
    "Utilities",
    "Mobile Phone",
    "Home Phone",
    "Internet",
    "Television",
];

/// Categories that come back on a schedule (besides subscriptions and bills).
const RECURRING_CATEGORIES: &[&str] = &[
    "Paycheck",
    "Mortgage & Rent",
    "Mortgage Payment",
    "Auto Payment",
    "Student Loan",
    "Auto Insurance",
    "Home Insurance",
    "Health Insurance",
    "Life Insurance",
    "Gym",
];

const BILL_PAY_WORDS: &[&str] = &[
    "ONLINE PMT",
    "BILL PAY",
    "BILLPAY",
    "BILL PMT",
    "BILL PAYMENT",
    "ONLINE BILL",
];

const DIRECT_DEPOSIT_WORDS: &[&str] = &["PPD", "DIRECT DEP", "DIR DEP", "DIRECT DEPOSIT"];

const INTERNATIONAL_WORDS: &[&str] = &[
    "FOREIGN TRANSACTION",
    "FOREIGN EXCHANGE",
    "INTL TRANSACTION",
    "INTERNATIONAL TRANSACTION",
    "CROSS BORDER",
];

/// Foreign cities that often appear without a country code.
const FOREIGN_CITIES: &[&str] = &[
    "LONDON",
    "TORONTO",
    "VANCOUVER",
    "MONTREAL",
    "CANCUN",
    "TOKYO",
    "DUBLIN",
    "AMSTERDAM",
    "LISBON",
    "BARCELONA",
    "MADRID",
    "ROME",
    "BERLIN",
    "MUNICH",
    "REYKJAVIK",
];

/// US state codes that end a domestic "CITY ST" suffix (kept short: the ones that
/// would otherwise collide with a foreign city, like "PARIS TX" or "ROME GA").
const DOMESTIC_ENDINGS: &[&str] = &["TX", "GA", "NY", "KY", "TN", "ME", "OH", "IN"];

pub(crate) struct Inputs<'a> {
    pub(crate) words: &'a Words,
    pub(crate) kind: TransactionKind,
    pub(crate) amount: Decimal,
    pub(crate) category: &'a Category,
    pub(crate) merchant: Option<&'static Entry>,
}

pub(crate) fn compute(inputs: &Inputs<'_>) -> TransactionFlags {
    let Inputs {
        words,
        kind,
        amount,
        category,
        merchant,
    } = *inputs;
    let taxonomy = Taxonomy::standard();
    let top = taxonomy.top_level_of(category).name.as_str();
    let credit = kind == TransactionKind::Credit;
    let debit = kind == TransactionKind::Debit;
    let has_amount = amount > Decimal::ZERO;
    let trait_is = |t: Trait| merchant.is_some_and(|m| m.kind == t);

    let is_fee = debit && top == "Fees & Charges";
    let is_subscription = debit && trait_is(Trait::Subscription);
    let is_bill_pay = debit
        && (words.has_any(BILL_PAY_WORDS)
            || trait_is(Trait::Bill)
            || BILL_CATEGORIES.contains(&category.name.as_str()));
    let is_payroll_advance = credit
        && (trait_is(Trait::Advance) || words.has_any(&["PAYROLL ADVANCE", "PAYCHECK ADVANCE"]));
    let is_payroll = credit
        && !is_payroll_advance
        && (category.name == "Paycheck" || words.has_any(PAYROLL_WORDS));
    let scheduled_bill = debit
        && (trait_is(Trait::Bill)
            || RECURRING_CATEGORIES.contains(&category.name.as_str())
            || BILL_CATEGORIES.contains(&category.name.as_str()));
    TransactionFlags {
        is_bill_pay,
        is_direct_deposit: credit && words.has_any(DIRECT_DEPOSIT_WORDS),
        is_expense: debit && has_amount && top != "Transfer",
        is_fee,
        is_income: credit && has_amount && category.is_income,
        is_overdraft_fee: is_fee && words.has_any(&["OVERDRAFT", "NSF", "INSUFFICIENT FUNDS"]),
        is_payroll_advance,
        is_subscription,
        is_recurring: is_subscription || is_payroll || scheduled_bill,
        is_international: is_international(words),
    }
}

fn is_international(words: &Words) -> bool {
    if words.has_any(INTERNATIONAL_WORDS) {
        return true;
    }
    let tokens = words.tokens();
    let Some(last) = tokens.last() else {
        return false;
    };
    if COUNTRIES.contains(&last.as_str()) {
        return true;
    }
    !DOMESTIC_ENDINGS.contains(&last.as_str())
        && tokens.iter().any(|t| FOREIGN_CITIES.contains(&t.as_str()))
}
