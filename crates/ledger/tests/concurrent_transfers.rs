//! The acceptance check: 100 concurrent $1.00 transfers out of an account holding
//! $60.00 — exactly 60 complete, 40 fail for insufficient funds, balances exact to the
//! cent, journal balanced. Run three ways: immediate transfers, scheduled transfers
//! executed by racing threads, and the engine executing 100 due transfers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::{Arc, Barrier};
use std::thread;

use common::{acct, cents, dec, max, open, MONDAY};
use polyfin_ledger::{
    Calendar, Customer, Ledger, LedgerError, Location, NewTransfer, Now, Outcome, Policy,
    ProductType, SharedLedger, Terms, TransferSchedule, TransferState,
};
use rust_decimal::Decimal;

const THREADS: usize = 100;

fn sixty_dollars(policy: Policy) -> Ledger {
    let mut ledger = Ledger::with_policy(Calendar::us_federal_reserve(), policy);
    ledger
        .add_customer(Customer::new(max(), "Max Pike"))
        .unwrap();
    let internal = Location::Internal;
    open(
        &mut ledger,
        "checking",
        ProductType::Checking,
        Terms::default(),
        dec("60.00"),
        internal,
    );
    open(
        &mut ledger,
        "savings",
        ProductType::Savings,
        Terms::default(),
        Decimal::ZERO,
        internal,
    );
    ledger
}

fn one_dollar(scheduled_on: time::Date) -> NewTransfer {
    NewTransfer {
        from: acct("checking"),
        to: acct("savings"),
        amount: dec("1.00"),
        memo: None,
        schedule: TransferSchedule::once(scheduled_on),
    }
}

/// Balances exact to the cent, every entry and the journal balanced, 60 transfers.
fn assert_books(ledger: &Ledger) {
    assert_eq!(ledger.journal().balance(&acct("checking")), dec("0.00"));
    assert_eq!(ledger.journal().balance(&acct("savings")), dec("60.00"));
    assert_eq!(ledger.journal().total(), Decimal::ZERO);
    for entry in ledger.journal().entries() {
        let sum: Decimal = entry.postings().iter().map(|p| p.amount).sum();
        assert_eq!(sum, Decimal::ZERO, "entry {}", entry.id());
    }
    // The opening balances plus one entry per completed transfer.
    assert_eq!(ledger.journal().len(), 1 + 60);
    let transfers = ledger.transfers(&max());
    let completed = transfers
        .iter()
        .filter(|t| t.state() == TransferState::Completed)
        .count();
    assert_eq!(completed, 60);
}

#[test]
fn immediate_transfers_race_for_sixty_dollars() {
    let shared = SharedLedger::new(sixty_dollars(Policy::default()));
    let start = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let (shared, start) = (shared.clone(), start.clone());
            thread::spawn(move || {
                start.wait();
                shared.with(|ledger| {
                    ledger.transfer_now(
                        &max(),
                        &acct("checking"),
                        &acct("savings"),
                        dec("1.00"),
                        Now::on(MONDAY),
                    )
                })
            })
        })
        .collect();
    let results: Vec<Result<Outcome, LedgerError>> =
        handles.into_iter().map(|h| h.join().unwrap()).collect();
    let completed = results
        .iter()
        .filter(|r| r.as_ref().is_ok_and(Outcome::completed))
        .count();
    let refused = results
        .iter()
        .filter(|r| r.as_ref().is_err_and(LedgerError::is_insufficient_funds))
        .count();
    assert_eq!((completed, refused), (60, 40));
    assert_books(&shared.snapshot());
}

#[test]
fn scheduled_transfers_executed_by_racing_threads() {
    let shared = SharedLedger::new(sixty_dollars(Policy::default()));
    // All transfers are created before any executes, so each one passes the create
    // check and the 40 failures must come from execution itself.
    let created = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let (shared, created) = (shared.clone(), created.clone());
            thread::spawn(move || {
                let now = Now::on(MONDAY);
                let transfer = shared
                    .with(|ledger| ledger.create_transfer(&max(), one_dollar(MONDAY), now))
                    .unwrap();
                created.wait();
                shared
                    .with(|ledger| ledger.execute_transfer(&transfer.id, now))
                    .unwrap()
                    .expect("due today")
            })
        })
        .collect();
    let outcomes: Vec<Outcome> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let completed = outcomes.iter().filter(|o| o.completed()).count();
    let failed = outcomes.iter().filter(|o| o.insufficient_funds()).count();
    assert_eq!((completed, failed), (60, 40));
    let ledger = shared.snapshot();
    assert_books(&ledger);
    let failed_state = ledger
        .transfers(&max())
        .iter()
        .filter(|t| t.state() == TransferState::Failed)
        .count();
    assert_eq!(failed_state, 40);
}

#[test]
fn the_engine_executes_a_hundred_due_transfers() {
    let mut ledger = sixty_dollars(Policy::default());
    let tuesday = Now::on(MONDAY.next_day().unwrap());
    for _ in 0..THREADS {
        ledger
            .create_transfer(&max(), one_dollar(tuesday.today), Now::on(MONDAY))
            .unwrap();
    }
    assert!(
        ledger.execute_due(Now::on(MONDAY)).is_empty(),
        "not due yet"
    );
    let outcomes = ledger.execute_due(tuesday);
    assert_eq!(outcomes.len(), THREADS);
    assert_eq!(outcomes.iter().filter(|o| o.completed()).count(), 60);
    assert_eq!(
        outcomes.iter().filter(|o| o.insufficient_funds()).count(),
        40
    );
    // Oldest transfer first: the first 60 created are the ones that went through.
    assert!(outcomes[..60].iter().all(Outcome::completed));
    assert_books(&ledger);
    assert!(
        ledger.execute_due(tuesday).is_empty(),
        "each occurrence runs once"
    );
}

#[test]
fn holds_and_transfers_share_one_pool_of_funds() {
    let shared = SharedLedger::new(sixty_dollars(Policy::default()));
    let handles: Vec<_> = (0..THREADS)
        .map(|i| {
            let shared = shared.clone();
            thread::spawn(move || {
                shared.with(|ledger| {
                    let now = Now::on(MONDAY);
                    if i % 2 == 0 {
                        ledger
                            .transfer_now(
                                &max(),
                                &acct("checking"),
                                &acct("savings"),
                                cents(100),
                                now,
                            )
                            .is_ok()
                    } else {
                        ledger
                            .place_hold(&acct("checking"), cents(100), None, None, now)
                            .is_ok()
                    }
                })
            })
        })
        .collect();
    let granted = handles
        .into_iter()
        .map(|h| h.join().unwrap())
        .filter(|&ok| ok)
        .count();
    assert_eq!(granted, 60);
    let ledger = shared.snapshot();
    let b = ledger.balances(&acct("checking"), MONDAY).unwrap();
    assert_eq!(b.available, Decimal::ZERO);
    assert_eq!(b.posted, b.held);
    assert_eq!(ledger.journal().total(), Decimal::ZERO);
}
