//! The `is_*` flags MX puts on a transaction, from its words, direction and category.

use crate::clean::COUNTRIES;
use crate::directory::{Entry, Trait};
use crate::rules::PAYROLL_WORDS;
use crate::words::{PhraseGroups, Words};
use polyfin_domain::category::{Category, Taxonomy};
use polyfin_domain::transaction::{TransactionFlags, TransactionKind};
use polyfin_domain::Decimal;
use std::sync::OnceLock;

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
    pub(crate) words: &'a Words<'a>,
    pub(crate) kind: TransactionKind,
    pub(crate) amount: Decimal,
    pub(crate) category: &'a Category,
    pub(crate) merchant: Option<&'static Entry>,
}

const BILL_PAY: u32 = 1;
const ADVANCE: u32 = 1 << 1;
const PAYROLL: u32 = 1 << 2;
const DIRECT_DEPOSIT: u32 = 1 << 3;
const OVERDRAFT: u32 = 1 << 4;
const INTERNATIONAL: u32 = 1 << 5;
const FOREIGN_CITY: u32 = 1 << 6;

/// Every phrase list above, matched in one pass.
fn phrases() -> &'static PhraseGroups {
    static PHRASES: OnceLock<PhraseGroups> = OnceLock::new();
    PHRASES.get_or_init(|| {
        PhraseGroups::new(&[
            (BILL_PAY, BILL_PAY_WORDS),
            (ADVANCE, &["PAYROLL ADVANCE", "PAYCHECK ADVANCE"]),
            (PAYROLL, PAYROLL_WORDS),
            (DIRECT_DEPOSIT, DIRECT_DEPOSIT_WORDS),
            (OVERDRAFT, &["OVERDRAFT", "NSF", "INSUFFICIENT FUNDS"]),
            (INTERNATIONAL, INTERNATIONAL_WORDS),
            (FOREIGN_CITY, FOREIGN_CITIES),
        ])
    })
}

const COUNTRY: u32 = 1;
const DOMESTIC: u32 = 1 << 1;

/// What the last word of a description says about where it happened.
fn endings() -> &'static PhraseGroups {
    static ENDINGS: OnceLock<PhraseGroups> = OnceLock::new();
    ENDINGS.get_or_init(|| PhraseGroups::new(&[(COUNTRY, COUNTRIES), (DOMESTIC, DOMESTIC_ENDINGS)]))
}

pub(crate) fn compute(inputs: &Inputs<'_>) -> TransactionFlags {
    let Inputs {
        words,
        kind,
        amount,
        category,
        merchant,
    } = *inputs;
    let said = phrases().matches(words);
    let has = |bit: u32| said & bit != 0;
    let taxonomy = Taxonomy::standard();
    let top = taxonomy.top_level_of(category).name.as_str();
    let credit = kind == TransactionKind::Credit;
    let debit = kind == TransactionKind::Debit;
    let has_amount = amount > Decimal::ZERO;
    let trait_is = |t: Trait| merchant.is_some_and(|m| m.kind == t);

    let is_fee = debit && top == "Fees & Charges";
    let is_subscription = debit && trait_is(Trait::Subscription);
    let is_bill_pay = debit
        && (has(BILL_PAY)
            || trait_is(Trait::Bill)
            || BILL_CATEGORIES.contains(&category.name.as_str()));
    let is_payroll_advance = credit && (trait_is(Trait::Advance) || has(ADVANCE));
    let is_payroll = credit && !is_payroll_advance && (category.name == "Paycheck" || has(PAYROLL));
    let scheduled_bill = debit
        && (trait_is(Trait::Bill)
            || RECURRING_CATEGORIES.contains(&category.name.as_str())
            || BILL_CATEGORIES.contains(&category.name.as_str()));
    TransactionFlags {
        is_bill_pay,
        is_direct_deposit: credit && has(DIRECT_DEPOSIT),
        is_expense: debit && has_amount && top != "Transfer" && top != "Investments",
        is_fee,
        is_income: credit && has_amount && category.is_income,
        is_overdraft_fee: is_fee && has(OVERDRAFT),
        is_payroll_advance,
        is_subscription,
        is_recurring: is_subscription || is_payroll || scheduled_bill,
        is_international: is_international(words, said),
    }
}

fn is_international(words: &Words<'_>, said: u32) -> bool {
    if said & INTERNATIONAL != 0 {
        return true;
    }
    let ending = words.tokens().last().map_or(0, |last| endings().word(last));
    ending & COUNTRY != 0 || (ending & DOMESTIC == 0 && said & FOREIGN_CITY != 0)
}
