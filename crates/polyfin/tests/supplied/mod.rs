//! Helpers shared by the tests of supplied data (manual, managed, micro-deposits,
//! widgets), beside the common harness in `support`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use crate::support::{Reply, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::Value;

pub fn s(value: &Value) -> String {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value}"))
        .to_owned()
}

/// An MX error with this status whose message names `mentions`.
pub fn assert_error(reply: &Reply, status: StatusCode, mentions: &str) {
    assert_eq!(reply.status, status, "{}", reply.text);
    assert!(reply
        .content_type
        .starts_with("application/vnd.mx.api.v1+json"));
    let message = reply.mx_error_message();
    assert!(
        message.contains(mentions),
        "{message:?} should name {mentions:?}"
    );
}

/// Sends JSON text as written: `json!` would turn 0.10 into the float 0.1.
pub async fn send_raw(app: &TestApp, method: Method, path: &str, body: &str) -> Reply {
    let request = app
        .request(method, path)
        .header("Content-Type", "application/json");
    app.send(request.body(body.to_owned())).await
}

/// `base` with the keys of `change` replaced (a `null` removes the key).
pub fn with(base: &Value, change: &Value) -> Value {
    let mut merged = base.as_object().expect("object").clone();
    for (key, value) in change.as_object().expect("object") {
        if value.is_null() {
            merged.remove(key);
        } else {
            merged.insert(key.clone(), value.clone());
        }
    }
    Value::Object(merged)
}

/// Posts `base` changed by each case under `envelope`; every one must be refused.
pub async fn assert_refused(
    app: &TestApp,
    path: &str,
    envelope: &str,
    base: &Value,
    cases: &[(Value, StatusCode, &str)],
) {
    for (change, status, mentions) in cases {
        let mut body = serde_json::Map::new();
        body.insert(envelope.to_owned(), with(base, change));
        let reply = app.post_json(path, Value::Object(body)).await;
        assert_error(&reply, *status, mentions);
    }
}

pub async fn total(app: &TestApp, path: &str) -> u64 {
    let reply = app.get(path).await;
    reply.body["pagination"]["total_entries"]
        .as_u64()
        .unwrap_or_else(|| panic!("no total: {}", reply.text))
}

/// A request (with a JSON body) as another API client of the same server.
pub async fn as_stranger(app: &TestApp, method: Method, path: &str, body: &str) -> Reply {
    let (id, key) = app.other_client().await;
    let request = app
        .http
        .request(method, format!("{}{path}", app.base_url))
        .basic_auth(id, Some(key))
        .header("Accept", "application/json")
        .header("Content-Type", "application/json");
    app.send(request.body(body.to_owned())).await
}
