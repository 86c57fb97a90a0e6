//! A transactions page's `total_entries` is exact whichever way it is found (from the
//! per-account counts when the window holds every account's days, row by row when it
//! cuts through them): after inserts, a change of date, deletes and a deleted
//! account, for the user, a member and an account, and on a page past the end.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod supplied;
mod support;

use reqwest::{Method, StatusCode};
use serde_json::json;
use supplied::{s, send_raw};
use support::{spawn_app, TestApp};

/// Every window the checks list, from wider than everything to cutting ranges.
const WINDOWS: [&str; 6] = [
    "from_date=2000-01-01&to_date=2100-01-01",
    "from_date=2024-01-01&to_date=2024-12-31",
    "from_date=2024-03-01&to_date=2100-01-01",
    "from_date=2000-01-01&to_date=2024-03-31",
    "from_date=2024-02-10&to_date=2024-02-20",
    "from_date=2030-01-01&to_date=2030-12-31",
];

/// `total_entries` of `path`, checked against the rows a page of all of them holds.
async fn checked_total(app: &TestApp, path: &str, window: &str) -> u64 {
    let all = app
        .get(&format!("{path}?{window}&records_per_page=1000"))
        .await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text);
    let total = all.body["pagination"]["total_entries"].as_u64().unwrap();
    let rows = all.body["transactions"].as_array().unwrap().len() as u64;
    assert_eq!(total, rows, "{path}?{window}");
    // A page past the end still tells the total.
    let past = app
        .get(&format!("{path}?{window}&records_per_page=10&page=50"))
        .await;
    assert_eq!(past.body["pagination"]["total_entries"], json!(total));
    assert_eq!(past.body["transactions"], json!([]));
    // The first page of 10 (MX's smallest) is the head of the full list, with the
    // same total.
    let first = app
        .get(&format!("{path}?{window}&records_per_page=10"))
        .await;
    assert_eq!(first.body["pagination"]["total_entries"], json!(total));
    let head: Vec<_> = all.body["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .take(10)
        .collect();
    let page: Vec<_> = first.body["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(page, head, "{path}?{window}");
    total
}

async fn totals(app: &TestApp, path: &str) -> Vec<u64> {
    let mut out = Vec::new();
    for window in WINDOWS {
        out.push(checked_total(app, path, window).await);
    }
    out
}

async fn add(app: &TestApp, txns: &str, id: &str, day: &str) -> String {
    let body = json!({"transaction": {"id": id, "amount": "1.00", "description": "COFFEE",
        "status": "POSTED", "posted_at": format!("{day}T12:00:00Z"), "type": "DEBIT",
        "transacted_at": format!("{day}T10:00:00Z")}});
    let made = send_raw(app, Method::POST, txns, &body.to_string()).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.text);
    s(&made.body["transaction"]["guid"])
}

async fn managed_account(app: &TestApp, base: &str, id: &str) -> (String, String) {
    let account = json!({"account": {"id": id, "name": id, "type": "CHECKING", "balance": 1}});
    let made = app.post_json(&format!("{base}/accounts"), account).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.text);
    let guid = s(&made.body["account"]["guid"]);
    (guid.clone(), format!("{base}/accounts/{guid}/transactions"))
}

#[tokio::test]
async fn totals_stay_exact_through_changes() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let bystander = app.create_user(json!({})).await;
    let created = app
        .post_json(
            &format!("/users/{u}/managed_members"),
            json!({"member": {"institution_code": "mxbank"}}),
        )
        .await;
    assert_eq!(created.status, StatusCode::ACCEPTED, "{}", created.text);
    let m = s(&created.body["member"]["guid"]);
    let base = format!("/users/{u}/managed_members/{m}");
    let (a1, txns1) = managed_account(&app, &base, "a1").await;
    let (_a2, txns2) = managed_account(&app, &base, "a2").await;
    let user_path = format!("/users/{u}/transactions");
    let account_path = format!("/users/{u}/accounts/{a1}/transactions");
    let member_path = format!("/users/{u}/members/{m}/transactions");

    assert_eq!(totals(&app, &user_path).await, [0, 0, 0, 0, 0, 0]);
    let days1 = [
        "2024-01-05",
        "2024-02-12",
        "2024-02-15",
        "2024-03-01",
        "2024-04-30",
    ];
    let mut guids1 = Vec::new();
    for (i, day) in days1.iter().enumerate() {
        guids1.push(add(&app, &txns1, &format!("t1-{i}"), day).await);
    }
    for (i, day) in ["2024-02-18", "2024-06-01", "2024-06-02"]
        .iter()
        .enumerate()
    {
        add(&app, &txns2, &format!("t2-{i}"), day).await;
    }
    let other = app
        .post_json(
            &format!("/users/{bystander}/managed_members"),
            json!({"member": {"institution_code": "mxbank"}}),
        )
        .await;
    let other_base = format!(
        "/users/{bystander}/managed_members/{}",
        s(&other.body["member"]["guid"])
    );
    let (_, other_txns) = managed_account(&app, &other_base, "b").await;
    add(&app, &other_txns, "b-0", "2024-02-14").await;

    assert_eq!(totals(&app, &user_path).await, [8, 8, 4, 5, 3, 0]);
    assert_eq!(totals(&app, &member_path).await, [8, 8, 4, 5, 3, 0]);
    assert_eq!(totals(&app, &account_path).await, [5, 5, 2, 4, 2, 0]);

    // A new date outside every window but the widest.
    let moved = send_raw(
        &app,
        Method::PUT,
        &format!("{txns1}/{}", guids1[0]),
        r#"{"transaction": {"transacted_at": "2030-07-01T10:00:00Z", "posted_at": "2030-07-01T12:00:00Z"}}"#,
    )
    .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert_eq!(totals(&app, &account_path).await, [5, 4, 3, 3, 2, 1]);
    assert_eq!(totals(&app, &user_path).await, [8, 7, 5, 4, 3, 1]);

    // Deleted transactions are no longer counted.
    for guid in &guids1[1..3] {
        let gone = app.delete(&format!("{txns1}/{guid}")).await;
        assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.text);
    }
    assert_eq!(totals(&app, &account_path).await, [3, 2, 3, 1, 0, 1]);
    assert_eq!(totals(&app, &user_path).await, [6, 5, 5, 2, 1, 1]);

    // Nor are those of a deleted account.
    let gone = app.delete(&format!("{base}/accounts/{a1}")).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.text);
    assert_eq!(totals(&app, &user_path).await, [3, 3, 2, 1, 1, 0]);

    let bystander_path = format!("/users/{bystander}/transactions");
    assert_eq!(totals(&app, &bystander_path).await, [1, 1, 0, 1, 1, 0]);
}
