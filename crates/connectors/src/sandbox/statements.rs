//! Monthly statements for deposit and card accounts: the last twelve complete
//! calendar months before `now`. Balances come from the same ledger as the reported
//! balance, and a transaction belongs to the day it posted (`figures::posted_at`), so
//! opening + what posted in the month = closing, to the cent.

use super::accounts::Kind;
use super::figures::{money, posted_at, View};
use crate::FetchedStatement;
use time::{Date, Month};

/// How many complete months back statements go.
pub(crate) const MONTHS: i64 = 12;

pub(crate) fn statements(view: &View<'_>) -> Vec<FetchedStatement> {
    let spec = view.spec;
    if !matches!(
        spec.kind,
        Kind::Checking | Kind::Savings { .. } | Kind::Card(_)
    ) {
        return Vec::new();
    }
    let periods: Vec<(Date, Date)> = periods(view.now.date())
        .into_iter()
        // A month before the account opened has nothing to state.
        .filter(|&(_, end)| end >= spec.opened)
        .collect();
    let Some(&(first_start, _)) = periods.first() else {
        return Vec::new();
    };
    // One pass over the ledger: what posted before the first period, then per period.
    let mut before = spec.opening;
    let mut flows = vec![0_i64; periods.len()];
    for event in view.book.events.iter().filter(|e| view.is_posted(e)) {
        let posted = posted_at(event).date();
        let signed = view.book.signed(event.kind, event.cents);
        if posted < first_start {
            before += signed;
        } else if let Some(i) = periods
            .iter()
            .position(|&(start, end)| (start..=end).contains(&posted))
        {
            if let Some(flow) = flows.get_mut(i) {
                *flow += signed;
            }
        }
    }
    let mut opening = before;
    periods
        .iter()
        .zip(flows)
        .map(|(&(start, end), flow)| {
            let closing = opening + flow;
            let statement = FetchedStatement {
                external_id: format!(
                    "{}-stmt-{:04}{:02}",
                    spec.external_id,
                    start.year(),
                    u8::from(start.month())
                ),
                account_external_id: spec.external_id.clone(),
                period_start: start,
                period_end: end,
                opening_balance: money(opening),
                closing_balance: money(closing),
            };
            opening = closing;
            statement
        })
        .collect()
}

/// The `MONTHS` complete calendar months before `today`'s month, oldest first, as
/// (first day, last day).
pub(crate) fn periods(today: Date) -> Vec<(Date, Date)> {
    let current = i64::from(today.year()) * 12 + i64::from(u8::from(today.month())) - 1;
    (1..=MONTHS)
        .rev()
        .filter_map(|back| month(current - back))
        .collect()
}

/// The first and last day of the month `index` months after January of year 0.
fn month(index: i64) -> Option<(Date, Date)> {
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    let start = Date::from_calendar_date(year, month, 1).ok()?;
    let last = month.length(year);
    Some((start, Date::from_calendar_date(year, month, last).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn periods_are_the_twelve_complete_months_before_today() {
        let periods = periods(date!(2026 - 03 - 04));
        assert_eq!(periods.len(), 12);
        assert_eq!(
            periods.first(),
            Some(&(date!(2025 - 03 - 01), date!(2025 - 03 - 31)))
        );
        assert_eq!(
            periods.last(),
            Some(&(date!(2026 - 02 - 01), date!(2026 - 02 - 28)))
        );
        // A leap February, and a year boundary.
        let periods = super::periods(date!(2025 - 01 - 01));
        assert_eq!(
            periods.last(),
            Some(&(date!(2024 - 12 - 01), date!(2024 - 12 - 31)))
        );
        assert!(periods.contains(&(date!(2024 - 02 - 01), date!(2024 - 02 - 29))));
        for pair in periods.windows(2) {
            assert_eq!(pair[0].1.next_day(), Some(pair[1].0));
        }
    }
}
