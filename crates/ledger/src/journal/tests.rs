use super::*;
use crate::ids::SystemAccount;
use time::macros::{date, datetime};

fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

fn acct(id: &str) -> AccountId {
    AccountId::new(id).unwrap()
}

fn data(id: &str, kind: EntryKind, postings: &[(&str, &str)]) -> EntryData {
    EntryData {
        id: EntryId::new(id).unwrap(),
        kind,
        created_on: date!(2022 - 05 - 18),
        posted_at: datetime!(2022-05-19 10:00 UTC),
        posted_on: date!(2022 - 05 - 19),
        postings: postings
            .iter()
            .map(|(a, amount)| Posting::new(acct(a), dec(amount)))
            .collect(),
        memo: None,
        description: None,
        check_number: None,
        merchant: None,
        transfer: None,
    }
}

#[test]
fn unbalanced_and_malformed_entries_are_refused() {
    let cash = SystemAccount::Cash.id();
    let unbalanced = data(
        "je-000001",
        EntryKind::Deposit,
        &[("checking-1", "10.00"), (cash.as_str(), "-9.99")],
    );
    assert!(matches!(
        Entry::new(unbalanced),
        Err(JournalError::Unbalanced { .. })
    ));
    let single = data("je-000002", EntryKind::Deposit, &[("checking-1", "0.00")]);
    assert!(matches!(
        Entry::new(single),
        Err(JournalError::TooFewPostings(_))
    ));
    let sub_cent = data(
        "je-000003",
        EntryKind::Deposit,
        &[("checking-1", "0.001"), (cash.as_str(), "-0.001")],
    );
    assert!(matches!(
        Entry::new(sub_cent),
        Err(JournalError::BadAmount(_))
    ));
    let twice = data(
        "je-000004",
        EntryKind::Deposit,
        &[("checking-1", "1.00"), ("checking-1", "-1.00")],
    );
    assert!(matches!(
        Entry::new(twice),
        Err(JournalError::DuplicateAccount(_))
    ));
    let check_without_number = data(
        "je-000005",
        EntryKind::Check,
        &[("checking-1", "-1.00"), (cash.as_str(), "1.00")],
    );
    assert!(matches!(
        Entry::new(check_without_number),
        Err(JournalError::CheckNumber(_))
    ));
    let card_without_merchant = data(
        "je-000006",
        EntryKind::CardPurchase,
        &[("checking-1", "-1.00"), (cash.as_str(), "1.00")],
    );
    assert!(matches!(
        Entry::new(card_without_merchant),
        Err(JournalError::MissingMerchant(_))
    ));
}

#[test]
fn stored_entries_are_revalidated_on_load() {
    let bad = data(
        "je-000001",
        EntryKind::Deposit,
        &[("checking-1", "10.00"), ("bank:cash", "-1.00")],
    );
    let json = serde_json::to_string(&vec![bad]).unwrap();
    assert!(serde_json::from_str::<Journal>(&json).is_err());
}

fn sample() -> Journal {
    let mut check = data(
        "je-000002",
        EntryKind::Check,
        &[
            ("checking-1", "-1276.21"),
            ("bank:check-clearing", "1276.21"),
        ],
    );
    check.check_number = Some(8412);
    check.memo = Some("Paid electric bill".into());
    check.merchant = Some(Merchant::named("B&T's Excellent Electric Co."));
    Journal::replay([
        Entry::new(data(
            "je-000001",
            EntryKind::OpeningBalance,
            &[("checking-1", "8509.38"), ("bank:equity", "-8509.38")],
        ))
        .unwrap(),
        Entry::new(check).unwrap(),
        Entry::new(data(
            "je-000003",
            EntryKind::Transfer,
            &[("checking-1", "-100.00"), ("savings-1", "100.00")],
        ))
        .unwrap(),
    ])
    .unwrap()
}

#[test]
fn balances_are_sums_of_postings() {
    let journal = sample();
    let checking = acct("checking-1");
    assert_eq!(journal.balance(&checking), dec("7133.17"));
    assert_eq!(journal.recomputed_balance(&checking), dec("7133.17"));
    assert_eq!(journal.balance(&acct("savings-1")), dec("100.00"));
    assert_eq!(journal.total(), Decimal::ZERO);
    assert_eq!(
        journal.balance_before(&checking, date!(2022 - 05 - 19)),
        Decimal::ZERO
    );
    assert!(journal.check_used(&checking, 8412));
    assert!(!journal.check_used(&acct("bank:check-clearing"), 8412));
}

#[test]
fn a_check_number_clears_once_per_drawer() {
    let mut journal = sample();
    let mut again = data(
        "je-000009",
        EntryKind::Check,
        &[("checking-1", "-1.00"), ("bank:check-clearing", "1.00")],
    );
    again.check_number = Some(8412);
    assert!(matches!(
        journal.post(Entry::new(again).unwrap()),
        Err(JournalError::CheckNumber(_))
    ));
    let dup = data(
        "je-000001",
        EntryKind::Deposit,
        &[("checking-1", "1.00"), ("bank:cash", "-1.00")],
    );
    assert!(matches!(
        journal.post(Entry::new(dup).unwrap()),
        Err(JournalError::DuplicateId(_))
    ));
    assert_eq!(journal.len(), 3);
}

#[test]
fn journal_round_trips_through_json() {
    let journal = sample();
    let json = serde_json::to_string(&journal).unwrap();
    assert!(json.contains("\"-1276.21\""), "amounts are exact strings");
    let back: Journal = serde_json::from_str(&json).unwrap();
    assert_eq!(back.entries(), journal.entries());
    assert_eq!(back.balances(), journal.balances());
}

#[test]
fn transactions_view_types_signs_and_running_balance() {
    let journal = sample();
    let checking = acct("checking-1");
    let mut holds = Holds::default();
    holds.insert(Hold {
        id: crate::ids::HoldId::new("hd-000004").unwrap(),
        account: checking.clone(),
        amount: dec("25.50"),
        placed_at: datetime!(2022-05-19 11:00 UTC),
        placed_on: date!(2022 - 05 - 19),
        description: Some("Coffee".into()),
        merchant: None,
    });
    let rows = transactions(&journal, &holds, &checking);
    let summary: Vec<_> = rows
        .iter()
        .map(|r| (r.transaction_type, r.amount, r.balance, r.posted))
        .collect();
    assert_eq!(
        summary,
        [
            (
                TransactionType::Balance,
                dec("0"),
                Some(dec("8509.38")),
                true
            ),
            (
                TransactionType::Check,
                dec("-1276.21"),
                Some(dec("7233.17")),
                true
            ),
            (
                TransactionType::Debit,
                dec("-100.00"),
                Some(dec("7133.17")),
                true
            ),
            (TransactionType::Debit, dec("-25.50"), None, false),
        ]
    );
    assert_eq!(rows[1].check_number, Some(8412));
    assert!(rows[1].merchant.is_some());
    assert_eq!(rows[3].posted_on, None);
    let savings = transactions(&journal, &holds, &acct("savings-1"));
    assert_eq!(savings.len(), 1);
    assert_eq!(savings[0].transaction_type, TransactionType::Credit);
}
