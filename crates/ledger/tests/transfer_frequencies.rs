//! Recurring transfers executed by the engine's clock, one day at a time: for each of
//! the 12 frequencies, occurrences execute only on business days, exactly on the
//! `effectiveOn` dates `listTransferSchedule` (the `schedule` module) publishes for a
//! debit, and stop at `count` / `endsOn` / `amountLimit`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{acct, bank, dec, max, MONDAY};
use polyfin_ledger::{
    transfer_schedule, Calendar, Direction, Frequency, Ledger, NewTransfer, Now, Policy,
    ScheduleRequest, Transfer, TransferSchedule, TransferState,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use time::macros::date;
use time::{Date, Duration, Month};

/// A ledger whose checking account can pay a lot of $1.00 transfers.
fn funded(calendar: Calendar) -> Ledger {
    let mut ledger = bank(calendar, Policy::default());
    ledger
        .deposit(&acct("checking"), dec("100000.00"), None, Now::on(MONDAY))
        .unwrap();
    ledger
}

fn create(ledger: &mut Ledger, schedule: TransferSchedule, created: Date) -> Transfer {
    let draft = NewTransfer {
        from: acct("checking"),
        to: acct("savings"),
        amount: dec("1.00"),
        memo: None,
        schedule,
    };
    ledger
        .create_transfer(&max(), draft, Now::on(created))
        .unwrap()
}

/// Runs the engine every calendar day from `from` until the transfer is finished
/// (or `limit` days pass), asserting nothing runs on a non-business day.
fn run_daily(ledger: &mut Ledger, transfer: &Transfer, from: Date, limit: i64) -> Transfer {
    let mut day = from;
    for _ in 0..limit {
        let outcomes = ledger.execute_due(Now::on(day));
        if !ledger.calendar().is_business_day(day) {
            assert!(outcomes.is_empty(), "executed on non-business day {day}");
        }
        let current = ledger.transfer(&max(), &transfer.id).unwrap();
        if current.state().is_terminal() {
            return current.clone();
        }
        day += Duration::days(1);
    }
    ledger.transfer(&max(), &transfer.id).unwrap().clone()
}

/// Executed (scheduledOn, effectiveOn) pairs.
fn executed(transfer: &Transfer) -> Vec<(Date, Date)> {
    transfer
        .history()
        .iter()
        .map(|r| {
            assert_eq!(r.executed_on, r.effective_on, "ran on the effective day");
            (r.scheduled_on, r.effective_on)
        })
        .collect()
}

fn published(
    calendar: &Calendar,
    start: Date,
    frequency: Frequency,
    count: i32,
) -> Vec<(Date, Date)> {
    let request = ScheduleRequest::new(start, Direction::Debit, frequency).count(count);
    transfer_schedule(calendar, &request)
        .unwrap()
        .into_iter()
        .map(|item| (item.scheduled_on, item.effective_on))
        .collect()
}

#[test]
fn every_frequency_runs_on_its_published_business_days() {
    let calendar = Calendar::us_federal_reserve();
    // A Friday before the Saturday Independence Day 2026, a Sunday month end, and
    // Christmas Day 2022 (a Sunday, observed Monday the 26th).
    for start in [
        date!(2026 - 07 - 03),
        date!(2026 - 05 - 31),
        date!(2022 - 12 - 25),
    ] {
        for frequency in Frequency::ALL {
            let mut ledger = funded(calendar.clone());
            let mut schedule = TransferSchedule::recurring(start, frequency);
            schedule.count = Some(12);
            // Created a week ahead, as a customer would, so even a first occurrence
            // whose business day precedes `start` (monthlyLastDay on a Sunday) is
            // still ahead.
            let created = start - Duration::days(7);
            let transfer = create(&mut ledger, schedule, created);
            let done = run_daily(&mut ledger, &transfer, created, 4500);
            assert_eq!(
                done.state(),
                TransferState::Completed,
                "{frequency} from {start}"
            );
            let runs = executed(&done);
            let expected_len = if frequency == Frequency::Once { 1 } else { 12 };
            assert_eq!(
                runs,
                published(&calendar, start, frequency, 12),
                "{frequency} from {start}"
            );
            assert_eq!(runs.len(), expected_len);
            for (scheduled, effective) in runs {
                assert!(calendar.is_business_day(effective));
                match frequency {
                    Frequency::MonthlyFirstDay | Frequency::MonthlyLastDay => {
                        assert_eq!(
                            (scheduled.year(), scheduled.month()),
                            (effective.year(), effective.month()),
                            "stays in its month"
                        );
                    }
                    _ => assert!(effective >= scheduled, "debits move forward"),
                }
            }
            let savings = ledger.journal().balance(&acct("savings"));
            assert_eq!(savings, dec("500.00") + Decimal::from(expected_len as i64));
        }
    }
}

#[test]
fn hand_checked_weekly_series_skips_independence_day() {
    // The spec's example: weekly from 2022-06-27; July 4th executes on the 5th.
    let calendar = Calendar::us_federal_reserve();
    let mut ledger = funded(calendar);
    let mut schedule = TransferSchedule::recurring(MONDAY, Frequency::Weekly);
    schedule.ends_on = Some(date!(2022 - 08 - 01));
    let transfer = create(&mut ledger, schedule, MONDAY);
    let done = run_daily(&mut ledger, &transfer, MONDAY, 60);
    let effective: Vec<Date> = executed(&done).into_iter().map(|(_, e)| e).collect();
    assert_eq!(
        effective,
        [
            date!(2022 - 06 - 27),
            date!(2022 - 07 - 05),
            date!(2022 - 07 - 11),
            date!(2022 - 07 - 18),
            date!(2022 - 07 - 25),
            date!(2022 - 08 - 01),
        ]
    );
}

#[test]
fn amount_limit_stops_before_exceeding_the_cap() {
    let mut ledger = funded(Calendar::us_federal_reserve());
    let mut schedule = TransferSchedule::recurring(MONDAY, Frequency::Daily);
    schedule.amount_limit = Some(dec("3.50"));
    let transfer = create(&mut ledger, schedule, MONDAY);
    let done = run_daily(&mut ledger, &transfer, MONDAY, 30);
    assert_eq!(done.history().len(), 3, "$1.00 × 3 ≤ $3.50 < $1.00 × 4");
    assert_eq!(done.state(), TransferState::Completed);
}

#[test]
fn a_missed_engine_run_catches_up_in_date_order() {
    let mut ledger = funded(Calendar::us_federal_reserve());
    let mut schedule =
        TransferSchedule::recurring(date!(2022 - 07 - 01), Frequency::MonthlyLastDay);
    schedule.count = Some(3);
    let transfer = create(&mut ledger, schedule, MONDAY);
    // Saturday 2022-10-01: nothing runs on a weekend, even when occurrences are due.
    assert!(ledger
        .execute_due(Now::on(date!(2022 - 10 - 01)))
        .is_empty());
    let outcomes = ledger.execute_due(Now::on(date!(2022 - 10 - 03)));
    let dates: Vec<Date> = outcomes.iter().map(|o| o.occurrence.effective_on).collect();
    assert_eq!(
        dates,
        [
            date!(2022 - 07 - 29),
            date!(2022 - 08 - 31),
            date!(2022 - 09 - 30)
        ]
    );
    let done = ledger.transfer(&max(), &transfer.id).unwrap();
    assert_eq!(done.state(), TransferState::Completed);
    assert!(done
        .history()
        .iter()
        .all(|r| r.executed_on == date!(2022 - 10 - 03)));
}

#[test]
fn rescheduling_a_running_series_keeps_its_count() {
    let mut ledger = funded(Calendar::us_federal_reserve());
    let mut schedule = TransferSchedule::recurring(MONDAY, Frequency::Weekly);
    schedule.count = Some(3);
    let transfer = create(&mut ledger, schedule, MONDAY);
    ledger.execute_due(Now::on(MONDAY));
    let patch = polyfin_ledger::parse_patch(&serde_json::json!({
        "schedule": {"scheduledOn": "2022-09-01", "frequency": "monthly"}
    }))
    .unwrap();
    ledger
        .patch_transfer(&max(), &transfer.id, patch, Now::on(MONDAY))
        .unwrap();
    let done = run_daily(&mut ledger, &transfer, MONDAY, 120);
    let scheduled: Vec<Date> = executed(&done).into_iter().map(|(s, _)| s).collect();
    assert_eq!(
        scheduled,
        [MONDAY, date!(2022 - 09 - 01), date!(2022 - 10 - 01)]
    );
}

#[test]
fn a_first_business_day_already_past_is_refused() {
    // Sunday 2026-05-31: May's last business day was Friday the 29th.
    let sunday = date!(2026 - 05 - 31);
    let mut ledger = funded(Calendar::us_federal_reserve());
    let draft = NewTransfer {
        from: acct("checking"),
        to: acct("savings"),
        amount: dec("1.00"),
        memo: None,
        schedule: TransferSchedule::recurring(sunday, Frequency::MonthlyLastDay),
    };
    let err = ledger
        .create_transfer(&max(), draft.clone(), Now::on(sunday))
        .unwrap_err();
    assert_eq!(err.problem_type(), "invalidTransferSchedule");
    let friday = Now::on(date!(2026 - 05 - 29));
    assert!(ledger.create_transfer(&max(), draft, friday).is_ok());
}

fn dates() -> impl Strategy<Value = Date> {
    let first = Date::from_calendar_date(2022, Month::January, 1)
        .unwrap()
        .to_julian_day();
    let last = Date::from_calendar_date(2030, Month::December, 31)
        .unwrap()
        .to_julian_day();
    (first..=last).prop_map(|jd| Date::from_julian_day(jd).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_series_follow_the_calendar(
        start in dates(),
        frequency in proptest::sample::select(Frequency::ALL.to_vec()),
        count in 1u32..=5,
        closures in proptest::collection::vec(0i64..200, 0..6),
    ) {
        // Extra closures near the start so they actually intersect the series.
        let calendar = Calendar::us_federal_reserve()
            .with_closures(closures.into_iter().map(|d| start + Duration::days(d)));
        let mut ledger = funded(calendar.clone());
        let mut schedule = TransferSchedule::recurring(start, frequency);
        schedule.count = Some(count);
        let created = start - Duration::days(7);
        let transfer = create(&mut ledger, schedule, created);
        let done = run_daily(&mut ledger, &transfer, created, 2200);
        prop_assert_eq!(done.state(), TransferState::Completed);
        let runs = executed(&done);
        prop_assert_eq!(&runs, &published(&calendar, start, frequency, count as i32));
        for (_, effective) in runs {
            prop_assert!(calendar.is_business_day(effective));
        }
    }
}
