//! Raw feed strings → description, category and flags.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use polyfin_domain::category::Taxonomy;
use polyfin_domain::ids::MerchantGuid;
use polyfin_domain::transaction::{TransactionFlags, TransactionKind};
use polyfin_domain::Decimal;
use polyfin_enrich::{enrich, merchant, merchants};

const C: TransactionKind = TransactionKind::Credit;
const D: TransactionKind = TransactionKind::Debit;

/// Flags from their short names: exp, inc, fee, od, bill, dd, adv, sub, rec, intl.
fn flags(names: &str) -> TransactionFlags {
    let mut f = TransactionFlags::default();
    for name in names.split_whitespace() {
        match name {
            "exp" => f.is_expense = true,
            "inc" => f.is_income = true,
            "fee" => f.is_fee = true,
            "od" => f.is_overdraft_fee = true,
            "bill" => f.is_bill_pay = true,
            "dd" => f.is_direct_deposit = true,
            "adv" => f.is_payroll_advance = true,
            "sub" => f.is_subscription = true,
            "rec" => f.is_recurring = true,
            "intl" => f.is_international = true,
            other => panic!("unknown flag {other}"),
        }
    }
    f
}

/// Raw text, MCC, kind → description, category name, flags.
type Case = (
    &'static str,
    Option<u32>,
    TransactionKind,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const CASES: &[Case] = &[
    // raw, MCC, kind → description, category, flags
    ("WHOLEFDS #10234 NEW YORK NY", Some(5411), D, "Whole Foods", "Groceries", "exp"),
    ("ACME CORP PAYROLL PPD ID: 1234567890", None, C, "Payroll Deposit from Acme Corp", "Paycheck", "inc dd rec"),
    ("GLOBEX CORP DIR DEP PPD ID: 9878232586", None, C, "Payroll Deposit from Globex Corp", "Paycheck", "inc dd rec"),
    ("NETFLIX.COM NETFLIX.COM CA", Some(4899), D, "Netflix", "Movies & DVDs", "exp sub rec"),
    ("SPOTIFY USA 877-7781161 NY", Some(5815), D, "Spotify", "Music", "exp sub rec"),
    ("APPLE.COM/BILL 866-712-7753 CA", Some(5818), D, "Apple", "Electronics & Software", "exp sub rec"),
    ("ONLINE PMT CON EDISON", None, D, "Con Edison", "Utilities", "exp bill rec"),
    ("ONLINE PMT PG&E", None, D, "PG&E", "Utilities", "exp bill rec"),
    ("VERIZON WIRELESS PAYMENTS PPD ID: 2223344556", None, D, "Verizon Wireless", "Mobile Phone", "exp bill rec"),
    ("GEICO AUTO PAYMENT PPD ID: 5300000000", None, D, "GEICO", "Auto Insurance", "exp bill rec"),
    ("GREYSTAR RENT PMT WEB ID: 1800948598", None, D, "Greystar", "Mortgage & Rent", "exp rec"),
    ("SUNSET APTS RENT WEB ID: 1800948598", None, D, "Rent Payment", "Mortgage & Rent", "exp rec"),
    ("MORTGAGE PAYMENT TO XXXXXX9313", None, D, "Mortgage Payment", "Mortgage & Rent", "exp rec"),
    ("AUTO LOAN PAYMENT TO XXXXXX4751", None, D, "Auto Loan Payment", "Auto Payment", "exp rec"),
    ("STUDENT LOAN PAYMENT RECEIVED", None, C, "Student Loan Payment", "Student Loan", ""),
    ("CHECK 1042", None, D, "Check #1042", "Check", "exp"),
    ("ATM WITHDRAWAL 004512 NEW YORK NY", Some(6011), D, "ATM Withdrawal", "Cash", "exp"),
    ("NON-NETWORK ATM FEE", None, D, "ATM Fee", "ATM Fee", "exp fee"),
    ("OVERDRAFT ITEM FEE", None, D, "Overdraft Fee", "Banking Fee", "exp fee od"),
    ("NSF RETURNED ITEM FEE", None, D, "Overdraft Fee", "Banking Fee", "exp fee od"),
    ("MONTHLY SERVICE FEE", None, D, "Monthly Service Fee", "Service Fee", "exp fee"),
    ("ONLINE TRANSFER TO SAV XXXXXX5678 REF #IB0ABCDEF", None, D, "Transfer to Savings", "Transfer", ""),
    ("ONLINE TRANSFER FROM CHK XXXXXX1234 REF #IB0ABCDEF", None, C, "Transfer from Checking", "Transfer", ""),
    ("ONLINE TRANSFER TO EXT ACCT XXXXXX7731 REF #IB0ABCDEF", None, D, "Transfer to External Account", "Transfer", ""),
    ("HELOC ADVANCE TO CHK XXXXXX4772", None, D, "Transfer to Checking", "Transfer", ""),
    ("AUTOPAY PAYMENT - THANK YOU", None, C, "Credit Card Payment", "Credit Card Payment", ""),
    ("CREDIT CARD PAYMENT XXXXXXXXXXXX4321", None, D, "Credit Card Payment", "Credit Card Payment", ""),
    ("INTEREST CHARGE ON PURCHASES", None, D, "Interest Charge", "Finance Charge", "exp fee"),
    ("INTEREST PAYMENT", None, C, "Interest Payment", "Interest Income", "inc"),
    ("DIVIDEND RECEIVED VTI VANGUARD TOTAL STOCK MKT ETF", None, C, "Dividend", "Dividend & Cap Gains", ""),
    ("EMPLOYEE CONTRIBUTION PRE-TAX", None, C, "Contribution", "Deposit", ""),
    ("UBER *TRIP HELP.UBER.COM CA", Some(4121), D, "Uber", "Rental Car & Taxi", "exp"),
    ("UBER *EATS HELP.UBER.COM CA", Some(5812), D, "Uber Eats", "Restaurants", "exp"),
    ("AMAZON MKTPL*2K3L8Q AMZN.COM/BILL WA", Some(5942), D, "Amazon", "Shopping", "exp"),
    ("AMAZON.COM*RT4Y12 AMZN.COM/BILL WA", Some(5942), C, "Amazon", "Shopping", ""),
    ("AMAZON PRIME*RT4Y12 AMZN.COM/BILL WA", Some(5968), D, "Amazon Prime", "Shopping", "exp sub rec"),
    ("POS DEBIT STARBUCKS STORE 12345 SEATTLE WA", Some(5814), D, "Starbucks", "Coffee Shops", "exp"),
    ("DELTA AIR 0062345678901 ATLANTA GA", Some(3058), D, "Delta Air Lines", "Air Travel", "exp"),
    ("MARRIOTT NEW ORLEANS LA", Some(3509), D, "Marriott", "Hotel", "exp"),
    ("SHELL OIL 57444123456 AUSTIN TX", Some(5541), D, "Shell", "Gas", "exp"),
    ("PRET A MANGER LONDON GBR", Some(5812), D, "Pret A Manger", "Fast Food", "exp intl"),
    ("TIM HORTONS #4512 TORONTO ON CAN", Some(5814), D, "Tim Hortons", "Coffee Shops", "exp intl"),
    ("FOREIGN TRANSACTION FEE", None, D, "Foreign Transaction Fee", "Banking Fee", "exp fee intl"),
    ("BRASSERIE DU PARC PARIS TX", Some(5812), D, "Brasserie Du Parc", "Restaurants", "exp"),
    ("SQ *MAMAS KITCHEN AUSTIN TX", Some(5812), D, "Mamas Kitchen", "Restaurants", "exp"),
    ("PURCHASE AUTHORIZED ON 03/02 TST* JOES PIZZA BROOKLYN NY S386061123456789 CARD 1234", Some(5812), D, "Joes Pizza", "Restaurants", "exp"),
    ("CHECKCARD 0302 OXXO SUC CENTRO CANCUN MEX 24431064063123456789012", Some(5499), D, "OXXO", "Groceries", "exp intl"),
    ("EARNIN ACTIVEHOURS PPD ID: 3459874563", None, C, "Earnin", "Transfer", "dd adv"),
    ("PAYROLL ADVANCE DAVE INC", None, C, "Dave", "Transfer", "adv"),
    ("ZELLE PAYMENT TO JOHN SMITH JPM99B1X2Y3Z", None, D, "Zelle", "Transfer", ""),
    ("VENMO CASHOUT PPD ID: 5264681992", None, C, "Venmo", "Transfer", "dd"),
    ("IRS USATAXPYMT 270263470034567", None, D, "IRS", "Federal Tax", "exp"),
    ("TST* THE CORNER BISTRO CHICAGO IL", None, D, "The Corner Bistro", "Restaurants", "exp"),
    ("LOCAL MCC SHOP DENVER CO", Some(5999), D, "Local Mcc Shop", "Shopping", "exp"),
    ("VILLAGE HARDWARE 1234 BOISE ID", None, D, "Village Hardware", "Home Improvement", "exp"),
    ("ZENITH HOLDINGS 1234 BOISE ID", None, D, "Zenith Holdings", "Uncategorized", "exp"),
    // Run together, and cut short by the card network's name field.
    ("OLDNAVY.COM 800-653-6289 OH", None, D, "Old Navy", "Clothing", "exp"),
    ("HARRIS TEET #0312 RALEIGH NC", None, D, "Harris Teeter", "Groceries", "exp"),
];

#[test]
fn feed_strings_enrich_as_expected() {
    assert!(CASES.len() >= 25);
    let taxonomy = Taxonomy::standard();
    for &(raw, mcc, kind, description, category, want) in CASES {
        let e = enrich(raw, mcc, kind, Decimal::new(12_34, 2));
        let got = taxonomy.get_by_guid(e.category_guid.as_str()).unwrap();
        assert_eq!(e.description, description, "{raw}");
        assert_eq!(got.name, category, "{raw}");
        assert_eq!(e.flags, flags(want), "{raw}");
    }
}

#[test]
fn merchant_names_come_from_the_directory_only() {
    let e = enrich("WHOLEFDS #10234 NEW YORK NY", Some(5411), D, Decimal::ONE);
    assert_eq!(e.merchant_name.as_deref(), Some("Whole Foods"));
    let e = enrich("SQ *MAMAS KITCHEN AUSTIN TX", Some(5812), D, Decimal::ONE);
    assert_eq!(e.merchant_name, None);
}

#[test]
fn a_zero_amount_is_neither_income_nor_expense() {
    let e = enrich("WHOLEFDS #10234 NEW YORK NY", Some(5411), D, Decimal::ZERO);
    assert!(!e.flags.is_expense);
    let e = enrich("INTEREST PAYMENT", None, C, Decimal::ZERO);
    assert!(!e.flags.is_income);
}

#[test]
fn an_unknown_mcc_falls_back_to_keywords() {
    let e = enrich("OVERDRAFT ITEM FEE", Some(1), D, Decimal::ONE);
    let category = Taxonomy::standard()
        .get_by_guid(e.category_guid.as_str())
        .unwrap();
    assert_eq!(category.name, "Banking Fee");
}

#[test]
fn merchants_are_served_by_name() {
    let netflix = merchant("netflix").unwrap();
    assert_eq!(netflix.name, "Netflix");
    assert_eq!(netflix.guid, MerchantGuid::derived("Netflix"));
    assert_eq!(
        netflix.website_url.as_deref(),
        Some("https://www.netflix.com")
    );
    assert!(merchant("No Such Merchant").is_none());
    let all: Vec<_> = merchants().collect();
    assert!(all.len() >= 100, "{} merchants", all.len());
    for m in &all {
        assert_eq!(merchant(&m.name).as_ref(), Some(m));
        assert!(m.guid.as_str().starts_with("MCH-"));
    }
}
