//! The accounts a household holds and their terms. Rates are in hundredths of a
//! percent (2299 = 22.99%) and money in cents, so no float ever touches an amount.

use super::profile::EPOCH;
use super::rng::{cents, chance, digits, pick};
use polyfin_domain::Decimal;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoanKind {
    Auto,
    Student,
    Mortgage,
}

impl LoanKind {
    /// The payee words both sides of a payment use.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Auto => "AUTO LOAN",
            Self::Student => "STUDENT LOAN",
            Self::Mortgage => "MORTGAGE",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Loan {
    pub(crate) kind: LoanKind,
    pub(crate) rate: i64,
    pub(crate) term_months: u32,
    pub(crate) payment: i64,
    pub(crate) due_day: u8,
}

#[derive(Debug, Clone)]
pub(crate) struct Card {
    pub(crate) limit: i64,
    pub(crate) apr: i64,
    pub(crate) due_day: u8,
    /// The balance carried month to month (0 for a card paid in full).
    pub(crate) revolving: i64,
    pub(crate) foreign_fee: bool,
    pub(crate) payment_text: &'static str,
}

#[derive(Debug, Clone)]
pub(crate) struct Heloc {
    pub(crate) limit: i64,
    pub(crate) rate: i64,
    pub(crate) due_day: u8,
    /// Principal repaid each month on top of the interest.
    pub(crate) principal: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct Investment {
    /// Per paycheck (401(k)) or per month (IRA, brokerage).
    pub(crate) contribution: i64,
    pub(crate) employer_match: i64,
    pub(crate) contribution_day: u8,
    /// Annual dividend yield, in hundredths of a percent.
    pub(crate) dividend_yield: i64,
    pub(crate) funds: Vec<&'static str>,
    /// The uninvested share of the account, in hundredths of a percent.
    pub(crate) cash_share: i64,
}

#[derive(Debug, Clone)]
pub(crate) enum Kind {
    Checking,
    Savings { apy: i64 },
    Card(Card),
    Loan(Loan),
    Heloc(Heloc),
    Investment(Investment),
}

#[derive(Debug, Clone)]
pub(crate) struct AccountSpec {
    pub(crate) index: usize,
    pub(crate) external_id: String,
    pub(crate) name: &'static str,
    pub(crate) account_type: &'static str,
    pub(crate) subtype: Option<&'static str>,
    pub(crate) mask: String,
    pub(crate) opened: Date,
    /// The balance on the opening day: held for assets, owed for debts.
    pub(crate) opening: i64,
    pub(crate) kind: Kind,
}

impl AccountSpec {
    /// Debts grow with debits; assets grow with credits.
    pub(crate) fn is_debt(&self) -> bool {
        matches!(self.kind, Kind::Card(_) | Kind::Loan(_) | Kind::Heloc(_))
    }

    pub(crate) fn is_home_debt(&self) -> bool {
        match &self.kind {
            Kind::Loan(loan) => loan.kind == LoanKind::Mortgage,
            Kind::Heloc(_) => true,
            _ => false,
        }
    }

    /// The scheduled monthly payment out of checking, for budgeting.
    pub(crate) fn monthly_payment(&self) -> i64 {
        match &self.kind {
            Kind::Loan(loan) => loan.payment,
            Kind::Heloc(h) => h.principal + self.opening * h.rate / 120_000,
            Kind::Card(c) => c.revolving * c.apr / 120_000,
            _ => 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Pick {
    Checking,
    Savings,
    Card,
    Loan,
    Mortgage,
    Heloc,
    Investment,
}

/// Extra account types and their weights; each appears at most once.
const EXTRAS: [(Pick, u32); 6] = [
    (Pick::Savings, 10),
    (Pick::Card, 10),
    (Pick::Investment, 6),
    (Pick::Loan, 5),
    (Pick::Mortgage, 4),
    (Pick::Heloc, 2),
];

pub(crate) fn generate(rng: &mut ChaCha8Rng, tag: &str, pay: i64) -> Vec<AccountSpec> {
    let count = match rng.gen_range(0..100) {
        0..=3 => 1,
        4..=13 => 2,
        14..=43 => 3,
        44..=73 => 4,
        _ => 5,
    };
    let mut picks = vec![Pick::Checking];
    let mut pool = EXTRAS.to_vec();
    while picks.len() < count && !pool.is_empty() {
        let total: u32 = pool.iter().map(|(_, w)| w).sum();
        let mut roll = rng.gen_range(0..total.max(1));
        let at = pool
            .iter()
            .position(|&(_, w)| {
                let hit = roll < w;
                roll = roll.saturating_sub(w);
                hit
            })
            .unwrap_or(0);
        picks.push(pool.remove(at).0);
    }
    picks.sort();
    let checking_opened = EPOCH - Duration::days(rng.gen_range(0..=900));
    picks
        .into_iter()
        .enumerate()
        .map(|(index, pick)| {
            let opened = checking_opened + Duration::days(rng.gen_range(0..=400));
            let mut spec = build(rng, pick, opened, pay);
            if pick == Pick::Checking {
                spec.opened = checking_opened;
            }
            spec.index = index;
            spec.external_id = format!("acct-{tag}-{index}");
            spec
        })
        .collect()
}

fn spec(name: &'static str, account_type: &'static str, opened: Date, kind: Kind) -> AccountSpec {
    AccountSpec {
        index: 0,
        external_id: String::new(),
        name,
        account_type,
        subtype: None,
        mask: String::new(),
        opened,
        opening: 0,
        kind,
    }
}

fn build(rng: &mut ChaCha8Rng, pick: Pick, opened: Date, pay: i64) -> AccountSpec {
    let mut account = match pick {
        Pick::Checking => checking(rng, opened),
        Pick::Savings => savings(rng, opened),
        Pick::Card => card(rng, opened),
        Pick::Loan | Pick::Mortgage => loan(rng, pick == Pick::Mortgage, pay),
        Pick::Heloc => heloc(rng, opened),
        Pick::Investment => investment(rng, opened),
    };
    account.mask = digits(rng, 4);
    account
}

fn checking(rng: &mut ChaCha8Rng, opened: Date) -> AccountSpec {
    const NAMES: &[&str] = &[
        "Everyday Checking",
        "Total Checking",
        "Smart Checking",
        "Premier Checking",
        "Advantage Plus Checking",
    ];
    let mut a = spec(
        pick(rng, NAMES).copied().unwrap_or("Checking"),
        "CHECKING",
        opened,
        Kind::Checking,
    );
    a.opening = cents(rng, 1_500_00, 6_000_00);
    a
}

fn savings(rng: &mut ChaCha8Rng, opened: Date) -> AccountSpec {
    // (name, subtype, APY range)
    const KINDS: &[(&str, Option<&str>, i64, i64)] = &[
        ("High-Yield Savings", None, 380, 450),
        ("Statement Savings", None, 1, 5),
        ("Premier Savings", None, 20, 60),
        ("Money Market Savings", Some("MONEY_MARKET"), 150, 300),
    ];
    let &(name, subtype, min, max) = pick(rng, KINDS).unwrap_or(&KINDS[0]);
    let mut a = spec(
        name,
        "SAVINGS",
        opened,
        Kind::Savings {
            apy: cents(rng, min, max),
        },
    );
    a.subtype = subtype;
    a.opening = cents(rng, 1_000_00, 25_000_00);
    a
}

fn card(rng: &mut ChaCha8Rng, opened: Date) -> AccountSpec {
    // (name, foreign transaction fee)
    const NAMES: &[(&str, bool)] = &[
        ("Rewards Visa Signature", true),
        ("Cash Back Mastercard", true),
        ("Platinum Visa", true),
        ("Travel Rewards Visa Infinite", false),
        ("World Elite Mastercard", false),
    ];
    const PAYMENTS: &[&str] = &[
        "AUTOPAY PAYMENT - THANK YOU",
        "PAYMENT THANK YOU-MOBILE",
        "ONLINE PAYMENT - THANK YOU",
    ];
    let &(name, foreign_fee) = pick(rng, NAMES).unwrap_or(&NAMES[0]);
    let revolving = if chance(rng, 550) {
        cents(rng, 400_00, 4_500_00)
    } else {
        0
    };
    let limit = (revolving + 6_000_00 + cents(rng, 0, 24_000_00)) / 500_00 * 500_00;
    let terms = Card {
        limit,
        apr: cents(rng, 1799, 2999),
        due_day: rng.gen_range(1..=28),
        revolving,
        foreign_fee,
        payment_text: pick(rng, PAYMENTS).copied().unwrap_or("PAYMENT THANK YOU"),
    };
    let mut a = spec(name, "CREDIT_CARD", opened, Kind::Card(terms));
    a.opening = revolving;
    a
}

fn loan(rng: &mut ChaCha8Rng, mortgage: bool, pay: i64) -> AccountSpec {
    let student = !mortgage && chance(rng, 400);
    let (kind, name, account_type, subtype, principal, rate, term, started) = if mortgage {
        let principal = pay * rng.gen_range(90..=140) / 1_000_00 * 1_000_00;
        let started = EPOCH - Duration::days(rng.gen_range(200..=3000));
        (
            LoanKind::Mortgage,
            "30-Year Fixed Mortgage",
            "MORTGAGE",
            None,
            principal,
            cents(rng, 275, 725),
            360,
            started,
        )
    } else if student {
        let started = EPOCH - Duration::days(rng.gen_range(365..=1800));
        (
            LoanKind::Student,
            "Student Loan",
            "LOAN",
            Some("STUDENT"),
            cents(rng, 15_000_00, 65_000_00),
            cents(rng, 450, 750),
            120,
            started,
        )
    } else {
        let started = EPOCH + Duration::days(rng.gen_range(0..=540));
        let term = if chance(rng, 500) { 60 } else { 72 };
        (
            LoanKind::Auto,
            "Auto Loan",
            "LOAN",
            Some("AUTO"),
            cents(rng, 18_000_00, 42_000_00),
            cents(rng, 490, 990),
            term,
            started,
        )
    };
    let terms = Loan {
        kind,
        rate,
        term_months: term,
        payment: amortized_payment(principal, rate, term),
        due_day: started.day().min(28),
    };
    let mut a = spec(name, account_type, started, Kind::Loan(terms));
    a.subtype = subtype;
    a.opening = principal;
    a
}

fn heloc(rng: &mut ChaCha8Rng, opened: Date) -> AccountSpec {
    let limit = cents(rng, 25_000_00, 150_000_00) / 5_000_00 * 5_000_00;
    let terms = Heloc {
        limit,
        rate: cents(rng, 750, 1_100),
        due_day: rng.gen_range(1..=28),
        principal: cents(rng, 150_00, 600_00),
    };
    let mut a = spec(
        "Home Equity Line of Credit",
        "LINE_OF_CREDIT",
        opened,
        Kind::Heloc(terms),
    );
    a.subtype = Some("HELOC");
    a.opening = limit * rng.gen_range(15..=60) / 100;
    a
}

fn investment(rng: &mut ChaCha8Rng, opened: Date) -> AccountSpec {
    const KINDS: &[(&str, &str)] = &[
        ("Roth IRA", "ROTH_IRA"),
        ("Individual Brokerage", "BROKERAGE"),
        ("401(k) Retirement Plan", "PLAN_401_K"),
    ];
    let &(name, subtype) = pick(rng, KINDS).unwrap_or(&KINDS[0]);
    let plan_401k = subtype == "PLAN_401_K";
    let contribution = if plan_401k {
        cents(rng, 150_00, 600_00)
    } else {
        cents(rng, 100_00, 583_00)
    };
    let n_funds = rng.gen_range(1..=2);
    let terms = Investment {
        contribution,
        employer_match: if plan_401k { contribution / 2 } else { 0 },
        contribution_day: rng.gen_range(1..=28),
        dividend_yield: cents(rng, 130, 350),
        funds: super::places::FUNDS
            .iter()
            .copied()
            .skip(rng.gen_range(0..3))
            .take(n_funds)
            .collect(),
        cash_share: cents(rng, 50, 500),
    };
    let mut a = spec(name, "INVESTMENT", opened, Kind::Investment(terms));
    a.subtype = Some(subtype);
    a.opening = cents(rng, 8_000_00, 180_000_00);
    a
}

/// The level monthly payment that repays `principal` over `months` at `rate`
/// (hundredths of a percent a year), in cents.
pub(crate) fn amortized_payment(principal: i64, rate: i64, months: u32) -> i64 {
    let fallback = principal / i64::from(months.max(1));
    let monthly = Decimal::new(rate, 4) / Decimal::from(12);
    let mut growth = Decimal::ONE;
    for _ in 0..months {
        match growth.checked_mul(Decimal::ONE + monthly) {
            Some(g) => growth = g.round_dp(16),
            None => return fallback,
        }
    }
    let denominator = growth - Decimal::ONE;
    if denominator <= Decimal::ZERO {
        return fallback;
    }
    let payment = Decimal::new(principal, 0) * monthly * growth / denominator;
    i64::try_from(payment.round().mantissa()).map_or(fallback, |p| p.max(fallback))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amortized_payments_match_the_textbook() {
        // $30,000 at 6% over 60 months: $579.98 a month.
        assert_eq!(amortized_payment(3_000_000, 600, 60), 57_998);
        // $300,000 at 6.5% over 30 years: $1,896.20 a month.
        assert_eq!(amortized_payment(30_000_000, 650, 360), 189_620);
        // At 0% the principal is just split.
        assert_eq!(amortized_payment(1_200_000, 0, 12), 100_000);
    }
}
