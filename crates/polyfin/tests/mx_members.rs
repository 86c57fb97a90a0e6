#![allow(clippy::unwrap_used, clippy::expect_used)]
mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::spawn_app;

async fn user(app: &support::TestApp) -> String {
    app.create_user(json!({})).await
}

fn guid(reply: &support::Reply) -> String {
    reply.body["member"]["guid"]
        .as_str()
        .expect("member guid")
        .to_owned()
}

#[tokio::test]
async fn clean_connect_aggregates_accounts_and_transactions() {
    let app = spawn_app().await;
    let u = user(&app).await;
    let created = app.create_member(&u, "mxbank", "password").await;
    assert_eq!(created.status, StatusCode::ACCEPTED, "{}", created.text);
    assert_eq!(created.body["member"]["name"], "MX Bank");
    assert!(created.body["member"].get("most_recent_job_guid").is_none());
    let m = guid(&created);
    let status = app.settle(&u, &m).await;
    assert_eq!(status["connection_status"], "CONNECTED");
    assert_eq!(status["has_processed_accounts"], true);
    assert_eq!(status["has_processed_transactions"], true);
    assert!(status.get("challenges").is_none());

    let accounts = app.get(&format!("/users/{u}/members/{m}/accounts")).await;
    let list = accounts.body["accounts"].as_array().expect("accounts");
    assert!((1..=5).contains(&list.len()));
    assert!(list.iter().any(|a| a["type"] == "CHECKING"));
    assert!(list.iter().all(|a| a["balance"].is_number()));

    let transactions = app
        .get(&format!("/users/{u}/transactions?records_per_page=100"))
        .await;
    let total = transactions.body["pagination"]["total_entries"]
        .as_u64()
        .expect("total");
    assert!(total > 20, "{total}");
    let first = &transactions.body["transactions"][0];
    assert!(first["amount"].is_number());
    assert!(first["category_guid"]
        .as_str()
        .expect("category")
        .starts_with("CAT-"));
    let read = app
        .get(&format!(
            "/users/{u}/transactions/{}",
            first["guid"].as_str().expect("guid")
        ))
        .await;
    assert_eq!(read.body["transaction"]["guid"], first["guid"]);
    assert_eq!(read.body["transactions"][0]["guid"], first["guid"]);
    assert_eq!(
        app.get(&format!("/users/{u}/members/{m}/challenges"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn two_step_text_mfa_then_connected() {
    let app = spawn_app().await;
    let u = user(&app).await;
    let m = guid(&app.create_member(&u, "mxbank", "challenge").await);
    let status = app.settle(&u, &m).await;
    assert_eq!(status["connection_status"], "CHALLENGED");
    assert_eq!(status["is_being_aggregated"], true);
    let first = status["challenges"][0]["guid"]
        .as_str()
        .expect("challenge")
        .to_owned();
    assert_eq!(status["challenges"][0]["type"], "TEXT");

    let resume = |guid: String, value: &'static str| {
        let body = json!({"member": {"challenges": [{"guid": guid, "value": value}]}});
        let path = format!("/users/{u}/members/{m}/resume");
        let app = &app;
        async move { app.put_json(&path, body).await }
    };
    let resumed = resume(first.clone(), "challenge").await;
    assert_eq!(resumed.status, StatusCode::ACCEPTED);
    assert_eq!(resumed.body["member"]["connection_status"], "RESUMED");
    let status = app.settle(&u, &m).await;
    assert_eq!(status["connection_status"], "CHALLENGED");
    let second = status["challenges"][0]["guid"]
        .as_str()
        .expect("challenge")
        .to_owned();
    assert_ne!(first, second);
    resume(second, "correct").await;
    assert_eq!(app.settle(&u, &m).await["connection_status"], "CONNECTED");

    let again = resume(first, "correct").await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn unanswered_mfa_expires_when_the_clock_moves() {
    let app = spawn_app().await;
    let u = user(&app).await;
    let m = guid(&app.create_member(&u, "mxbank", "options").await);
    assert_eq!(app.settle(&u, &m).await["connection_status"], "CHALLENGED");
    app.app_engine.run_sweeps().await.expect("sweep");
    assert_eq!(app.settle(&u, &m).await["connection_status"], "CHALLENGED");
    app.clock.advance(time::Duration::minutes(11));
    app.app_engine.run_sweeps().await.expect("sweep");
    let status = app.settle(&u, &m).await;
    assert_eq!(status["connection_status"], "EXPIRED");
    assert_eq!(status["is_being_aggregated"], false);
}

#[tokio::test]
async fn job_rules_conflict_throttle_and_balance() {
    let app = spawn_app().await;
    let u = user(&app).await;
    // A challenged MX Bank member keeps its aggregation running.
    let challenged = guid(&app.create_member(&u, "mxbank", "challenge").await);
    app.settle(&u, &challenged).await;
    let path = |action: &str| format!("/users/{u}/members/{challenged}/{action}");
    assert_eq!(
        app.post_json(&path("aggregate"), json!({})).await.status,
        StatusCode::ACCEPTED
    );
    let conflict = app.post_json(&path("check_balance"), json!({})).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    conflict.mx_error_message();

    // A normal institution is throttled for 3 hours after any job.
    let m = guid(&app.create_member(&u, "pnc", "password").await);
    let first = app.settle(&u, &m).await;
    let throttled = app
        .post_json(&format!("/users/{u}/members/{m}/aggregate"), json!({}))
        .await;
    assert_eq!(throttled.status, StatusCode::ACCEPTED);
    assert_eq!(
        throttled.body["member"]["aggregated_at"],
        first["aggregated_at"]
    );
    assert_eq!(throttled.body["member"]["is_being_aggregated"], false);
    let balance = app
        .post_json(&format!("/users/{u}/members/{m}/check_balance"), json!({}))
        .await;
    assert_eq!(balance.status, StatusCode::ACCEPTED);
    app.settle(&u, &m).await;
    let again = app
        .post_json(&format!("/users/{u}/members/{m}/check_balance"), json!({}))
        .await;
    assert_eq!(again.status, StatusCode::TOO_MANY_REQUESTS);
    app.clock
        .advance(time::Duration::hours(3) + time::Duration::seconds(1));
    let started = app
        .post_json(&format!("/users/{u}/members/{m}/aggregate"), json!({}))
        .await;
    assert_ne!(
        started.body["member"]["aggregated_at"],
        first["aggregated_at"]
    );
}

#[tokio::test]
async fn denied_then_updated_credentials_connect() {
    let app = spawn_app().await;
    let u = user(&app).await;
    let m = guid(&app.create_member(&u, "mxbank", "UNAUTHORIZED").await);
    let status = app.settle(&u, &m).await;
    assert_eq!(status["connection_status"], "DENIED");
    let credentials = app
        .credentials_for("mxbank", &["someone", "password"])
        .await;
    let updated = app
        .put_json(
            &format!("/users/{u}/members/{m}"),
            json!({"member": {"credentials": credentials}}),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
    assert_eq!(updated.body["member"]["connection_status"], "UPDATED");
    assert_eq!(app.settle(&u, &m).await["connection_status"], "CONNECTED");
}

async fn all_transactions(app: &support::TestApp, path: &str) -> Vec<Value> {
    let reply = app.get(path).await;
    reply.body["transactions"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn second_aggregation_posts_pending_without_duplicates() {
    let app = spawn_app().await;
    let u = user(&app).await;
    let m = guid(&app.create_member(&u, "mxbank", "password").await);
    app.settle(&u, &m).await;
    let path = format!("/users/{u}/members/{m}/transactions?records_per_page=1000&from_date=2000-01-01&to_date=2100-01-01");
    let before: Vec<Value> = all_transactions(&app, &path).await;
    let pending: Vec<&Value> = before.iter().filter(|t| t["status"] == "PENDING").collect();
    app.clock.advance(time::Duration::days(3));
    app.post_json(&format!("/users/{u}/members/{m}/aggregate"), json!({}))
        .await;
    app.settle(&u, &m).await;
    let after = all_transactions(&app, &path).await;
    assert!(after.len() > before.len());
    let guids: std::collections::HashSet<&str> =
        after.iter().filter_map(|t| t["guid"].as_str()).collect();
    assert_eq!(guids.len(), after.len(), "no duplicates");
    for old in &before {
        assert!(guids.contains(old["guid"].as_str().expect("guid")));
    }
    for p in pending {
        let now = after
            .iter()
            .find(|t| t["guid"] == p["guid"])
            .expect("still there");
        assert_eq!(now["status"], "POSTED", "{now}");
        assert_eq!(now["amount"], p["amount"]);
    }
}

#[tokio::test]
async fn deleting_a_member_removes_its_data() {
    let app = spawn_app().await;
    let u = user(&app).await;
    let m = guid(&app.create_member(&u, "mxbank", "password").await);
    app.settle(&u, &m).await;
    let transactions = app.get(&format!("/users/{u}/transactions")).await;
    let t = transactions.body["transactions"][0]["guid"]
        .as_str()
        .expect("txn")
        .to_owned();
    assert_eq!(
        app.delete(&format!("/users/{u}/members/{m}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get(&format!("/users/{u}/members/{m}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/users/{u}/transactions/{t}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let accounts = app.get(&format!("/users/{u}/accounts")).await;
    assert_eq!(accounts.body["pagination"]["total_entries"], 0);
}

#[tokio::test]
async fn bad_member_input_is_4xx_and_writes_nothing() {
    let app = spawn_app().await;
    let u = user(&app).await;
    let good = app
        .credentials_for("mxbank", &["someone", "password"])
        .await;
    let cases = [
        (
            json!({"member": {"institution_code": "nope", "credentials": good}}),
            404,
        ),
        (json!({"member": {"credentials": good}}), 400),
        (
            json!({"member": {"institution_code": "mxbank", "credentials": [good[0]]}}),
            400,
        ),
        (
            json!({"member": {"institution_code": "mxbank",
                   "credentials": [good[0], good[1], {"guid": "CRD-nope", "value": "x"}]}}),
            422,
        ),
        (
            json!({"member": {"institution_code": "mxbank", "credentials": "x"}}),
            400,
        ),
        (
            json!({"member": {"institution_code": "mxbank", "is_oauth": true, "credentials": []}}),
            400,
        ),
        (
            json!({"member": {"institution_code": "mxbank", "credentials": good}, "referral_source": "NOPE"}),
            400,
        ),
    ];
    for (body, status) in cases {
        let reply = app
            .post_json(&format!("/users/{u}/members"), body.clone())
            .await;
        assert_eq!(reply.status.as_u16(), status, "{body}: {}", reply.text);
        reply.mx_error_message();
    }
    let members = app.get(&format!("/users/{u}/members")).await;
    assert_eq!(members.body["pagination"]["total_entries"], 0);

    for n in 0..25 {
        let reply = app
            .post_json(
                &format!("/users/{u}/members"),
                json!({"member": {"institution_code": "mxbank", "credentials": good, "skip_aggregation": true, "id": format!("m{n}")}}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK);
    }
    let over = app
        .post_json(
            &format!("/users/{u}/members"),
            json!({"member": {"institution_code": "mxbank", "credentials": good}}),
        )
        .await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.get(&format!("/users/{u}/members")).await.body["pagination"]["total_entries"],
        25
    );
}

#[tokio::test]
async fn oauth_authorize_and_deny_over_http() {
    let app = spawn_app().await;
    let u = user(&app).await;
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    for (decision, expected) in [("authorize", "CONNECTED"), ("deny", "DENIED")] {
        let created = app
            .post_json(
                &format!("/users/{u}/members"),
                json!({"member": {"institution_code": "mx_bank_oauth", "is_oauth": true, "credentials": []},
                       "referral_source": "APP", "ui_message_webview_url_scheme": "myapp"}),
            )
            .await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.text);
        assert_eq!(created.body["member"]["connection_status"], "PENDING");
        let m = guid(&created);
        let uri = created.body["member"]["oauth_window_uri"]
            .as_str()
            .expect("uri")
            .to_owned();
        let page = app.http.get(&uri).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.expect("html");
        let action = html
            .split("action=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("form");
        let done = no_redirects
            .post(format!("{}{action}", app.base_url))
            .form(&[("decision", decision)])
            .send()
            .await
            .expect("decision");
        assert_eq!(done.status(), StatusCode::SEE_OTHER);
        let location = done.headers()["location"]
            .to_str()
            .expect("location")
            .to_owned();
        assert!(
            location.starts_with("myapp://oauth_complete?status="),
            "{location}"
        );
        assert_eq!(app.settle(&u, &m).await["connection_status"], expected);
        let reused = no_redirects
            .post(format!("{}{action}", app.base_url))
            .form(&[("decision", decision)])
            .send()
            .await
            .expect("reuse");
        assert_eq!(reused.status(), StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn pending_oauth_members_are_removed_after_an_hour() {
    let app = spawn_app().await;
    let u = user(&app).await;
    let created = app
        .post_json(
            &format!("/users/{u}/members"),
            json!({"member": {"institution_code": "mx_bank_oauth", "is_oauth": true, "credentials": []}}),
        )
        .await;
    let m = guid(&created);
    app.clock.advance(time::Duration::minutes(61));
    app.app_engine.run_sweeps().await.expect("sweep");
    assert_eq!(
        app.get(&format!("/users/{u}/members/{m}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn eligible_members_refresh_every_day_in_the_background() {
    let app = spawn_app().await;
    let u = user(&app).await;
    let m = guid(&app.create_member(&u, "pnc", "password").await);
    let first = app.settle(&u, &m).await["aggregated_at"].clone();
    let off = app.create_user(json!({})).await;
    let quiet = guid(&app.create_member(&off, "pnc", "password").await);
    app.settle(&off, &quiet).await;
    app.put_json(
        &format!("/users/{off}/members/{quiet}"),
        json!({"member": {"background_aggregation_is_disabled": true}}),
    )
    .await;
    let quiet_first = app.settle(&off, &quiet).await["aggregated_at"].clone();

    app.clock.advance(time::Duration::hours(23));
    let report = app.app_engine.run_sweeps().await.expect("sweep");
    assert_eq!(report.refreshed, 0);
    app.clock.advance(time::Duration::hours(2));
    let report = app.app_engine.run_sweeps().await.expect("sweep");
    assert_eq!(report.refreshed, 1);
    let refreshed = app.settle(&u, &m).await;
    assert_ne!(refreshed["aggregated_at"], first);
    assert_eq!(refreshed["connection_status"], "CONNECTED");
    assert_eq!(app.settle(&off, &quiet).await["aggregated_at"], quiet_first);
}

#[tokio::test]
async fn a_member_created_without_aggregation_waits_for_its_own_first_job() {
    // The Connect widget creates members with skip_aggregation and then starts the job
    // its mode needs: a background refresh taking the new member first would answer
    // the widget's verification request with an aggregation job.
    let app = spawn_app().await;
    let u = user(&app).await;
    let good = app
        .credentials_for("mxbank", &["someone", "password"])
        .await;
    let reply = app
        .post_json(
            &format!("/users/{u}/members"),
            json!({"member": {"institution_code": "mxbank", "credentials": good, "skip_aggregation": true}}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    // Only this test's sweeps from here: the server's own would race them.
    app.stop().await;
    let report = app.app_engine.run_sweeps().await.expect("sweep");
    assert_eq!(report.refreshed, 0);
    app.clock.advance(time::Duration::hours(25));
    let report = app.app_engine.run_sweeps().await.expect("sweep");
    assert_eq!(report.refreshed, 1);
}

#[tokio::test]
async fn account_lists_filter_by_manual_and_managed() {
    let app = spawn_app().await;
    let u = user(&app).await;
    let m = guid(&app.create_member(&u, "mxbank", "password").await);
    app.settle(&u, &m).await;
    let manual = app
        .post_json(
            &format!("/users/{u}/accounts"),
            json!({"account": {"name": "Cash jar", "account_type": "CASH", "balance": 12.5}}),
        )
        .await;
    assert_eq!(manual.status, StatusCode::OK, "{}", manual.text);
    let managed = app
        .post_json(
            &format!("/users/{u}/managed_members"),
            json!({"member": {"institution_code": "mxbank"}}),
        )
        .await;
    assert_eq!(managed.status, StatusCode::ACCEPTED, "{}", managed.text);
    let mm = guid(&managed);
    let account = app
        .post_json(
            &format!("/users/{u}/managed_members/{mm}/accounts"),
            json!({"account": {"id": "partner-acct-1", "name": "Partner checking", "type": "CHECKING", "balance": 99.99}}),
        )
        .await;
    assert_eq!(account.status, StatusCode::OK, "{}", account.text);

    let names = |reply: &support::Reply| -> Vec<String> {
        reply.body["accounts"]
            .as_array()
            .expect("accounts")
            .iter()
            .map(|a| a["name"].as_str().expect("name").to_owned())
            .collect()
    };
    let all = app
        .get(&format!("/users/{u}/accounts?records_per_page=100"))
        .await;
    let total = names(&all).len();
    assert!(total >= 3);
    let manual_only = app
        .get(&format!("/users/{u}/accounts?is_manual=True"))
        .await;
    assert_eq!(names(&manual_only), ["Cash jar"]);
    let partner = app
        .get(&format!(
            "/users/{u}/accounts?member_is_managed_by_user=False"
        ))
        .await;
    assert_eq!(names(&partner), ["Partner checking"]);
    let neither = app
        .get(&format!(
            "/users/{u}/accounts?is_manual=True&member_is_managed_by_user=False"
        ))
        .await;
    assert_eq!(neither.body["pagination"]["total_entries"], 0);
    let aggregated = app
        .get(&format!("/users/{u}/accounts?is_manual=False&member_is_managed_by_user=True&records_per_page=100"))
        .await;
    assert_eq!(names(&aggregated).len(), total - 2);
    let bad = app
        .get(&format!("/users/{u}/accounts?is_manual=perhaps"))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}
