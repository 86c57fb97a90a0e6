#![allow(clippy::unwrap_used, clippy::expect_used)]
mod support;

use reqwest::{Method, StatusCode};
use serde_json::json;
use support::{spawn_app, MX_ACCEPT};

#[tokio::test]
async fn user_lifecycle() {
    let app = spawn_app().await;
    let guid = app
        .create_user(
            json!({"id": "partner-1", "email": "ann@example.com", "metadata": "{\"tier\":1}"}),
        )
        .await;

    let read = app.get(&format!("/users/{guid}")).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(
        read.content_type,
        "application/vnd.mx.api.v1+json; charset=utf-8"
    );
    assert_eq!(
        read.body,
        json!({"user": {"guid": guid, "id": "partner-1", "email": "ann@example.com",
                        "is_disabled": false, "metadata": "{\"tier\":1}"}})
    );

    let updated = app
        .put_json(
            &format!("/users/{guid}/"),
            json!({"user": {"is_disabled": true}}),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK);
    assert_eq!(updated.body["user"]["is_disabled"], true);
    assert_eq!(updated.body["user"]["email"], "ann@example.com");

    let filtered = app.get("/users?is_disabled=True").await;
    assert_eq!(filtered.body["users"].as_array().map(Vec::len), Some(1));
    let filtered = app.get("/users?is_disabled=False").await;
    assert_eq!(filtered.body["pagination"]["total_entries"], 0);

    let deleted = app.delete(&format!("/users/{guid}")).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert!(deleted.text.is_empty());
    assert_eq!(
        app.get(&format!("/users/{guid}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.delete(&format!("/users/{guid}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/users").await.body["pagination"]["total_entries"],
        0
    );
}

#[tokio::test]
async fn list_pages_through_users_in_creation_order() {
    let app = spawn_app().await;
    let mut guids = Vec::new();
    for n in 0..12 {
        guids.push(app.create_user(json!({"id": format!("u{n}")})).await);
    }
    let first = app.get("/users?records_per_page=10").await;
    assert_eq!(
        first.body["pagination"],
        json!({"current_page": 1, "per_page": 10, "total_entries": 12, "total_pages": 2})
    );
    assert_eq!(first.body["users"][0]["guid"], guids[0]);
    let second = app.get("/users?records_per_page=10&page=2").await;
    assert_eq!(second.body["users"].as_array().map(Vec::len), Some(2));
    assert_eq!(second.body["users"][1]["guid"], guids[11]);
    let past = app.get("/users?records_per_page=10&page=9").await;
    assert_eq!(past.body["users"], json!([]));
    assert_eq!(past.body["pagination"]["current_page"], 9);
}

#[tokio::test]
async fn partner_ids_are_unique_per_client() {
    let app = spawn_app().await;
    app.create_user(json!({"id": "dup"})).await;
    let again = app
        .post_json("/users", json!({"user": {"id": "dup"}}))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    again.mx_error_message();

    let other = app.create_user(json!({"id": "other"})).await;
    let update = app
        .put_json(&format!("/users/{other}"), json!({"user": {"id": "dup"}}))
        .await;
    assert_eq!(update.status, StatusCode::CONFLICT);

    // Another client may use the same partner id.
    let (client_id, api_key) = app.other_client().await;
    let reply = app
        .http
        .post(format!("{}/users", app.base_url))
        .basic_auth(client_id, Some(api_key))
        .header("Accept", MX_ACCEPT)
        .header("Content-Type", "application/json")
        .body(json!({"user": {"id": "dup"}}).to_string())
        .send()
        .await
        .expect("sent");
    assert_eq!(reply.status(), StatusCode::OK);
}

#[tokio::test]
async fn another_clients_user_is_not_found() {
    let app = spawn_app().await;
    let guid = app.create_user(json!({})).await;
    let (client_id, api_key) = app.other_client().await;
    for method in [Method::GET, Method::PUT, Method::DELETE] {
        let reply = app
            .send(
                app.http
                    .request(method.clone(), format!("{}/users/{guid}", app.base_url))
                    .basic_auth(&client_id, Some(&api_key))
                    .header("Accept", MX_ACCEPT)
                    .header("Content-Type", "application/json")
                    .body(json!({"user": {"email": "x@y.z"}}).to_string()),
            )
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method}");
        reply.mx_error_message();
    }
    assert_eq!(
        app.get(&format!("/users/{guid}")).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn deleted_users_are_purged_after_the_retention() {
    let app = spawn_app().await;
    let guid = app.create_user(json!({"id": "gone"})).await;
    app.delete(&format!("/users/{guid}")).await;
    // The partner id was free again right after the delete.
    app.create_user(json!({"id": "gone"})).await;
    // Without the server's own sweeps, which would otherwise race these purges.
    app.stop().await;
    assert_eq!(app.app_engine.purge_deleted().await.expect("purge"), 0);
    app.clock.advance(time::Duration::days(15));
    assert_eq!(app.app_engine.purge_deleted().await.expect("purge"), 1);
}
