#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `polyfin seed` writes a dataset that reads back through the MX API: its users,
//! CONNECTED members and every transaction, and the same content on every run.
mod support;

use serde_json::Value;
use support::{run_command, spawn_app, TestApp};

const ALL_DATES: &str = "from_date=2000-01-01&to_date=2100-01-01";

/// Runs `polyfin seed` on the app's database (SQLite or PostgreSQL).
async fn seed(app: &TestApp) -> Value {
    let mut command = app.cli();
    command.args([
        "seed",
        "--users",
        "3",
        "--members-per-user",
        "2",
        "--transactions",
        "1500",
        "--heavy-user-transactions",
        "600",
        "--json",
    ]);
    let output = run_command(command).await;
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

/// Reads through the MX API as the client the seed created.
async fn get_as(app: &TestApp, report: &Value, path: &str) -> Value {
    let response = app
        .http
        .get(format!("{}{path}", app.base_url))
        .basic_auth(
            report["client_id"].as_str().unwrap(),
            report["api_key"].as_str(),
        )
        .header("Accept", support::MX_ACCEPT)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.expect("json")
}

/// (date, amount, original description) of a user's newest transactions.
fn content(page: &Value) -> Vec<(String, String, String)> {
    page["transactions"]
        .as_array()
        .expect("transactions")
        .iter()
        .map(|t| {
            (
                t["date"].as_str().unwrap().to_owned(),
                t["amount"].to_string(),
                t["original_description"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_seeded_dataset_reads_back_through_the_mx_api() {
    let app = spawn_app().await;
    let report = seed(&app).await;
    assert_eq!(report["users"], 4);
    assert_eq!(report["members"], 6 + 1);
    assert_eq!(report["transactions"], 1500);
    assert_eq!(report["heavy_user_transactions"], 600);

    let users = get_as(&app, &report, "/users?records_per_page=100").await;
    let users = users["users"].as_array().expect("users");
    assert_eq!(users.len(), 4);
    assert_eq!(users[0]["id"], "seed-user-0000000");

    let mut total = 0;
    for user in users {
        let guid = user["guid"].as_str().unwrap();
        let page = get_as(
            &app,
            &report,
            &format!("/users/{guid}/transactions?{ALL_DATES}&records_per_page=25"),
        )
        .await;
        total += page["pagination"]["total_entries"].as_u64().unwrap();
        let dates: Vec<&str> = page["transactions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["date"].as_str().unwrap())
            .collect();
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
        assert!(!dates.is_empty());
    }
    assert_eq!(total, 1500);

    let heavy = report["heavy_user_guid"].as_str().unwrap();
    let page = get_as(
        &app,
        &report,
        &format!("/users/{heavy}/transactions?{ALL_DATES}&records_per_page=25"),
    )
    .await;
    assert_eq!(page["pagination"]["total_entries"], 600);
    assert_eq!(page["transactions"].as_array().unwrap().len(), 25);

    let (user, member) = (
        report["user_guid"].as_str().unwrap(),
        report["member_guid"].as_str().unwrap(),
    );
    let status = get_as(
        &app,
        &report,
        &format!("/users/{user}/members/{member}/status"),
    )
    .await;
    assert_eq!(status["member"]["connection_status"], "CONNECTED");
    assert_eq!(status["member"]["is_being_aggregated"], false);
    let accounts = get_as(&app, &report, &format!("/users/{user}/accounts")).await;
    assert!(!accounts["accounts"].as_array().unwrap().is_empty());

    // Another run, under a new client of the same database, writes the same history.
    let again = seed(&app).await;
    assert_ne!(again["client_id"], report["client_id"]);
    let heavy_again = again["heavy_user_guid"].as_str().unwrap();
    let page_again = get_as(
        &app,
        &again,
        &format!("/users/{heavy_again}/transactions?{ALL_DATES}&records_per_page=25"),
    )
    .await;
    assert_eq!(content(&page), content(&page_again));
}
