#![allow(clippy::unwrap_used, clippy::expect_used)]
//! MX header and routing conventions: auth before Accept, Accept negotiation, 405/404.
mod support;

use reqwest::{Method, StatusCode};
use support::{spawn_app, MX_ACCEPT};

#[tokio::test]
async fn authentication_failures_are_401_with_an_mx_body() {
    let app = spawn_app().await;
    let url = format!("{}/users", app.base_url);
    let attempts = [
        app.http.get(&url).basic_auth(&app.client_id, Some("wrong")),
        app.http
            .get(&url)
            .basic_auth("unknown-client", Some(&app.api_key)),
        app.http.get(&url).header("Authorization", "Bearer abc"),
        app.http.get(&url).header("Authorization", "Basic !!!"),
        app.http.get(&url),
        // Missing auth beats a bad Accept.
        app.http.get(&url).header("Accept", "text/html"),
    ];
    for attempt in attempts {
        let reply = app.send(attempt.header("Accept", MX_ACCEPT)).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.text);
        reply.mx_error_message();
    }
}

#[tokio::test]
async fn revoked_clients_are_refused() {
    let app = spawn_app().await;
    assert_eq!(app.get("/users").await.status, StatusCode::OK);
    app.app_engine
        .clients()
        .revoke(&app.client_id)
        .await
        .expect("revoke");
    assert_eq!(app.get("/users").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn accept_negotiation() {
    let app = spawn_app().await;
    let url = format!("{}/users", app.base_url);
    let cases = [
        (Some("application/vnd.mx.api.v1+json"), StatusCode::OK),
        (Some("application/json"), StatusCode::OK),
        (Some("*/*"), StatusCode::OK),
        (Some("application/*"), StatusCode::OK),
        (
            Some("application/vnd.mx.api.v1+json; charset=utf-8"),
            StatusCode::OK,
        ),
        (Some("text/html, application/json;q=0.5"), StatusCode::OK),
        (
            Some("application/vnd.mx.api.v2+json"),
            StatusCode::NOT_ACCEPTABLE,
        ),
        (Some("text/html"), StatusCode::NOT_ACCEPTABLE),
    ];
    for (accept, status) in cases {
        let mut request = app
            .http
            .get(&url)
            .basic_auth(&app.client_id, Some(&app.api_key));
        if let Some(accept) = accept {
            request = request.header("Accept", accept);
        }
        let reply = app.send(request).await;
        assert_eq!(reply.status, status, "{accept:?}");
        if status != StatusCode::OK {
            reply.mx_error_message();
        }
    }
}

/// reqwest always sends an Accept header, so a request without one is written by hand.
async fn status_without_accept(app: &support::TestApp, method: &str, path: &str) -> u16 {
    use base64::Engine as _;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = app.base_url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    let auth = base64::engine::general_purpose::STANDARD
        .encode(format!("{}:{}", app.client_id, app.api_key));
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Basic {auth}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("status line")
}

#[tokio::test]
async fn missing_accept_is_406_except_on_delete() {
    let app = spawn_app().await;
    assert_eq!(status_without_accept(&app, "GET", "/users").await, 406);
    let guid = app.create_user(serde_json::json!({})).await;
    assert_eq!(
        status_without_accept(&app, "DELETE", &format!("/users/{guid}")).await,
        204
    );
}

#[tokio::test]
async fn delete_without_accept_is_fine() {
    let app = spawn_app().await;
    let guid = app.create_user(serde_json::json!({})).await;
    let reply = app
        .send(
            app.http
                .delete(format!("{}/users/{guid}", app.base_url))
                .basic_auth(&app.client_id, Some(&app.api_key)),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn wrong_method_is_405_and_trailing_slashes_are_ignored() {
    let app = spawn_app().await;
    let reply = app.send(app.request(Method::PATCH, "/users")).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    reply.mx_error_message();
    assert_eq!(app.get("/users/").await.status, StatusCode::OK);
    assert_eq!(
        app.get("/institutions/mxbank/").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn healthz_needs_no_auth() {
    let app = spawn_app().await;
    let reply = app
        .http
        .get(format!("{}/healthz", app.base_url))
        .send()
        .await
        .expect("sent");
    assert_eq!(reply.status(), StatusCode::OK);
}
