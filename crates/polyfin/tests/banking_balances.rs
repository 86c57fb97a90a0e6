#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `listAccountBalances`' 202 `incompleteAccountBalances` retry protocol (spec §1.10):
//! an IRA serviced by a custodian's core answers balance inquiries 5 seconds late.
mod banking_support;
mod support;

use banking_support::*;
use polyfin_engine::bank::OpenAccount;
use polyfin_ledger::{Location, ProductType};
use reqwest::StatusCode;
use serde_json::Value;
use support::{spawn_app, TestApp};

async fn custodial_ira(app: &TestApp, bank: &Bank) -> String {
    let open = OpenAccount {
        customer: bank.customer.clone(),
        product_type: ProductType::Ira,
        id: None,
        nickname: None,
        opening_balance: dec("7500.00"),
        location: Location::Internal,
        core_delay_seconds: Some(5),
    };
    let id = app
        .app_engine
        .bank()
        .open_account(BANK, open)
        .await
        .unwrap();
    id.as_str().to_owned()
}

/// A balances request: status, `Retry-After`, body.
struct Answer {
    status: StatusCode,
    retry_after: Option<String>,
    body: Value,
}

async fn balances(app: &TestApp, token: &str, path: &str) -> Answer {
    let response = app
        .http
        .get(format!("{}/banking{path}", app.base_url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = response.json().await.unwrap();
    Answer {
        status,
        retry_after,
        body,
    }
}

fn retry_after(answer: &Answer) -> Option<String> {
    answer.retry_after.clone()
}

#[tokio::test]
async fn slow_core_balances_follow_the_retry_protocol() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    let ira = custodial_ira(&app, &bank).await;
    let both = format!("/accountBalances?accounts={},{ira}", bank.checking);

    let asked_at = app.app_engine.bank().now().at;
    let first = balances(&app, &bank.token, &both).await;
    assert_eq!(first.status, StatusCode::ACCEPTED, "{}", first.body);
    assert_eq!(retry_after(&first).as_deref(), Some("5"));
    let items = first.body["items"].as_array().unwrap();
    assert_eq!(items[0]["id"], bank.checking.as_str());
    assert_eq!(items[0]["incomplete"], false);
    assert_eq!(items[0]["available"], "1000.00");
    assert_eq!(items[1], serde_json::json!({"id": ira, "incomplete": true}));
    assert_eq!(first.body["incompleteAccounts"], serde_json::json!([ira]));
    assert_eq!(first.body["retryCount"], 1);

    // Too early: the same inquiry is still out; the wait shrinks with the clock.
    let retry = format!("/accountBalances?accounts={ira}&retryCount=");
    let early = balances(&app, &bank.token, &format!("{retry}1")).await;
    assert_eq!(early.status, StatusCode::ACCEPTED, "{}", early.body);
    assert_eq!(early.body["retryCount"], 2);
    app.clock.advance(time::Duration::seconds(3));
    let later = balances(&app, &bank.token, &format!("{retry}2")).await;
    assert_eq!(later.body["retryCount"], 3);
    assert_eq!(retry_after(&later).as_deref(), Some("2"));

    // At the retry limit the client is told to stop.
    let limit = balances(&app, &bank.token, &format!("{retry}3")).await;
    assert_eq!(limit.status, StatusCode::ACCEPTED, "{}", limit.body);
    assert_eq!(retry_after(&limit), None);
    assert_eq!(limit.body["incompleteAccounts"], serde_json::json!([]));
    assert_eq!(limit.body["retryCount"], 3);
    assert_eq!(limit.body["items"][0]["incomplete"], true);

    // Once the core has answered, the balance is complete and stays so for a while.
    app.clock.advance(time::Duration::seconds(2));
    let ready_at = app.app_engine.bank().now().at;
    let done = balances(&app, &bank.token, &format!("{retry}1")).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let item = &done.body["items"][0];
    assert_eq!(item["available"], "7500.00");
    assert_eq!(item["incomplete"], false);
    // `updatedAt` is when the core answered: 5 s after the first inquiry, not now.
    let updated = time::OffsetDateTime::parse(
        item["updatedAt"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let answered = asked_at + time::Duration::seconds(5);
    assert!(
        updated >= answered - time::Duration::milliseconds(1) && updated <= ready_at,
        "{updated} not between {answered} and {ready_at}"
    );
    assert!(done.body.get("retryCount").is_none());
    let all = balances(&app, &bank.token, "/accountBalances").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert_eq!(all.body["items"].as_array().unwrap().len(), 4);

    // A stale answer is asked for again.
    app.clock.advance(time::Duration::seconds(61));
    let stale = balances(&app, &bank.token, &both).await;
    assert_eq!(stale.status, StatusCode::ACCEPTED, "{}", stale.body);
    assert_eq!(stale.body["retryCount"], 1);

    for bad in ["0", "11", "x"] {
        let reply = get(&app, &bank.token, &format!("{retry}{bad}")).await;
        assert_problem(&reply, 400, "badRequest");
        assert_eq!(reply.body["attributes"]["parameter"], "retryCount");
    }
}
