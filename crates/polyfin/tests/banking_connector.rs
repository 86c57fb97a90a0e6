#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The hosted bank as a catalogue institution: an MX member connects with a
//! customer's online-banking credentials and aggregates their accounts.
mod banking_support;
mod support;

use banking_support::*;
use reqwest::StatusCode;
use serde_json::json;
use support::spawn_app;

#[tokio::test]
async fn mx_members_aggregate_the_hosted_bank() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    let account = polyfin_ledger::AccountId::new(bank.checking.clone()).unwrap();
    app.app_engine
        .bank()
        .deposit(BANK, &account, dec("20.25"))
        .await
        .unwrap();

    let institution = app.get("/institutions/polyfin").await;
    assert_eq!(institution.status, StatusCode::OK, "{}", institution.text);
    assert_eq!(
        institution.body["institution"]["name"],
        "Polyfin Community Bank"
    );

    let user = app.create_user(json!({"id": "bank-user"})).await;
    let credentials = app.credentials_for("polyfin", &["max", PASSWORD]).await;
    let created = app
        .post_json(
            &format!("/users/{user}/members"),
            json!({"member": {"institution_code": "polyfin", "credentials": credentials}}),
        )
        .await;
    assert_eq!(created.status, StatusCode::ACCEPTED, "{}", created.text);
    let member = created.body["member"]["guid"].as_str().unwrap().to_owned();
    let settled = app.settle(&user, &member).await;
    assert_eq!(settled["connection_status"], "CONNECTED", "{settled}");

    let accounts = app
        .get(&format!("/users/{user}/members/{member}/accounts"))
        .await;
    assert_eq!(accounts.status, StatusCode::OK, "{}", accounts.text);
    let list = accounts.body["accounts"].as_array().unwrap();
    assert_eq!(list.len(), 3, "{}", accounts.text);
    let checking = list.iter().find(|a| a["type"] == "CHECKING").unwrap();
    assert_eq!(checking["balance"].as_f64(), Some(1020.25));
    let transactions = app
        .get(&format!("/users/{user}/members/{member}/transactions"))
        .await;
    assert_eq!(transactions.status, StatusCode::OK, "{}", transactions.text);
    let rows = transactions.body["transactions"].as_array().unwrap();
    assert!(
        rows.iter().any(|t| t["amount"].as_f64() == Some(20.25)),
        "{}",
        transactions.text
    );

    // Wrong online-banking credentials are denied.
    let wrong = app
        .credentials_for("polyfin", &["max", "not the password"])
        .await;
    let denied = app
        .post_json(
            &format!("/users/{user}/members"),
            json!({"member": {"institution_code": "polyfin", "credentials": wrong}}),
        )
        .await;
    let guid = denied.body["member"]["guid"].as_str().unwrap().to_owned();
    let status = app.settle(&user, &guid).await;
    assert_eq!(status["connection_status"], "DENIED", "{status}");
}

#[tokio::test]
async fn verification_and_identification_read_the_ledger() {
    let app = spawn_app().await;
    let _bank = setup(&app).await;
    let user = app.create_user(json!({"id": "bank-premium"})).await;
    let credentials = app.credentials_for("polyfin", &["max", PASSWORD]).await;
    let created = app
        .post_json(
            &format!("/users/{user}/members"),
            json!({"member": {"institution_code": "polyfin", "credentials": credentials}}),
        )
        .await;
    let member = created.body["member"]["guid"].as_str().unwrap().to_owned();
    app.settle(&user, &member).await;
    let accounts = app
        .get(&format!("/users/{user}/members/{member}/accounts"))
        .await;
    let masks: Vec<String> = accounts.body["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["account_number"].as_str().unwrap_or_default().to_owned())
        .collect();

    for (job, path, key) in [
        ("verify", "account_numbers", "account_numbers"),
        ("identify", "account_owners", "account_owners"),
    ] {
        let started = app
            .post_json(&format!("/users/{user}/members/{member}/{job}"), json!({}))
            .await;
        assert!(started.status.is_success(), "{}", started.text);
        assert_eq!(started.body["member"]["is_being_aggregated"], true);
        let settled = app.settle(&user, &member).await;
        assert_eq!(settled["connection_status"], "CONNECTED", "{settled}");
        let listed = app
            .get(&format!("/users/{user}/members/{member}/{path}"))
            .await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
        let rows = listed.body[key].as_array().unwrap();
        assert_eq!(rows.len(), 3, "{}", listed.text);
        for row in rows {
            if key == "account_numbers" {
                assert_eq!(row["routing_number"], "503000206");
                let number = row["account_number"].as_str().unwrap();
                assert_eq!(number.len(), 10, "{row}");
                assert!(
                    masks
                        .iter()
                        .any(|m| number.ends_with(m.trim_start_matches('*'))),
                    "{row} vs {masks:?}"
                );
            } else {
                assert_eq!(row["owner_name"], "Max Pike");
                assert_eq!(row["first_name"], "Max");
                assert_eq!(row["last_name"], "Pike");
            }
        }
    }
}
