//! Balances and account figures at `now`, from an account's simulated events.
//!
//! An event is visible once its time has passed, pending for its day and the next,
//! and posted (counted in `balance`) from the day after that.

use super::accounts::{AccountSpec, Kind};
use super::ledger::{Book, Event};
use polyfin_domain::account::AccountFigures;
use polyfin_domain::transaction::TransactionKind;
use polyfin_domain::Decimal;
use time::{Date, Duration, Month, OffsetDateTime, Time};

/// Transactions dated this many days before today or earlier are posted.
pub(crate) const POSTING_DAYS: i64 = 2;

pub(crate) fn money(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// A rate in hundredths of a percent, as the percentage MX reports (22.99).
fn rate(hundredths: i64) -> Decimal {
    Decimal::new(hundredths, 2)
}

pub(crate) fn transacted_at(event: &Event) -> OffsetDateTime {
    event.day.midnight().assume_utc() + Duration::seconds(i64::from(event.seconds))
}

/// When a posted event posted: the next day at noon UTC.
pub(crate) fn posted_at(event: &Event) -> OffsetDateTime {
    let next = event.day.next_day().unwrap_or(event.day);
    next.with_time(Time::MIDNIGHT).assume_utc() + Duration::hours(12)
}

/// The authorization hold a pending card debit of `cents` at this merchant category
/// carries: a fixed pre-authorization at fuel pumps and hotels, the estimated fare
/// (rounded up to the dollar) for rides.
pub(crate) fn hold_cents(mcc: Option<u32>, cents: i64) -> Option<i64> {
    match mcc? {
        5541 | 5542 => Some(100_00),
        3501..=3999 | 7011 => Some(150_00),
        4121 => Some((cents / 100 + 1) * 100),
        _ => None,
    }
}

/// The last day whose transactions count as pending at `now`.
pub(crate) fn last_posted_day(now: OffsetDateTime) -> Date {
    now.date()
        .checked_sub(Duration::days(POSTING_DAYS))
        .unwrap_or(Date::MIN)
}

/// One account's events as seen at `now`.
pub(crate) struct View<'a> {
    pub(crate) spec: &'a AccountSpec,
    pub(crate) book: &'a Book,
    pub(crate) now: OffsetDateTime,
}

impl View<'_> {
    pub(crate) fn is_visible(&self, event: &Event) -> bool {
        transacted_at(event) <= self.now
    }

    pub(crate) fn is_posted(&self, event: &Event) -> bool {
        event.day <= last_posted_day(self.now)
    }

    fn posted(&self) -> impl Iterator<Item = &Event> {
        self.book.events.iter().filter(|e| self.is_posted(e))
    }

    /// The posted balance at `now`, in cents (held for assets, owed for debts).
    pub(crate) fn balance(&self) -> i64 {
        self.spec.opening
            + self
                .posted()
                .map(|e| self.book.signed(e.kind, e.cents))
                .sum::<i64>()
    }

    /// Pending debits with the authorization holds beside them.
    fn pending_debits(&self) -> i64 {
        self.book
            .events
            .iter()
            .filter(|e| e.kind == TransactionKind::Debit)
            .filter(|e| self.is_visible(e) && !self.is_posted(e))
            .map(|e| e.cents + hold_cents(e.mcc, e.cents).unwrap_or(0))
            .sum()
    }

    /// The most recent posted payment into a debt account.
    fn last_payment(&self) -> Option<&Event> {
        self.posted()
            .filter(|e| e.kind == TransactionKind::Credit && is_payment(e))
            .last()
    }
}

fn is_payment(event: &Event) -> bool {
    event.raw.contains("PAYMENT") && !event.raw.contains("INTEREST")
}

pub(crate) fn figures(view: &View<'_>) -> AccountFigures {
    let balance = view.balance();
    let mut f = AccountFigures {
        balance: Some(money(balance)),
        ..AccountFigures::default()
    };
    let today = view.now.date();
    match &view.spec.kind {
        Kind::Checking => f.available_balance = Some(money(balance - view.pending_debits())),
        Kind::Savings { apy } => {
            f.available_balance = Some(money(balance - view.pending_debits()));
            f.apy = Some(rate(*apy));
        }
        Kind::Card(card) => {
            f.credit_limit = Some(money(card.limit));
            f.available_credit = Some(money(card.limit - balance - view.pending_debits()));
            f.apr = Some(rate(card.apr));
            f.minimum_payment = Some(money(balance.clamp(0, (balance / 50).max(25_00))));
            due(&mut f, card.due_day, today);
        }
        Kind::Loan(loan) => {
            f.original_balance = Some(money(view.spec.opening));
            f.loan_amount = Some(money(view.spec.opening));
            f.interest_rate = Some(rate(loan.rate));
            f.minimum_payment = Some(money(loan.payment.min(balance.max(0))));
            f.started_on = Some(view.spec.opened);
            f.matures_on = add_months(view.spec.opened, loan.term_months);
            due(&mut f, loan.due_day, today);
        }
        Kind::Heloc(heloc) => {
            f.credit_limit = Some(money(heloc.limit));
            f.available_credit = Some(money(heloc.limit - balance - view.pending_debits()));
            f.interest_rate = Some(rate(heloc.rate));
            let interest = balance.max(0) * heloc.rate / 120_000;
            f.minimum_payment = Some(money(interest + heloc.principal.min(balance.max(0))));
            f.started_on = Some(view.spec.opened);
            due(&mut f, heloc.due_day, today);
        }
        Kind::Investment(plan) => {
            f.holdings_value = Some(money(balance));
            f.cash_balance = Some(money(balance.max(0) * plan.cash_share / 10_000));
        }
    }
    if view.spec.is_debt() {
        if let Some(payment) = view.last_payment() {
            f.last_payment = Some(money(payment.cents));
            f.last_payment_at = Some(posted_at(payment));
        }
    }
    f
}

fn due(f: &mut AccountFigures, day: u8, today: Date) {
    f.day_payment_is_due = Some(day);
    f.payment_due_at =
        next_due(today, day).map(|d| d.midnight().assume_utc() + Duration::hours(12));
}

/// The next date on or after `today` that falls on day `day` of its month.
fn next_due(today: Date, day: u8) -> Option<Date> {
    let this_month = Date::from_calendar_date(today.year(), today.month(), day).ok()?;
    if this_month >= today {
        return Some(this_month);
    }
    add_months(this_month, 1)
}

/// `date` moved by whole months; `None` if that day does not exist (days ≤ 28 always do).
pub(crate) fn add_months(date: Date, months: u32) -> Option<Date> {
    let index =
        i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    Date::from_calendar_date(year, month, date.day().min(28)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_roll_over_years() {
        assert_eq!(
            add_months(date!(2026 - 11 - 15), 3),
            Some(date!(2027 - 02 - 15))
        );
        assert_eq!(
            add_months(date!(2024 - 05 - 18), 60),
            Some(date!(2029 - 05 - 18))
        );
        assert_eq!(
            add_months(date!(2026 - 01 - 31), 1),
            Some(date!(2026 - 02 - 28))
        );
    }

    #[test]
    fn the_next_due_date_is_today_or_later() {
        assert_eq!(
            next_due(date!(2026 - 03 - 04), 4),
            Some(date!(2026 - 03 - 04))
        );
        assert_eq!(
            next_due(date!(2026 - 03 - 04), 18),
            Some(date!(2026 - 03 - 18))
        );
        assert_eq!(
            next_due(date!(2026 - 12 - 20), 3),
            Some(date!(2027 - 01 - 03))
        );
    }
}
