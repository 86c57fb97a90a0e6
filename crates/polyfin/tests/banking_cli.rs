#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `polyfin bank …` sets up the hosted bank beside a running server.
mod banking_support;
mod support;

use banking_support::{assert_problem, balance, get};
use reqwest::StatusCode;
use serde_json::Value;
use std::process::Command;
use support::spawn_app;

fn bank(dir: &str, args: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_polyfin"))
        .arg("bank")
        .args(args)
        .args(["--data-dir", dir])
        .output()
        .expect("polyfin runs");
    assert!(output.status.success(), "{args:?}: {output:?}");
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

#[tokio::test]
async fn the_readme_story_in_a_few_commands() {
    let app = spawn_app().await;
    let dir = app.data_dir.path().to_str().unwrap();
    let created = bank(
        dir,
        &[
            "create",
            "--id",
            "POLYFIN",
            "--name",
            "Polyfin Community Bank",
            "--routing",
            "503000206",
        ],
    );
    assert_eq!(created["routingNumber"], "503000206");
    let max = bank(
        dir,
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
    );
    let customer = max["customerId"].as_str().unwrap();
    let account = bank(
        dir,
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
    );
    assert_eq!(account["accountId"], "max-checking");
    let token = bank(
        dir,
        &["token", "--username", "max", "--password", "s3cret-pass"],
    );
    let token = token["access_token"].as_str().unwrap().to_owned();

    // The running server sees what the CLI wrote, also after it cached the bank.
    assert_eq!(
        balance(&app, &token, "max-checking").await["available"],
        "100.00"
    );
    bank(
        dir,
        &[
            "deposit",
            "--bank",
            "POLYFIN",
            "--account",
            "max-checking",
            "--amount",
            "25.50",
        ],
    );
    assert_eq!(
        balance(&app, &token, "max-checking").await["available"],
        "125.50"
    );
    let listed = bank(dir, &["list"]);
    assert_eq!(listed["items"][0]["id"], "POLYFIN");

    let refused = Command::new(env!("CARGO_BIN_EXE_polyfin"))
        .args([
            "bank",
            "create",
            "--id",
            "OTHERBANK",
            "--name",
            "x",
            "--routing",
            "503000207",
        ])
        .args(["--data-dir", dir])
        .output()
        .unwrap();
    assert!(
        !refused.status.success(),
        "a bad routing checksum is refused"
    );
    let reply = get(&app, "pfb_wrong", "/accounts").await;
    assert_problem(&reply, 401, "unauthorized");
    assert_eq!(get(&app, &token, "/accounts").await.status, StatusCode::OK);
}
