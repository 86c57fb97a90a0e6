#![allow(clippy::unwrap_used, clippy::expect_used)]
mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::spawn_app;

fn codes(reply: &Value) -> Vec<String> {
    reply["institutions"]
        .as_array()
        .expect("institutions")
        .iter()
        .map(|i| i["code"].as_str().expect("code").to_owned())
        .collect()
}

#[tokio::test]
async fn search_filters_and_pages() {
    let app = spawn_app().await;
    let found = app.get("/institutions?name=MX%20bank").await;
    assert_eq!(codes(&found.body), ["mxbank", "mx_bank_oauth"]);

    let all = app.get("/institutions?records_per_page=100").await;
    let total = all.body["pagination"]["total_entries"]
        .as_u64()
        .expect("total");
    assert!(total >= 52, "{total}");
    let names: Vec<String> = all.body["institutions"]
        .as_array()
        .expect("list")
        .iter()
        .map(|i| i["name"].as_str().expect("name").to_lowercase())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);

    let verifying = app
        .get("/institutions?supports_account_verification=True&records_per_page=100")
        .await;
    let list = verifying.body["institutions"].as_array().expect("list");
    assert!(!list.is_empty() && (list.len() as u64) < total);
    assert!(list
        .iter()
        .all(|i| i["supports_account_verification"] == true));

    let canadian = app.get("/institutions?iso_country_code=CA").await;
    assert!(canadian.body["institutions"]
        .as_array()
        .expect("list")
        .iter()
        .all(|i| i["iso_country_code"] == "CA"));
}

#[tokio::test]
async fn read_an_institution_and_its_credentials() {
    let app = spawn_app().await;
    let read = app.get("/institutions/mxbank").await;
    assert_eq!(read.status, StatusCode::OK);
    let institution = &read.body["institution"];
    assert_eq!(institution["name"], "MX Bank");
    assert_eq!(institution["url"], "https://www.mx.com");
    assert_eq!(institution["supports_oauth"], false);
    assert_eq!(institution["supports_account_verification"], true);
    assert!(institution["guid"]
        .as_str()
        .expect("guid")
        .starts_with("INS-"));

    let logo = institution["small_logo_url"].as_str().expect("logo");
    assert!(logo.starts_with(&app.base_url), "{logo}");
    let svg = app.http.get(logo).send().await.expect("logo");
    assert_eq!(svg.status(), StatusCode::OK);
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");

    let credentials = app.get("/institutions/mxbank/credentials").await;
    let fields = credentials.body["credentials"]
        .as_array()
        .expect("credentials");
    assert_eq!(fields.len(), 2);
    assert_eq!(fields[0]["field_name"], "LOGIN");
    assert_eq!(fields[0]["field_type"], "TEXT");
    assert_eq!(fields[0]["display_order"], 1);
    assert_eq!(fields[1]["field_type"], "PASSWORD");
    assert_eq!(fields[1]["label"], "Password");
    assert!(fields[0].get("options").is_none());

    let oauth = app.get("/institutions/mx_bank_oauth/credentials").await;
    assert_eq!(oauth.body["credentials"], json!([]));

    let missing = app.get("/institutions/no_such_bank").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    missing.mx_error_message();
    assert_eq!(
        app.get("/institutions/no_such_bank/credentials")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn favorites_start_with_mx_bank() {
    let app = spawn_app().await;
    let favorites = app.get("/institutions/favorites").await;
    assert_eq!(favorites.status, StatusCode::OK);
    assert_eq!(codes(&favorites.body)[0], "mxbank");
}
