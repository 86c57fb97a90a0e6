//! Helpers for the `/banking` (Apiture) tests: a hosted bank with one customer and
//! three accounts, bearer-authenticated requests, and problem assertions.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use crate::support::{Reply, TestApp};
use polyfin_engine::bank::OpenAccount;
use polyfin_ledger::{AccountId, CustomerId, ProductType};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::str::FromStr;

pub const BANK: &str = "POLYFIN";
pub const PASSWORD: &str = "correct horse battery";

pub struct Bank {
    pub customer: CustomerId,
    pub token: String,
    pub checking: String,
    pub savings: String,
    pub cd: String,
}

pub fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

pub async fn create_bank(app: &TestApp) {
    app.app_engine
        .bank()
        .create_bank(BANK, "Polyfin Community Bank", "503000206")
        .await
        .expect("bank");
}

pub async fn open(
    app: &TestApp,
    customer: &CustomerId,
    kind: ProductType,
    balance: &str,
) -> String {
    let open = OpenAccount {
        customer: customer.clone(),
        product_type: kind,
        id: None,
        nickname: None,
        opening_balance: dec(balance),
        location: polyfin_ledger::Location::Internal,
        core_delay_seconds: None,
    };
    let id: AccountId = app
        .app_engine
        .bank()
        .open_account(BANK, open)
        .await
        .expect("account");
    id.as_str().to_owned()
}

/// Links an external account (another FI's, reached through ACH) for `customer`.
pub async fn link_external(app: &TestApp, customer: &CustomerId, kind: ProductType) -> String {
    let open = OpenAccount {
        customer: customer.clone(),
        product_type: kind,
        id: None,
        nickname: None,
        opening_balance: Decimal::ZERO,
        location: polyfin_ledger::Location::External,
        core_delay_seconds: None,
    };
    let id: AccountId = app
        .app_engine
        .bank()
        .open_account(BANK, open)
        .await
        .expect("external account");
    id.as_str().to_owned()
}

/// A customer `username` with checking (`checking` funds), savings 250.00, cd 5000.00.
pub async fn customer(app: &TestApp, name: &str, username: &str, checking: &str) -> Bank {
    let customer = app
        .app_engine
        .bank()
        .open_customer(BANK, name, username, PASSWORD)
        .await
        .expect("customer");
    let checking = open(app, &customer, ProductType::Checking, checking).await;
    let savings = open(app, &customer, ProductType::Savings, "250.00").await;
    let cd = open(app, &customer, ProductType::Cd, "5000.00").await;
    let token = token(app, username, PASSWORD).await;
    Bank {
        customer,
        token,
        checking,
        savings,
        cd,
    }
}

/// The bank plus Max Pike with 1000.00 in checking.
pub async fn setup(app: &TestApp) -> Bank {
    create_bank(app).await;
    customer(app, "Max Pike", "max", "1000.00").await
}

pub async fn token(app: &TestApp, username: &str, password: &str) -> String {
    let reply = app
        .send(
            app.http
                .post(format!("{}/banking/token", app.base_url))
                .json(&json!({"username": username, "password": password})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.body["access_token"].as_str().unwrap().to_owned()
}

pub async fn call(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Reply {
    let mut request = app
        .http
        .request(method, format!("{}/banking{path}", app.base_url))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/json")
            .body(body.to_string());
    }
    app.send(request).await
}

pub async fn get(app: &TestApp, token: &str, path: &str) -> Reply {
    call(app, token, Method::GET, path, None).await
}

pub async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> Reply {
    call(app, token, Method::POST, path, Some(body)).await
}

/// Asserts a `problemResponse` with this status and problem type name.
pub fn assert_problem(reply: &Reply, status: u16, kind: &str) {
    assert_eq!(reply.status.as_u16(), status, "{}", reply.text);
    assert_eq!(
        reply.content_type, "application/problem+json",
        "{}",
        reply.text
    );
    let body = &reply.body;
    assert_eq!(
        body["type"],
        format!("https://production.api.apiture.com/errors/{kind}/v1.0.0"),
        "{}",
        reply.text
    );
    assert_eq!(body["status"], status);
    for field in ["title", "detail", "id", "occurredAt", "instance"] {
        assert!(body[field].is_string(), "{field} missing: {}", reply.text);
    }
    let instance = body["instance"].as_str().unwrap();
    assert!(instance.starts_with("/banking/"), "{instance}");
    assert!(instance.ends_with(&format!("#{}", body["id"].as_str().unwrap())));
}

pub fn today(app: &TestApp) -> time::Date {
    app.app_engine.bank().now().today
}

pub fn iso(date: time::Date) -> String {
    polyfin_domain::clock::format_date(date)
}

/// A one-time transfer body.
pub fn transfer(from: &str, to: &str, amount: &str, on: time::Date) -> Value {
    json!({
        "amount": amount,
        "sourceAccount": {"id": from},
        "targetAccount": {"id": to},
        "schedule": {"scheduledOn": iso(on), "frequency": "once"},
    })
}

pub async fn balance(app: &TestApp, token: &str, account: &str) -> Value {
    let reply = get(app, token, &format!("/accountBalances?accounts={account}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.body["items"][0].clone()
}

/// Moves the clock at least `days` forward, on to a business day (execution only
/// happens on business days), and runs the sweeps.
pub async fn advance_to_business_day(app: &TestApp, days: i64) {
    app.clock.advance(time::Duration::days(days));
    let calendar = polyfin_ledger::Calendar::us_federal_reserve();
    while !calendar.is_business_day(today(app)) {
        app.clock.advance(time::Duration::days(1));
    }
    app.app_engine.run_sweeps().await.expect("sweeps");
}
