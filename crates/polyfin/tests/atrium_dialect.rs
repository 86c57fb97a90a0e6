//! The Atrium dialect against the real server: how requests reach it, its auth and
//! error body, the member limit (405 here, 422 in MX), the legacy `status`, and a custom
//! category made through MX showing on Atrium transactions.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod support;

use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{json, Value};
use support::{spawn_app, Reply, TestApp};

const ATRIUM: &str = "application/vnd.mx.atrium.v1+json";

/// A request with Atrium's headers, at the server root as the SDK sends it.
fn atrium(app: &TestApp, method: Method, path: &str) -> RequestBuilder {
    app.http
        .request(method, format!("{}{path}", app.base_url))
        .header("Accept", ATRIUM)
        .header("Content-Type", "application/json")
        .header("MX-API-Key", &app.api_key)
        .header("MX-Client-ID", &app.client_id)
}

async fn send(app: &TestApp, method: Method, path: &str, body: Option<Value>) -> Reply {
    let request = atrium(app, method, path);
    let request = match body {
        Some(body) => request.body(body.to_string()),
        None => request,
    };
    app.send(request).await
}

fn assert_atrium_error(reply: &Reply, status: StatusCode) {
    assert_eq!(reply.status, status, "{}", reply.text);
    assert!(
        reply.content_type.starts_with(ATRIUM),
        "{}",
        reply.content_type
    );
    assert!(reply.body["error"]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
}

async fn mxbank_credentials(app: &TestApp, password: &str) -> Value {
    let reply = send(app, Method::GET, "/institutions/mxbank/credentials", None).await;
    let fields = reply.body["credentials"]
        .as_array()
        .expect("credentials")
        .clone();
    let values = ["test_atrium", password];
    Value::Array(
        fields
            .iter()
            .zip(values)
            .map(|(f, v)| json!({"guid": f["guid"], "value": v}))
            .collect(),
    )
}

#[tokio::test]
async fn atrium_requests_reach_the_dialect_at_the_root() {
    let app = spawn_app().await;
    let created = send(
        &app,
        Method::POST,
        "//users",
        Some(json!({"user": {"identifier": "a1"}})),
    )
    .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text);
    assert_eq!(created.body["user"]["identifier"], "a1");
    assert!(created.body["user"].get("id").is_none());
    let guid = created.body["user"]["guid"]
        .as_str()
        .expect("guid")
        .to_owned();

    // The same user through MX (Basic auth, MX Accept), with MX's field names.
    let mx = app.get(&format!("/users/{guid}")).await;
    assert_eq!(mx.body["user"]["id"], "a1");
    // The mount point itself, and Basic auth on the Atrium side.
    let basic = app
        .http
        .get(format!("{}/atrium/users/{guid}/", app.base_url))
        .basic_auth(&app.client_id, Some(&app.api_key))
        .header("Accept", ATRIUM);
    let direct = app.send(basic).await;
    assert_eq!(direct.body["user"]["identifier"], "a1", "{}", direct.text);
    // No credentials: 401 in Atrium's body and media type.
    let anonymous = app
        .http
        .get(format!("{}/users", app.base_url))
        .header("Accept", ATRIUM);
    assert_atrium_error(&app.send(anonymous).await, StatusCode::UNAUTHORIZED);
    let wrong_version = app
        .http
        .get(format!("{}/users", app.base_url))
        .header("Accept", "application/vnd.mx.atrium.v9+json")
        .header("MX-API-Key", &app.api_key)
        .header("MX-Client-ID", &app.client_id);
    assert_atrium_error(&app.send(wrong_version).await, StatusCode::NOT_ACCEPTABLE);
}

#[tokio::test]
async fn the_member_limit_is_405_in_atrium_and_422_in_mx() {
    let app = spawn_app().await;
    let user = app.create_user(json!({})).await;
    let credentials = mxbank_credentials(&app, "password").await;
    let body = json!({"member": {"institution_code": "mxbank", "credentials": credentials, "skip_aggregation": true}});
    let path = format!("/users/{user}/members");
    for _ in 0..25 {
        let reply = send(&app, Method::POST, &path, Some(body.clone())).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert!(reply.body["member"]["status"].is_null());
    }
    let atrium_reply = send(&app, Method::POST, &path, Some(body.clone())).await;
    assert_atrium_error(&atrium_reply, StatusCode::METHOD_NOT_ALLOWED);
    let mx_reply = app.post_json(&path, body).await;
    assert_eq!(
        mx_reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        mx_reply.text
    );
    assert!(mx_reply.content_type.starts_with(support::MX_ACCEPT));
    let listed = send(&app, Method::GET, &path, None).await;
    assert_eq!(listed.body["pagination"]["total_entries"], 25);
}

#[tokio::test]
async fn legacy_status_follows_the_job() {
    let app = spawn_app().await;
    let user = app.create_user(json!({})).await;
    let credentials = mxbank_credentials(&app, "challenge").await;
    let body = json!({"member": {"institution_code": "mxbank", "credentials": credentials}});
    let created = send(
        &app,
        Method::POST,
        &format!("/users/{user}/members"),
        Some(body),
    )
    .await;
    assert_eq!(created.status, StatusCode::ACCEPTED, "{}", created.text);
    assert_eq!(created.body["member"]["status"], "INITIATED");
    let member = created.body["member"]["guid"]
        .as_str()
        .expect("guid")
        .to_owned();

    let status = app.settle(&user, &member).await;
    assert_eq!(status["connection_status"], "CHALLENGED");
    let path = format!("/users/{user}/members/{member}/status");
    let atrium_status = send(&app, Method::GET, &path, None).await.body["member"].clone();
    assert_eq!(atrium_status["status"], "CHALLENGED");
    let question = atrium_status["challenges"][0]["guid"].clone();

    let answer = json!({"member": {"challenges": [{"guid": question, "value": "correct"}]}});
    let resumed = send(
        &app,
        Method::PUT,
        &format!("/users/{user}/members/{member}/resume"),
        Some(answer),
    )
    .await;
    assert_eq!(resumed.status, StatusCode::ACCEPTED, "{}", resumed.text);
    assert_eq!(resumed.body["member"]["status"], "RECEIVED");
    let done = app.settle(&user, &member).await;
    assert_eq!(done["connection_status"], "CONNECTED");
    let final_status = send(&app, Method::GET, &path, None).await.body["member"].clone();
    assert_eq!(final_status["status"], "COMPLETED");
    assert!(final_status["challenges"].is_null());
}

#[tokio::test]
async fn guide_fixtures_answer_any_client() {
    let app = spawn_app().await;
    let status = send(
        &app,
        Method::GET,
        "/users/test_atrium/members/challenged/status",
        None,
    )
    .await;
    assert_eq!(
        status.body["member"]["connection_status"], "CHALLENGED",
        "{}",
        status.text
    );
    assert_eq!(status.body["member"]["guid"], "test_atrium_member");
    let empty = send(
        &app,
        Method::GET,
        "/users/test_atrium/members/test_atrium_member/challenges",
        None,
    )
    .await;
    assert_eq!(empty.status, StatusCode::NO_CONTENT);
    assert!(empty.text.is_empty());
    let unknown = send(
        &app,
        Method::GET,
        "/users/test_atrium/members/sideways",
        None,
    )
    .await;
    assert_atrium_error(&unknown, StatusCode::NOT_FOUND);
    // A real user's routes are not shadowed by the fixtures.
    let user = app.create_user(json!({})).await;
    let members = send(&app, Method::GET, &format!("/users/{user}/members/"), None).await;
    assert_eq!(
        members.body["pagination"]["total_entries"], 0,
        "{}",
        members.text
    );
}

#[tokio::test]
async fn a_custom_category_shows_on_atrium_transactions() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let account = app
        .post_json(
            &format!("/users/{u}/accounts"),
            json!({"account": {"name": "Jar", "account_type": "CASH"}}),
        )
        .await;
    let a = account.body["account"]["guid"].as_str().expect("account");
    let body = json!({"transaction": {"amount": 25, "date": "2024-03-05",
                                      "description": "Rex walk", "type": "DEBIT"}});
    let created = app
        .post_json(&format!("/users/{u}/accounts/{a}/transactions"), body)
        .await;
    let t = created.body["guid"]
        .as_str()
        .expect("transaction")
        .to_owned();
    let pets = polyfin_domain::category::Taxonomy::standard()
        .get_by_name("Pets")
        .expect("Pets");
    let category = app
        .post_json(
            &format!("/users/{u}/categories"),
            json!({"category": {"name": "Dog Walking", "parent_guid": pets.guid.as_str()}}),
        )
        .await;
    assert_eq!(category.status, StatusCode::OK, "{}", category.text);
    let guid = category.body["category"]["guid"].as_str().expect("guid");
    let filed = app
        .put_json(
            &format!("/users/{u}/transactions/{t}"),
            json!({"transaction": {"category_guid": guid}}),
        )
        .await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.text);

    let read = send(
        &app,
        Method::GET,
        &format!("/users/{u}/transactions/{t}"),
        None,
    )
    .await;
    let shown = &read.body["transaction"];
    assert_eq!(
        (&shown["category"], &shown["top_level_category"]),
        (&json!("Dog Walking"), &json!("Pets")),
        "{}",
        read.text
    );
    let all = "from_date=2000-01-01&to_date=2100-01-01";
    let listed = send(
        &app,
        Method::GET,
        &format!("/users/{u}/transactions?{all}"),
        None,
    )
    .await;
    let listed = &listed.body["transactions"][0];
    assert_eq!(listed["category"], "Dog Walking", "{listed}");
}
