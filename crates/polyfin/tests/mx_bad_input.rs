#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Table-driven: every kind of bad input gets a 4xx with an MX error body naming the
//! field, never a 500, and writes nothing.
mod support;

use reqwest::{Method, StatusCode};
use serde_json::json;
use support::spawn_app;

struct Case {
    name: &'static str,
    content_type: Option<&'static str>,
    body: String,
    status: StatusCode,
    mentions: &'static str,
}

fn case(name: &'static str, body: impl Into<String>, status: u16, mentions: &'static str) -> Case {
    Case {
        name,
        content_type: Some("application/json"),
        body: body.into(),
        status: StatusCode::from_u16(status).expect("status"),
        mentions,
    }
}

fn cases() -> Vec<Case> {
    vec![
        case("malformed json", r#"{"user": {"#, 400, "JSON"),
        case("trailing garbage", r#"{"user": {}} x"#, 400, "JSON"),
        case("empty body", "", 400, "user"),
        case("missing envelope", r#"{"email": "a@b.co"}"#, 400, "user"),
        case("envelope not an object", r#"{"user": []}"#, 400, "user"),
        case("envelope null", r#"{"user": null}"#, 400, "user"),
        case(
            "bool as string",
            r#"{"user": {"is_disabled": "yes"}}"#,
            400,
            "user.is_disabled",
        ),
        case(
            "email as number",
            r#"{"user": {"email": 5}}"#,
            400,
            "user.email",
        ),
        case(
            "metadata as object",
            r#"{"user": {"metadata": {"a": 1}}}"#,
            400,
            "user.metadata",
        ),
        case("id as array", r#"{"user": {"id": []}}"#, 400, "user.id"),
        case(
            "id too long",
            json!({"user": {"id": "x".repeat(256)}}).to_string(),
            400,
            "user.id",
        ),
        case("empty id", r#"{"user": {"id": "  "}}"#, 400, "user.id"),
        case(
            "email without at",
            r#"{"user": {"email": "nobody"}}"#,
            400,
            "user.email",
        ),
        case(
            "metadata too long",
            json!({"user": {"metadata": "m".repeat(16 * 1024 + 1)}}).to_string(),
            400,
            "user.metadata",
        ),
        Case {
            content_type: Some("text/plain"),
            ..case("text body", r#"{"user": {}}"#, 415, "Content-Type")
        },
    ]
}

#[tokio::test]
async fn bad_user_bodies_are_4xx_and_write_nothing() {
    let app = spawn_app().await;
    let existing = app.create_user(json!({"id": "keep"})).await;
    for method in [Method::POST, Method::PUT] {
        let path = if method == Method::POST {
            "/users".to_owned()
        } else {
            format!("/users/{existing}")
        };
        for case in cases() {
            let mut request = app.request(method.clone(), &path).body(case.body.clone());
            if let Some(content_type) = case.content_type {
                request = request.header("Content-Type", content_type);
            }
            let reply = app.send(request).await;
            assert_eq!(
                reply.status, case.status,
                "{method} {}: {}",
                case.name, reply.text
            );
            let message = reply.mx_error_message();
            assert!(
                message.contains(case.mentions),
                "{method} {}: {message:?} should mention {}",
                case.name,
                case.mentions
            );
        }
    }
    let list = app.get("/users").await;
    assert_eq!(list.body["pagination"]["total_entries"], 1);
    assert_eq!(
        app.get(&format!("/users/{existing}")).await.body["user"]["id"],
        "keep"
    );
}

#[tokio::test]
async fn unknown_fields_are_ignored() {
    let app = spawn_app().await;
    let reply = app
        .post_json(
            "/users",
            json!({"user": {"email": "a@b.co", "favourite_colour": "red"}, "extra": 1}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body["user"].get("favourite_colour").is_none());
}

#[tokio::test]
async fn records_per_page_falls_back_as_documented() {
    let app = spawn_app().await;
    let cases = [
        ("0", 10, 10),
        ("5", 10, 10),
        ("abc", 25, 25),
        ("101", 101, 25),
        ("1000", 1000, 25),
        ("1001", 25, 25),
        ("-3", 10, 10),
    ];
    for (value, users_per_page, institutions_per_page) in cases {
        let users = app.get(&format!("/users?records_per_page={value}")).await;
        assert_eq!(users.status, StatusCode::OK, "{value}");
        assert_eq!(
            users.body["pagination"]["per_page"], users_per_page,
            "{value}"
        );
        let institutions = app
            .get(&format!("/institutions?records_per_page={value}&page=x"))
            .await;
        assert_eq!(institutions.status, StatusCode::OK, "{value}");
        assert_eq!(
            institutions.body["pagination"]["per_page"], institutions_per_page,
            "{value}"
        );
        assert_eq!(institutions.body["pagination"]["current_page"], 1);
    }
}

#[tokio::test]
async fn bad_query_booleans_name_the_parameter() {
    let app = spawn_app().await;
    let reply = app.get("/users?is_disabled=maybe").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.mx_error_message().contains("is_disabled"));
}

#[tokio::test]
async fn unknown_guids_and_odd_paths_are_404() {
    let app = spawn_app().await;
    for path in [
        "/users/USR-nope",
        "/users/not-a-guid",
        "/users/%2E%2E",
        "/nowhere",
    ] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        reply.mx_error_message();
    }
}
