use super::*;
use crate::journal::{Merchant, TransactionType};
use crate::products::{Location, Product, ProductType, Terms};
use crate::schedule::Frequency;
use crate::transfers::{
    parse_patch, FailureReason, NewTransfer, OccurrenceResult, TransferSchedule, TransferState,
};
use serde_json::json;
use time::macros::date;

pub(super) fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

pub(super) fn id(text: &str) -> AccountId {
    AccountId::new(text).unwrap()
}

pub(super) const MONDAY: Date = date!(2022 - 06 - 27);

pub(super) fn now() -> Now {
    Now::on(MONDAY)
}

pub(super) fn max() -> CustomerId {
    CustomerId::new("max-pike").unwrap()
}

pub(super) fn product(product_type: ProductType) -> Product {
    Product {
        product_type,
        code: "P".into(),
        label: product_type.as_str().into(),
        description: String::new(),
    }
}

/// Max holds one account of each type, plus a linked external one.
pub(super) fn bank() -> Ledger {
    // id, product, overdraft, credit limit, opening balance
    let table = [
        ("checking", ProductType::Checking, "100.00", "0", "500.00"),
        ("savings", ProductType::Savings, "0", "0", "1000.00"),
        (
            "card-01",
            ProductType::CreditCard,
            "0",
            "1000.00",
            "-200.00",
        ),
        ("loan-01", ProductType::Loan, "0", "1000.00", "-800.00"),
        ("cd-0001", ProductType::Cd, "0", "0", "5000.00"),
    ];
    let mut ledger = Ledger::new(Calendar::us_federal_reserve());
    ledger
        .add_customer(Customer::new(max(), "Max Pike"))
        .unwrap();
    for (name, p, overdraft, credit, opening) in table {
        let terms = Terms {
            overdraft_limit: dec(overdraft),
            credit_limit: dec(credit),
            ..Terms::default()
        };
        let account = Account::new(
            id(name),
            "Max Pike",
            "*1008",
            product(p),
            Location::Internal,
            MONDAY,
        )
        .with_terms(terms)
        .with_holder(max());
        ledger.open_account(account, dec(opening), now()).unwrap();
    }
    let external = Account::new(
        id("ext-0001"),
        "Max Pike",
        "*9999",
        product(ProductType::Checking),
        Location::External,
        MONDAY,
    )
    .with_holder(max());
    ledger.open_account(external, Decimal::ZERO, now()).unwrap();
    ledger
}

pub(super) fn draft(from: &str, to: &str, amount: &str) -> NewTransfer {
    NewTransfer {
        from: id(from),
        to: id(to),
        amount: dec(amount),
        memo: None,
        schedule: TransferSchedule::once(MONDAY),
    }
}

pub(super) fn transfer_error(result: Result<impl std::fmt::Debug, LedgerError>) -> &'static str {
    result.unwrap_err().problem_type()
}

#[test]
fn liabilities_carry_negative_balances_and_the_books_balance() {
    let ledger = bank();
    let card = ledger.balances(&id("card-01"), MONDAY).unwrap();
    assert_eq!(
        (card.posted, card.spendable),
        (dec("-200.00"), dec("800.00"))
    );
    let checking = ledger.balances(&id("checking"), MONDAY).unwrap();
    assert_eq!(
        (checking.available, checking.spendable),
        (dec("500.00"), dec("600.00"))
    );
    assert_eq!(
        checking.current,
        Decimal::ZERO,
        "opened today: nothing before today"
    );
    assert_eq!(ledger.journal().total(), Decimal::ZERO);
    assert_eq!(
        ledger.journal().balance(&SystemAccount::Equity.id()),
        dec("-5500.00")
    );
}

#[test]
fn opening_balances_respect_floor_and_ceiling() {
    let mut ledger = bank();
    let overdrawn = Account::new(
        id("savings-2"),
        "Max Pike",
        "*2",
        product(ProductType::Savings),
        Location::Internal,
        MONDAY,
    )
    .with_holder(max());
    assert!(ledger
        .open_account(overdrawn, dec("-0.01"), now())
        .unwrap_err()
        .is_insufficient_funds());
    let overpaid = Account::new(
        id("loan-02"),
        "Max Pike",
        "*3",
        product(ProductType::Loan),
        Location::Internal,
        MONDAY,
    )
    .with_holder(max());
    assert!(matches!(
        ledger.open_account(overpaid, dec("1.00"), now()),
        Err(LedgerError::ExceedsCeiling { .. })
    ));
    assert!(
        ledger.account(&id("loan-02")).is_err(),
        "nothing registered"
    );
}

#[test]
fn overdraft_and_credit_limits_are_the_floor() {
    let mut ledger = bank();
    let before = ledger.journal().len();
    assert!(ledger
        .withdraw(&id("checking"), dec("600.01"), None, now())
        .unwrap_err()
        .is_insufficient_funds());
    assert_eq!(
        ledger.journal().len(),
        before,
        "a refused debit posts nothing"
    );
    ledger
        .withdraw(&id("checking"), dec("600.00"), None, now())
        .unwrap();
    assert_eq!(ledger.available_balance(&id("checking")), dec("-100.00"));
    let shop = Merchant::named("Corner Shop");
    assert!(ledger
        .card_purchase(&id("card-01"), dec("800.01"), shop.clone(), now())
        .is_err());
    ledger
        .card_purchase(&id("card-01"), dec("800.00"), shop, now())
        .unwrap();
    assert_eq!(ledger.available_balance(&id("card-01")), dec("-1000.00"));
    assert!(ledger
        .withdraw(&id("savings"), dec("1000.01"), None, now())
        .is_err());
}

#[test]
fn loans_cannot_be_overpaid() {
    let mut ledger = bank();
    let err = ledger
        .deposit(&id("loan-01"), dec("800.01"), None, now())
        .unwrap_err();
    assert_eq!(
        err,
        LedgerError::ExceedsCeiling {
            account: id("loan-01"),
            room: dec("800.00")
        }
    );
    ledger
        .deposit(&id("loan-01"), dec("800.00"), None, now())
        .unwrap();
    assert_eq!(ledger.journal().balance(&id("loan-01")), Decimal::ZERO);
}

#[test]
fn checks_only_on_checking_and_once_per_number() {
    let mut ledger = bank();
    ledger
        .clear_check(
            &id("checking"),
            8412,
            dec("127.62"),
            Some("Electric".into()),
            now(),
        )
        .unwrap();
    let dup = ledger
        .clear_check(&id("checking"), 8412, dec("1.00"), None, now())
        .unwrap_err();
    assert_eq!(dup.status(), 409);
    let savings = ledger
        .clear_check(&id("savings"), 1, dec("1.00"), None, now())
        .unwrap_err();
    assert!(matches!(savings, LedgerError::NotSupported { .. }));
    let rows = ledger.transactions(&id("checking")).unwrap();
    let check = rows.last().unwrap();
    assert_eq!(check.transaction_type, TransactionType::Check);
    assert_eq!(
        (check.amount, check.check_number),
        (dec("-127.62"), Some(8412))
    );
    assert_eq!(check.balance, Some(dec("372.38")));
    assert_eq!(rows[0].transaction_type, TransactionType::Balance);
}

#[test]
fn holds_reduce_available_until_settled_or_released() {
    let mut ledger = bank();
    let checking = id("checking");
    let merchant = Some(Merchant::named("Coffee"));
    let hold = ledger
        .place_hold(&checking, dec("450.00"), None, merchant, now())
        .unwrap();
    let b = ledger.balances(&checking, MONDAY).unwrap();
    assert_eq!(
        (b.posted, b.held, b.available, b.spendable),
        (dec("500.00"), dec("450.00"), dec("50.00"), dec("150.00"))
    );
    assert!(ledger
        .place_hold(&checking, dec("150.01"), None, None, now())
        .is_err());
    assert!(ledger
        .withdraw(&checking, dec("150.01"), None, now())
        .is_err());
    // Settling for more than was held still respects the floor.
    assert!(ledger
        .settle_hold(&hold, Some(dec("600.01")), now())
        .is_err());
    assert!(
        ledger.hold(&hold).is_ok(),
        "a refused settlement keeps the hold"
    );
    let entry = ledger
        .settle_hold(&hold, Some(dec("455.00")), now())
        .unwrap();
    assert_eq!(
        ledger.journal().get(&entry).unwrap().kind(),
        EntryKind::CardPurchase
    );
    assert_eq!(ledger.holds().total(&checking), Decimal::ZERO);
    assert_eq!(ledger.available_balance(&checking), dec("45.00"));
    let other = ledger
        .place_hold(
            &checking,
            dec("10.00"),
            Some("Pending ACH".into()),
            None,
            now(),
        )
        .unwrap();
    let pending = ledger.transactions(&checking).unwrap().pop().unwrap();
    assert!(!pending.posted && pending.amount == dec("-10.00"));
    ledger.release_hold(&other).unwrap();
    assert!(ledger.release_hold(&other).is_err());
}

mod transfers;
