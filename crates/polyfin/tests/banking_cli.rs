#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `polyfin bank …` sets up the hosted bank beside a running server.
mod banking_support;
mod support;

use banking_support::{assert_problem, balance, get};
use reqwest::StatusCode;
use serde_json::Value;
use support::{run_command, spawn_app, TestApp};

async fn bank(app: &TestApp, args: &[&str]) -> Value {
    let mut command = app.cli();
    command.arg("bank").args(args);
    let output = run_command(command).await;
    assert!(output.status.success(), "{args:?}: {output:?}");
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

#[tokio::test]
async fn the_readme_story_in_a_few_commands() {
    let app = spawn_app().await;
    let created = bank(
        &app,
        &[
            "create",
            "--id",
            "POLYFIN",
            "--name",
            "Polyfin Community Bank",
            "--routing",
            "503000206",
        ],
    )
    .await;
    assert_eq!(created["routingNumber"], "503000206");
    let max = bank(
        &app,
        &[
            "customer",
            "--bank",
            "POLYFIN",
            "--name",
            "Max Pike",
            "--username",
            "max",
            "--password",
            "s3cret-pass",
        ],
    )
    .await;
    let customer = max["customerId"].as_str().unwrap();
    let account = bank(
        &app,
        &[
            "account",
            "--bank",
            "POLYFIN",
            "--customer",
            customer,
            "--type",
            "checking",
            "--opening-balance",
            "100.00",
            "--id",
            "max-checking",
        ],
    )
    .await;
    assert_eq!(account["accountId"], "max-checking");
    let token = bank(
        &app,
        &["token", "--username", "max", "--password", "s3cret-pass"],
    )
    .await;
    let token = token["access_token"].as_str().unwrap().to_owned();

    // The running server sees what the CLI wrote, also after it cached the bank.
    assert_eq!(
        balance(&app, &token, "max-checking").await["available"],
        "100.00"
    );
    bank(
        &app,
        &[
            "deposit",
            "--bank",
            "POLYFIN",
            "--account",
            "max-checking",
            "--amount",
            "25.50",
        ],
    )
    .await;
    assert_eq!(
        balance(&app, &token, "max-checking").await["available"],
        "125.50"
    );
    let listed = bank(&app, &["list"]).await;
    assert_eq!(listed["items"][0]["id"], "POLYFIN");

    let mut refuse = app.cli();
    refuse.args([
        "bank",
        "create",
        "--id",
        "OTHERBANK",
        "--name",
        "x",
        "--routing",
        "503000207",
    ]);
    let refused = run_command(refuse).await;
    assert!(
        !refused.status.success(),
        "a bad routing checksum is refused"
    );
    let reply = get(&app, "pfb_wrong", "/accounts").await;
    assert_problem(&reply, 401, "unauthorized");
    assert_eq!(get(&app, &token, "/accounts").await.status, StatusCode::OK);
}
