use super::*;
use time::macros::{date, datetime};

fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

fn transfer(schedule: TransferSchedule, amount: &str) -> Transfer {
    let draft = NewTransfer {
        from: AccountId::new("checking-1").unwrap(),
        to: AccountId::new("savings-1").unwrap(),
        amount: dec(amount),
        memo: None,
        schedule,
    };
    Transfer::new(
        TransferId::new("tr-000001").unwrap(),
        CustomerId::new("max-pike").unwrap(),
        draft,
        TransferState::Scheduled,
        datetime!(2022-06-01 09:00 UTC),
        "Max Pike".into(),
    )
}

fn record(occurrence: Occurrence, amount: Decimal) -> OccurrenceRecord {
    OccurrenceRecord {
        scheduled_on: occurrence.scheduled_on,
        effective_on: occurrence.effective_on,
        executed_on: occurrence.effective_on,
        amount,
        result: OccurrenceResult::Completed {
            entry: EntryId::new("je-000009").unwrap(),
        },
    }
}

#[test]
fn schedule_terminators_are_exclusive_and_sane() {
    let mut schedule = TransferSchedule::recurring(date!(2022 - 06 - 28), Frequency::Weekly);
    assert_eq!(schedule.check(), Ok(()));
    schedule.count = Some(3);
    schedule.ends_on = Some(date!(2022 - 12 - 31));
    assert!(matches!(
        schedule.check(),
        Err(TransferError::InvalidSchedule(_))
    ));
    schedule.count = None;
    schedule.ends_on = Some(date!(2022 - 06 - 27));
    assert!(schedule.check().is_err());
    let mut once = TransferSchedule::once(date!(2022 - 06 - 28));
    once.count = Some(3);
    once.ends_on = Some(date!(2022 - 01 - 01));
    assert_eq!(once.check(), Ok(()), "terminators are ignored for once");
}

#[test]
fn upcoming_follows_the_terminators() {
    let cal = Calendar::us_federal_reserve();
    let mut weekly = TransferSchedule::recurring(date!(2022 - 06 - 27), Frequency::Weekly);
    weekly.count = Some(3);
    let dates: Vec<_> = transfer(weekly.clone(), "10.00").upcoming(&cal).collect();
    assert_eq!(
        dates,
        [
            Occurrence {
                scheduled_on: date!(2022 - 06 - 27),
                effective_on: date!(2022 - 06 - 27)
            },
            Occurrence {
                scheduled_on: date!(2022 - 07 - 04),
                effective_on: date!(2022 - 07 - 05)
            },
            Occurrence {
                scheduled_on: date!(2022 - 07 - 11),
                effective_on: date!(2022 - 07 - 11)
            },
        ]
    );
    weekly.count = None;
    weekly.ends_on = Some(date!(2022 - 07 - 11));
    assert_eq!(transfer(weekly.clone(), "10.00").upcoming(&cal).count(), 3);
    weekly.ends_on = None;
    weekly.amount_limit = Some(dec("25"));
    assert_eq!(transfer(weekly, "10.00").upcoming(&cal).count(), 2);
    let once = TransferSchedule::once(date!(2022 - 07 - 04));
    let only: Vec<_> = transfer(once, "10.00").upcoming(&cal).collect();
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].effective_on, date!(2022 - 07 - 05));
}

#[test]
fn finishing_occurrences_walks_the_state_machine() {
    let cal = Calendar::us_federal_reserve();
    let mut schedule = TransferSchedule::recurring(date!(2022 - 06 - 27), Frequency::Weekly);
    schedule.count = Some(2);
    let mut t = transfer(schedule, "10.00");
    let at = datetime!(2022-06-27 12:00 UTC);
    assert_eq!(t.due(&cal, date!(2022 - 06 - 26)), None, "not yet");
    let first = t.due(&cal, date!(2022 - 06 - 27)).unwrap();
    t.transition(TransferState::Processing).unwrap();
    t.finish(&cal, record(first, t.amount), at).unwrap();
    assert_eq!(t.state(), TransferState::Scheduled);
    assert_eq!(
        t.due(&cal, date!(2022 - 07 - 04)),
        None,
        "holiday: nothing runs"
    );
    let second = t.due(&cal, date!(2022 - 07 - 05)).unwrap();
    assert_eq!(second.scheduled_on, date!(2022 - 07 - 04));
    t.transition(TransferState::Processing).unwrap();
    t.finish(&cal, record(second, t.amount), at).unwrap();
    assert_eq!(t.state(), TransferState::Completed);
    assert_eq!(t.history().len(), 2);
    assert!(t.upcoming(&cal).next().is_none());
    assert!(matches!(
        t.transition(TransferState::Scheduled),
        Err(TransferError::IllegalTransition { .. })
    ));
}

#[test]
fn transfers_round_trip_through_json() {
    let mut schedule = TransferSchedule::recurring(date!(2022 - 06 - 27), Frequency::Monthly);
    schedule.amount_limit = Some(dec("1000.00"));
    let t = transfer(schedule, "275.00");
    let json = serde_json::to_value(&t).unwrap();
    assert_eq!(json["amount"], "275.00");
    assert_eq!(json["schedule"]["scheduledOn"], "2022-06-27");
    assert_eq!(json["state"], "scheduled");
    let back: Transfer = serde_json::from_value(json).unwrap();
    assert_eq!(back, t);
}

#[test]
fn errors_map_to_spec_problem_types() {
    let id = TransferId::new("tr-000001").unwrap();
    assert_eq!(
        TransferError::CannotDeleteProcessed(id.clone()).status(),
        409
    );
    assert_eq!(
        TransferError::NotModifiable {
            id,
            state: TransferState::Processing
        }
        .problem_type(),
        "unprocessableEntity"
    );
    let acct = AccountId::new("checking-1").unwrap();
    assert_eq!(TransferError::CannotTransferFrom(acct).status(), 403);
    assert_eq!(
        TransferError::SameSourceAndTarget.problem_type(),
        "sameSourceAndTargetTransferAccounts"
    );
}
