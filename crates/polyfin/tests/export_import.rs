#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A populated SQLite deployment moves to PostgreSQL with `polyfin export` and
//! `polyfin import`, and then answers every read exactly as before, byte for byte.
//! Needs PostgreSQL (`POLYFIN_TEST_DATABASE_URL`).
mod support;

use polyfin::{Application, Config};
use reqwest::StatusCode;
use serde_json::json;
use std::sync::Arc;
use support::{spawn_with, POSTGRES_ENV, TEST_SECRET_KEY};
use tokio_util::sync::CancellationToken;

#[tokio::test]
async fn a_sqlite_deployment_moves_to_postgres_without_loss() {
    let Ok(base) = std::env::var(POSTGRES_ENV) else {
        eprintln!("skipped: {POSTGRES_ENV} is unset (scripts/with-postgres.sh sets it)");
        return;
    };
    // A SQLite deployment with users, aggregated members, manual data and an edit.
    let data_dir = tempfile::tempdir().unwrap();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        data_dir: Some(data_dir.path().to_path_buf()),
        secret_key: Some(TEST_SECRET_KEY.to_owned()),
        ..Config::default()
    };
    let app = spawn_with(config, data_dir).await;
    let mut paths = vec!["/users".to_owned()];
    for (n, password) in ["password", "password", "challenge"].iter().enumerate() {
        let u = app
            .create_user(json!({"id": format!("p{n}"), "email": "e@example.com"}))
            .await;
        let created = app.create_member(&u, "mxbank", password).await;
        assert!(created.status.is_success(), "{}", created.text);
        let m = created.body["member"]["guid"].as_str().unwrap().to_owned();
        app.settle(&u, &m).await;
        for tail in [
            "",
            "/members",
            &format!("/members/{m}"),
            &format!("/members/{m}/status"),
            "/accounts",
            "/transactions?records_per_page=1000",
            &format!("/members/{m}/accounts"),
        ] {
            paths.push(format!("/users/{u}{tail}"));
        }
    }
    let before: Vec<String> = read_all(&app, &paths).await;
    assert!(before[6].contains("\"transactions\""), "{}", before[6]);
    app.stop().await;

    // Export, then import into a fresh PostgreSQL database.
    let file = app.data_dir.path().join("export.ndjson");
    let exported = app
        .cli()
        .args(["export", "--output", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(exported.status.success(), "{exported:?}");
    let name = format!("imported_{}", std::process::id());
    let url = polyfin_store::postgres::create_database(&base, &name)
        .await
        .unwrap();
    let import = |url: &str| {
        app.cli()
            .env_remove("POLYFIN_DATA_DIR")
            .env("POLYFIN_DATABASE_URL", url)
            .env("POLYFIN_SECRET_KEY", TEST_SECRET_KEY)
            .args(["import", "--input", file.to_str().unwrap()])
            .output()
            .unwrap()
    };
    let imported = import(&url);
    assert!(imported.status.success(), "{imported:?}");
    // A second import is refused: the target must be empty.
    assert!(!import(&url).status.success());

    // The same requests on PostgreSQL answer the same bytes.
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database_url: Some(url),
        secret_key: Some(TEST_SECRET_KEY.to_owned()),
        ..Config::default()
    };
    let moved = Application::build(&config, Arc::new(app.clock.clone()))
        .await
        .unwrap();
    let base_url = format!("http://{}", moved.local_addr().unwrap());
    let shutdown = CancellationToken::new();
    tokio::spawn(moved.run(shutdown.clone()));
    for (path, expected) in paths.iter().zip(&before) {
        let reply = app
            .send(
                app.http
                    .get(format!("{base_url}{path}"))
                    .basic_auth(&app.client_id, Some(&app.api_key))
                    .header("Accept", support::MX_ACCEPT),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(&reply.text, expected, "{path}");
    }
    // New rows continue after the imported ones.
    let reply = app
        .send(
            app.http
                .post(format!("{base_url}/users"))
                .basic_auth(&app.client_id, Some(&app.api_key))
                .header("Accept", support::MX_ACCEPT)
                .json(&json!({"user": {"id": "after"}})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    shutdown.cancel();
}

async fn read_all(app: &support::TestApp, paths: &[String]) -> Vec<String> {
    let mut bodies = Vec::new();
    for path in paths {
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text);
        bodies.push(reply.text);
    }
    bodies
}
