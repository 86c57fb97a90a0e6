//! The sandbox connector's generated data: deterministic, window-independent,
//! incremental, and consistent with its balances.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use polyfin_connectors::sandbox::SandboxConnector;
use polyfin_connectors::{Connector, FetchRequest, FetchedData, FetchedTransaction, Session};
use polyfin_domain::institution::{Catalogue, Institution};
use polyfin_domain::transaction::{TransactionKind, TransactionStatus};
use polyfin_domain::{Decimal, OffsetDateTime};
use std::collections::{BTreeMap, HashMap, HashSet};
use time::macros::datetime;
use time::Duration;

const MXBANK: &str = r##"{
  "favorites": [],
  "institutions": [
    {"code": "mxbank", "name": "MX Bank", "url": "https://www.mx.com", "brand_color": "#123456",
     "is_test": true,
     "credentials": [
       {"field_name": "LOGIN", "label": "Username", "field_type": "TEXT"},
       {"field_name": "PASSWORD", "label": "Password", "field_type": "PASSWORD"}]}
  ]}"##;

fn institution(code: &str) -> Institution {
    let catalogue = Catalogue::from_json(MXBANK).expect("test catalogue");
    catalogue.get(code).expect("institution").clone()
}

const NOW: OffsetDateTime = datetime!(2026-03-04 15:30 UTC);

async fn fetch_at(seed: &str, now: OffsetDateTime, days_back: i64) -> FetchedData {
    let institution = institution("mxbank");
    let credentials = BTreeMap::new();
    let session = Session {
        institution: &institution,
        credentials: &credentials,
        oauth_authorized: false,
        seed,
    };
    let request = FetchRequest {
        now,
        from: now.date() - Duration::days(days_back),
        include_transactions: true,
        extras: Default::default(),
    };
    SandboxConnector
        .fetch(&session, &request)
        .await
        .expect("fetch")
}

fn by_id(data: &FetchedData) -> HashMap<&str, &FetchedTransaction> {
    data.transactions
        .iter()
        .map(|t| (t.external_id.as_str(), t))
        .collect()
}

/// How a transaction moves its account's balance (debts count what is owed).
fn signed(t: &FetchedTransaction, debt: bool) -> Decimal {
    match (t.kind, debt) {
        (TransactionKind::Credit, false) | (TransactionKind::Debit, true) => t.amount,
        _ => -t.amount,
    }
}

#[tokio::test]
async fn same_seed_same_data_and_seeds_differ() {
    let a = fetch_at("alice", NOW, 90).await;
    assert_eq!(a, fetch_at("alice", NOW, 90).await);
    assert_ne!(a, fetch_at("bob", NOW, 90).await);
    assert!(!a.transactions.is_empty());
}

#[tokio::test]
async fn a_day_is_the_same_in_every_window() {
    // Days before the window are simulated without their descriptions: this also
    // checks that skipping them draws the same numbers (households differ in their
    // debit-card wording and shops, so several are tried).
    for seed in [
        "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
    ] {
        let short = fetch_at(seed, NOW, 90).await;
        let long = fetch_at(seed, NOW, 400).await;
        assert_eq!(short.accounts, long.accounts);
        let long_ids = by_id(&long);
        for t in &short.transactions {
            assert_eq!(long_ids.get(t.external_id.as_str()), Some(&t), "{seed}");
        }
        let from = NOW.date() - Duration::days(90);
        let in_window = long
            .transactions
            .iter()
            .filter(|t| t.transacted_at.date() >= from);
        assert_eq!(in_window.count(), short.transactions.len(), "{seed}");
    }
}

#[tokio::test]
async fn later_fetches_post_what_was_pending() {
    for seed in ["alice", "bob", "dave", "erin"] {
        let later = NOW + Duration::days(3);
        let first = fetch_at(seed, NOW, 30).await;
        let second = fetch_at(seed, later, 33).await;
        let second_ids = by_id(&second);
        let mut pending = 0;
        for t in first
            .transactions
            .iter()
            .filter(|t| t.status == TransactionStatus::Pending)
        {
            pending += 1;
            if t.transacted_at.date() <= later.date() - Duration::days(2) {
                let after = second_ids[t.external_id.as_str()];
                assert_eq!(after.status, TransactionStatus::Posted);
                assert_eq!(
                    (after.amount, &after.raw_description, after.kind),
                    (t.amount, &t.raw_description, t.kind)
                );
                assert!(after.posted_at.is_some_and(|p| p <= later));
            }
        }
        assert!(pending > 0, "{seed} had nothing pending");
        let first_ids = by_id(&first);
        assert!(second
            .transactions
            .iter()
            .any(|t| !first_ids.contains_key(t.external_id.as_str())));
        for data in [&first, &second] {
            assert_no_future_and_pending_rule(data);
        }
    }
}

fn assert_no_future_and_pending_rule(data: &FetchedData) {
    for t in &data.transactions {
        match t.status {
            TransactionStatus::Pending => assert!(t.posted_at.is_none()),
            TransactionStatus::Posted => {
                let posted = t.posted_at.unwrap();
                assert_eq!(posted.date(), t.transacted_at.date() + Duration::days(1));
            }
        }
    }
}

#[tokio::test]
async fn nothing_after_now_and_pending_is_the_last_two_days() {
    for seed in ["alice", "frank", "grace"] {
        let data = fetch_at(seed, NOW, 60).await;
        for t in &data.transactions {
            assert!(t.transacted_at <= NOW, "{} after now", t.external_id);
            let pending = t.transacted_at.date() >= NOW.date() - Duration::days(1);
            assert_eq!(
                t.status == TransactionStatus::Pending,
                pending,
                "{}",
                t.external_id
            );
            assert!(t.posted_at.is_none_or(|p| p <= NOW));
        }
    }
}

#[tokio::test]
async fn checking_balance_moves_by_what_posted() {
    for i in 0..12 {
        let seed = format!("balance-{i}");
        let later = NOW + Duration::days(3);
        let first = fetch_at(&seed, NOW, 10).await;
        let second = fetch_at(&seed, later, 10).await;
        let checking = |d: &FetchedData| {
            d.accounts
                .iter()
                .find(|a| a.account_type == "CHECKING")
                .unwrap()
                .clone()
        };
        let (before, after) = (checking(&first), checking(&second));
        let was_posted: HashSet<&str> = first
            .transactions
            .iter()
            .filter(|t| t.status == TransactionStatus::Posted)
            .map(|t| t.external_id.as_str())
            .collect();
        let newly_posted: Decimal = second
            .transactions
            .iter()
            .filter(|t| t.account_external_id == after.external_id)
            .filter(|t| t.status == TransactionStatus::Posted)
            .filter(|t| !was_posted.contains(t.external_id.as_str()))
            .map(|t| signed(t, false))
            .sum();
        let delta = after.figures.balance.unwrap() - before.figures.balance.unwrap();
        assert_eq!(delta, newly_posted, "{seed}");
        let pending_debits: Decimal = first
            .transactions
            .iter()
            .filter(|t| t.account_external_id == before.external_id)
            .filter(|t| t.status == TransactionStatus::Pending && t.kind == TransactionKind::Debit)
            .map(|t| t.amount)
            .sum();
        let available = before.figures.balance.unwrap() - pending_debits;
        assert_eq!(before.figures.available_balance, Some(available), "{seed}");
    }
}

#[tokio::test]
async fn card_and_investment_figures_are_consistent() {
    let (mut cards, mut investments) = (0, 0);
    for i in 0..30 {
        let data = fetch_at(&format!("figures-{i}"), NOW, 10).await;
        for account in &data.accounts {
            let f = &account.figures;
            let balance = f.balance.unwrap();
            match account.account_type.as_str() {
                "CREDIT_CARD" => {
                    cards += 1;
                    let pending: Decimal = data
                        .transactions
                        .iter()
                        .filter(|t| t.account_external_id == account.external_id)
                        .filter(|t| t.status == TransactionStatus::Pending)
                        .filter(|t| t.kind == TransactionKind::Debit)
                        .map(|t| t.amount)
                        .sum();
                    let limit = f.credit_limit.unwrap();
                    assert_eq!(f.available_credit, Some(limit - balance - pending));
                    assert!(f.apr.is_some() && f.minimum_payment.is_some());
                    assert!((1..=28).contains(&f.day_payment_is_due.unwrap()));
                    assert!(f.payment_due_at.unwrap() >= NOW - Duration::days(1));
                }
                "INVESTMENT" => {
                    investments += 1;
                    assert_eq!(f.holdings_value, Some(balance));
                    assert_eq!(balance.scale(), 2);
                    assert!(f.cash_balance.is_some());
                }
                "LOAN" | "MORTGAGE" => {
                    assert!(f.original_balance.unwrap() >= balance);
                    assert!(f.interest_rate.is_some());
                    assert!(f.started_on.unwrap() < f.matures_on.unwrap());
                }
                "SAVINGS" => assert!(f.apy.is_some()),
                _ => {}
            }
        }
    }
    assert!(
        cards > 3 && investments > 3,
        "{cards} cards, {investments} investments"
    );
}

#[tokio::test]
async fn loans_are_paid_down_month_by_month() {
    let mut seen = 0;
    for i in 0..30 {
        let seed = format!("figures-{i}");
        let first = fetch_at(&seed, NOW, 1).await;
        let second = fetch_at(&seed, NOW + Duration::days(62), 1).await;
        for (a, b) in first.accounts.iter().zip(&second.accounts) {
            if matches!(a.account_type.as_str(), "LOAN" | "MORTGAGE") {
                seen += 1;
                assert!(b.figures.balance < a.figures.balance, "{seed} {}", a.name);
            }
        }
    }
    assert!(seen > 3);
}

#[tokio::test]
async fn amounts_accounts_and_ids_are_well_formed() {
    for i in 0..50 {
        let seed = format!("shape-{i}");
        let data = fetch_at(&seed, NOW, 45).await;
        assert!((1..=5).contains(&data.accounts.len()), "{seed}");
        assert!(
            data.accounts.iter().any(|a| a.account_type == "CHECKING"),
            "{seed}"
        );
        let accounts: HashSet<&str> = data
            .accounts
            .iter()
            .map(|a| a.external_id.as_str())
            .collect();
        assert_eq!(accounts.len(), data.accounts.len());
        for a in &data.accounts {
            let mask = a.account_number_mask.as_deref().unwrap();
            assert!(
                mask.len() == 4 && mask.bytes().all(|b| b.is_ascii_digit()),
                "{mask}"
            );
            assert_eq!(a.currency_code, "USD");
            assert_eq!(a.figures.balance.unwrap().scale(), 2);
        }
        let mut ids = HashSet::new();
        for t in &data.transactions {
            assert!(
                t.amount > Decimal::ZERO && t.amount.scale() == 2,
                "{} {}",
                t.external_id,
                t.amount
            );
            assert!(
                ids.insert(t.external_id.as_str()),
                "duplicate {}",
                t.external_id
            );
            assert!(accounts.contains(t.account_external_id.as_str()));
            assert!(t.external_id.starts_with(&t.account_external_id));
            assert!(!t.raw_description.trim().is_empty());
            assert_eq!(t.raw_description, t.raw_description.to_uppercase());
            if let Some(lat) = t.latitude {
                assert!(lat.scale() >= 4 && (Decimal::from(18)..Decimal::from(72)).contains(&lat));
                assert!(t.longitude.unwrap() < Decimal::ZERO);
            }
        }
    }
}

#[tokio::test]
async fn checking_looks_like_a_real_feed() {
    let mut raw = String::new();
    let mut checks = 0;
    for i in 0..10 {
        let data = fetch_at(&format!("feed-{i}"), NOW, 120).await;
        for t in &data.transactions {
            raw.push_str(&t.raw_description);
            raw.push('\n');
            if let Some(number) = &t.check_number {
                checks += 1;
                assert_eq!(t.raw_description, format!("CHECK {number}"));
            }
        }
    }
    for needle in [
        "PAYROLL",
        "PPD ID",
        "ONLINE PMT",
        "ATM WITHDRAWAL",
        "ONLINE TRANSFER",
        "ZELLE",
        "VENMO",
        "INTEREST",
    ] {
        assert!(raw.contains(needle), "no {needle} in the feed");
    }
    assert!(checks > 0);
}

#[tokio::test]
async fn without_transactions_accounts_still_come() {
    let institution = institution("mxbank");
    let credentials = BTreeMap::new();
    let session = Session {
        institution: &institution,
        credentials: &credentials,
        oauth_authorized: false,
        seed: "alice",
    };
    let request = FetchRequest {
        now: NOW,
        from: NOW.date() - Duration::days(90),
        include_transactions: false,
        extras: Default::default(),
    };
    let data = SandboxConnector.fetch(&session, &request).await.unwrap();
    assert!(data.transactions.is_empty());
    assert_eq!(data.accounts, fetch_at("alice", NOW, 90).await.accounts);
}

#[tokio::test]
async fn authorization_holds_vanish_when_their_charge_posts() {
    let mut holds = 0;
    for seed in ["alice", "bob", "carol", "dave", "erin", "frank"] {
        for day in 0..14 {
            let now = NOW + Duration::days(day);
            let first = fetch_at(seed, now, 10).await;
            let later = fetch_at(seed, now + Duration::days(3), 13).await;
            let (before, after) = (by_id(&first), by_id(&later));
            for hold in first
                .transactions
                .iter()
                .filter(|t| t.external_id.ends_with("-HOLD"))
            {
                holds += 1;
                assert_eq!(hold.status, TransactionStatus::Pending);
                assert!(hold.raw_description.starts_with("AUTH HOLD "));
                let charge = hold.external_id.trim_end_matches("-HOLD");
                assert_eq!(before[charge].status, TransactionStatus::Pending);
                assert_eq!(after[charge].status, TransactionStatus::Posted);
                assert!(!after.contains_key(hold.external_id.as_str()), "{seed}");
            }
        }
    }
    assert!(holds > 0, "no household had a hold in two weeks");
}
