//! Manual accounts and transactions through the MX dialect: lifecycles, exact money in
//! the raw JSON, aggregated data left alone, and bad input refused with an MX error and
//! nothing written. Partner-managed data is in `mx_managed.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod supplied;
mod support;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use supplied::{as_stranger, assert_error, assert_refused, s, send_raw, total};
use support::{spawn_app, TestApp};

const ALL_DATES: &str = "from_date=2000-01-01&to_date=2100-01-01";

async fn manual_account(app: &TestApp, u: &str, account: Value) -> Value {
    let path = format!("/users/{u}/accounts");
    let reply = app.post_json(&path, json!({ "account": account })).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.body["account"].clone()
}

async fn jar(app: &TestApp, u: &str) -> (String, String) {
    let account = manual_account(app, u, json!({"name": "Jar", "account_type": "CASH"})).await;
    (s(&account["guid"]), s(&account["member_guid"]))
}

async fn connected_account(app: &TestApp, u: &str) -> (String, String) {
    let created = app.create_member(u, "mxbank", "password").await;
    let m = s(&created.body["member"]["guid"]);
    app.settle(u, &m).await;
    let accounts = app.get(&format!("/users/{u}/members/{m}/accounts")).await;
    (m, s(&accounts.body["accounts"][0]["guid"]))
}

#[tokio::test]
async fn manual_accounts_live_under_one_manual_member() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let body = r#"{"account": {"name": "Cash jar", "account_type": "cash", "balance": 1234567.89,
                   "apr": 0.10, "currency_code": "usd", "is_business": true}}"#;
    let created = send_raw(&app, Method::POST, &format!("/users/{u}/accounts"), body).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text);
    assert!(
        created.text.contains("\"balance\":1234567.89"),
        "{}",
        created.text
    );
    assert!(created.text.contains("\"apr\":0.10"), "{}", created.text);
    let account = &created.body["account"];
    assert_eq!(
        (&account["type"], &account["currency_code"]),
        (&json!("CASH"), &json!("USD"))
    );
    assert_eq!(account["is_manual"], true);
    assert_eq!(account["member_is_managed_by_user"], true);
    assert!(s(&account["institution_guid"]).starts_with("INS-MANUAL"));

    let members = app.get(&format!("/users/{u}/members")).await;
    let member = &members.body["members"][0];
    assert_eq!(member["guid"], account["member_guid"]);
    assert_eq!(
        (&member["is_manual"], &member["is_managed_by_user"]),
        (&json!(true), &json!(true))
    );
    assert!(member["connection_status"].is_null(), "{member}");
    let car = json!({"name": "Car", "account_type": "PROPERTY", "property_type": "VEHICLE"});
    let second = manual_account(&app, &u, car).await;
    assert_eq!(
        second["member_guid"], account["member_guid"],
        "one manual member"
    );
    assert_eq!(second["property_type"], "VEHICLE");
}

#[tokio::test]
async fn manual_accounts_update_every_field_and_delete() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let (a, m) = jar(&app, &u).await;
    let path = format!("/users/{u}/members/{m}/accounts/{a}");
    let update = r#"{"account": {"balance": 0.10, "name": "Coins", "account_subtype": "NONE",
                     "is_closed": true, "credit_limit": 20, "death_benefit": 1000}}"#;
    let updated = send_raw(&app, Method::PUT, &path, update).await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
    let read = app.get(&format!("/users/{u}/accounts/{a}")).await;
    assert!(read.text.contains("\"balance\":0.10"), "{}", read.text);
    let account = &read.body["account"];
    assert_eq!(
        (&account["name"], &account["subtype"]),
        (&json!("Coins"), &json!("NONE"))
    );
    assert_eq!(
        (&account["is_closed"], &account["death_benefit"]),
        (&json!(true), &json!(1000))
    );

    let deleted = app.delete(&format!("/users/{u}/accounts/{a}")).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let gone = app.get(&format!("/users/{u}/accounts/{a}")).await;
    assert_error(&gone, StatusCode::NOT_FOUND, "Account");
    let again = app.delete(&format!("/users/{u}/accounts/{a}")).await;
    assert_error(&again, StatusCode::NOT_FOUND, "Account");
}

#[tokio::test]
async fn manual_transactions_are_flat_and_exact() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let (a, _) = jar(&app, &u).await;
    let path = format!("/users/{u}/accounts/{a}/transactions");
    let body = r#"{"transaction": {"amount": 0.10, "date": "2024-03-05", "description": "Gum",
                   "type": "DEBIT", "memo": "corner shop"}}"#;
    let created = send_raw(&app, Method::POST, &path, body).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text);
    assert!(
        created.body.get("transaction").is_none(),
        "flat: {}",
        created.text
    );
    assert!(created.text.contains("\"amount\":0.10"), "{}", created.text);
    let t = s(&created.body["guid"]);
    assert!(t.starts_with("MAN-"), "{t}");
    assert_eq!(created.body["is_manual"], true);
    assert_eq!(created.body["date"], "2024-03-05");
    let big = r#"{"transaction": {"amount": 1234567.89, "date": "2024-03-06",
                  "description": "Sale", "type": "CREDIT"}}"#;
    let sale = send_raw(&app, Method::POST, &path, big).await;
    assert!(sale.text.contains("\"amount\":1234567.89"), "{}", sale.text);

    let listed = app
        .get(&format!("{path}?from_date=2024-03-01&to_date=2024-03-31"))
        .await;
    assert_eq!(
        listed.body["pagination"]["total_entries"], 2,
        "{}",
        listed.text
    );
    let read = app.get(&format!("/users/{u}/transactions/{t}")).await;
    assert_eq!(
        read.body["transaction"]["memo"], "corner shop",
        "{}",
        read.text
    );
}

#[tokio::test]
async fn manual_transactions_update_by_account_and_delete() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let (a, m) = jar(&app, &u).await;
    let body = json!({"transaction": {"amount": 3, "date": "2024-03-05", "description": "Tea",
                                      "type": "DEBIT"}});
    let created = app
        .post_json(&format!("/users/{u}/accounts/{a}/transactions"), body)
        .await;
    let t = s(&created.body["guid"]);
    let path = format!("/users/{u}/members/{m}/accounts/{a}/transactions/{t}");
    let change = json!({"transaction": {"description": "Green tea", "memo": "m"}});
    let request = app
        .request(Method::PUT, &path)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json");
    let updated = app.send(request.body(change.to_string())).await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
    assert_eq!(updated.body["transaction"]["description"], "Green tea");

    let (other, _) = jar(&app, &u).await;
    let wrong = format!("/users/{u}/members/{m}/accounts/{other}/transactions/{t}");
    let reply = app
        .put_json(&wrong, json!({"transaction": {"memo": "x"}}))
        .await;
    assert_error(&reply, StatusCode::NOT_FOUND, "Transaction");
    let deleted = app.delete(&format!("/users/{u}/transactions/{t}")).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let gone = app.get(&format!("/users/{u}/transactions/{t}")).await;
    assert_error(&gone, StatusCode::NOT_FOUND, "Transaction");
}

#[tokio::test]
async fn aggregated_accounts_take_only_three_fields() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let (m, a) = connected_account(&app, &u).await;
    let delete = app.delete(&format!("/users/{u}/accounts/{a}")).await;
    assert_error(&delete, StatusCode::UNPROCESSABLE_ENTITY, "manual");
    let path = format!("/users/{u}/members/{m}/accounts/{a}");
    let balance = app
        .put_json(&path, json!({"account": {"balance": 1}}))
        .await;
    assert_error(
        &balance,
        StatusCode::UNPROCESSABLE_ENTITY,
        "account.balance",
    );
    let change = json!({"account": {"nickname": "Main", "is_hidden": true}});
    let nick = app.put_json(&path, change).await;
    assert_eq!(nick.status, StatusCode::OK, "{}", nick.text);
    assert_eq!(nick.body["account"]["nickname"], "Main");
    assert_eq!(nick.body["account"]["is_manual"], false);
}

#[tokio::test]
async fn aggregated_transactions_and_manual_members_refuse() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let (_, a) = connected_account(&app, &u).await;
    let txn = json!({"transaction": {"amount": 1, "date": "2024-01-01", "description": "x",
                                     "type": "DEBIT"}});
    let path = format!("/users/{u}/accounts/{a}/transactions");
    let refused = app.post_json(&path, txn).await;
    assert_error(
        &refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "manual accounts",
    );
    let list = app
        .get(&format!("/users/{u}/transactions?{ALL_DATES}"))
        .await;
    let t = s(&list.body["transactions"][0]["guid"]);
    let delete = app.delete(&format!("/users/{u}/transactions/{t}")).await;
    assert_error(&delete, StatusCode::UNPROCESSABLE_ENTITY, "manual");

    let (_, manual_member) = jar(&app, &u).await;
    let base = format!("/users/{u}/members/{manual_member}");
    let aggregate = app.post_json(&format!("{base}/aggregate"), json!({})).await;
    assert_error(
        &aggregate,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not aggregated",
    );
    let credentials = json!({"member": {"credentials": [{"guid": "CRD-1", "value": "x"}]}});
    let update = app.put_json(&base, credentials).await;
    assert_error(&update, StatusCode::UNPROCESSABLE_ENTITY, "not aggregated");
    let oauth = app.get(&format!("{base}/oauth_window_uri")).await;
    assert_error(&oauth, StatusCode::BAD_REQUEST, "OAuth");
    let fields = app.get(&format!("{base}/credentials")).await;
    assert_eq!(fields.body["credentials"], json!([]), "{}", fields.text);
}

#[tokio::test]
async fn bad_manual_accounts_write_nothing() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let base = json!({"name": "x", "account_type": "CASH"});
    let bad = StatusCode::BAD_REQUEST;
    let cases = [
        (json!({"name": null}), bad, "account.name"),
        (json!({"account_type": null}), bad, "account.type"),
        (json!({"account_type": "PIGGY"}), bad, "account.type"),
        (json!({"credit_limit": -1}), bad, "account.credit_limit"),
        (json!({"balance": "lots"}), bad, "account.balance"),
        (
            json!({"currency_code": "dollars"}),
            bad,
            "account.currency_code",
        ),
        (json!({"name": true}), bad, "account.name"),
    ];
    assert_refused(
        &app,
        &format!("/users/{u}/accounts"),
        "account",
        &base,
        &cases,
    )
    .await;
    let members = total(&app, &format!("/users/{u}/members")).await;
    assert_eq!(members, 0, "no manual member for refused accounts");
    let accounts = total(&app, &format!("/users/{u}/accounts")).await;
    assert_eq!(accounts, 0);
}

#[tokio::test]
async fn bad_manual_transactions_write_nothing() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let (a, _) = jar(&app, &u).await;
    let path = format!("/users/{u}/accounts/{a}/transactions");
    let base = json!({"amount": 5, "date": "2024-01-01", "description": "x", "type": "DEBIT"});
    let bad = StatusCode::BAD_REQUEST;
    let unknown_category = "CAT-00000000-0000-0000-0000-000000000000";
    let cases = [
        (json!({"amount": 0}), bad, "transaction.amount"),
        (json!({"amount": -3.5}), bad, "transaction.amount"),
        (json!({"type": "SIDEWAYS"}), bad, "transaction.type"),
        (json!({"date": "01/02/2024"}), bad, "transaction.date"),
        (json!({"date": null}), bad, "transaction.date"),
        (json!({"description": null}), bad, "transaction.description"),
        (
            json!({ "category_guid": unknown_category }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "category_guid",
        ),
    ];
    assert_refused(&app, &path, "transaction", &base, &cases).await;
    assert_eq!(total(&app, &format!("{path}?{ALL_DATES}")).await, 0);
}

#[tokio::test]
async fn other_users_and_clients_cannot_touch_manual_data() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let (a, _) = jar(&app, &u).await;
    let other = app.create_user(json!({})).await;
    let txn = json!({"transaction": {"amount": 5, "date": "2024-01-01", "description": "x",
                                     "type": "DEBIT"}});
    let path = format!("/users/{other}/accounts/{a}/transactions");
    assert_error(
        &app.post_json(&path, txn).await,
        StatusCode::NOT_FOUND,
        "Account",
    );
    let delete = app.delete(&format!("/users/{other}/accounts/{a}")).await;
    assert_error(&delete, StatusCode::NOT_FOUND, "Account");
    let foreign = as_stranger(
        &app,
        Method::DELETE,
        &format!("/users/{u}/accounts/{a}"),
        "",
    )
    .await;
    assert_error(&foreign, StatusCode::NOT_FOUND, "User");
    let still = app.get(&format!("/users/{u}/accounts/{a}")).await;
    assert_eq!(still.status, StatusCode::OK);
}

#[tokio::test]
async fn manual_transactions_join_and_leave_a_series_at_once() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let (a, _) = jar(&app, &u).await;
    let path = format!("/users/{u}/accounts/{a}/transactions");
    let mut guids = Vec::new();
    for date in ["2024-01-05", "2024-02-05", "2024-03-05"] {
        let body = json!({"transaction": {"amount": 40, "date": date,
                                          "description": "Dog walker", "type": "DEBIT"}});
        let created = app.post_json(&path, body).await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.text);
        // Two payments are not a series yet; the third makes one, without aggregating.
        assert_eq!(created.body["is_recurring"], guids.len() == 2, "{date}");
        guids.push(s(&created.body["guid"]));
    }
    let recurring = |t: Value| t["transaction"]["is_recurring"].clone();
    let first = app
        .get(&format!("/users/{u}/transactions/{}", guids[0]))
        .await;
    assert_eq!(recurring(first.body), true);
    let series = app.get(&format!("/users/{u}/repeating_transactions")).await;
    let listed = &series.body["repeating_transactions"];
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{}", series.text);
    assert_eq!(listed[0]["recurrence_type"], "EVERY_MONTH");

    let deleted = app
        .delete(&format!("/users/{u}/transactions/{}", guids[2]))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let first = app
        .get(&format!("/users/{u}/transactions/{}", guids[0]))
        .await;
    assert_eq!(recurring(first.body), false, "two payments left");
}
