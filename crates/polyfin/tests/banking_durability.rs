#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `/banking` under concurrency, and across a restart on the same data directory.
mod banking_support;
mod support;

use banking_support::*;
use polyfin::Application;
use polyfin_ledger::TransferState;
use reqwest::StatusCode;
use std::sync::Arc;
use support::spawn_app;
use time::Duration;
use tokio_util::sync::CancellationToken;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_concurrent_transfers_out_of_sixty_dollars() {
    let app = spawn_app().await;
    create_bank(&app).await;
    let bank = customer(&app, "Max Pike", "max", "60.00").await;
    let on = today(&app) + Duration::days(2);
    let app = Arc::new(app);
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let app = app.clone();
        let body = transfer(&bank.checking, &bank.savings, "1.00", on);
        let token = bank.token.clone();
        tasks.push(tokio::spawn(async move {
            post(&app, &token, "/transfers", body).await
        }));
    }
    for task in tasks {
        let reply = task.await.unwrap();
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    }
    // Execute with several sweeps racing each other.
    advance_to_business_day(&app, 8).await;
    let sweeps: Vec<_> = (0..4)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { app.app_engine.run_sweeps().await.unwrap() })
        })
        .collect();
    for sweep in sweeps {
        sweep.await.unwrap();
    }
    let customer = bank.customer.clone();
    let states = app
        .app_engine
        .bank()
        .read(BANK, |ledger, _| {
            ledger
                .transfers(&customer)
                .iter()
                .map(|t| t.state())
                .collect::<Vec<_>>()
        })
        .await
        .unwrap();
    assert_eq!(states.len(), 100);
    let completed = states
        .iter()
        .filter(|s| **s == TransferState::Completed)
        .count();
    let failed = states
        .iter()
        .filter(|s| **s == TransferState::Failed)
        .count();
    assert_eq!((completed, failed), (60, 40));

    let token = token(&app, "max", PASSWORD).await;
    assert_eq!(
        balance(&app, &token, &bank.checking).await["available"],
        "0.00"
    );
    assert_eq!(
        balance(&app, &token, &bank.savings).await["available"],
        "310.00"
    );
    let listed = get(&app, &token, "/transfers?historical=true&limit=1000").await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 100);
    let debits = get(
        &app,
        &token,
        &format!("/accounts/{}/transactions?type=debit", bank.checking),
    )
    .await;
    assert_eq!(debits.body["items"].as_array().unwrap().len(), 60);
}

#[tokio::test]
async fn a_restart_loses_nothing() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    let on = today(&app) + Duration::days(1);
    let created = post(
        &app,
        &bank.token,
        "/transfers",
        transfer(&bank.checking, &bank.savings, "10.01", on),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let location = created.text.clone();
    let future = post(
        &app,
        &bank.token,
        "/transfers",
        transfer(
            &bank.checking,
            &bank.savings,
            "3.00",
            on + Duration::days(30),
        ),
    )
    .await;
    assert_eq!(future.status, StatusCode::CREATED, "{}", future.text);
    advance_to_business_day(&app, 5).await;
    let token = token(&app, "max", PASSWORD).await;
    let paths = [
        "/accounts".to_owned(),
        format!(
            "/accountBalances?accounts={},{}",
            bank.checking, bank.savings
        ),
        format!("/accounts/{}/transactions", bank.checking),
        "/transfers".to_owned(),
    ];
    let mut before = Vec::new();
    for path in &paths {
        before.push(get(&app, &token, path).await.body);
    }
    assert_eq!(before[1]["items"][0]["available"], "989.99", "{location}");

    // A second application on the same data directory, sharing the clock.
    let second = Application::build(&app.config, Arc::new(app.clock.clone()))
        .await
        .unwrap();
    let base = format!("http://{}", second.local_addr().unwrap());
    let shutdown = CancellationToken::new();
    tokio::spawn(second.run(shutdown.clone()));
    for (path, expected) in paths.iter().zip(&before) {
        let reply = app
            .send(
                app.http
                    .get(format!("{base}/banking{path}"))
                    .bearer_auth(&token),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        let mut body = reply.body.clone();
        let mut expected = expected.clone();
        for items in [&mut body, &mut expected] {
            if let Some(list) = items["items"].as_array_mut() {
                for item in list {
                    item.as_object_mut().unwrap().remove("updatedAt");
                }
            }
            items.as_object_mut().unwrap().remove("nextPage_url");
        }
        assert_eq!(body, expected, "{path}");
    }
    // Credentials survive too, and the restarted server keeps executing transfers.
    let fresh = app
        .send(
            app.http
                .post(format!("{base}/banking/token"))
                .json(&serde_json::json!({"username": "max", "password": PASSWORD})),
        )
        .await;
    assert_eq!(fresh.status, StatusCode::OK, "{}", fresh.text);
    shutdown.cancel();
}
