#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The CLI contract other tooling relies on.
mod support;

use serde_json::Value;
use std::process::Command;
use support::{run_command, spawn_app, TestApp};

fn polyfin(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_polyfin"))
        .args(args)
        .output()
        .expect("polyfin runs")
}

async fn on_app(app: &TestApp, args: &[&str]) -> std::process::Output {
    let mut command = app.cli();
    command.args(args);
    run_command(command).await
}

#[tokio::test]
async fn clients_commands_work_beside_a_running_server() {
    let app = spawn_app().await;

    let created = on_app(&app, &["clients", "create", "--name", "cli", "--json"]).await;
    assert!(created.status.success(), "{created:?}");
    let stdout = String::from_utf8(created.stdout).expect("utf-8");
    let parsed: Value = serde_json::from_str(stdout.trim()).expect("json");
    let client_id = parsed["client_id"].as_str().expect("client_id").to_owned();
    let api_key = parsed["api_key"].as_str().expect("api_key").to_owned();
    assert_eq!(
        stdout.trim(),
        format!(r#"{{"client_id":"{client_id}","api_key":"{api_key}"}}"#)
    );
    assert!(api_key.len() >= 64);

    let status = |key: &str| {
        let http = app.http.clone();
        let url = format!("{}/users", app.base_url);
        let (id, key) = (client_id.clone(), key.to_owned());
        async move {
            http.get(url)
                .basic_auth(id, Some(key))
                .header("Accept", support::MX_ACCEPT)
                .send()
                .await
                .expect("sent")
                .status()
        }
    };
    assert_eq!(status(&api_key).await, 200);

    let listed = on_app(&app, &["clients", "list"]).await;
    let listing = String::from_utf8(listed.stdout).expect("utf-8");
    assert!(listing.contains(&client_id));
    assert!(!listing.contains(&api_key), "keys are never listed");

    let revoked = on_app(&app, &["clients", "revoke", &client_id]).await;
    assert!(revoked.status.success());
    assert_eq!(status(&api_key).await, 401);

    let unknown = on_app(&app, &["clients", "revoke", "nope"]).await;
    assert!(!unknown.status.success());
}

#[test]
fn conflicting_database_options_are_refused_clearly() {
    let output = polyfin(&[
        "clients",
        "list",
        "--data-dir",
        "/tmp/x",
        "--database-url",
        "sqlite://y",
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("data-dir") || stderr.contains("data_dir"),
        "{stderr}"
    );
}

#[test]
fn bad_environment_configuration_is_refused_clearly() {
    let output = Command::new(env!("CARGO_BIN_EXE_polyfin"))
        .args(["clients", "list", "--data-dir", "/tmp/polyfin-cli-env-test"])
        .env("POLYFIN_DELETED_RETENTION_DAYS", "soon")
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.to_lowercase().contains("deleted_retention_days"),
        "{stderr}"
    );
}
