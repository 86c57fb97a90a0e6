//! Shared fixture of the ledger's integration tests: one customer holding an account
//! of every product type plus a linked external account.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use polyfin_ledger::{
    Account, AccountId, Calendar, Customer, CustomerId, Ledger, Location, Now, Policy, Product,
    ProductType, Terms,
};
use rust_decimal::Decimal;
use time::macros::date;
use time::Date;

/// A Monday and a business day.
pub const MONDAY: Date = date!(2022 - 06 - 27);

pub fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

pub fn cents(n: i64) -> Decimal {
    Decimal::new(n, 2)
}

pub fn acct(id: &str) -> AccountId {
    AccountId::new(id).unwrap()
}

pub fn max() -> CustomerId {
    CustomerId::new("max-pike").unwrap()
}

pub fn product(product_type: ProductType) -> Product {
    Product {
        product_type,
        code: product_type.as_str().to_uppercase(),
        label: format!("Test {}", product_type.as_str()),
        description: "test product".into(),
    }
}

/// Opens `id` for Max.
pub fn open(
    ledger: &mut Ledger,
    id: &str,
    product_type: ProductType,
    terms: Terms,
    opening: Decimal,
    location: Location,
) {
    let account = Account::new(
        acct(id),
        "Max Pike",
        "*0001",
        product(product_type),
        location,
        MONDAY,
    )
    .with_terms(terms)
    .with_holder(max());
    ledger
        .open_account(account, opening, Now::on(MONDAY))
        .unwrap();
}

/// The internal accounts of [`bank`], in a fixed order for index-based strategies.
pub const INTERNAL: [&str; 6] = [
    "checking", "savings", "card-01", "loan-01", "cd-0001", "ira-0001",
];
pub const EXTERNAL: &str = "ext-0001";

/// Max with one account of each product type (checking with a $100 overdraft,
/// savings with a $25 minimum, a $500 card, a $1,000 loan drawn in full) plus a linked
/// external account.
pub fn bank(calendar: Calendar, policy: Policy) -> Ledger {
    // id, product, minimum balance, overdraft, credit limit, opening balance
    let table = [
        (
            "checking",
            ProductType::Checking,
            "0",
            "100.00",
            "0",
            "250.00",
        ),
        ("savings", ProductType::Savings, "25.00", "0", "0", "500.00"),
        ("card-01", ProductType::CreditCard, "0", "0", "500.00", "0"),
        (
            "loan-01",
            ProductType::Loan,
            "0",
            "0",
            "1000.00",
            "-1000.00",
        ),
        ("cd-0001", ProductType::Cd, "0", "0", "0", "2000.00"),
        ("ira-0001", ProductType::Ira, "0", "0", "0", "300.00"),
    ];
    let mut ledger = Ledger::with_policy(calendar, policy);
    ledger
        .add_customer(Customer::new(max(), "Max Pike"))
        .unwrap();
    for (id, product_type, minimum, overdraft, credit, opening) in table {
        let terms = Terms {
            minimum_balance: dec(minimum),
            overdraft_limit: dec(overdraft),
            credit_limit: dec(credit),
        };
        open(
            &mut ledger,
            id,
            product_type,
            terms,
            dec(opening),
            Location::Internal,
        );
    }
    let (checking, zero) = (ProductType::Checking, Decimal::ZERO);
    open(
        &mut ledger,
        EXTERNAL,
        checking,
        Terms::default(),
        zero,
        Location::External,
    );
    ledger
}
