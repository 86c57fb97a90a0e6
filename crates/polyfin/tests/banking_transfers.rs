#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `/banking/transfers`: create, get, list, patch, delete, their problems, and
//! execution by the engine's clock.
mod banking_support;
mod support;

use banking_support::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use support::spawn_app;
use time::Duration;

#[tokio::test]
async fn create_get_list_patch_delete() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    let on = today(&app) + Duration::days(7);
    let mut body = transfer(&bank.checking, &bank.savings, "275.00", on);
    body["memo"] = "Cover check for car repair".into();
    let created = post(&app, &bank.token, "/transfers", body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let t = &created.body;
    let id = t["id"].as_str().unwrap();
    assert_eq!(t["state"], "scheduled");
    assert_eq!(t["amount"], "275.00");
    assert_eq!(t["updatedBy"], "Max Pike");
    assert_eq!(t["targetAccount"]["id"], bank.savings.as_str());
    assert_eq!(t["sourceAccount"]["type"], "checking");
    assert_eq!(t["sourceAccount"]["location"], "internal");
    assert_eq!(t["schedule"]["scheduledOn"], iso(on));
    assert!(t["createdAt"].as_str().unwrap().ends_with('Z'));
    assert!(t.get("processedAt").is_none());

    let fetched = get(&app, &bank.token, &format!("/transfers/{id}")).await;
    assert_eq!(fetched.status, StatusCode::OK, "{}", fetched.text);
    assert_eq!(fetched.body, created.body);

    let listed = get(&app, &bank.token, "/transfers?historical=false").await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
    let none = get(&app, &bank.token, "/transfers?historical=true").await;
    assert_eq!(none.body["items"].as_array().unwrap().len(), 0);
    let range = format!(
        "/transfers?scheduledOn=%5B{},%5D",
        iso(on + Duration::days(1))
    );
    assert_eq!(
        get(&app, &bank.token, &range).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );

    let patched = app
        .send(
            app.http
                .patch(format!("{}/banking/transfers/{id}", app.base_url))
                .bearer_auth(&bank.token)
                .header("Content-Type", "application/merge-patch+json")
                .body(json!({"amount": "300.00", "memo": null}).to_string()),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    assert_eq!(patched.body["amount"], "300.00");
    assert!(patched.body.get("memo").is_none());

    let deleted = call(
        &app,
        &bank.token,
        Method::DELETE,
        &format!("/transfers/{id}"),
        None,
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    assert_problem(
        &get(&app, &bank.token, &format!("/transfers/{id}")).await,
        404,
        "notFound",
    );
    let again = call(
        &app,
        &bank.token,
        Method::DELETE,
        &format!("/transfers/{id}"),
        None,
    )
    .await;
    assert_problem(&again, 404, "notFound");
}

#[tokio::test]
async fn transfer_problems_have_the_documented_statuses() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    let on = today(&app) + Duration::days(3);
    let cases = [
        (
            transfer(&bank.checking, &bank.savings, "0.00", on),
            422,
            "nonPositiveAmount",
        ),
        (
            transfer(&bank.checking, &bank.checking, "1.00", on),
            422,
            "sameSourceAndTargetTransferAccounts",
        ),
        (
            transfer("unknown-account", &bank.savings, "1.00", on),
            422,
            "invalidSourceAccountId",
        ),
        (
            transfer(&bank.checking, "unknown-account", "1.00", on),
            422,
            "invalidTargetAccountId",
        ),
        (
            transfer(&bank.cd, &bank.savings, "1.00", on),
            403,
            "cannotTransferFrom",
        ),
        (
            transfer(&bank.checking, &bank.cd, "1.00", on),
            403,
            "cannotTransferTo",
        ),
        (
            transfer(
                &bank.checking,
                &bank.savings,
                "1.00",
                today(&app) - Duration::days(2),
            ),
            422,
            "invalidTransferSchedule",
        ),
        (
            transfer(&bank.checking, &bank.savings, "1.5", on),
            400,
            "badRequest",
        ),
        (
            transfer(&bank.checking, &bank.savings, "-1.00", on),
            400,
            "badRequest",
        ),
        (json!({"amount": "1.00"}), 400, "badRequest"),
    ];
    for (body, status, kind) in cases {
        let reply = post(&app, &bank.token, "/transfers", body.clone()).await;
        assert_problem(&reply, status, kind);
    }
    let bad_json = app
        .send(
            app.http
                .post(format!("{}/banking/transfers", app.base_url))
                .bearer_auth(&bank.token)
                .header("Content-Type", "application/json")
                .body("{not json"),
        )
        .await;
    assert_problem(&bad_json, 400, "badRequest");
    let wrong_type = app
        .send(
            app.http
                .post(format!("{}/banking/transfers", app.base_url))
                .bearer_auth(&bank.token)
                .header("Content-Type", "text/plain")
                .body("{}"),
        )
        .await;
    assert_problem(&wrong_type, 415, "unsupportedMediaType");

    // Another customer's transfer is invisible.
    let created = post(
        &app,
        &bank.token,
        "/transfers",
        transfer(&bank.checking, &bank.savings, "5.00", on),
    )
    .await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    let other = customer(&app, "Ann Other", "ann", "10.00").await;
    assert_problem(
        &get(&app, &other.token, &format!("/transfers/{id}")).await,
        404,
        "notFound",
    );
    let patch = call(
        &app,
        &other.token,
        Method::PATCH,
        &format!("/transfers/{id}"),
        Some(json!({"amount": "1.00"})),
    )
    .await;
    assert_problem(&patch, 404, "notFound");
    let null_amount = call(
        &app,
        &bank.token,
        Method::PATCH,
        &format!("/transfers/{id}"),
        Some(json!({"amount": null})),
    )
    .await;
    assert_problem(&null_amount, 400, "badRequest");
    let past = json!({"schedule": {"scheduledOn": iso(today(&app) - Duration::days(3))}});
    let past = call(
        &app,
        &bank.token,
        Method::PATCH,
        &format!("/transfers/{id}"),
        Some(past),
    )
    .await;
    assert_problem(&past, 422, "invalidTransferSchedule");
}

#[tokio::test]
async fn a_transfer_executes_when_the_clock_reaches_its_business_day() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    let on = today(&app) + Duration::days(5);
    let created = post(
        &app,
        &bank.token,
        "/transfers",
        transfer(&bank.checking, &bank.savings, "125.40", on),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let location = format!("{}/banking/transfers/{id}", app.base_url);

    app.app_engine.run_sweeps().await.unwrap();
    assert_eq!(
        get(&app, &bank.token, &format!("/transfers/{id}"))
            .await
            .body["state"],
        "scheduled"
    );
    assert_eq!(
        balance(&app, &bank.token, &bank.checking).await["available"],
        "1000.00"
    );

    advance_to_business_day(&app, 5).await;
    let bank = Bank {
        token: token(&app, "max", PASSWORD).await,
        ..bank
    };
    let done = app
        .send(app.http.get(&location).bearer_auth(&bank.token))
        .await;
    assert_eq!(done.body["state"], "processed", "{}", done.text);
    assert!(done.body["processedAt"].is_string());
    assert_eq!(
        balance(&app, &bank.token, &bank.checking).await["available"],
        "874.60"
    );
    assert_eq!(
        balance(&app, &bank.token, &bank.savings).await["available"],
        "375.40"
    );
    let out = get(
        &app,
        &bank.token,
        &format!("/accounts/{}/transactions?type=debit", bank.checking),
    )
    .await;
    assert_eq!(out.body["items"][0]["amount"], "-125.40", "{}", out.text);
    assert_eq!(out.body["items"][0]["balance"], "874.60");
    let inward = get(
        &app,
        &bank.token,
        &format!("/accounts/{}/transactions?type=credit", bank.savings),
    )
    .await;
    assert_eq!(
        inward.body["items"][0]["amount"], "125.40",
        "{}",
        inward.text
    );
    let historical = get(&app, &bank.token, "/transfers?historical=true").await;
    assert_eq!(historical.body["items"].as_array().unwrap().len(), 1);
    // Processed transfers cannot be deleted or changed.
    let delete = call(
        &app,
        &bank.token,
        Method::DELETE,
        &format!("/transfers/{id}"),
        None,
    )
    .await;
    assert_problem(&delete, 409, "cannotDeleteProcessedTransfers");
    let patch = call(
        &app,
        &bank.token,
        Method::PATCH,
        &format!("/transfers/{id}"),
        Some(json!({"amount": "1.00"})),
    )
    .await;
    assert_problem(&patch, 422, "unprocessableEntity");
}
