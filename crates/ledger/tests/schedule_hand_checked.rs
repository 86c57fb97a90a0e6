//! `listTransferSchedule` around holidays, checked by hand against a wall calendar and
//! the Federal Reserve's published holiday schedule. Saturday holidays are not moved
//! to Friday (spec §5.1 [R], Fed rule); Sunday holidays close the following Monday.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use polyfin_ledger::{transfer_schedule, Calendar, Direction, Frequency, ScheduleRequest};
use time::macros::date;
use time::{Date, Weekday};

fn schedule(
    start: Date,
    direction: Direction,
    frequency: Frequency,
    count: i32,
) -> Vec<(Date, Date)> {
    let request = ScheduleRequest::new(start, direction, frequency).count(count);
    transfer_schedule(&Calendar::us_federal_reserve(), &request)
        .unwrap()
        .into_iter()
        .map(|item| (item.scheduled_on, item.effective_on))
        .collect()
}

fn once(start: Date, direction: Direction) -> Date {
    let items = schedule(start, direction, Frequency::Once, 12);
    assert_eq!(items.len(), 1, "once yields exactly one item");
    assert_eq!(items[0].0, start);
    items[0].1
}

#[test]
fn the_dates_used_below_fall_on_the_expected_weekdays() {
    assert_eq!(date!(2026 - 07 - 04).weekday(), Weekday::Saturday);
    assert_eq!(date!(2026 - 11 - 26).weekday(), Weekday::Thursday);
    assert_eq!(date!(2027 - 12 - 25).weekday(), Weekday::Saturday);
    assert_eq!(date!(2022 - 12 - 25).weekday(), Weekday::Sunday);
    assert_eq!(date!(2028 - 01 - 01).weekday(), Weekday::Saturday);
}

#[test]
fn spec_example_weekly_debit_from_2022_06_27() {
    // The doc's sample response; its last effectiveOn "2022-07-01" is a typo (spec §6 #29).
    assert_eq!(
        schedule(
            date!(2022 - 06 - 27),
            Direction::Debit,
            Frequency::Weekly,
            6
        ),
        [
            (date!(2022 - 06 - 27), date!(2022 - 06 - 27)),
            (date!(2022 - 07 - 04), date!(2022 - 07 - 05)),
            (date!(2022 - 07 - 11), date!(2022 - 07 - 11)),
            (date!(2022 - 07 - 18), date!(2022 - 07 - 18)),
            (date!(2022 - 07 - 25), date!(2022 - 07 - 25)),
            (date!(2022 - 08 - 01), date!(2022 - 08 - 01)),
        ]
    );
    // The doc's sample request: once, debit, from Independence Day 2022 (a Monday).
    assert_eq!(
        once(date!(2022 - 07 - 04), Direction::Debit),
        date!(2022 - 07 - 05)
    );
    assert_eq!(
        once(date!(2022 - 07 - 04), Direction::Credit),
        date!(2022 - 07 - 01)
    );
}

#[test]
fn independence_day_2026_on_saturday_keeps_friday_open() {
    for direction in [Direction::Debit, Direction::Credit] {
        assert_eq!(
            once(date!(2026 - 07 - 03), direction),
            date!(2026 - 07 - 03)
        );
    }
    assert_eq!(
        once(date!(2026 - 07 - 04), Direction::Debit),
        date!(2026 - 07 - 06)
    );
    assert_eq!(
        once(date!(2026 - 07 - 04), Direction::Credit),
        date!(2026 - 07 - 03)
    );
    assert_eq!(
        once(date!(2026 - 07 - 05), Direction::Credit),
        date!(2026 - 07 - 03)
    );
    let daily: Vec<Date> = schedule(date!(2026 - 07 - 01), Direction::Debit, Frequency::Daily, 4)
        .into_iter()
        .map(|(scheduled, effective)| {
            assert_eq!(scheduled, effective, "daily dates are business days");
            scheduled
        })
        .collect();
    assert_eq!(
        daily,
        [
            date!(2026 - 07 - 01),
            date!(2026 - 07 - 02),
            date!(2026 - 07 - 03),
            date!(2026 - 07 - 06)
        ]
    );
}

#[test]
fn thanksgiving_2026() {
    let thanksgiving = date!(2026 - 11 - 26);
    assert_eq!(once(thanksgiving, Direction::Debit), date!(2026 - 11 - 27));
    assert_eq!(once(thanksgiving, Direction::Credit), date!(2026 - 11 - 25));
    // The day after Thanksgiving is a Fed business day.
    assert_eq!(
        once(date!(2026 - 11 - 27), Direction::Credit),
        date!(2026 - 11 - 27)
    );
    assert_eq!(
        schedule(
            date!(2026 - 11 - 19),
            Direction::Credit,
            Frequency::Weekly,
            3
        ),
        [
            (date!(2026 - 11 - 19), date!(2026 - 11 - 19)),
            (date!(2026 - 11 - 26), date!(2026 - 11 - 25)),
            (date!(2026 - 12 - 03), date!(2026 - 12 - 03)),
        ]
    );
    assert_eq!(
        schedule(
            date!(2026 - 11 - 25),
            Direction::Credit,
            Frequency::Daily,
            3
        ),
        [
            (date!(2026 - 11 - 25), date!(2026 - 11 - 25)),
            (date!(2026 - 11 - 27), date!(2026 - 11 - 27)),
            (date!(2026 - 11 - 30), date!(2026 - 11 - 30)),
        ]
    );
}

#[test]
fn christmas_2027_on_saturday() {
    assert_eq!(
        once(date!(2027 - 12 - 24), Direction::Debit),
        date!(2027 - 12 - 24)
    );
    assert_eq!(
        once(date!(2027 - 12 - 24), Direction::Credit),
        date!(2027 - 12 - 24)
    );
    assert_eq!(
        once(date!(2027 - 12 - 25), Direction::Debit),
        date!(2027 - 12 - 27)
    );
    assert_eq!(
        once(date!(2027 - 12 - 25), Direction::Credit),
        date!(2027 - 12 - 24)
    );
    assert_eq!(
        schedule(
            date!(2027 - 11 - 25),
            Direction::Debit,
            Frequency::Monthly,
            2
        ),
        [
            // Thanksgiving 2027 is Nov 25.
            (date!(2027 - 11 - 25), date!(2027 - 11 - 26)),
            (date!(2027 - 12 - 25), date!(2027 - 12 - 27)),
        ]
    );
}

#[test]
fn christmas_2022_on_sunday_is_observed_monday() {
    assert_eq!(
        once(date!(2022 - 12 - 25), Direction::Debit),
        date!(2022 - 12 - 27)
    );
    assert_eq!(
        once(date!(2022 - 12 - 25), Direction::Credit),
        date!(2022 - 12 - 23)
    );
    assert_eq!(
        once(date!(2022 - 12 - 26), Direction::Debit),
        date!(2022 - 12 - 27)
    );
    assert_eq!(
        once(date!(2022 - 12 - 26), Direction::Credit),
        date!(2022 - 12 - 23)
    );
    assert_eq!(
        schedule(
            date!(2022 - 10 - 25),
            Direction::Credit,
            Frequency::Monthly,
            3
        ),
        [
            (date!(2022 - 10 - 25), date!(2022 - 10 - 25)),
            (date!(2022 - 11 - 25), date!(2022 - 11 - 25)),
            (date!(2022 - 12 - 25), date!(2022 - 12 - 23)),
        ]
    );
    assert_eq!(
        schedule(
            date!(2022 - 12 - 12),
            Direction::Debit,
            Frequency::Biweekly,
            2
        ),
        [
            (date!(2022 - 12 - 12), date!(2022 - 12 - 12)),
            (date!(2022 - 12 - 26), date!(2022 - 12 - 27)),
        ]
    );
}

#[test]
fn new_year_2028_on_saturday() {
    assert_eq!(
        once(date!(2027 - 12 - 31), Direction::Debit),
        date!(2027 - 12 - 31)
    );
    assert_eq!(
        once(date!(2028 - 01 - 01), Direction::Debit),
        date!(2028 - 01 - 03)
    );
    assert_eq!(
        once(date!(2028 - 01 - 01), Direction::Credit),
        date!(2027 - 12 - 31)
    );
    // monthlyFirstDay / monthlyLastDay stay inside their month whatever the direction.
    for direction in [Direction::Debit, Direction::Credit] {
        assert_eq!(
            schedule(
                date!(2027 - 12 - 15),
                direction,
                Frequency::MonthlyFirstDay,
                2
            ),
            [
                (date!(2028 - 01 - 01), date!(2028 - 01 - 03)),
                (date!(2028 - 02 - 01), date!(2028 - 02 - 01)),
            ]
        );
        assert_eq!(
            schedule(
                date!(2027 - 12 - 01),
                direction,
                Frequency::MonthlyLastDay,
                2
            ),
            [
                (date!(2027 - 12 - 31), date!(2027 - 12 - 31)),
                (date!(2028 - 01 - 31), date!(2028 - 01 - 31)),
            ]
        );
    }
    // Semimonthly from the 16th anchors on the 1st and 16th; crediting the Saturday
    // New Year's Day moves back into the previous year.
    assert_eq!(
        schedule(
            date!(2027 - 12 - 16),
            Direction::Credit,
            Frequency::Semimonthly,
            3
        ),
        [
            (date!(2027 - 12 - 16), date!(2027 - 12 - 16)),
            (date!(2028 - 01 - 01), date!(2027 - 12 - 31)),
            // MLK Day 2028 is Jan 17; Jan 16 is a Sunday.
            (date!(2028 - 01 - 16), date!(2028 - 01 - 14)),
        ]
    );
}

#[test]
fn ends_on_is_inclusive_and_compared_with_scheduled_on() {
    let request = ScheduleRequest::new(date!(2027 - 12 - 04), Direction::Debit, Frequency::Weekly)
        .count(12)
        .ends_on(date!(2027 - 12 - 25));
    let items = transfer_schedule(&Calendar::us_federal_reserve(), &request).unwrap();
    let scheduled: Vec<Date> = items.iter().map(|i| i.scheduled_on).collect();
    assert_eq!(
        scheduled,
        [
            date!(2027 - 12 - 04),
            date!(2027 - 12 - 11),
            date!(2027 - 12 - 18),
            date!(2027 - 12 - 25)
        ]
    );
    // The last effective date may pass endsOn: only scheduledOn is bounded (spec §6 #27).
    assert_eq!(items[3].effective_on, date!(2027 - 12 - 27));
}

#[test]
fn institution_closures_shift_dates_too() {
    let calendar = Calendar::us_federal_reserve().with_closures([date!(2026 - 07 - 03)]);
    let request = ScheduleRequest::new(date!(2026 - 07 - 03), Direction::Credit, Frequency::Once);
    let items = transfer_schedule(&calendar, &request).unwrap();
    assert_eq!(items[0].effective_on, date!(2026 - 07 - 02));
}
