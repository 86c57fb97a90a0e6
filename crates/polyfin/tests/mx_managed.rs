//! Partner-managed data through the MX dialect (`/managed_institutions`,
//! `U/managed_members/…`): lifecycles, exact money (string amounts included), unique
//! partner ids, the member limit, and refusals that write nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod supplied;
mod support;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use supplied::{as_stranger, assert_error, assert_refused, s, send_raw, total};
use support::{spawn_app, TestApp};

const ALL_DATES: &str = "from_date=2000-01-01&to_date=2100-01-01";

async fn managed_member(app: &TestApp, u: &str, member: Value) -> support::Reply {
    let path = format!("/users/{u}/managed_members");
    app.post_json(&path, json!({ "member": member })).await
}

/// A managed member of `u` at MX Bank; returns its path.
async fn managed_base(app: &TestApp, u: &str) -> String {
    let created = managed_member(app, u, json!({"institution_code": "mxbank"})).await;
    assert_eq!(created.status, StatusCode::ACCEPTED, "{}", created.text);
    format!(
        "/users/{u}/managed_members/{}",
        s(&created.body["member"]["guid"])
    )
}

#[tokio::test]
async fn managed_member_lifecycle() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let institutions = app.get("/managed_institutions?records_per_page=10").await;
    assert_eq!(
        institutions.body["pagination"]["per_page"], 10,
        "{}",
        institutions.text
    );
    let member = json!({"institution_code": "mxbank", "id": "partner-m1", "name": "Mine"});
    let created = managed_member(&app, &u, member).await;
    assert_eq!(created.status, StatusCode::ACCEPTED, "{}", created.text);
    let member = &created.body["member"];
    assert_eq!(
        (&member["is_managed_by_user"], &member["is_manual"]),
        (&json!(false), &json!(false))
    );
    assert!(member["connection_status"].is_null(), "{member}");
    assert_eq!(member["id"], "partner-m1");
    let m = s(&member["guid"]);
    let members = total(&app, &format!("/users/{u}/members")).await;
    assert_eq!(
        members, 0,
        "the user-managed list leaves managed members out"
    );
    let listed = app.get(&format!("/users/{u}/managed_members")).await;
    assert_eq!(listed.body["members"][0]["guid"], json!(m));

    let base = format!("/users/{u}/managed_members/{m}");
    let renamed = app
        .put_json(&base, json!({"member": {"name": "Renamed"}}))
        .await;
    assert_eq!(
        renamed.body["member"]["name"], "Renamed",
        "{}",
        renamed.text
    );
    let duplicate = managed_member(
        &app,
        &u,
        json!({"institution_code": "mxbank", "id": "partner-m1"}),
    );
    assert_error(&duplicate.await, StatusCode::CONFLICT, "id");
    assert_eq!(app.delete(&base).await.status, StatusCode::NO_CONTENT);
    assert_error(&app.get(&base).await, StatusCode::NOT_FOUND, "Member");
}

#[tokio::test]
async fn managed_accounts_round_trip() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let base = managed_base(&app, &u).await;
    let account = r#"{"account": {"id": "acct-1", "name": "Checking", "type": "CHECKING",
        "balance": 1234567.89, "routing_number": "091000019", "account_number": "000123456789",
        "day_payment_is_due": 12, "matures_on": "2030-01-31"}}"#;
    let made = send_raw(&app, Method::POST, &format!("{base}/accounts"), account).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.text);
    assert!(
        made.text.contains("\"balance\":1234567.89"),
        "{}",
        made.text
    );
    let body = &made.body["account"];
    assert_eq!(
        (&body["id"], &body["routing_number"]),
        (&json!("acct-1"), &json!("091000019"))
    );
    assert_eq!(body["member_is_managed_by_user"], false);
    assert_eq!(body["matures_on"], "2030-01-31");
    let a = s(&body["guid"]);
    let again = send_raw(&app, Method::POST, &format!("{base}/accounts"), account).await;
    assert_error(&again, StatusCode::CONFLICT, "id");
    let path = format!("{base}/accounts/{a}");
    let change = r#"{"account": {"balance": 0.10, "nickname": "n"}}"#;
    let updated = send_raw(&app, Method::PUT, &path, change).await;
    assert!(
        updated.text.contains("\"balance\":0.10"),
        "{}",
        updated.text
    );
    assert_eq!(app.delete(&path).await.status, StatusCode::NO_CONTENT);
    assert_eq!(total(&app, &format!("{base}/accounts")).await, 0);
}

#[tokio::test]
async fn managed_transactions_round_trip() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let base = managed_base(&app, &u).await;
    let account = json!({"account": {"id": "a", "name": "x", "type": "SAVINGS", "balance": 5}});
    let made = app.post_json(&format!("{base}/accounts"), account).await;
    let txns = format!(
        "{base}/accounts/{}/transactions",
        s(&made.body["account"]["guid"])
    );
    let txn = r#"{"transaction": {"id": "t-1", "amount": "61.11", "description": "WHOLEFDS TSQ 102",
        "status": "POSTED", "posted_at": "2024-05-02T10:00:00Z", "type": "DEBIT",
        "transacted_at": "2024-05-01T09:30:00Z", "category": "Groceries"}}"#;
    let created = send_raw(&app, Method::POST, &txns, txn).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text);
    assert!(
        created.text.contains("\"amount\":61.11"),
        "{}",
        created.text
    );
    let t1 = &created.body["transaction"];
    assert_eq!(
        (&t1["id"], &t1["category"]),
        (&json!("t-1"), &json!("Groceries"))
    );
    assert_eq!(
        (&t1["date"], &t1["member_is_managed_by_user"]),
        (&json!("2024-05-01"), &json!(false))
    );
    let t = s(&t1["guid"]);
    assert_error(
        &send_raw(&app, Method::POST, &txns, txn).await,
        StatusCode::CONFLICT,
        "id",
    );
    let change = r#"{"transaction": {"amount": "0.10", "memo": "m"}}"#;
    let changed = send_raw(&app, Method::PUT, &format!("{txns}/{t}"), change).await;
    assert!(changed.text.contains("\"amount\":0.10"), "{}", changed.text);
    let listed = app
        .get(&format!("{txns}?from_date=2024-04-01&to_date=2024-06-01"))
        .await;
    assert_eq!(
        listed.body["transactions"][0]["guid"],
        json!(t),
        "{}",
        listed.text
    );
    assert_eq!(
        app.delete(&format!("{txns}/{t}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_error(
        &app.get(&format!("{txns}/{t}")).await,
        StatusCode::NOT_FOUND,
        "Transaction",
    );
}

#[tokio::test]
async fn bad_managed_members_and_accounts_are_refused() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let missing = managed_member(&app, &u, json!({"name": "x"})).await;
    assert_error(&missing, StatusCode::BAD_REQUEST, "member.institution_code");
    let unknown = managed_member(&app, &u, json!({"institution_code": "nope"})).await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "Institution");
    let regular = app.create_member(&u, "mxbank", "password").await;
    let regular = s(&regular.body["member"]["guid"]);
    let path = format!("/users/{u}/managed_members/{regular}");
    assert_error(&app.get(&path).await, StatusCode::NOT_FOUND, "Member");

    let accounts = format!("{}/accounts", managed_base(&app, &u).await);
    let base = json!({"id": "a", "name": "x", "type": "CHECKING", "balance": 1});
    let bad = StatusCode::BAD_REQUEST;
    let cases = [
        (json!({"id": null}), bad, "account.id"),
        (json!({"balance": null}), bad, "account.balance"),
        (
            json!({"routing_number": "123456789"}),
            bad,
            "account.routing_number",
        ),
        (
            json!({"day_payment_is_due": 40}),
            bad,
            "account.day_payment_is_due",
        ),
        (json!({"started_on": "soon"}), bad, "account.started_on"),
    ];
    assert_refused(&app, &accounts, "account", &base, &cases).await;
    assert_eq!(total(&app, &accounts).await, 0);
}

#[tokio::test]
async fn bad_managed_transactions_write_nothing() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let base = managed_base(&app, &u).await;
    let account = json!({"account": {"id": "a", "name": "x", "type": "SAVINGS", "balance": 5}});
    let made = app.post_json(&format!("{base}/accounts"), account).await;
    let txns = format!(
        "{base}/accounts/{}/transactions",
        s(&made.body["account"]["guid"])
    );
    let valid = json!({"amount": "1.00", "description": "x", "status": "POSTED", "type": "CREDIT",
                       "posted_at": "2024-05-02T10:00:00Z", "transacted_at": "2024-05-01T10:00:00Z"});
    let bad = StatusCode::BAD_REQUEST;
    let cases = [
        (json!({"amount": "abc"}), bad, "transaction.amount"),
        (json!({"amount": "0"}), bad, "transaction.amount"),
        (json!({"amount": "-1.00"}), bad, "transaction.amount"),
        (json!({"status": "DONE"}), bad, "transaction.status"),
        (
            json!({"posted_at": "yesterday"}),
            bad,
            "transaction.posted_at",
        ),
        (json!({"description": null}), bad, "transaction.description"),
        (
            json!({"category": "Nope"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "category",
        ),
    ];
    assert_refused(&app, &txns, "transaction", &valid, &cases).await;
    assert_eq!(total(&app, &format!("{txns}?{ALL_DATES}")).await, 0);
    let unknown = app
        .put_json(&format!("{txns}/TRN-unknown"), json!({"transaction": {}}))
        .await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "Transaction");
    let foreign = as_stranger(&app, Method::GET, &base, "").await;
    assert_error(&foreign, StatusCode::NOT_FOUND, "User");
}

#[tokio::test]
async fn managed_members_count_toward_the_member_limit() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let jar = json!({"account": {"name": "Jar", "account_type": "CASH"}});
    let manual = app.post_json(&format!("/users/{u}/accounts"), jar).await;
    assert_eq!(
        manual.status,
        StatusCode::OK,
        "the manual member counts too"
    );
    for _ in 0..24 {
        managed_base(&app, &u).await;
    }
    let refused = managed_member(&app, &u, json!({"institution_code": "mxbank"})).await;
    assert_error(&refused, StatusCode::UNPROCESSABLE_ENTITY, "25");
    let regular = app.create_member(&u, "mxbank", "password").await;
    assert_error(&regular, StatusCode::UNPROCESSABLE_ENTITY, "25");
    assert_eq!(
        total(&app, &format!("/users/{u}/managed_members")).await,
        24
    );
    assert_eq!(total(&app, &format!("/users/{u}/members")).await, 1);
}
