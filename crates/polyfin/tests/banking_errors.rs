#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Error cases of the `/banking` operations that the other banking tests do not
//! reach: 403 `customerDisabled` on every operation, the remaining 422 transfer
//! rules, `listTransfers` parameter problems, and that a refused request changes
//! nothing.
mod banking_support;
mod support;

use banking_support::*;
use polyfin_ledger::ProductType;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::{spawn_app, TestApp};
use time::Duration;

/// Everything a customer can observe about their bank.
async fn observable_state(app: &TestApp, bank: &Bank) -> Vec<Value> {
    let mut seen = vec![
        get(app, &bank.token, "/transfers").await.body,
        get(app, &bank.token, "/accountBalances").await.body,
    ];
    for account in [&bank.checking, &bank.savings] {
        let path = format!("/accounts/{account}/transactions");
        seen.push(get(app, &bank.token, &path).await.body);
    }
    for body in &mut seen {
        for item in body["items"].as_array_mut().into_iter().flatten() {
            // Balances are stamped with the time they were read.
            item.as_object_mut().unwrap().remove("updatedAt");
        }
    }
    seen
}

#[tokio::test]
async fn every_operation_refuses_a_disabled_customer() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    let on = iso(today(&app) + Duration::days(3));
    let created = post(
        &app,
        &bank.token,
        "/transfers",
        transfer(
            &bank.checking,
            &bank.savings,
            "5.00",
            today(&app) + Duration::days(3),
        ),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.body["id"].as_str().unwrap().to_owned();
    app.app_engine
        .bank()
        .set_customer_disabled(BANK, &bank.customer, true)
        .await
        .unwrap();

    let checking = &bank.checking;
    let operations: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/accounts".into(), None),
        (Method::GET, format!("/accounts/{checking}"), None),
        (Method::GET, format!("/accountBalances?accounts={checking}"), None),
        (
            Method::GET,
            "/institutionByLocator?locator=503000206&locatorType=abaRoutingNumber&countryCode=US"
                .into(),
            None,
        ),
        (
            Method::GET,
            format!("/institutions/POLYFIN/transferSchedule?startsOn={on}&direction=debit&frequency=once"),
            None,
        ),
        (Method::GET, format!("/accounts/{checking}/transactions"), None),
        (Method::GET, "/transfers".into(), None),
        (
            Method::POST,
            "/transfers".into(),
            Some(transfer(&bank.checking, &bank.savings, "1.00", today(&app) + Duration::days(3))),
        ),
        (Method::GET, format!("/transfers/{id}"), None),
        (Method::PATCH, format!("/transfers/{id}"), Some(json!({"amount": "2.00"}))),
        (Method::DELETE, format!("/transfers/{id}"), None),
    ];
    for (method, path, body) in operations {
        let reply = call(&app, &bank.token, method.clone(), &path, body).await;
        assert_problem(&reply, 403, "customerDisabled");
    }
    let refused = app
        .send(
            app.http
                .post(format!("{}/banking/token", app.base_url))
                .json(&json!({"username": "max", "password": PASSWORD})),
        )
        .await;
    assert_problem(&refused, 403, "customerDisabled");

    // Re-enabled, the same token works again and nothing changed meanwhile.
    app.app_engine
        .bank()
        .set_customer_disabled(BANK, &bank.customer, false)
        .await
        .unwrap();
    let fetched = get(&app, &bank.token, &format!("/transfers/{id}")).await;
    assert_eq!(fetched.status, StatusCode::OK, "{}", fetched.text);
    assert_eq!(fetched.body["amount"], "5.00");
    let listed = get(&app, &bank.token, "/transfers").await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn refused_transfers_leave_nothing_behind() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    // Immediate transfers are funds-checked; execution only happens on business days.
    advance_to_business_day(&app, 0).await;
    let bank = Bank {
        token: token(&app, "max", PASSWORD).await,
        ..bank
    };
    let external_a = link_external(&app, &bank.customer, ProductType::Checking).await;
    let external_b = link_external(&app, &bank.customer, ProductType::Savings).await;
    let before = observable_state(&app, &bank).await;
    let now = today(&app);
    let cases = [
        (
            transfer(&external_a, &external_b, "1.00", now),
            422,
            "externalToExternalTransferNotAllowed",
        ),
        (
            transfer(&bank.checking, &bank.savings, "1000.01", now),
            422,
            "insufficientFundsForTransfer",
        ),
        (
            transfer(&bank.checking, &bank.savings, "0.00", now),
            422,
            "nonPositiveAmount",
        ),
        (
            json!({"amount": "1.00", "sourceAccount": {"id": bank.checking},
                   "targetAccount": {"id": bank.savings}, "destinationAccount": {"id": bank.savings},
                   "schedule": {"scheduledOn": iso(now), "frequency": "once"}}),
            400,
            "badRequest",
        ),
    ];
    for (body, status, kind) in cases {
        assert_problem(
            &post(&app, &bank.token, "/transfers", body).await,
            status,
            kind,
        );
    }
    // An external source is allowed: money comes in through ACH clearing.
    let inbound = post(
        &app,
        &bank.token,
        "/transfers",
        transfer(
            &external_a,
            &bank.checking,
            "10.00",
            now + Duration::days(1),
        ),
    )
    .await;
    assert_eq!(inbound.status, StatusCode::CREATED, "{}", inbound.text);
    assert_eq!(inbound.body["sourceAccount"]["location"], "external");
    let id = inbound.body["id"].as_str().unwrap().to_owned();

    // A refused patch changes nothing either.
    let overdraw = call(
        &app,
        &bank.token,
        Method::PATCH,
        &format!("/transfers/{id}"),
        Some(
            json!({"sourceAccount": {"id": bank.checking}, "targetAccount": {"id": external_a},
                    "amount": "5000.00", "schedule": {"scheduledOn": iso(now)}}),
        ),
    )
    .await;
    assert_problem(&overdraw, 422, "insufficientFundsForTransfer");
    let same = call(
        &app,
        &bank.token,
        Method::PATCH,
        &format!("/transfers/{id}"),
        Some(json!({"targetAccount": {"id": external_a}})),
    )
    .await;
    assert_problem(&same, 422, "sameSourceAndTargetTransferAccounts");
    let unchanged = get(&app, &bank.token, &format!("/transfers/{id}")).await;
    assert_eq!(unchanged.body, inbound.body);
    let deleted = call(
        &app,
        &bank.token,
        Method::DELETE,
        &format!("/transfers/{id}"),
        None,
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(observable_state(&app, &bank).await, before);
}

#[tokio::test]
async fn list_transfers_checks_its_parameters() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    for bad in [
        "?historical=yes",
        "?scheduledOn=2022-13-01",
        "?scheduledOn=%5B,%5D",
        "?limit=1001",
        "?start=not-a-cursor",
    ] {
        let reply = get(&app, &bank.token, &format!("/transfers{bad}")).await;
        assert_problem(&reply, 400, "badRequest");
        assert!(
            reply.body["attributes"]["parameter"].is_string(),
            "{}",
            reply.text
        );
    }
    let reversed = get(
        &app,
        &bank.token,
        "/transfers?scheduledOn=%5B2026-06-01,2026-05-01%5D",
    )
    .await;
    assert_problem(&reversed, 422, "unprocessableEntity");
    for missing in ["/transfers/no-such-transfer", "/transfers/x"] {
        assert_problem(&get(&app, &bank.token, missing).await, 404, "notFound");
        let deleted = call(&app, &bank.token, Method::DELETE, missing, None).await;
        assert_problem(&deleted, 404, "notFound");
    }
}
