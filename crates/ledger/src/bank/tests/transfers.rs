//! Transfer operations of the facade: validation, patch/delete by state, approval,
//! suspension, failures and persistence.

use super::*;

#[test]
fn create_transfer_checks_follow_the_spec() {
    let mut ledger = bank();
    let me = max();
    let cases = [
        (draft("checking", "savings", "0.00"), "nonPositiveAmount"),
        (
            draft("nope-0001", "savings", "1.00"),
            "invalidSourceAccountId",
        ),
        (
            draft("checking", "nope-0001", "1.00"),
            "invalidTargetAccountId",
        ),
        (
            draft("checking", "checking", "1.00"),
            "sameSourceAndTargetTransferAccounts",
        ),
        (draft("cd-0001", "savings", "1.00"), "cannotTransferFrom"),
        (draft("checking", "cd-0001", "1.00"), "cannotTransferTo"),
        (
            draft("checking", "savings", "600.01"),
            "insufficientFundsForTransfer",
        ),
    ];
    for (d, expected) in cases {
        assert_eq!(
            transfer_error(ledger.create_transfer(&me, d, now())),
            expected
        );
    }
    let mut past = draft("checking", "savings", "1.00");
    past.schedule.scheduled_on = date!(2022 - 06 - 24);
    assert_eq!(
        transfer_error(ledger.create_transfer(&me, past, now())),
        "invalidTransferSchedule"
    );
    let mut future = draft("checking", "savings", "600.01");
    future.schedule.scheduled_on = date!(2022 - 06 - 28);
    assert!(
        ledger.create_transfer(&me, future, now()).is_ok(),
        "future ones are checked when due"
    );
}

#[test]
fn external_transfers_settle_through_ach_clearing() {
    let mut ledger = bank();
    let out = ledger
        .transfer_now(
            &max(),
            &id("checking"),
            &id("ext-0001"),
            dec("50.00"),
            now(),
        )
        .unwrap();
    assert!(out.completed());
    assert_eq!(
        ledger.journal().balance(&SystemAccount::AchClearing.id()),
        dec("50.00")
    );
    ledger
        .transfer_now(&max(), &id("ext-0001"), &id("savings"), dec("20.00"), now())
        .unwrap();
    assert_eq!(ledger.journal().balance(&id("savings")), dec("1020.00"));
    let mut ledger2 = bank();
    let ext2 = Account::new(
        id("ext-0002"),
        "Max Pike",
        "*8888",
        product(ProductType::Savings),
        Location::External,
        MONDAY,
    )
    .with_holder(max());
    ledger2.open_account(ext2, Decimal::ZERO, now()).unwrap();
    let both = ledger2.create_transfer(&max(), draft("ext-0001", "ext-0002", "1.00"), now());
    assert_eq!(transfer_error(both), "externalToExternalTransferNotAllowed");
}

#[test]
fn paying_a_card_by_transfer_credits_it() {
    let mut ledger = bank();
    let out = ledger
        .transfer_now(
            &max(),
            &id("checking"),
            &id("card-01"),
            dec("200.00"),
            now(),
        )
        .unwrap();
    assert_eq!(out.state, TransferState::Completed);
    assert_eq!(ledger.journal().balance(&id("card-01")), Decimal::ZERO);
    let rows = ledger.transactions(&id("card-01")).unwrap();
    assert_eq!(
        rows.last().unwrap().transaction_type,
        TransactionType::Credit
    );
}

#[test]
fn patch_and_delete_follow_the_state() {
    let mut ledger = bank();
    let me = max();
    let mut d = draft("checking", "savings", "10.00");
    d.schedule = TransferSchedule::recurring(date!(2022 - 06 - 28), Frequency::Weekly);
    let t = ledger.create_transfer(&me, d, now()).unwrap();
    let patch = parse_patch(&json!({"memo": "rent", "schedule": {"count": 2}})).unwrap();
    let patched = ledger.patch_transfer(&me, &t.id, patch, now()).unwrap();
    assert_eq!(
        (patched.memo.as_deref(), patched.schedule.count),
        (Some("rent"), Some(2))
    );
    let bad = parse_patch(&json!({"schedule": {"endsOn": "2022-12-31"}})).unwrap();
    assert_eq!(
        transfer_error(ledger.patch_transfer(&me, &t.id, bad, now())),
        "invalidTransferSchedule"
    );
    let tuesday = Now::on(date!(2022 - 06 - 28));
    let outcomes = ledger.execute_due(tuesday);
    assert_eq!(outcomes.len(), 1);
    let memo = parse_patch(&json!({"memo": "still editable between occurrences"})).unwrap();
    assert!(ledger.patch_transfer(&me, &t.id, memo, tuesday).is_ok());
    ledger.execute_due(Now::on(date!(2022 - 07 - 05)));
    assert_eq!(
        ledger.transfer(&me, &t.id).unwrap().state(),
        TransferState::Completed
    );
    let late = parse_patch(&json!({"memo": "too late"})).unwrap();
    assert_eq!(
        transfer_error(ledger.patch_transfer(&me, &t.id, late, tuesday)),
        "unprocessableEntity"
    );
    let del = ledger.delete_transfer(&me, &t.id, tuesday).unwrap_err();
    assert_eq!(
        (del.status(), del.problem_type()),
        (409, "cannotDeleteProcessedTransfers")
    );
    let other = ledger
        .create_transfer(&me, draft("checking", "savings", "1.00"), now())
        .unwrap();
    ledger.delete_transfer(&me, &other.id, now()).unwrap();
    assert_eq!(ledger.transfer(&me, &other.id).unwrap_err().status(), 404);
    assert_eq!(ledger.transfers(&me).len(), 1);
}

#[test]
fn approval_and_suspension() {
    let policy = Policy {
        approval_threshold: Some(dec("100.00")),
        ..Policy::default()
    };
    let mut ledger =
        Ledger::restore(Calendar::us_federal_reserve(), policy, bank().export()).unwrap();
    let big = ledger
        .create_transfer(&max(), draft("checking", "savings", "150.00"), now())
        .unwrap();
    assert_eq!(big.state(), TransferState::Pending);
    assert!(
        ledger.execute_due(now()).is_empty(),
        "pending transfers do not run"
    );
    ledger.approve_transfer(&big.id, now()).unwrap();
    ledger.suspend_transfer(&big.id, now()).unwrap();
    assert!(
        ledger.execute_due(now()).is_empty(),
        "suspended transfers do not run"
    );
    assert!(ledger.approve_transfer(&big.id, now()).is_err());
    ledger.release_transfer(&big.id, now()).unwrap();
    let outcomes = ledger.execute_due(now());
    assert!(outcomes[0].completed());
}

#[test]
fn failed_occurrences_post_nothing() {
    let mut ledger = bank();
    let mut d = draft("checking", "savings", "400.00");
    d.schedule.scheduled_on = date!(2022 - 06 - 28);
    let t = ledger.create_transfer(&max(), d, now()).unwrap();
    ledger
        .withdraw(&id("checking"), dec("300.00"), None, now())
        .unwrap();
    let before = ledger.journal().len();
    let out = ledger.execute_due(Now::on(date!(2022 - 06 - 28)));
    assert_eq!(out.len(), 1);
    assert!(out[0].insufficient_funds());
    assert_eq!(out[0].state, TransferState::Failed);
    assert_eq!(ledger.journal().len(), before);
    let record = &ledger.transfer(&max(), &t.id).unwrap().history()[0];
    assert!(matches!(
        record.result,
        OccurrenceResult::Failed {
            failure: FailureReason::InsufficientFunds { .. }
        }
    ));
}

#[test]
fn state_survives_a_store_round_trip() {
    let mut ledger = bank();
    ledger
        .place_hold(&id("checking"), dec("5.00"), None, None, now())
        .unwrap();
    let mut d = draft("checking", "savings", "10.00");
    d.schedule = TransferSchedule::recurring(MONDAY, Frequency::Monthly);
    ledger.create_transfer(&max(), d, now()).unwrap();
    ledger.execute_due(now());
    let json = serde_json::to_string(&ledger.export()).unwrap();
    let state: LedgerState = serde_json::from_str(&json).unwrap();
    let restored =
        Ledger::restore(Calendar::us_federal_reserve(), Policy::default(), state).unwrap();
    assert_eq!(restored.journal().balances(), ledger.journal().balances());
    assert_eq!(restored.holds(), ledger.holds());
    assert_eq!(restored.transfers(&max()), ledger.transfers(&max()));
    assert_eq!(
        serde_json::to_string(&restored.export()).unwrap(),
        json,
        "export is stable"
    );
}
