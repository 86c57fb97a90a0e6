//! Recurring detection across one user's transactions: the same payee on the same
//! account, in the same direction, at a steady interval (weekly, every other week,
//! twice a month, monthly, quarterly, yearly) for similar amounts.

use polyfin_domain::transaction::TransactionKind;
use polyfin_domain::Decimal;
use std::collections::HashMap;
use time::{Date, Duration};

/// One transaction, as recurring detection sees it.
#[derive(Debug, Clone)]
pub struct Occurrence<'a> {
    pub account: &'a str,
    pub kind: TransactionKind,
    /// The merchant's name when known, else the cleaned description.
    pub payee: &'a str,
    pub date: Date,
    pub amount: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recurrence {
    EveryWeek,
    EveryOtherWeek,
    TwiceAMonth,
    EveryMonth,
    EveryQuarter,
    EveryYear,
}

impl Recurrence {
    /// MX's `recurrence_type` names.
    pub fn name(self) -> &'static str {
        match self {
            Recurrence::EveryWeek => "EVERY_WEEK",
            Recurrence::EveryOtherWeek => "EVERY_OTHER_WEEK",
            Recurrence::TwiceAMonth => "TWICE_A_MONTH",
            Recurrence::EveryMonth => "EVERY_MONTH",
            Recurrence::EveryQuarter => "EVERY_QUARTER",
            Recurrence::EveryYear => "EVERY_YEAR",
        }
    }

    /// (typical gap in days, tolerance in days)
    fn gap(self) -> (i64, i64) {
        match self {
            Recurrence::EveryWeek => (7, 1),
            Recurrence::EveryOtherWeek => (14, 2),
            Recurrence::TwiceAMonth => (15, 3),
            Recurrence::EveryMonth => (30, 4),
            Recurrence::EveryQuarter => (91, 7),
            Recurrence::EveryYear => (365, 10),
        }
    }

    fn next_after(self, date: Date) -> Date {
        let months = |n: u8| {
            let mut d = date;
            for _ in 0..n {
                d = add_month(d);
            }
            d
        };
        match self {
            Recurrence::EveryMonth => months(1),
            Recurrence::EveryQuarter => months(3),
            Recurrence::EveryYear => months(12),
            other => date + Duration::days(other.gap().0),
        }
    }
}

const ALL: [Recurrence; 6] = [
    Recurrence::EveryWeek,
    Recurrence::EveryOtherWeek,
    Recurrence::TwiceAMonth,
    Recurrence::EveryMonth,
    Recurrence::EveryQuarter,
    Recurrence::EveryYear,
];

/// Three occurrences make a series; fewer could be a coincidence.
const MIN_OCCURRENCES: usize = 3;
/// Share of gaps (and of amounts) that must fit the pattern.
const FIT: f64 = 0.75;
/// How far an amount may stray from the series' median (bills vary with use).
const AMOUNT_SPREAD_PERCENT: i64 = 35;

/// A detected series: indices into the input, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub members: Vec<usize>,
    pub recurrence: Recurrence,
    pub last: Date,
    pub predicted: Date,
}

/// Every series in `occurrences` (each occurrence belongs to at most one).
pub fn detect(occurrences: &[Occurrence<'_>]) -> Vec<Series> {
    let mut groups: HashMap<(&str, &str, String), Vec<usize>> = HashMap::new();
    for (i, o) in occurrences.iter().enumerate() {
        let payee = o.payee.trim().to_lowercase();
        if payee.is_empty() {
            continue;
        }
        groups
            .entry((o.account, o.kind.name(), payee))
            .or_default()
            .push(i);
    }
    let mut found: Vec<Series> = groups
        .into_values()
        .filter_map(|mut members| {
            members.sort_by_key(|&i| (occurrences[i].date, i));
            series(occurrences, members)
        })
        .collect();
    found.sort_by_key(|s| s.members[0]);
    found
}

fn series(occurrences: &[Occurrence<'_>], members: Vec<usize>) -> Option<Series> {
    if members.len() < MIN_OCCURRENCES {
        return None;
    }
    let dates: Vec<Date> = members.iter().map(|&i| occurrences[i].date).collect();
    let gaps: Vec<i64> = dates
        .windows(2)
        .map(|w| (w[1] - w[0]).whole_days())
        .collect();
    let recurrence = ALL.into_iter().find(|r| fits(&gaps, *r))?;
    let amounts: Vec<Decimal> = members.iter().map(|&i| occurrences[i].amount).collect();
    if !steady(&amounts) {
        return None;
    }
    let last = *dates.last()?;
    Some(Series {
        members,
        recurrence,
        last,
        predicted: recurrence.next_after(last),
    })
}

fn fits(gaps: &[i64], recurrence: Recurrence) -> bool {
    let (gap, tolerance) = recurrence.gap();
    let fitting = gaps
        .iter()
        .filter(|g| (**g - gap).abs() <= tolerance)
        .count();
    !gaps.is_empty() && fitting as f64 >= FIT * gaps.len() as f64
}

fn steady(amounts: &[Decimal]) -> bool {
    let mut sorted = amounts.to_vec();
    sorted.sort();
    let median = sorted[sorted.len() / 2];
    let spread = median * Decimal::new(AMOUNT_SPREAD_PERCENT, 2);
    let close = amounts
        .iter()
        .filter(|a| (**a - median).abs() <= spread)
        .count();
    close as f64 >= FIT * amounts.len() as f64
}

/// The same day next month, or the month's last day when it is shorter.
fn add_month(date: Date) -> Date {
    let (year, month) = match date.month().next() {
        time::Month::January => (date.year() + 1, time::Month::January),
        next => (date.year(), next),
    };
    let last_day = month.length(year);
    Date::from_calendar_date(year, month, date.day().min(last_day)).unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn occ(payee: &'static str, date: Date, cents: i64) -> Occurrence<'static> {
        Occurrence {
            account: "ACT-1",
            kind: TransactionKind::Debit,
            payee,
            date,
            amount: Decimal::new(cents, 2),
        }
    }

    #[test]
    fn monthly_bills_and_biweekly_pay_are_series() {
        let mut items = vec![
            occ("Netflix", date!(2026 - 01 - 15), 1549),
            occ("Netflix", date!(2026 - 02 - 15), 1549),
            occ("Netflix", date!(2026 - 03 - 15), 1549),
            occ("Con Edison", date!(2026 - 01 - 03), 9812),
            occ("Con Edison", date!(2026 - 02 - 04), 11240),
            occ("Con Edison", date!(2026 - 03 - 02), 10410),
            // Coffee on random days is not a series.
            occ("Starbucks", date!(2026 - 01 - 02), 545),
            occ("Starbucks", date!(2026 - 01 - 05), 545),
            occ("Starbucks", date!(2026 - 01 - 19), 545),
            occ("Starbucks", date!(2026 - 02 - 27), 545),
        ];
        for day in [2, 16, 30] {
            let mut pay = occ("Payroll Deposit from Acme", date!(2026 - 01 - 01), 284_512);
            pay.kind = TransactionKind::Credit;
            pay.date += Duration::days(day);
            items.push(pay);
        }
        let found = detect(&items);
        let names: Vec<(&str, Recurrence)> = found
            .iter()
            .map(|s| (items[s.members[0]].payee, s.recurrence))
            .collect();
        assert_eq!(
            names,
            [
                ("Netflix", Recurrence::EveryMonth),
                ("Con Edison", Recurrence::EveryMonth),
                ("Payroll Deposit from Acme", Recurrence::EveryOtherWeek),
            ]
        );
        assert_eq!(found[0].predicted, date!(2026 - 04 - 15));
    }

    #[test]
    fn wildly_different_amounts_or_two_occurrences_are_not() {
        let items = [
            occ("Amazon", date!(2026 - 01 - 10), 1000),
            occ("Amazon", date!(2026 - 02 - 10), 25_000),
            occ("Amazon", date!(2026 - 03 - 10), 300),
            occ("Hulu", date!(2026 - 02 - 10), 799),
            occ("Hulu", date!(2026 - 03 - 10), 799),
        ];
        assert!(detect(&items).is_empty());
        assert_eq!(add_month(date!(2026 - 01 - 31)), date!(2026 - 02 - 28));
    }
}
