//! Account-specific activity: card statements, loan and HELOC payments, investment
//! contributions and dividends, savings interest, and the sweep that keeps checking
//! near its target balance. What debts move in or out of checking comes back as drafts.

use super::accounts::{AccountSpec, Card, Heloc, Investment, Kind, Loan};
use super::household::shop_text;
use super::ledger::{Book, Draft};
use super::profile::Household;
use super::rng::{cents, chance, code, pick};
use super::shops::{ABROAD, SHOPPING};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use time::{Date, Month};

/// Checking is always the first account.
const CHECKING: usize = 0;

const H: u32 = 3600;

pub(crate) fn day(
    household: &Household,
    spec: &AccountSpec,
    day: Date,
    book: &mut Book,
    rng: &mut ChaCha8Rng,
    bills: &mut Vec<Draft>,
    texts: bool,
) {
    match &spec.kind {
        Kind::Card(card) => card_day(household, spec, card, day, book, rng, bills, texts),
        Kind::Loan(loan) => loan_day(spec, loan, day, book, bills),
        Kind::Heloc(heloc) => heloc_day(household, spec, heloc, day, book, rng, bills),
        Kind::Investment(plan) => investment_day(household, spec, plan, day, book),
        Kind::Checking | Kind::Savings { .. } => {}
    }
}

/// Monthly interest in cents on `balance` at `rate` hundredths of a percent a year.
fn monthly_interest(balance: i64, rate: i64) -> i64 {
    if balance <= 0 {
        return 0;
    }
    (balance * rate + 60_000) / 120_000
}

#[allow(clippy::too_many_arguments)] // One day of one card: each is an input.
fn card_day(
    household: &Household,
    spec: &AccountSpec,
    card: &Card,
    day: Date,
    book: &mut Book,
    rng: &mut ChaCha8Rng,
    bills: &mut Vec<Draft>,
    texts: bool,
) {
    if day.day() == card.due_day {
        // Autopay clears everything above the revolving balance, which is what keeps
        // the card's balance bounded over years of purchases.
        let payment = book.balance - card.revolving;
        if payment > 0 {
            book.push(
                day,
                Draft::credit(payment, card.payment_text.to_owned()).at(9 * H),
            );
            let raw = format!("CREDIT CARD PAYMENT XXXXXXXXXXXX{}", spec.mask);
            bills.push(Draft::debit(payment, raw).at(14 * H));
        }
        let interest = monthly_interest(card.revolving, card.apr);
        let raw = "INTEREST CHARGE ON PURCHASES".to_owned();
        book.push(day, Draft::debit(interest, raw).at(6 * H));
    }
    if chance(rng, 8) {
        if let Some(shop) = pick(rng, SHOPPING) {
            let amount = cents(rng, 800, 9_000);
            let raw = shop_text(household, shop, household.home, rng, texts);
            let seconds = rng_seconds(rng);
            book.push(day, Draft::credit(amount, raw).mcc(shop.mcc).at(seconds));
        }
    }
    if chance(rng, 3) {
        if let Some(shop) = pick(rng, ABROAD) {
            let amount = cents(rng, shop.min, shop.max);
            let raw = shop_text(household, shop, household.home, rng, texts);
            let seconds = rng_seconds(rng);
            book.push(day, Draft::debit(amount, raw).mcc(shop.mcc).at(seconds));
            if card.foreign_fee {
                let fee = (amount * 3 + 50) / 100;
                let raw = "FOREIGN TRANSACTION FEE".to_owned();
                book.push(day, Draft::debit(fee, raw).at(seconds));
            }
        }
    }
}

fn rng_seconds(rng: &mut ChaCha8Rng) -> u32 {
    rng.gen_range(13 * H..24 * H)
}

fn loan_day(spec: &AccountSpec, loan: &Loan, day: Date, book: &mut Book, bills: &mut Vec<Draft>) {
    if day.day() != loan.due_day || day <= spec.opened || book.balance <= 0 {
        return;
    }
    let interest = monthly_interest(book.balance, loan.rate);
    let payment = loan.payment.min(book.balance + interest);
    let label = loan.kind.label();
    book.push(
        day,
        Draft::debit(interest, "INTEREST CHARGE".to_owned()).at(5 * H),
    );
    book.push(
        day,
        Draft::credit(payment, format!("{label} PAYMENT RECEIVED")).at(15 * H),
    );
    let raw = format!("{label} PAYMENT TO XXXXXX{}", spec.mask);
    bills.push(Draft::debit(payment, raw).at(15 * H));
}

fn heloc_day(
    household: &Household,
    spec: &AccountSpec,
    heloc: &Heloc,
    day: Date,
    book: &mut Book,
    rng: &mut ChaCha8Rng,
    bills: &mut Vec<Draft>,
) {
    // A paid-down line gets drawn on again now and then (a renovation, a car repair).
    if book.balance < heloc.limit / 4 && chance(rng, 4) {
        let most = (heloc.limit / 3).max(2_000_00);
        let amount = cents(rng, 2_000_00, most) / 100_00 * 100_00;
        let checking_mask = household.account(CHECKING).map_or("", |a| a.mask.as_str());
        let raw = format!("HELOC ADVANCE TO CHK XXXXXX{checking_mask}");
        book.push(day, Draft::debit(amount, raw).at(12 * H));
        let raw = format!("ONLINE TRANSFER FROM HELOC XXXXXX{}", spec.mask);
        bills.push(Draft::credit(amount, raw).at(12 * H));
    }
    if day.day() != heloc.due_day || day <= spec.opened || book.balance <= 0 {
        return;
    }
    let interest = monthly_interest(book.balance, heloc.rate);
    let payment = interest + heloc.principal.min(book.balance);
    book.push(
        day,
        Draft::debit(interest, "INTEREST CHARGE".to_owned()).at(5 * H),
    );
    book.push(
        day,
        Draft::credit(payment, "HELOC PAYMENT RECEIVED".to_owned()).at(15 * H),
    );
    let raw = format!("HELOC PAYMENT TO XXXXXX{}", spec.mask);
    bills.push(Draft::debit(payment, raw).at(15 * H));
}

fn investment_day(
    household: &Household,
    spec: &AccountSpec,
    plan: &Investment,
    day: Date,
    book: &mut Book,
) {
    if spec.subtype == Some("PLAN_401_K") {
        if household.is_payday(day) {
            let raw = "EMPLOYEE CONTRIBUTION PRE-TAX".to_owned();
            book.push(day, Draft::credit(plan.contribution, raw).at(11 * H));
            let raw = "EMPLOYER MATCH CONTRIBUTION".to_owned();
            book.push(day, Draft::credit(plan.employer_match, raw).at(11 * H));
        }
    } else if day.day() == plan.contribution_day {
        let raw = if spec.subtype == Some("ROTH_IRA") {
            "ROTH IRA CONTRIBUTION ACH"
        } else {
            "AUTOMATIC INVESTMENT CONTRIBUTION"
        };
        book.push(
            day,
            Draft::credit(plan.contribution, raw.to_owned()).at(11 * H),
        );
    }
    let quarter_end = matches!(
        day.month(),
        Month::March | Month::June | Month::September | Month::December
    );
    if quarter_end && day.day() == 24 && !plan.funds.is_empty() {
        let per_fund = i64::try_from(plan.funds.len()).unwrap_or(1).max(1);
        let amount = book.balance.max(0) * plan.dividend_yield / 40_000 / per_fund;
        for fund in &plan.funds {
            let raw = format!("DIVIDEND RECEIVED {fund}");
            book.push(day, Draft::credit(amount, raw).at(13 * H));
        }
    }
}

/// Keeps checking near its target: the day after payday the excess goes to savings
/// (or an external account), and on any day a low balance is topped up.
pub(crate) fn sweep(household: &Household, day: Date, books: &mut [Book], rng: &mut ChaCha8Rng) {
    let Some(balance) = books.get(CHECKING).map(|b| b.balance) else {
        return;
    };
    let rent = household.rent.as_ref().map_or(1_500_00, |r| r.cents);
    let target = (household.pay * 3 / 2 + rent) / 100_00 * 100_00;
    let after_payday = day
        .previous_day()
        .is_some_and(|previous| household.is_payday(previous));
    let savings = household
        .accounts
        .iter()
        .find(|a| matches!(a.kind, Kind::Savings { .. }) && a.opened <= day);
    let checking_mask = household.account(CHECKING).map_or("", |a| a.mask.as_str());
    let low = balance < 100_00;
    if !(low || after_payday && balance > target + 200_00) {
        return;
    }
    let reference = format!("REF #IB{}", code(rng, 8));
    if !low {
        let amount = (balance - target) / 50_00 * 50_00;
        let to = match savings {
            Some(s) => {
                let raw = format!("ONLINE TRANSFER FROM CHK XXXXXX{checking_mask} {reference}");
                push_to(books, s.index, day, Draft::credit(amount, raw).at(16 * H));
                format!("SAV XXXXXX{}", s.mask)
            }
            None => EXTERNAL.to_owned(),
        };
        let raw = format!("ONLINE TRANSFER TO {to} {reference}");
        push_to(books, CHECKING, day, Draft::debit(amount, raw).at(16 * H));
    } else {
        let amount = (target - balance + 99_99) / 100_00 * 100_00;
        let funded = savings.filter(|s| books.get(s.index).is_some_and(|b| b.balance >= amount));
        let from = match funded {
            Some(s) => {
                let raw = format!("ONLINE TRANSFER TO CHK XXXXXX{checking_mask} {reference}");
                push_to(books, s.index, day, Draft::debit(amount, raw).at(7 * H));
                format!("SAV XXXXXX{}", s.mask)
            }
            None => EXTERNAL.to_owned(),
        };
        let raw = format!("ONLINE TRANSFER FROM {from} {reference}");
        push_to(books, CHECKING, day, Draft::credit(amount, raw).at(7 * H));
    }
}

/// The household's account at another bank.
const EXTERNAL: &str = "EXT ACCT XXXXXX7731";

fn push_to(books: &mut [Book], index: usize, day: Date, draft: Draft) {
    if let Some(book) = books.get_mut(index) {
        book.push(day, draft);
    }
}

/// Savings accounts earn interest on their balance at the end of each month.
pub(crate) fn savings_interest(household: &Household, day: Date, books: &mut [Book]) {
    let month_end = day
        .next_day()
        .is_none_or(|next| next.month() != day.month());
    if !month_end {
        return;
    }
    for spec in &household.accounts {
        let Kind::Savings { apy } = spec.kind else {
            continue;
        };
        if spec.opened > day {
            continue;
        }
        if let Some(book) = books.get_mut(spec.index) {
            let interest = monthly_interest(book.balance, apy);
            book.push(
                day,
                Draft::credit(interest, "INTEREST PAYMENT".to_owned()).at(8 * H),
            );
        }
    }
}
