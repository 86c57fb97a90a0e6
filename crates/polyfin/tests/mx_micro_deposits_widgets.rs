//! Micro-deposits (INITIATED → DEPOSITED on the clock → VERIFIED, or PREVENTED after
//! three wrong pairs) and widget URLs (an honest page, options kept once for ten
//! minutes) through the MX dialect.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod supplied;
mod support;

use polyfin_domain::ids::ClientId;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use supplied::{as_stranger, assert_error, assert_refused, s, total};
use support::{spawn_app, TestApp};

fn details() -> Value {
    json!({"account_number": "3331261", "account_type": "checking", "routing_number": "091000019"})
}

async fn create(app: &TestApp, u: &str, details: Value) -> Value {
    let path = format!("/users/{u}/micro_deposits");
    let reply = app
        .post_json(&path, json!({ "micro_deposit": details }))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let items = reply.body["micro_deposit"].as_array().expect("an array");
    assert_eq!(items.len(), 1, "{}", reply.text);
    items[0].clone()
}

/// The two amounts deposited, as the engine fixed them for this micro-deposit.
async fn deposit_amounts(app: &TestApp, u: &str, guid: &str) -> (String, String) {
    let client = ClientId::parse(&app.client_id).expect("client id");
    let user = app.app_engine.users().get(&client, u).await.expect("user");
    let md = app.app_engine.micro_deposits();
    let (a, b) = md.get(&user, guid).await.expect("micro-deposit").amounts();
    (a.to_string(), b.to_string())
}

/// Moves past the deposit day and sweeps (the server's own sweep loop may get there
/// first; either way no read is needed to land the deposits).
async fn land_deposits(app: &TestApp) {
    app.clock.advance(time::Duration::days(4));
    app.app_engine.run_sweeps().await.expect("sweeps");
}

async fn verify(app: &TestApp, guid: &str, a: &str, b: &str) -> support::Reply {
    let body =
        format!(r#"{{"micro_deposit": {{"deposit_amount_1": {a}, "deposit_amount_2": {b}}}}}"#);
    let request = app
        .request(Method::PUT, &format!("/micro_deposits/{guid}/verify"))
        .header("Accept", "application/json")
        .header("Content-Type", "application/json");
    app.send(request.body(body)).await
}

async fn status_of(app: &TestApp, u: &str, guid: &str) -> Value {
    let read = app.get(&format!("/users/{u}/micro_deposits/{guid}")).await;
    read.body["micro_deposit"][0]["status"].clone()
}

#[tokio::test]
async fn micro_deposits_verify_after_they_land() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let item = create(&app, &u, details()).await;
    assert_eq!(
        (&item["status"], &item["account_type"]),
        (&json!("INITIATED"), &json!("CHECKING"))
    );
    assert_eq!(item["account_number"], "3331261");
    assert_eq!(item["routing_number"], "091000019");
    let guid = s(&item["guid"]);
    assert!(guid.starts_with("MIC-"), "{guid}");
    let (a, b) = deposit_amounts(&app, &u, &guid).await;
    let early = verify(&app, &guid, &a, &b).await;
    assert_error(&early, StatusCode::UNPROCESSABLE_ENTITY, "not landed");
    land_deposits(&app).await;
    assert_eq!(status_of(&app, &u, &guid).await, "DEPOSITED");

    let verified = verify(&app, &guid, &b, &a).await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.text);
    assert_eq!(verified.body["micro_deposit"][0]["status"], "VERIFIED");
    assert!(verified.body["micro_deposit"][0]["verified_at"].is_string());
    let again = verify(&app, &guid, &a, &b).await;
    assert_error(&again, StatusCode::UNPROCESSABLE_ENTITY, "VERIFIED");
}

#[tokio::test]
async fn three_wrong_pairs_end_prevented() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let guid = s(&create(&app, &u, details()).await["guid"]);
    let (a, b) = deposit_amounts(&app, &u, &guid).await;
    let wrong = ["0.99", "0.98", "0.97"]
        .into_iter()
        .find(|w| *w != a && *w != b)
        .expect("a wrong amount");
    land_deposits(&app).await;
    for expected in ["DENIED", "DENIED", "PREVENTED"] {
        let reply = verify(&app, &guid, wrong, &b).await;
        assert_eq!(
            reply.body["micro_deposit"][0]["status"], expected,
            "{}",
            reply.text
        );
    }
    let late = verify(&app, &guid, &a, &b).await;
    assert_error(&late, StatusCode::UNPROCESSABLE_ENTITY, "PREVENTED");
    let verifications = app.get(&format!("/users/{u}/account_verifications")).await;
    assert_eq!(
        verifications.body["micro_deposit"][0]["status"],
        "PREVENTED"
    );
    let path = format!("/users/{u}/micro_deposits/{guid}");
    assert_eq!(app.delete(&path).await.status, StatusCode::NO_CONTENT);
    assert_error(
        &app.get(&path).await,
        StatusCode::NOT_FOUND,
        "Micro-deposit",
    );
}

#[tokio::test]
async fn bad_micro_deposits_are_refused() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let path = format!("/users/{u}/micro_deposits");
    let bad = StatusCode::BAD_REQUEST;
    let cases = [
        (
            json!({"routing_number": "091000018"}),
            bad,
            "micro_deposit.routing_number",
        ),
        (
            json!({"account_number": "33a"}),
            bad,
            "micro_deposit.account_number",
        ),
        (
            json!({"account_type": "BROKERAGE"}),
            bad,
            "micro_deposit.account_type",
        ),
        (
            json!({"account_number": null}),
            bad,
            "micro_deposit.account_number",
        ),
        (
            json!({"account_number": 3331261}),
            bad,
            "micro_deposit.account_number",
        ),
        (json!({"email": "nope"}), bad, "micro_deposit.email"),
    ];
    assert_refused(&app, &path, "micro_deposit", &details(), &cases).await;
    assert_eq!(total(&app, &path).await, 0);
    let person = json!({"email": "a@example.com", "first_name": "Ann", "last_name": "Lee",
                        "account_number": "", "account_type": "", "routing_number": ""});
    let pre = create(&app, &u, person).await;
    assert_eq!(
        (&pre["status"], &pre["account_number"]),
        (&json!("PREINITIATED"), &json!(""))
    );
}

#[tokio::test]
async fn verify_refuses_bad_amounts_and_other_clients() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let guid = s(&create(&app, &u, details()).await["guid"]);
    land_deposits(&app).await;
    let high = verify(&app, &guid, "1.50", "0.02").await;
    assert_error(&high, StatusCode::BAD_REQUEST, "deposit_amount_1");
    let negative = verify(&app, &guid, "0.01", "-0.02").await;
    assert_error(&negative, StatusCode::BAD_REQUEST, "deposit_amount_2");
    let unknown = verify(&app, "MIC-unknown", "0.01", "0.02").await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "Micro-deposit");
    let body = r#"{"micro_deposit": {"deposit_amount_1": 0.01, "deposit_amount_2": 0.02}}"#;
    let path = format!("/micro_deposits/{guid}/verify");
    let foreign = as_stranger(&app, Method::PUT, &path, body).await;
    assert_error(&foreign, StatusCode::NOT_FOUND, "Micro-deposit");
    let other = app.create_user(json!({})).await;
    let peek = app
        .get(&format!("/users/{other}/micro_deposits/{guid}"))
        .await;
    assert_error(&peek, StatusCode::NOT_FOUND, "Micro-deposit");
    assert_eq!(
        status_of(&app, &u, &guid).await,
        "DEPOSITED",
        "refusals use no attempt"
    );
}

async fn widget(app: &TestApp, u: &str, options: Value, language: &str) -> support::Reply {
    let request = app
        .request(Method::POST, &format!("/users/{u}/widget_urls"))
        .header("Accept-Language", language)
        .header("Content-Type", "application/json");
    let body = json!({ "widget_url": options });
    app.send(request.body(body.to_string())).await
}

#[tokio::test]
async fn every_widget_type_leads_to_an_honest_page() {
    let app = spawn_app().await;
    let u = app.create_user(json!({"id": "partner-user"})).await;
    for kind in polyfin_domain::widget::WIDGET_TYPES {
        let reply = widget(&app, &u, json!({ "widget_type": kind }), "en-US").await;
        assert_eq!(reply.status, StatusCode::OK, "{kind}: {}", reply.text);
        let body = &reply.body["widget_url"];
        assert_eq!(
            (&body["type"], &body["user_id"]),
            (&json!(kind), &json!("partner-user"))
        );
        let prefix = format!("{}/widgets/{kind}/", app.base_url);
        assert!(s(&body["url"]).starts_with(&prefix), "{body}");
    }
    let reply = widget(&app, &u, json!({"widget_type": "pulse_widget"}), "es").await;
    let page = app
        .http
        .get(s(&reply.body["widget_url"]["url"]))
        .send()
        .await;
    let page = page.expect("page");
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page
        .text()
        .await
        .expect("html")
        .contains("not available yet"));

    let path = format!("/users/{u}/connect_widget_url");
    let deprecated = app
        .post_json(&path, json!({"config": {"is_mobile_webview": true}}))
        .await;
    assert_eq!(
        deprecated.body["user"]["guid"],
        json!(u),
        "{}",
        deprecated.text
    );
    let url = s(&deprecated.body["user"]["connect_widget_url"]);
    assert!(url.contains("/widgets/connect_widget/"), "{url}");
}

#[tokio::test]
async fn widget_sessions_keep_the_options_once_for_ten_minutes() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let options = json!({"widget_type": "connect_widget", "mode": "verification",
                         "color_scheme": "DARK", "current_institution_code": "mxbank",
                         "disable_institution_search": true, "wait_for_full_aggregation": true});
    let reply = widget(&app, &u, options, "fr-CA,fr;q=0.8").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let url = s(&reply.body["widget_url"]["url"]);
    let token = url.rsplit('/').next().expect("token");
    let widgets = app.app_engine.widgets();
    let session = widgets.take(token).await.expect("first use");
    assert_eq!(session.language, "fr-CA");
    assert_eq!(session.options.mode.as_deref(), Some("verification"));
    assert_eq!(session.options.color_scheme.as_deref(), Some("dark"));
    assert_eq!(session.options.wait_for_full_aggregation, Some(true));
    assert!(widgets.take(token).await.is_err(), "single use");

    let later = widget(&app, &u, json!({"widget_type": "accounts_widget"}), "de").await;
    let url = s(&later.body["widget_url"]["url"]);
    app.clock.advance(time::Duration::minutes(11));
    let token = url.rsplit('/').next().expect("token");
    assert!(
        widgets.take(token).await.is_err(),
        "expired after ten minutes"
    );
}

#[tokio::test]
async fn bad_widget_options_are_refused() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let path = format!("/users/{u}/widget_urls");
    let base = json!({"widget_type": "connect_widget"});
    let bad = StatusCode::BAD_REQUEST;
    let cases = [
        (json!({"widget_type": null}), bad, "widget_url.widget_type"),
        (
            json!({"widget_type": "teleport_widget"}),
            bad,
            "widget_url.widget_type",
        ),
        (
            json!({"color_scheme": "pink"}),
            bad,
            "widget_url.color_scheme",
        ),
        (json!({"mode": "sideways"}), bad, "widget_url.mode"),
        (
            json!({"disable_institution_search": true}),
            bad,
            "disable_institution_search",
        ),
        (
            json!({"is_mobile_webview": "yes"}),
            bad,
            "widget_url.is_mobile_webview",
        ),
        (
            json!({"current_member_guid": "MBR-unknown"}),
            StatusCode::NOT_FOUND,
            "Member",
        ),
        (
            json!({"current_institution_code": "nope"}),
            StatusCode::NOT_FOUND,
            "Institution",
        ),
    ];
    assert_refused(&app, &path, "widget_url", &base, &cases).await;
    assert_error(&app.post_json(&path, json!({})).await, bad, "widget_url");
    let deprecated = format!("/users/{u}/connect_widget_url");
    let reply = app
        .post_json(&deprecated, json!({"config": {"mode": "x"}}))
        .await;
    assert_error(&reply, bad, "config.mode");
}
