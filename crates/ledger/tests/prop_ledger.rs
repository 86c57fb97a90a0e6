//! Property tests of the ledger: any random sequence of deposits, withdrawals, checks,
//! card purchases, holds, immediate and scheduled transfers, patches, deletes and
//! engine runs over random days keeps
//!
//! * every entry's postings summing to zero, and the whole journal too;
//! * cached balances equal to the sums of postings;
//! * every account at or above its floor (`posted − holds ≥ floor`), loans ≤ 0;
//! * `available ≤ posted` for deposit (customer-asset) accounts;
//! * refused operations leaving no trace;
//! * each executed occurrence posting exactly when it completed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{acct, bank, cents, max, EXTERNAL, INTERNAL, MONDAY};
use polyfin_ledger::{
    parse_patch, Calendar, Frequency, HoldId, Ledger, Merchant, Nature, NewTransfer, Now,
    OccurrenceResult, Policy, ProductType, TransferId, TransferSchedule,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::json;
use time::Duration;

#[derive(Debug, Clone)]
enum Op {
    Deposit(usize, i64),
    Withdraw(usize, i64),
    Check(usize, u64, i64),
    Card(usize, i64),
    Hold(usize, i64),
    Settle(usize, Option<i64>),
    Release(usize),
    TransferNow(usize, usize, i64),
    Schedule {
        from: usize,
        to: usize,
        amount: i64,
        frequency: usize,
        in_days: i64,
        count: u32,
    },
    PatchAmount(usize, i64),
    Delete(usize),
    NextDay(i64),
}

/// Accounts a transfer may name: the internal ones and the external one.
const ENDPOINTS: usize = INTERNAL.len() + 1;

fn endpoint(i: usize) -> polyfin_ledger::AccountId {
    acct(INTERNAL.get(i).copied().unwrap_or(EXTERNAL))
}

fn ops() -> impl Strategy<Value = Op> {
    let account = 0..INTERNAL.len();
    let amount = 1i64..=40_000;
    prop_oneof![
        (account.clone(), amount.clone()).prop_map(|(a, c)| Op::Deposit(a, c)),
        (account.clone(), amount.clone()).prop_map(|(a, c)| Op::Withdraw(a, c)),
        (account.clone(), 1u64..8, amount.clone()).prop_map(|(a, n, c)| Op::Check(a, n, c)),
        (account.clone(), amount.clone()).prop_map(|(a, c)| Op::Card(a, c)),
        (account.clone(), amount.clone()).prop_map(|(a, c)| Op::Hold(a, c)),
        (0usize..6, proptest::option::of(amount.clone())).prop_map(|(k, c)| Op::Settle(k, c)),
        (0usize..6).prop_map(Op::Release),
        (0..ENDPOINTS, 0..ENDPOINTS, amount.clone()).prop_map(|(f, t, c)| Op::TransferNow(f, t, c)),
        (
            0..ENDPOINTS,
            0..ENDPOINTS,
            amount.clone(),
            0usize..12,
            0i64..20,
            1u32..5
        )
            .prop_map(
                |(from, to, amount, frequency, in_days, count)| Op::Schedule {
                    from,
                    to,
                    amount,
                    frequency,
                    in_days,
                    count
                }
            ),
        (0usize..6, amount).prop_map(|(k, c)| Op::PatchAmount(k, c)),
        (0usize..6).prop_map(Op::Delete),
        (1i64..10).prop_map(Op::NextDay),
    ]
}

/// The `k`-th (mod length) of the ids created so far.
fn pick<T: Clone>(list: &[T], k: usize) -> Option<T> {
    list.get(k % list.len().max(1)).cloned()
}

struct World {
    ledger: Ledger,
    now: Now,
    holds: Vec<HoldId>,
    transfers: Vec<TransferId>,
}

impl World {
    fn apply(&mut self, op: &Op) -> bool {
        let (l, now) = (&mut self.ledger, self.now);
        match op.clone() {
            Op::Deposit(a, c) => l.deposit(&endpoint(a), cents(c), None, now).is_ok(),
            Op::Withdraw(a, c) => l.withdraw(&endpoint(a), cents(c), None, now).is_ok(),
            Op::Check(a, n, c) => l.clear_check(&endpoint(a), n, cents(c), None, now).is_ok(),
            Op::Card(a, c) => {
                let shop = Merchant::named("Shop");
                l.card_purchase(&endpoint(a), cents(c), shop, now).is_ok()
            }
            Op::Hold(a, c) => match l.place_hold(&endpoint(a), cents(c), None, None, now) {
                Ok(hold) => {
                    self.holds.push(hold);
                    true
                }
                Err(_) => false,
            },
            Op::Settle(k, c) => {
                pick(&self.holds, k).is_some_and(|h| l.settle_hold(&h, c.map(cents), now).is_ok())
            }
            Op::Release(k) => pick(&self.holds, k).is_some_and(|h| l.release_hold(&h).is_ok()),
            Op::TransferNow(f, t, c) => l
                .transfer_now(&max(), &endpoint(f), &endpoint(t), cents(c), now)
                .is_ok(),
            Op::Schedule { .. } => self.schedule(op),
            Op::PatchAmount(k, c) => pick(&self.transfers, k).is_some_and(|t| {
                let amount = polyfin_ledger::money::format_amount(cents(c));
                let patch = parse_patch(&json!({ "amount": amount })).unwrap();
                l.patch_transfer(&max(), &t, patch, now).is_ok()
            }),
            Op::Delete(k) => {
                pick(&self.transfers, k).is_some_and(|t| l.delete_transfer(&max(), &t, now).is_ok())
            }
            Op::NextDay(days) => {
                self.now = Now::on(now.today + Duration::days(days));
                self.ledger.execute_due(self.now);
                true
            }
        }
    }
}

impl World {
    /// Creates a recurring transfer from an `Op::Schedule`.
    fn schedule(&mut self, op: &Op) -> bool {
        let Op::Schedule {
            from,
            to,
            amount,
            frequency,
            in_days,
            count,
        } = *op
        else {
            return false;
        };
        let mut schedule = TransferSchedule::recurring(
            self.now.today + Duration::days(in_days),
            Frequency::ALL[frequency],
        );
        schedule.count = Some(count);
        let draft = NewTransfer {
            from: endpoint(from),
            to: endpoint(to),
            amount: cents(amount),
            memo: None,
            schedule,
        };
        match self.ledger.create_transfer(&max(), draft, self.now) {
            Ok(t) => {
                self.transfers.push(t.id);
                true
            }
            Err(_) => false,
        }
    }
}

fn fingerprint(ledger: &Ledger) -> String {
    serde_json::to_string(&ledger.export()).unwrap()
}

fn check_invariants(ledger: &Ledger) -> Result<(), TestCaseError> {
    let journal = ledger.journal();
    for entry in journal.entries() {
        let sum: Decimal = entry.postings().iter().map(|p| p.amount).sum();
        prop_assert_eq!(sum, Decimal::ZERO, "entry {}", entry.id());
    }
    prop_assert_eq!(journal.total(), Decimal::ZERO);
    for (account, balance) in journal.balances() {
        prop_assert_eq!(*balance, journal.recomputed_balance(account));
    }
    for name in INTERNAL {
        let id = acct(name);
        let account = ledger.account(&id).unwrap();
        let b = ledger.balances(&id, MONDAY).unwrap();
        prop_assert!(b.available >= b.floor, "{} below floor: {:?}", name, b);
        prop_assert!(b.held >= Decimal::ZERO);
        if account.nature() == Nature::Deposit {
            prop_assert!(b.available <= b.posted, "{}: {:?}", name, b);
        }
        if account.product_type() == ProductType::Loan {
            prop_assert!(b.posted <= Decimal::ZERO, "overpaid loan: {:?}", b);
        }
    }
    Ok(())
}

/// Every completed occurrence has its entry, tagged with the transfer; no failed one
/// posted anything.
fn check_transfers(ledger: &Ledger) -> Result<(), TestCaseError> {
    let mut completed = 0;
    for transfer in ledger.all_transfers() {
        for record in transfer.history() {
            if let OccurrenceResult::Completed { entry } = &record.result {
                let posted = ledger.journal().get(entry).unwrap();
                prop_assert_eq!(posted.data().transfer.as_ref(), Some(&transfer.id));
                completed += 1;
            }
        }
    }
    let tagged = ledger
        .journal()
        .entries()
        .iter()
        .filter(|e| e.data().transfer.is_some())
        .count();
    prop_assert_eq!(tagged, completed);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_ledger_always_balances(script in proptest::collection::vec(ops(), 1..60)) {
        let mut world = World {
            ledger: bank(Calendar::us_federal_reserve(), Policy::default()),
            now: Now::on(MONDAY),
            holds: Vec::new(),
            transfers: Vec::new(),
        };
        check_invariants(&world.ledger)?;
        for op in &script {
            let before = fingerprint(&world.ledger);
            let applied = world.apply(op);
            if !applied {
                prop_assert_eq!(&before, &fingerprint(&world.ledger), "refused {:?} left a trace", op);
            }
            check_invariants(&world.ledger)?;
        }
        check_transfers(&world.ledger)?;
        let restored = Ledger::restore(
            Calendar::us_federal_reserve(),
            Policy::default(),
            serde_json::from_str(&fingerprint(&world.ledger)).unwrap(),
        ).unwrap();
        prop_assert_eq!(restored.journal().balances(), world.ledger.journal().balances());
    }
}
