//! Atrium's premium routes against the real server: the Atrium shapes of data the MX
//! dialect already serves (holdings with numeric `shares`, unpaged account numbers,
//! statements under `user` and `statement`, the raw PDF) and the job rules' answers.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod support;

use polyfin_domain::Decimal;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::{spawn_app, Reply, TestApp};

const ATRIUM: &str = "application/vnd.mx.atrium.v1+json";
const ATRIUM_PDF: &str = "application/vnd.mx.atrium.v1+pdf";

/// A request as the Atrium SDK sends it: at the root, its headers, JSON type always.
fn atrium(app: &TestApp, method: Method, path: &str, accept: &str) -> reqwest::RequestBuilder {
    app.http
        .request(method, format!("{}{path}", app.base_url))
        .header("Accept", accept)
        .header("Content-Type", "application/json")
        .header("MX-API-Key", &app.api_key)
        .header("MX-Client-ID", &app.client_id)
}

async fn get(app: &TestApp, path: &str) -> Reply {
    app.send(atrium(app, Method::GET, path, ATRIUM)).await
}

async fn post(app: &TestApp, path: &str) -> Reply {
    app.send(atrium(app, Method::POST, path, ATRIUM)).await
}

fn list<'a>(reply: &'a Reply, key: &str) -> &'a Vec<Value> {
    reply.body[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key}: {}", reply.text))
}

fn decimal(value: &Value) -> Decimal {
    assert!(value.is_number(), "not a JSON number: {value}");
    value.to_string().parse().expect("decimal")
}

/// A CONNECTED MX Bank member of a new user, logged in as `username`.
async fn connected(app: &TestApp, username: &str) -> (String, String) {
    let u = app.create_user(json!({})).await;
    let credentials = app.credentials_for("mxbank", &[username, "password"]).await;
    let created = app
        .post_json(
            &format!("/users/{u}/members"),
            json!({"member": {"institution_code": "mxbank", "credentials": credentials}}),
        )
        .await;
    let m = created.body["member"]["guid"]
        .as_str()
        .expect("member")
        .to_owned();
    assert_eq!(app.settle(&u, &m).await["connection_status"], "CONNECTED");
    (u, m)
}

/// Starts a premium job the Atrium way (202 + the whole member) and waits for it.
async fn run_job(app: &TestApp, u: &str, m: &str, job: &str) {
    let started = post(app, &format!("/users/{u}/members/{m}/{job}")).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.text);
    assert!(started.content_type.starts_with(ATRIUM));
    assert_eq!(started.body["member"]["guid"], m);
    assert_eq!(started.body["member"]["is_being_aggregated"], true);
    assert_eq!(started.body["member"]["status"], "INITIATED");
    assert_eq!(app.settle(u, m).await["connection_status"], "CONNECTED");
}

#[tokio::test]
async fn statements_are_read_under_both_keys_and_download_as_pdf() {
    let app = spawn_app().await;
    let (u, m) = connected(&app, "test_atrium").await;
    run_job(&app, &u, &m, "fetch_statements").await;

    let listed = get(
        &app,
        &format!("/users/{u}/members/{m}/statements?records_per_page=1000"),
    )
    .await;
    let statements = list(&listed, "statements");
    assert!(statements.len() >= 12, "{}", statements.len());
    assert_eq!(listed.body["pagination"]["total_entries"], statements.len());
    let first = &statements[0];
    let guid = first["guid"].as_str().expect("guid");

    let read = get(&app, &format!("/users/{u}/members/{m}/statements/{guid}")).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text);
    assert_eq!(read.body["user"], *first);
    assert_eq!(read.body["statement"], *first);

    let pdf = atrium(
        &app,
        Method::GET,
        &format!("/users/{u}/members/{m}/statements/{guid}.pdf"),
        ATRIUM_PDF,
    )
    .send()
    .await
    .expect("pdf");
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], ATRIUM_PDF);
    assert_eq!(
        pdf.headers()["content-disposition"],
        format!("attachment; filename=\"{guid}.pdf\"").as_str()
    );
    let bytes = pdf.bytes().await.expect("bytes");
    assert!(bytes.starts_with(b"%PDF-"));

    // The MX dialect lists the same statements, with the same hashes.
    let mx = app
        .get(&format!(
            "/users/{u}/members/{m}/statements?records_per_page=1000"
        ))
        .await;
    let hashes = |items: &Vec<Value>| -> Vec<(Value, Value)> {
        items
            .iter()
            .map(|s| (s["guid"].clone(), s["content_hash"].clone()))
            .collect()
    };
    assert_eq!(hashes(list(&mx, "statements")), hashes(statements));
}

#[tokio::test]
async fn account_numbers_and_owners_are_unpaged_lists() {
    let app = spawn_app().await;
    let (u, m) = connected(&app, "test_atrium").await;
    run_job(&app, &u, &m, "verify").await;
    run_job(&app, &u, &m, "identify").await;

    let numbers = get(&app, &format!("/users/{u}/members/{m}/account_numbers")).await;
    assert_eq!(
        numbers.body.as_object().expect("object").len(),
        1,
        "{}",
        numbers.text
    );
    let numbers = list(&numbers, "account_numbers");
    assert!(!numbers.is_empty());
    for n in numbers {
        let account = n["account_guid"].as_str().expect("account");
        let by_account = get(
            &app,
            &format!("/users/{u}/accounts/{account}/account_numbers"),
        )
        .await;
        assert_eq!(list(&by_account, "account_numbers"), &vec![n.clone()]);
        assert_eq!(n["routing_number"].as_str().map(str::len), Some(9));
    }
    let owners = get(&app, &format!("/users/{u}/members/{m}/account_owners")).await;
    let owners = list(&owners, "account_owners");
    assert!(!owners.is_empty());
    assert!(owners
        .iter()
        .all(|o| o["owner_name"].as_str().is_some_and(|n| !n.is_empty())));

    // Another client sees none of it.
    let (id, key) = app.other_client().await;
    let foreign = app
        .http
        .get(format!(
            "{}/users/{u}/members/{m}/account_numbers",
            app.base_url
        ))
        .header("Accept", ATRIUM)
        .header("MX-API-Key", key)
        .header("MX-Client-ID", id)
        .send()
        .await
        .expect("sent");
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn holdings_have_numeric_shares_and_add_up() {
    let app = spawn_app().await;
    for username in ["test_atrium", "alice", "carol", "dave", "erin", "frank"] {
        let (u, m) = connected(&app, username).await;
        let accounts = get(&app, &format!("/users/{u}/accounts")).await;
        let investments: Vec<Value> = list(&accounts, "accounts")
            .iter()
            .filter(|a| a["type"] == "INVESTMENT")
            .cloned()
            .collect();
        if investments.is_empty() {
            continue;
        }
        for account in investments {
            let a = account["guid"].as_str().expect("guid");
            let holdings = get(
                &app,
                &format!("/users/{u}/accounts/{a}/holdings?records_per_page=1000"),
            )
            .await;
            let holdings = list(&holdings, "holdings");
            assert!(!holdings.is_empty());
            assert!(holdings.iter().all(|h| h["shares"].is_number()));
            let sum: Decimal = holdings.iter().map(|h| decimal(&h["market_value"])).sum();
            assert_eq!(sum, decimal(&account["holdings_value"]));
            let first = holdings[0]["guid"].as_str().expect("guid");
            let read = get(&app, &format!("/users/{u}/holdings/{first}")).await;
            assert_eq!(read.body["holding"], holdings[0]);
        }
        let by_user = get(&app, &format!("/users/{u}/holdings")).await;
        let by_member = get(&app, &format!("/users/{u}/members/{m}/holdings")).await;
        assert_eq!(by_user.body, by_member.body);
        return;
    }
    panic!("no sandbox household with an investment account");
}

#[tokio::test]
async fn a_premium_job_the_institution_does_not_support_is_400() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let institutions = get(&app, "/institutions?records_per_page=100").await;
    let code = list(&institutions, "institutions")
        .iter()
        .find(|i| i["supports_account_statement"] == false && i["supports_oauth"] == false)
        .and_then(|i| i["code"].as_str())
        .expect("an institution without statements")
        .to_owned();
    let credentials = app.credentials_for(&code, &["someone", "password"]).await;
    let created = app
        .post_json(
            &format!("/users/{u}/members"),
            json!({"member": {"institution_code": code, "credentials": credentials, "skip_aggregation": true}}),
        )
        .await;
    let m = created.body["member"]["guid"].as_str().expect("member");
    let refused = post(&app, &format!("/users/{u}/members/{m}/fetch_statements")).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
    assert!(refused.content_type.starts_with(ATRIUM));
    assert!(refused.body["error"]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
}
