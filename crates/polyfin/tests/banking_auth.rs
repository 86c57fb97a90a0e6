#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `/banking` bearer tokens: issue, expiry, revocation, and the 401 problem.
mod banking_support;
mod support;

use banking_support::*;
use reqwest::StatusCode;
use serde_json::json;
use support::spawn_app;

#[tokio::test]
async fn tokens_are_issued_for_online_banking_credentials() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    let reply = app
        .send(
            app.http
                .post(format!("{}/banking/token", app.base_url))
                .form(&[("username", "max"), ("password", PASSWORD)]),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.body["token_type"], "Bearer");
    assert_eq!(reply.body["expires_in"], 3600);
    assert_eq!(reply.body["customerId"], bank.customer.as_str());
    let token = reply.body["access_token"].as_str().unwrap();
    assert_eq!(get(&app, token, "/accounts").await.status, StatusCode::OK);

    for (username, password) in [("max", "wrong password"), ("nobody", PASSWORD)] {
        let reply = app
            .send(
                app.http
                    .post(format!("{}/banking/token", app.base_url))
                    .json(&json!({"username": username, "password": password})),
            )
            .await;
        assert_problem(&reply, 401, "unauthorized");
    }
    let reply = app
        .send(
            app.http
                .post(format!("{}/banking/token", app.base_url))
                .header("Content-Type", "text/plain")
                .body("max"),
        )
        .await;
    assert_problem(&reply, 415, "unsupportedMediaType");
}

#[tokio::test]
async fn operations_need_a_live_bearer_token() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    let reply = app
        .send(app.http.get(format!("{}/banking/accounts", app.base_url)))
        .await;
    assert_problem(&reply, 401, "unauthorized");
    let challenge = app
        .http
        .get(format!("{}/banking/transfers", app.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(
        challenge.headers()["www-authenticate"],
        "Bearer realm=\"banking\""
    );
    assert_problem(
        &get(&app, "pfb_not-a-token", "/accounts").await,
        401,
        "unauthorized",
    );

    // Expiry: an hour later the token is refused as an expired session.
    app.clock.advance(time::Duration::minutes(59));
    assert_eq!(
        get(&app, &bank.token, "/accounts").await.status,
        StatusCode::OK
    );
    app.clock.advance(time::Duration::minutes(2));
    assert_problem(
        &get(&app, &bank.token, "/accounts").await,
        401,
        "sessionExpired",
    );
}

#[tokio::test]
async fn revoked_tokens_stop_working_at_once() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    let other = token(&app, "max", PASSWORD).await;
    let reply = post(&app, &bank.token, "/token/revoke", json!({})).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    assert_problem(
        &get(&app, &bank.token, "/accounts").await,
        401,
        "unauthorized",
    );
    // Other tokens of the same customer are unaffected.
    assert_eq!(get(&app, &other, "/accounts").await.status, StatusCode::OK);
}
