//! Property tests of the business-day calendar and the schedule built on it, for
//! random dates between 1990 and 2100.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use polyfin_ledger::calendar::is_weekend;
use polyfin_ledger::{transfer_schedule, Calendar, Direction, Frequency, Holiday, ScheduleRequest};
use proptest::prelude::*;
use time::{Date, Duration, Month, Weekday};

fn dates() -> impl Strategy<Value = Date> {
    let first = Date::from_calendar_date(1990, Month::January, 1)
        .unwrap()
        .to_julian_day();
    let last = Date::from_calendar_date(2100, Month::December, 31)
        .unwrap()
        .to_julian_day();
    (first..=last).prop_map(|jd| Date::from_julian_day(jd).unwrap())
}

/// The Fed calendar, sometimes with a few random extra closures.
fn calendars() -> impl Strategy<Value = Calendar> {
    proptest::collection::vec(dates(), 0..4)
        .prop_map(|closures| Calendar::us_federal_reserve().with_closures(closures))
}

fn business_days_between(cal: &Calendar, from: Date, to: Date) -> i64 {
    // Business days in (from, to].
    let mut day = from;
    let mut count = 0;
    while day < to {
        day = day.next_day().unwrap();
        count += i64::from(cal.is_business_day(day));
    }
    count
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn add_business_days_lands_on_business_days(cal in calendars(), date in dates(), n in -40i64..=40) {
        let result = cal.add_business_days(date, n).unwrap();
        prop_assert!(cal.is_business_day(result), "{} + {} = {}", date, n, result);
        if n > 0 {
            prop_assert_eq!(business_days_between(&cal, date, result), n);
        } else if n < 0 {
            prop_assert_eq!(business_days_between(&cal, result, date) + i64::from(cal.is_business_day(result)) - i64::from(cal.is_business_day(date)), -n);
        }
    }

    #[test]
    fn add_then_subtract_returns_to_a_business_day(cal in calendars(), date in dates(), n in 1i64..=40) {
        let start = cal.next_business_day(date).unwrap();
        let there = cal.add_business_days(start, n).unwrap();
        prop_assert_eq!(cal.add_business_days(there, -n).unwrap(), start);
    }

    #[test]
    fn next_and_previous_are_idempotent_and_tight(cal in calendars(), date in dates()) {
        let next = cal.next_business_day(date).unwrap();
        let previous = cal.previous_business_day(date).unwrap();
        prop_assert_eq!(cal.next_business_day(next).unwrap(), next);
        prop_assert_eq!(cal.previous_business_day(previous).unwrap(), previous);
        prop_assert!(previous <= date && date <= next);
        if cal.is_business_day(date) {
            prop_assert_eq!(next, date);
            prop_assert_eq!(previous, date);
        }
        // Nothing in between is a business day.
        let mut day = previous.next_day().unwrap();
        while day < next {
            prop_assert!(day == date || !cal.is_business_day(day));
            day = day.next_day().unwrap();
        }
    }

    #[test]
    fn weekends_and_observed_holidays_are_closed(date in dates()) {
        let cal = Calendar::us_federal_reserve();
        if is_weekend(date) {
            prop_assert!(!cal.is_business_day(date));
        }
        if !cal.is_business_day(date) && !is_weekend(date) {
            prop_assert!(cal.holiday_name(date).is_some(), "{} closed without a name", date);
        }
    }

    #[test]
    fn saturday_holidays_never_close_friday(year in 1990i32..=2100) {
        let cal = Calendar::us_federal_reserve();
        for holiday in Holiday::ALL {
            let Some(day) = holiday.date_in(year) else { continue };
            match day.weekday() {
                Weekday::Saturday => prop_assert!(cal.is_business_day(day - Duration::days(1)), "{:?} {}", holiday, year),
                Weekday::Sunday => prop_assert!(!cal.is_business_day(day + Duration::days(1))),
                _ => prop_assert!(!cal.is_business_day(day)),
            }
        }
        // Saturday holidays cost a weekday closure, so a year has 8 to 11 of them.
        let closures = cal.closures_in(year).len();
        prop_assert!((8..=11).contains(&closures), "{} closures in {}", closures, year);
    }

    #[test]
    fn schedules_are_ordered_and_adjusted(
        cal in calendars(),
        start in dates(),
        frequency in prop::sample::select(Frequency::ALL.to_vec()),
        direction in prop::sample::select(vec![Direction::Debit, Direction::Credit]),
        count in 1i32..=12,
        span in proptest::option::of(0i64..400),
    ) {
        let mut request = ScheduleRequest::new(start, direction, frequency).count(count);
        if let Some(days) = span {
            request = request.ends_on(start + Duration::days(days));
        }
        let items = transfer_schedule(&cal, &request).unwrap();
        let limit = if frequency == Frequency::Once { 1 } else { count as usize };
        prop_assert!(items.len() <= limit);
        if span.is_none() {
            prop_assert_eq!(items.len(), limit);
        }
        let month_anchored = matches!(frequency, Frequency::MonthlyFirstDay | Frequency::MonthlyLastDay);
        for (i, item) in items.iter().enumerate() {
            prop_assert!(cal.is_business_day(item.effective_on), "{:?}", item);
            prop_assert!(item.scheduled_on >= start);
            if let Some(end) = request.ends_on {
                prop_assert!(item.scheduled_on <= end);
            }
            if i > 0 {
                prop_assert!(items[i - 1].scheduled_on < item.scheduled_on);
            }
            if month_anchored {
                prop_assert_eq!(item.effective_on.month(), item.scheduled_on.month());
            } else if direction == Direction::Debit {
                prop_assert!(item.effective_on >= item.scheduled_on);
            } else {
                prop_assert!(item.effective_on <= item.scheduled_on);
            }
        }
    }
}
