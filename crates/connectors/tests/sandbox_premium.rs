//! The sandbox's premium data: account and routing numbers, owners, holdings and
//! statements. Deterministic, well-formed, and consistent with balances and the feed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use polyfin_connectors::sandbox::{generate, SandboxConnector};
use polyfin_connectors::{
    Connector, FetchExtras, FetchRequest, FetchedData, FetchedTransaction, Session,
};
use polyfin_domain::institution::Catalogue;
use polyfin_domain::transaction::{TransactionKind, TransactionStatus};
use polyfin_domain::{Decimal, OffsetDateTime};
use std::collections::{BTreeMap, HashMap, HashSet};
use time::macros::{date, datetime};
use time::{Date, Duration};

const NOW: OffsetDateTime = datetime!(2026-03-04 15:30 UTC);

const ALL: FetchExtras = FetchExtras {
    account_numbers: true,
    owners: true,
    holdings: true,
    statements: true,
};

fn fetch(seed: &str, now: OffsetDateTime, extras: FetchExtras) -> FetchedData {
    fetch_from(seed, now, now.date() - Duration::days(30), false, extras)
}

fn fetch_from(
    seed: &str,
    now: OffsetDateTime,
    from: Date,
    include_transactions: bool,
    extras: FetchExtras,
) -> FetchedData {
    let request = FetchRequest {
        now,
        from,
        include_transactions,
        extras,
    };
    generate(seed, &request)
}

/// The ABA rule written out again, independently of the connector's own helper.
fn aba_ok(routing: &str) -> bool {
    let digits: Vec<u32> = routing.chars().filter_map(|c| c.to_digit(10)).collect();
    digits.len() == 9
        && routing.len() == 9
        && digits
            .iter()
            .zip([3, 7, 1, 3, 7, 1, 3, 7, 1])
            .map(|(d, w)| d * w)
            .sum::<u32>()
            % 10
            == 0
}

/// The CUSIP check digit, written out again, independently of the connector's.
fn cusip_ok(cusip: &str) -> bool {
    let chars: Vec<char> = cusip.chars().collect();
    if chars.len() != 9 {
        return false;
    }
    let mut sum = 0;
    for (i, c) in chars[..8].iter().enumerate() {
        let mut v = match c {
            '0'..='9' => *c as u32 - '0' as u32,
            'A'..='Z' => *c as u32 - 'A' as u32 + 10,
            _ => return false,
        };
        if i % 2 == 1 {
            v *= 2;
        }
        sum += v / 10 + v % 10;
    }
    chars[8].to_digit(10) == Some((10 - sum % 10) % 10)
}

#[test]
fn the_independent_checks_know_real_identifiers() {
    assert!(cusip_ok("037833100") && cusip_ok("594918104") && !cusip_ok("037833109"));
    assert!(aba_ok("111000025") && !aba_ok("111000024"));
}

#[test]
fn routing_and_account_numbers_are_valid_and_stable() {
    let extras = FetchExtras {
        account_numbers: true,
        ..FetchExtras::default()
    };
    let mut routings = HashSet::new();
    for i in 0..20 {
        let seed = format!("numbers-{i}");
        let data = fetch(&seed, NOW, extras);
        let later = fetch(&seed, NOW + Duration::days(40), extras);
        assert_eq!(data.account_numbers, later.account_numbers, "{seed}");
        let deposits: Vec<_> = data
            .accounts
            .iter()
            .filter(|a| matches!(a.account_type.as_str(), "CHECKING" | "SAVINGS"))
            .collect();
        assert_eq!(data.account_numbers.len(), deposits.len(), "{seed}");
        let routing = data.account_numbers[0].routing_number.clone().unwrap();
        routings.insert(routing.clone());
        for account in deposits {
            let number = data
                .account_numbers
                .iter()
                .find(|n| n.account_external_id == account.external_id)
                .unwrap();
            assert_eq!(number.routing_number.as_deref(), Some(routing.as_str()));
            assert!(aba_ok(&routing), "{routing}");
            let first_two: u32 = routing[..2].parse().unwrap();
            assert!((1..=12).contains(&first_two), "{routing}");
            let n = &number.account_number;
            assert!((8..=12).contains(&n.len()), "{n}");
            assert!(n.bytes().all(|b| b.is_ascii_digit()), "{n}");
            assert!(n.ends_with(account.account_number_mask.as_deref().unwrap()));
        }
    }
    assert!(routings.len() > 15, "routing numbers barely vary by seed");
}

#[test]
fn owners_are_fictional_stable_and_on_every_account() {
    let extras = FetchExtras {
        owners: true,
        ..FetchExtras::default()
    };
    let mut joint = 0;
    for i in 0..20 {
        let seed = format!("owners-{i}");
        let data = fetch(&seed, NOW, extras);
        assert_eq!(
            data.owners,
            fetch(&seed, NOW + Duration::days(40), extras).owners
        );
        let per_account = data.owners.len() / data.accounts.len();
        assert!((1..=2).contains(&per_account), "{seed}");
        assert_eq!(data.owners.len(), per_account * data.accounts.len());
        joint += usize::from(per_account == 2);
        for account in &data.accounts {
            let owners: Vec<_> = data
                .owners
                .iter()
                .filter(|o| o.account_external_id == account.external_id)
                .collect();
            assert_eq!(owners.len(), per_account);
        }
        for o in &data.owners {
            let (user, domain) = o.email.split_once('@').unwrap();
            assert!(!user.is_empty() && ["example.com", "example.org"].contains(&domain));
            let phone: Vec<&str> = o.phone.split('-').collect();
            assert_eq!(phone.len(), 3, "{}", o.phone);
            assert!(phone[0].len() == 3 && phone[1] == "555" && phone[2].starts_with("01"));
            assert!(phone[2].len() == 4 && phone[2].bytes().all(|b| b.is_ascii_digit()));
            assert!(o.postal_code.len() == 5 && o.postal_code.bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(o.owner_name, format!("{} {}", o.first_name, o.last_name));
            assert!(!o.address.is_empty() && !o.city.is_empty() && o.state.len() == 2);
            assert_eq!(o.country, "US");
        }
    }
    assert!(joint > 0 && joint < 20, "{joint} joint households");
}

#[test]
fn holdings_add_up_to_the_holdings_value() {
    let extras = FetchExtras {
        holdings: true,
        ..FetchExtras::default()
    };
    let half_cent = Decimal::new(5, 3);
    let mut investments = 0;
    for i in 0..30 {
        let seed = format!("figures-{i}");
        let data = fetch(&seed, NOW, extras);
        assert_eq!(data.holdings, fetch(&seed, NOW, extras).holdings);
        let mut ids = HashSet::new();
        for h in &data.holdings {
            assert!(ids.insert(h.external_id.as_str()), "{}", h.external_id);
            assert!(h.external_id.starts_with(&h.account_external_id));
        }
        for account in &data.accounts {
            let held: Vec<_> = data
                .holdings
                .iter()
                .filter(|h| h.account_external_id == account.external_id)
                .collect();
            if account.account_type != "INVESTMENT" {
                assert!(held.is_empty(), "{seed} {}", account.name);
                continue;
            }
            investments += 1;
            assert!((4..=8).contains(&held.len()), "{seed}: {}", held.len());
            let total: Decimal = held.iter().map(|h| h.market_value).sum();
            assert_eq!(Some(total), account.figures.holdings_value, "{seed}");
            assert_eq!(Some(total), account.figures.balance, "{seed}");
            let cash: Vec<_> = held
                .iter()
                .filter(|h| matches!(h.holding_type.as_str(), "CASH" | "MONEY_MARKET"))
                .collect();
            assert_eq!(cash.len(), 1, "{seed}");
            assert_eq!(cash[0].current_price, Decimal::ONE);
            assert!(cash[0].market_value >= Decimal::ZERO);
            for h in &held {
                if let Some(cusip) = &h.cusip {
                    assert!(cusip_ok(cusip), "{cusip}");
                }
                let exact = h.quantity * h.current_price;
                assert!((exact - h.market_value).abs() <= half_cent, "{h:?}");
                assert!(
                    h.quantity.scale() <= 4 && h.quantity > Decimal::ZERO
                        || h.holding_type == "CASH"
                );
                assert_eq!(h.current_price.scale(), 2);
                assert_eq!(h.market_value.scale(), 2);
                assert!(h.current_price > Decimal::ZERO && h.purchase_price > Decimal::ZERO);
                assert!(h.cost_basis >= Decimal::ZERO);
                assert_eq!(h.currency_code, "USD");
                if !matches!(h.holding_type.as_str(), "CASH" | "MONEY_MARKET") {
                    assert!(h.symbol.is_some() && h.cusip.is_some());
                    assert!(["EQUITY", "ETF", "MUTUAL_FUND"].contains(&h.holding_type.as_str()));
                    // A day's move is a few percent at most.
                    assert!(h.daily_change.abs() * Decimal::from(20) <= h.market_value);
                }
            }
        }
    }
    assert!(investments > 3, "{investments} investment accounts");
}

/// How a transaction moves its account's balance (debts count what is owed).
fn signed(t: &FetchedTransaction, debt: bool) -> Decimal {
    match (t.kind, debt) {
        (TransactionKind::Credit, false) | (TransactionKind::Debit, true) => t.amount,
        _ => -t.amount,
    }
}

/// Statements reconcile with the feed: opening + what posted in the period = closing,
/// periods chain, and the last closing + what posted since = today's balance.
fn assert_statements_reconcile(seed: &str, now: OffsetDateTime) -> usize {
    let extras = FetchExtras {
        statements: true,
        ..FetchExtras::default()
    };
    let statements = fetch(seed, now, extras).statements;
    let Some(earliest) = statements.iter().map(|s| s.period_start).min() else {
        return 0;
    };
    let data = fetch_from(seed, now, earliest - Duration::days(2), true, extras);
    assert_eq!(data.statements, statements, "{seed}");
    let debts: HashMap<&str, bool> = data
        .accounts
        .iter()
        .map(|a| (a.external_id.as_str(), a.account_type == "CREDIT_CARD"))
        .collect();
    let posted_flow = |account: &str, from: Date, to: Date| -> Decimal {
        data.transactions
            .iter()
            .filter(|t| t.account_external_id == account)
            .filter(|t| t.status == TransactionStatus::Posted)
            .filter(|t| (from..=to).contains(&t.posted_at.unwrap().date()))
            .map(|t| signed(t, debts[account]))
            .sum()
    };
    for s in &statements {
        let account = s.account_external_id.as_str();
        assert_eq!(s.period_start.day(), 1);
        assert_eq!(s.period_end.next_day().unwrap().day(), 1);
        assert!(s.period_end < now.date());
        let flow = posted_flow(account, s.period_start, s.period_end);
        assert_eq!(
            s.opening_balance + flow,
            s.closing_balance,
            "{seed} {}",
            s.external_id
        );
        let yyyymm = format!(
            "{:04}{:02}",
            s.period_start.year(),
            u8::from(s.period_start.month())
        );
        assert_eq!(s.external_id, format!("{account}-stmt-{yyyymm}"));
    }
    for account in &data.accounts {
        let mine: Vec<_> = statements
            .iter()
            .filter(|s| s.account_external_id == account.external_id)
            .collect();
        let wanted = matches!(
            account.account_type.as_str(),
            "CHECKING" | "SAVINGS" | "CREDIT_CARD"
        );
        assert_eq!(!mine.is_empty(), wanted, "{seed} {}", account.name);
        assert!(mine.len() <= 12);
        for pair in mine.windows(2) {
            assert_eq!(pair[0].period_end.next_day(), Some(pair[1].period_start));
            assert_eq!(pair[0].closing_balance, pair[1].opening_balance);
        }
        if let Some(last) = mine.last() {
            let since = posted_flow(
                &account.external_id,
                last.period_end + Duration::days(1),
                now.date(),
            );
            assert_eq!(
                Some(last.closing_balance + since),
                account.figures.balance,
                "{seed} {}",
                account.name
            );
        }
    }
    statements.len()
}

#[test]
fn statements_reconcile_with_posted_transactions() {
    let mut total = 0;
    for i in 0..10 {
        total += assert_statements_reconcile(&format!("statements-{i}"), NOW);
    }
    assert!(total >= 10 * 12, "{total} statements");
}

#[test]
fn statements_start_with_the_account() {
    // Early on, some accounts are only months old: their statements begin with the
    // month they opened, and nothing posted to them before that month.
    let now = datetime!(2023-05-10 09:00 UTC);
    let extras = FetchExtras {
        statements: true,
        ..FetchExtras::default()
    };
    let (mut total, mut young) = (0, 0);
    for i in 0..10 {
        let seed = format!("young-{i}");
        total += assert_statements_reconcile(&seed, now);
        let data = fetch_from(&seed, now, date!(2019 - 01 - 01), true, extras);
        for account in &data.accounts {
            let mine: Vec<_> = data
                .statements
                .iter()
                .filter(|s| s.account_external_id == account.external_id)
                .collect();
            let Some(first) = mine.first() else { continue };
            if mine.len() == 12 {
                continue;
            }
            young += 1;
            let earliest = data
                .transactions
                .iter()
                .filter(|t| t.account_external_id == account.external_id)
                .filter_map(|t| t.posted_at)
                .map(|p| p.date())
                .min();
            assert!(earliest.is_none_or(|d| d >= first.period_start), "{seed}");
        }
    }
    assert!(
        total > 0 && young > 0,
        "{total} statements, {young} young accounts"
    );
}

#[test]
fn without_extras_the_premium_vectors_are_empty() {
    for i in 0..5 {
        let seed = format!("plain-{i}");
        let plain = fetch(&seed, NOW, FetchExtras::default());
        assert!(plain.account_numbers.is_empty() && plain.owners.is_empty());
        assert!(plain.holdings.is_empty() && plain.statements.is_empty());
        // Asking for extras changes nothing else.
        let full = fetch(&seed, NOW, ALL);
        assert_eq!(plain.accounts, full.accounts);
        assert_eq!(plain.transactions, full.transactions);
        assert!(!full.account_numbers.is_empty() && !full.owners.is_empty());
        assert!(!full.statements.is_empty());
        // Each flag fills only its own part.
        let only = fetch(
            &seed,
            NOW,
            FetchExtras {
                statements: true,
                ..FetchExtras::default()
            },
        );
        assert!(only.account_numbers.is_empty() && only.owners.is_empty());
        assert!(only.holdings.is_empty() && only.statements == full.statements);
    }
}

#[tokio::test]
async fn premium_data_is_deterministic_through_the_connector() {
    let catalogue = Catalogue::from_json(
        r##"{"favorites": [], "institutions": [
            {"code": "mxbank", "name": "MX Bank", "url": "https://www.mx.com",
             "brand_color": "#123456", "is_test": true,
             "credentials": [{"field_name": "LOGIN", "label": "Username", "field_type": "TEXT"}]}
        ]}"##,
    )
    .unwrap();
    let institution = catalogue.get("mxbank").unwrap().clone();
    let credentials = BTreeMap::new();
    let fetch = |seed: &'static str| {
        let (institution, credentials) = (institution.clone(), credentials.clone());
        async move {
            let session = Session {
                institution: &institution,
                credentials: &credentials,
                oauth_authorized: false,
                seed,
            };
            let request = FetchRequest {
                now: NOW,
                from: NOW.date() - Duration::days(30),
                include_transactions: true,
                extras: ALL,
            };
            SandboxConnector.fetch(&session, &request).await.unwrap()
        }
    };
    let alice = fetch("alice").await;
    assert_eq!(alice, fetch("alice").await);
    let bob = fetch("bob").await;
    assert_ne!(alice.owners, bob.owners);
    assert_ne!(alice.account_numbers, bob.account_numbers);
}
