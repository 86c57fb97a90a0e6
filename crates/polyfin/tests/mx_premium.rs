#![allow(clippy::unwrap_used, clippy::expect_used)]
mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::spawn_app;

async fn connected(app: &support::TestApp) -> (String, String) {
    let u = app.create_user(json!({})).await;
    let created = app.create_member(&u, "mxbank", "password").await;
    let m = created.body["member"]["guid"]
        .as_str()
        .expect("member")
        .to_owned();
    assert_eq!(app.settle(&u, &m).await["connection_status"], "CONNECTED");
    (u, m)
}

fn list<'a>(reply: &'a support::Reply, key: &str) -> &'a Vec<Value> {
    reply.body[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key}: {}", reply.text))
}

#[tokio::test]
async fn verify_brings_account_and_routing_numbers() {
    let app = spawn_app().await;
    let (u, m) = connected(&app).await;
    let before = app
        .get(&format!("/users/{u}/members/{m}/account_numbers"))
        .await;
    assert!(list(&before, "account_numbers").is_empty());

    let verify = app
        .post_json(&format!("/users/{u}/members/{m}/verify"), json!({}))
        .await;
    assert_eq!(verify.status, StatusCode::OK, "{}", verify.text);
    let status = app.settle(&u, &m).await;
    assert_eq!(status["has_processed_account_numbers"], true);
    let numbers = app
        .get(&format!("/users/{u}/members/{m}/account_numbers"))
        .await;
    let numbers = list(&numbers, "account_numbers");
    assert!(!numbers.is_empty());
    for n in numbers {
        let routing = n["routing_number"].as_str().expect("routing");
        let digits: Vec<u32> = routing
            .chars()
            .map(|c| c.to_digit(10).expect("digit"))
            .collect();
        let weighted: u32 = digits
            .iter()
            .zip([3, 7, 1, 3, 7, 1, 3, 7, 1])
            .map(|(d, w)| d * w)
            .sum();
        assert_eq!(weighted % 10, 0, "{routing}");
        assert_eq!(n["passed_validation"], true);
        let account = n["account_guid"].as_str().expect("account");
        let by_account = app
            .get(&format!("/users/{u}/accounts/{account}/account_numbers"))
            .await;
        assert_eq!(
            list(&by_account, "account_numbers")[0]["account_number"],
            n["account_number"]
        );
    }
}

#[tokio::test]
async fn identify_brings_owners_and_history_goes_back_two_years() {
    let app = spawn_app().await;
    let (u, m) = connected(&app).await;
    let identify = app
        .post_json(&format!("/users/{u}/members/{m}/identify"), json!({}))
        .await;
    assert_eq!(identify.status, StatusCode::ACCEPTED);
    app.settle(&u, &m).await;
    let owners = app
        .get(&format!("/users/{u}/members/{m}/account_owners"))
        .await;
    let owners = list(&owners, "account_owners");
    assert!(!owners.is_empty());
    assert!(owners
        .iter()
        .all(|o| o["email"].as_str().expect("email").ends_with(".com")
            || o["email"].as_str().expect("email").ends_with(".org")));

    let old = format!("/users/{u}/members/{m}/transactions?from_date=2000-01-01&to_date=2100-01-01&records_per_page=10");
    let before = app.get(&old).await.body["pagination"]["total_entries"]
        .as_u64()
        .expect("total");
    let history = app
        .post_json(&format!("/users/{u}/members/{m}/extend_history"), json!({}))
        .await;
    assert_eq!(history.status, StatusCode::ACCEPTED);
    app.settle(&u, &m).await;
    let after = app.get(&old).await.body["pagination"]["total_entries"]
        .as_u64()
        .expect("total");
    assert!(after > before * 3, "{before} → {after}");
}

#[tokio::test]
async fn holdings_add_up_to_each_investment_account() {
    let app = spawn_app().await;
    // Some sandbox households have no investment account: find one that does.
    for attempt in 0..8 {
        let u = app.create_user(json!({})).await;
        let credentials = app
            .credentials_for("mxbank", &[&format!("investor{attempt}"), "password"])
            .await;
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
        app.settle(&u, &m).await;
        let accounts = app.get(&format!("/users/{u}/accounts")).await;
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
            let holdings = app
                .get(&format!("/users/{u}/accounts/{a}/investment_holdings"))
                .await;
            let holdings = list(&holdings, "investment_holdings");
            assert!(!holdings.is_empty());
            let sum: polyfin_domain::Decimal = holdings
                .iter()
                .map(|h| {
                    h["market_value"]
                        .to_string()
                        .parse::<polyfin_domain::Decimal>()
                        .expect("number")
                })
                .sum();
            let value: polyfin_domain::Decimal = account["holdings_value"]
                .to_string()
                .parse()
                .expect("value");
            assert_eq!(sum, value);
            assert!(holdings.iter().all(|h| h["quantity"].is_string()));
            let first = holdings[0]["guid"].as_str().expect("guid");
            let read = app
                .get(&format!("/users/{u}/investment_holdings/{first}"))
                .await;
            assert_eq!(read.body["investment_holding"]["guid"], first);
        }
        let by_user = app.get(&format!("/users/{u}/investment_holdings")).await;
        let by_member = app
            .get(&format!("/users/{u}/members/{m}/investment_holdings"))
            .await;
        assert_eq!(by_user.body["pagination"], by_member.body["pagination"]);
        return;
    }
    panic!("no sandbox household with an investment account in 8 tries");
}

#[tokio::test]
async fn premium_jobs_follow_the_job_rules() {
    let app = spawn_app().await;
    let u = app.create_user(json!({})).await;
    let challenged = app.create_member(&u, "mxbank", "challenge").await;
    let m = challenged.body["member"]["guid"]
        .as_str()
        .expect("member")
        .to_owned();
    app.settle(&u, &m).await;
    // The aggregation is still running (challenged): another job type is a conflict.
    let verify = app
        .post_json(&format!("/users/{u}/members/{m}/verify"), json!({}))
        .await;
    assert_eq!(verify.status, StatusCode::CONFLICT);

    // A premium job starts the throttle for standard aggregation on normal banks.
    let pnc = app.create_member(&u, "pnc", "password").await;
    let p = pnc.body["member"]["guid"]
        .as_str()
        .expect("member")
        .to_owned();
    app.settle(&u, &p).await;
    app.clock.advance(time::Duration::hours(4));
    let institution = app.get("/institutions/pnc").await;
    if institution.body["institution"]["supports_account_identification"] == true {
        let identify = app
            .post_json(&format!("/users/{u}/members/{p}/identify"), json!({}))
            .await;
        assert_eq!(identify.status, StatusCode::ACCEPTED);
        let started_at = app.settle(&u, &p).await["aggregated_at"].clone();
        let aggregate = app
            .post_json(&format!("/users/{u}/members/{p}/aggregate"), json!({}))
            .await;
        assert_eq!(aggregate.status, StatusCode::ACCEPTED);
        assert_eq!(aggregate.body["member"]["aggregated_at"], started_at);
    }
    // Unsupported premium products are refused.
    let unsupported = app.get("/institutions?records_per_page=100").await;
    let code = list(&unsupported, "institutions")
        .iter()
        .find(|i| i["supports_account_statement"] == false && i["supports_oauth"] == false)
        .and_then(|i| i["code"].as_str())
        .expect("an institution without statements")
        .to_owned();
    let credentials = app.get(&format!("/institutions/{code}/credentials")).await;
    let pairs: Vec<Value> = list(&credentials, "credentials")
        .iter()
        .map(|c| json!({"guid": c["guid"], "value": if c["field_type"] == "PASSWORD" { "password" } else { "someone" }}))
        .collect();
    let member = app
        .post_json(&format!("/users/{u}/members"), json!({"member": {"institution_code": code, "credentials": pairs, "skip_aggregation": true}}))
        .await;
    let other = member.body["member"]["guid"]
        .as_str()
        .expect("member")
        .to_owned();
    let refused = app
        .post_json(
            &format!("/users/{u}/members/{other}/fetch_statements"),
            json!({}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    refused.mx_error_message();
}

#[tokio::test]
async fn statements_are_listed_and_their_pdf_carries_the_balances() {
    let app = spawn_app().await;
    let (u, m) = connected(&app).await;
    let fetch = app
        .post_json(
            &format!("/users/{u}/members/{m}/fetch_statements"),
            json!({}),
        )
        .await;
    assert_eq!(fetch.status, StatusCode::ACCEPTED);
    app.settle(&u, &m).await;
    let listed = app.get(&format!("/users/{u}/members/{m}/statements")).await;
    let statements = list(&listed, "statements");
    assert!(statements.len() >= 12, "{}", statements.len());
    let first = &statements[0];
    let guid = first["guid"].as_str().expect("guid");
    let read = app
        .get(&format!("/users/{u}/members/{m}/statements/{guid}"))
        .await;
    assert_eq!(read.body["statement"]["guid"], guid);
    assert_eq!(
        read.body["statement"]["content_hash"],
        first["content_hash"]
    );

    let pdf = app
        .http
        .get(first["uri"].as_str().expect("uri"))
        .basic_auth(&app.client_id, Some(&app.api_key))
        .header("Accept", "application/vnd.mx.api.v1+pdf")
        .send()
        .await
        .expect("pdf");
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(
        pdf.headers()["content-type"],
        "application/vnd.mx.api.v1+pdf"
    );
    let bytes = pdf.bytes().await.expect("bytes");
    assert!(bytes.starts_with(b"%PDF-"));
    let digest: String = sha2_hex(&bytes);
    assert_eq!(first["content_hash"], digest);
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("Opening balance") && text.contains("Closing balance"));

    // Another member's path, or another user, cannot read it.
    let other = app.create_user(json!({})).await;
    let foreign = app
        .get(&format!("/users/{other}/members/{m}/statements/{guid}"))
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
}

fn sha2_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
