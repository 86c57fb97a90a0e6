#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A populated deployment moves from SQLite to PostgreSQL with `polyfin export` and
//! `polyfin import` and answers every read exactly as before, byte for byte; then,
//! with rows written on PostgreSQL itself, it moves back to SQLite the same way.
//! Needs PostgreSQL (`POLYFIN_TEST_DATABASE_URL`).
mod support;

use polyfin::Config;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::path::Path;
use support::{run_command, spawn_with, TestApp, POSTGRES_ENV, TEST_SECRET_KEY};

fn sqlite_config(dir: &Path) -> Config {
    Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        data_dir: Some(dir.to_path_buf()),
        secret_key: Some(TEST_SECRET_KEY.to_owned()),
        ..Config::default()
    }
}

fn postgres_config(url: &str) -> Config {
    Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database_url: Some(url.to_owned()),
        secret_key: Some(TEST_SECRET_KEY.to_owned()),
        ..Config::default()
    }
}

/// Serves `config`'s database, answering as `client` (the imported API client).
async fn serve_as(config: Config, client: &TestApp) -> TestApp {
    let mut app = spawn_with(config, tempfile::tempdir().unwrap()).await;
    app.client_id.clone_from(&client.client_id);
    app.api_key.clone_from(&client.api_key);
    app
}

async fn post(app: &TestApp, path: &str, body: Value) -> Value {
    let reply = app.post_json(path, body).await;
    assert!(reply.status.is_success(), "{path}: {}", reply.text);
    reply.body
}

fn guid(body: &Value, kind: &str) -> String {
    body[kind]["guid"].as_str().unwrap().to_owned()
}

/// An aggregated (or challenged) member of a new user; the paths reading them.
async fn member_paths(app: &TestApp, id: &str, password: &str) -> (String, Vec<String>) {
    let u = app
        .create_user(json!({"id": id, "email": "e@example.com"}))
        .await;
    let created = app.create_member(&u, "mxbank", password).await;
    assert!(created.status.is_success(), "{}", created.text);
    let m = guid(&created.body, "member");
    app.settle(&u, &m).await;
    let tails = [
        String::new(),
        "/members".into(),
        format!("/members/{m}"),
        format!("/members/{m}/status"),
        format!("/members/{m}/accounts"),
        "/accounts".into(),
        "/transactions?records_per_page=1000".into(),
        "/investment_holdings".into(),
        "/categories?records_per_page=1000".into(),
        "/tags".into(),
        "/repeating_transactions".into(),
    ];
    let paths = tails.iter().map(|t| format!("/users/{u}{t}")).collect();
    (u, paths)
}

/// A manual account with one manual transaction; its guid.
async fn manual_account(app: &TestApp, u: &str) -> String {
    let account = json!({"account": {"name": "Savings jar", "account_type": "SAVINGS",
        "balance": 1234567.89, "apy": 0.10, "currency_code": "USD", "nickname": "jar",
        "metadata": "{\"k\": 1}"}});
    let account = guid(
        &post(app, &format!("/users/{u}/accounts"), account).await,
        "account",
    );
    let manual = json!({"transaction": {"amount": 0.10, "date": "2024-03-05",
        "description": "Gum", "type": "DEBIT", "memo": "corner shop"}});
    post(
        app,
        &format!("/users/{u}/accounts/{account}/transactions"),
        manual,
    )
    .await;
    account
}

/// Personal-finance data on an aggregated user: a custom category, a transaction
/// recategorized by hand, a tag and a tagging, a rule, a manual account with a manual
/// transaction. Returns the paths reading them.
async fn personal_finance(app: &TestApp, u: &str) -> Vec<String> {
    let defaults = app.get("/categories/default?records_per_page=1000").await;
    let food = defaults.body["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Food & Dining")
        .map(|c| c["guid"].clone())
        .unwrap();
    let category =
        json!({"category": {"name": "Team Lunches", "parent_guid": food, "metadata": "{\"k\":1}"}});
    let category = guid(
        &post(app, &format!("/users/{u}/categories"), category).await,
        "category",
    );
    let listed = app
        .get(&format!("/users/{u}/transactions?records_per_page=10"))
        .await;
    let transactions = listed.body["transactions"].as_array().unwrap().clone();
    let (first, second) = (&transactions[0], &transactions[1]);
    let t = first["guid"].as_str().unwrap();
    let update = json!({"transaction": {"category_guid": category, "memo": "mine"}});
    let reply = app
        .put_json(&format!("/users/{u}/transactions/{t}"), update)
        .await;
    assert!(reply.status.is_success(), "{}", reply.text);
    let tag = guid(
        &post(
            app,
            &format!("/users/{u}/tags"),
            json!({"tag": {"name": "Trip"}}),
        )
        .await,
        "tag",
    );
    let tagging = json!({"tagging": {"tag_guid": tag, "transaction_guid": t}});
    let tagging = guid(
        &post(app, &format!("/users/{u}/taggings"), tagging).await,
        "tagging",
    );
    let rule = json!({"transaction_rule": {"category_guid": category,
        "match_description": second["description"], "description": "Budgeted"}});
    let rule = guid(
        &post(app, &format!("/users/{u}/transaction_rules"), rule).await,
        "transaction_rule",
    );
    let account = manual_account(app, u).await;
    [
        format!("/categories/{category}"),
        format!("/tags/{tag}"),
        format!("/tags/{tag}/transactions"),
        "/taggings".into(),
        format!("/taggings/{tagging}"),
        "/transaction_rules".into(),
        format!("/transaction_rules/{rule}"),
        format!("/transactions/{t}"),
        format!("/accounts/{account}"),
        format!("/accounts/{account}/transactions"),
        "/transactions?records_per_page=1000".into(),
        "/categories?records_per_page=1000".into(),
    ]
    .iter()
    .map(|tail| format!("/users/{u}{tail}"))
    .collect()
}

/// Every path's body, each answered 200.
async fn read_all(app: &TestApp, paths: &[String]) -> Vec<String> {
    let mut bodies = Vec::new();
    for path in paths {
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text);
        bodies.push(reply.text);
    }
    bodies
}

async fn assert_reads(app: &TestApp, paths: &[String], expected: &[String]) {
    let bodies = read_all(app, paths).await;
    for ((path, body), expected) in paths.iter().zip(&bodies).zip(expected) {
        assert_eq!(body, expected, "{path}");
    }
}

/// Runs `polyfin export` (from `from`'s database) or `polyfin import` (into `into`).
async fn transfer(mut command: std::process::Command, verb: &str, file: &Path) -> bool {
    let flag = if verb == "export" {
        "--output"
    } else {
        "--input"
    };
    command
        .env("POLYFIN_SECRET_KEY", TEST_SECRET_KEY)
        .args([verb, flag, file.to_str().unwrap()]);
    let output = run_command(command).await;
    if !output.status.success() {
        eprintln!("{verb}: {}", String::from_utf8_lossy(&output.stderr));
    }
    output.status.success()
}

fn polyfin_on(target: &str) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_polyfin"));
    command
        .env_remove("POLYFIN_DATA_DIR")
        .env_remove("POLYFIN_DATABASE_URL");
    if target.starts_with("postgres") {
        command.env("POLYFIN_DATABASE_URL", target);
    } else {
        command.env("POLYFIN_DATA_DIR", target);
    }
    command
}

#[tokio::test]
async fn a_deployment_moves_to_postgres_and_back_without_loss() {
    let Ok(base) = std::env::var(POSTGRES_ENV) else {
        eprintln!("skipped: {POSTGRES_ENV} is unset (scripts/with-postgres.sh sets it)");
        return;
    };
    // A SQLite deployment: aggregated and challenged members, personal-finance data.
    let dir = tempfile::tempdir().unwrap();
    let app = spawn_with(sqlite_config(dir.path()), dir).await;
    let mut paths = vec!["/users".to_owned(), "/users?records_per_page=1".to_owned()];
    for (n, password) in ["password", "password", "challenge"].iter().enumerate() {
        let (u, reads) = member_paths(&app, &format!("p{n}"), password).await;
        paths.extend(reads);
        if n < 2 {
            paths.extend(personal_finance(&app, &u).await);
        }
    }
    let before = read_all(&app, &paths).await;
    assert!(before[8].contains("\"transactions\""), "{}", before[8]);
    app.stop().await;

    // SQLite → PostgreSQL.
    let work = tempfile::tempdir().unwrap();
    let there = work.path().join("there.ndjson");
    assert!(transfer(app.cli(), "export", &there).await);
    let name = format!("imported_{}", std::process::id());
    let url = polyfin_store::postgres::create_database(&base, &name)
        .await
        .unwrap();
    assert!(transfer(polyfin_on(&url), "import", &there).await);
    // A second import is refused: the target must be empty.
    assert!(!transfer(polyfin_on(&url), "import", &there).await);
    let moved = serve_as(postgres_config(&url), &app).await;
    assert_reads(&moved, &paths, &before).await;

    // Rows written on PostgreSQL itself, then PostgreSQL → SQLite.
    let (u, reads) = member_paths(&moved, "after", "password").await;
    paths.extend(reads);
    paths.extend(personal_finance(&moved, &u).await);
    let on_postgres = read_all(&moved, &paths).await;
    moved.stop().await;
    let back = work.path().join("back.ndjson");
    assert!(transfer(polyfin_on(&url), "export", &back).await);
    let home = tempfile::tempdir().unwrap();
    let target = home.path().to_str().unwrap().to_owned();
    assert!(transfer(polyfin_on(&target), "import", &back).await);
    assert!(!transfer(polyfin_on(&target), "import", &back).await);
    let returned = serve_as(sqlite_config(home.path()), &app).await;
    assert_reads(&returned, &paths, &on_postgres).await;
    // New rows continue after the imported ones, on both.
    returned.create_user(json!({"id": "later"})).await;
    let users = returned.get("/users?records_per_page=100").await;
    assert_eq!(
        users.body["users"].as_array().unwrap().len(),
        5,
        "{}",
        users.text
    );
}
