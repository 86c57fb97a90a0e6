//! The simulated history: every account's events from its opening day to the day
//! fetched. Days are simulated in order from the household's first account, so
//! decisions that depend on a balance (savings sweeps, interest) are the same
//! whichever window or `now` is asked for.

use super::accounts::AccountSpec;
use super::profile::Household;
use super::rng::DayRngs;
use super::{debts, household};
use polyfin_domain::transaction::TransactionKind;
use time::Date;

/// One generated transaction, before it is dressed as a `FetchedTransaction`.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub(crate) day: Date,
    /// Position among the account's events of the day: part of the external id.
    pub(crate) seq: u16,
    /// Seconds after midnight UTC.
    pub(crate) seconds: u32,
    /// Positive; the direction is `kind`.
    pub(crate) cents: i64,
    pub(crate) kind: TransactionKind,
    pub(crate) raw: String,
    pub(crate) mcc: Option<u32>,
    pub(crate) check_number: Option<u32>,
    /// Millionths of a degree.
    pub(crate) geo: Option<(i64, i64)>,
}

/// What a generator wants recorded; the book assigns the day and sequence number.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub(crate) seconds: u32,
    pub(crate) cents: i64,
    pub(crate) kind: TransactionKind,
    pub(crate) raw: String,
    pub(crate) mcc: Option<u32>,
    pub(crate) check_number: Option<u32>,
    pub(crate) geo: Option<(i64, i64)>,
}

impl Draft {
    pub(crate) fn debit(cents: i64, raw: String) -> Self {
        Self::new(TransactionKind::Debit, cents, raw)
    }

    pub(crate) fn credit(cents: i64, raw: String) -> Self {
        Self::new(TransactionKind::Credit, cents, raw)
    }

    fn new(kind: TransactionKind, cents: i64, raw: String) -> Self {
        Self {
            seconds: 12 * 3600,
            cents,
            kind,
            raw,
            mcc: None,
            check_number: None,
            geo: None,
        }
    }

    pub(crate) fn at(mut self, seconds: u32) -> Self {
        self.seconds = seconds.min(86_399);
        self
    }

    pub(crate) fn mcc(mut self, mcc: u32) -> Self {
        self.mcc = Some(mcc);
        self
    }
}

/// One account's events and running balance (held for assets, owed for debts).
#[derive(Debug, Clone)]
pub(crate) struct Book {
    pub(crate) events: Vec<Event>,
    pub(crate) balance: i64,
    debt: bool,
    today: Option<Date>,
    seq: u16,
}

impl Book {
    fn new(spec: &AccountSpec) -> Self {
        Self {
            events: Vec::new(),
            balance: spec.opening,
            debt: spec.is_debt(),
            today: None,
            seq: 0,
        }
    }

    pub(crate) fn push(&mut self, day: Date, draft: Draft) {
        if draft.cents <= 0 {
            return;
        }
        if self.today != Some(day) {
            self.today = Some(day);
            self.seq = 0;
        }
        self.balance += self.signed(draft.kind, draft.cents);
        self.events.push(Event {
            day,
            seq: self.seq,
            seconds: draft.seconds,
            cents: draft.cents,
            kind: draft.kind,
            raw: draft.raw,
            mcc: draft.mcc,
            check_number: draft.check_number,
            geo: draft.geo,
        });
        self.seq = self.seq.saturating_add(1);
    }

    /// How an event of this kind moves the balance.
    pub(crate) fn signed(&self, kind: TransactionKind, cents: i64) -> i64 {
        match (kind, self.debt) {
            (TransactionKind::Credit, false) | (TransactionKind::Debit, true) => cents,
            _ => -cents,
        }
    }
}

/// Every account's history from its opening to `until` (inclusive). Only events from
/// `texts_from` on get their descriptions: the years before the window fetched count
/// for balances alone, and writing their text was most of the simulation's cost.
pub(crate) fn simulate(household: &Household, until: Date, texts_from: Date) -> Vec<Book> {
    let mut books: Vec<Book> = household.accounts.iter().map(Book::new).collect();
    let mut next_check = household.first_check;
    let Some(mut day) = household.accounts.iter().map(|a| a.opened).min() else {
        return books;
    };
    let rngs = DayRngs::new(&household.seed);
    while day <= until {
        let texts = day >= texts_from;
        simulate_day(household, &rngs, day, &mut books, &mut next_check, texts);
        match day.next_day() {
            Some(next) => day = next,
            None => break,
        }
    }
    books
}

/// The order is fixed (debts, then spending, then sweeps) because sequence numbers,
/// and so external ids, follow it.
fn simulate_day(
    household: &Household,
    rngs: &DayRngs,
    day: Date,
    books: &mut [Book],
    next_check: &mut u32,
    texts: bool,
) {
    // Money the debts move in or out of checking today.
    let mut bills: Vec<Draft> = Vec::new();
    let mut rng = rngs.day(day);
    for spec in household.accounts.iter().filter(|a| a.opened <= day) {
        if let Some(book) = books.get_mut(spec.index) {
            debts::day(household, spec, day, book, &mut rng, &mut bills, texts);
        }
    }
    household::day(household, day, books, &mut rng, next_check, bills, texts);
    debts::sweep(household, day, books, &mut rng);
    debts::savings_interest(household, day, books);
}
