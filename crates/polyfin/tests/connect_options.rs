//! Widget URL options the Connect backend acts on: `include_transactions` (whether the
//! widget's aggregation brings transactions), `oauth_referral_source` (where the OAuth
//! window sends the user back) and `current_institution_guid` (checked when the URL is
//! made, handed to the widget to boot into that institution).

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod connect_page;
mod support;

use connect_page::{open_session, open_session_for, Page};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::{spawn_app, TestApp};

async fn institution_guid(page: &Page<'_>, code: &str) -> String {
    let (status, body) = page.get(&format!("/institutions/{code}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["institution"]["guid"]
        .as_str()
        .expect("guid")
        .to_owned()
}

/// A member at MX Bank added and aggregated (job type 0) as the widget does.
async fn aggregated_member(page: &Page<'_>, login: &str) -> String {
    member_after_job(page, login, 0).await
}

/// A member at MX Bank added, then taken through the widget's job of `job_type`.
async fn member_after_job(page: &Page<'_>, login: &str, job_type: u8) -> String {
    let institution = institution_guid(page, "mxbank").await;
    let (_, creds) = page
        .get(&format!("/institutions/{institution}/credentials"))
        .await;
    let fields = creds["credentials"].as_array().expect("credentials");
    let credentials = json!([
        {"guid": fields[0]["guid"], "value": login},
        {"guid": fields[1]["guid"], "value": "password"},
    ]);
    let body = json!({"member": {"institution_guid": institution, "credentials": credentials}});
    let (status, created) = page
        .call(Method::POST, &page.users("/members"), Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let guid = created["member"]["guid"].as_str().expect("guid").to_owned();
    let jobs = page.users(&format!("/members/{guid}/jobs"));
    let (status, started) = page
        .call(Method::POST, &jobs, Some(json!({"job_type": job_type})))
        .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let settled = page.app.settle(&page.user, &guid).await;
    assert_eq!(
        settled["connection_status"],
        json!("CONNECTED"),
        "{settled}"
    );
    guid
}

/// The member's transactions and accounts, counted through the MX API.
async fn counts(app: &TestApp, user: &str, member: &str) -> (u64, u64) {
    let base = format!("/users/{user}/members/{member}");
    let total = |reply: support::Reply| {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        reply.body["pagination"]["total_entries"]
            .as_u64()
            .expect("total")
    };
    let transactions = app
        .get(&format!("{base}/transactions?from_date=2000-01-01"))
        .await;
    let accounts = app.get(&format!("{base}/accounts")).await;
    (total(transactions), total(accounts))
}

#[tokio::test]
async fn include_transactions_false_aggregates_accounts_only() {
    let app = spawn_app().await;
    let without = open_session(&app, json!({"include_transactions": false})).await;
    let bare = aggregated_member(&without, "ines").await;
    let (transactions, accounts) = counts(&app, &without.user, &bare).await;
    assert_eq!(transactions, 0, "no transactions were asked for");
    assert!(accounts > 0);

    // The default (aggregation mode) brings them, for the same user.
    let default = open_session_for(&app, without.user.clone(), json!({})).await;
    let full = aggregated_member(&default, "ivo").await;
    let (transactions, accounts) = counts(&app, &default.user, &full).await;
    assert!(transactions > 0 && accounts > 0);
}

#[tokio::test]
async fn include_transactions_true_in_verification_mode_brings_them() {
    let app = spawn_app().await;
    let verifying = json!({"mode": "verification"});
    let plain = open_session(&app, verifying.clone()).await;
    let bare = member_after_job(&plain, "vera", 1).await;
    let (transactions, accounts) = counts(&app, &plain.user, &bare).await;
    assert_eq!(transactions, 0, "verification alone brings no transactions");
    assert!(accounts > 0);

    let asked = json!({"mode": "verification", "include_transactions": true});
    let with = open_session_for(&app, plain.user.clone(), asked).await;
    let full = member_after_job(&with, "vito", 1).await;
    let (transactions, _) = counts(&app, &with.user, &full).await;
    assert!(
        transactions > 0,
        "the verification job fetched transactions too"
    );
    let numbers = app
        .get(&format!(
            "/users/{}/members/{full}/account_numbers",
            with.user
        ))
        .await;
    assert_eq!(numbers.status, StatusCode::OK, "{}", numbers.text);
    assert!(!numbers.body["account_numbers"]
        .as_array()
        .unwrap()
        .is_empty());
}

/// The `referral_source` of the OAuth window URI of a new OAuth member at
/// `mx_bank_oauth`, as the widget asks for it; and the URI.
async fn referral_source(app: &TestApp, options: Value) -> (String, String) {
    let page = open_session(app, options).await;
    let institution = institution_guid(&page, "mx_bank_oauth").await;
    let body =
        json!({"member": {"institution_guid": institution, "is_oauth": true, "credentials": []}});
    let (status, created) = page
        .call(Method::POST, &page.users("/members"), Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let guid = created["member"]["guid"].as_str().expect("guid");
    let path = page.users(&format!("/members/{guid}/oauth_window_uri"));
    let (status, reply) = page.get(&path).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    let uri = reply["member"]["oauth_window_uri"]
        .as_str()
        .expect("uri")
        .to_owned();
    let source = uri
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("referral_source="))
        .expect("referral_source in the URI")
        .to_owned();
    (source, uri)
}

#[tokio::test]
async fn oauth_referral_source_picks_where_the_window_returns() {
    let app = spawn_app().await;
    assert_eq!(referral_source(&app, json!({})).await.0, "BROWSER");
    assert_eq!(
        referral_source(&app, json!({"is_mobile_webview": true}))
            .await
            .0,
        "APP",
        "a webview defaults to APP"
    );
    let explicit = json!({"is_mobile_webview": true, "oauth_referral_source": "BROWSER"});
    assert_eq!(referral_source(&app, explicit).await.0, "BROWSER");

    // APP: approving at the provider redirects to the app's URL scheme.
    let options = json!({"oauth_referral_source": "APP", "ui_message_webview_url_scheme": "myapp"});
    let (source, uri) = referral_source(&app, options).await;
    assert_eq!(source, "APP");
    let html = app
        .http
        .get(&uri)
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    let action = html
        .split("action=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("form");
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let done = no_redirects
        .post(format!("{}{action}", app.base_url))
        .form(&[("decision", "authorize")])
        .send()
        .await
        .expect("decision");
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let location = done.headers()["location"].to_str().expect("location");
    assert!(
        location.starts_with("myapp://oauth_complete?status=success"),
        "{location}"
    );
}

/// The widget options the Connect page embeds for the widget (its `clientConfig`).
async fn client_config(app: &TestApp, user: &str, options: Value) -> Value {
    let mut options = options;
    options["widget_type"] = json!("connect_widget");
    let reply = app
        .post_json(
            &format!("/users/{user}/widget_urls"),
            json!({ "widget_url": options }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let url = reply.body["widget_url"]["url"].as_str().expect("url");
    let path = &url[url.find("/widgets/").expect("a widget path")..];
    let page = app
        .http
        .get(format!("{}{path}", app.base_url))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    let slot = "<script id=\"polyfin-session\" type=\"application/json\">";
    let embedded = html
        .split(slot)
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("the session slot");
    let session: Value = serde_json::from_str(embedded).expect("session JSON");
    session["client_config"].clone()
}

#[tokio::test]
async fn current_institution_guid_is_checked_and_handed_to_the_widget() {
    let app = spawn_app().await;
    let page = open_session(&app, json!({})).await;
    let guid = institution_guid(&page, "mxbank").await;
    let config = client_config(&app, &page.user, json!({"current_institution_guid": guid})).await;
    assert_eq!(config["current_institution_guid"], json!(guid));
    // What the widget loads at boot for it.
    let (status, institution) = page.get(&format!("/institutions/{guid}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(institution["institution"]["code"], json!("mxbank"));

    let unknown = app
        .post_json(
            &format!("/users/{}/widget_urls", page.user),
            json!({"widget_url": {"widget_type": "connect_widget",
                                  "current_institution_guid": "INS-00000000-0000-0000-0000-000000000000"}}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.text);
}
