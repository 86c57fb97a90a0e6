//! A Connect page's session for the tests of `/connect/api`: a widget URL's one-time
//! token taken as the page does, then calls with its bearer token.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use crate::support::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

pub struct Page<'a> {
    pub app: &'a TestApp,
    pub token: String,
    pub user: String,
}

impl Page<'_> {
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let url = format!("{}/connect/api{path}", self.app.base_url);
        let mut request = self
            .app
            .http
            .request(method, url)
            .bearer_auth(&self.token)
            .header("Accept-Language", "es");
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let text = response.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, None).await
    }

    pub fn users(&self, rest: &str) -> String {
        format!("/users/{}{rest}", self.user)
    }
}

/// A widget URL's token taken as the page does, and the page session it starts.
pub async fn open_session(app: &TestApp, options: Value) -> Page<'_> {
    let user = app.create_user(json!({"email": "w@example.com"})).await;
    open_session_for(app, user, options).await
}

/// A new page session for an existing user (sessions are short-lived).
pub async fn open_session_for(app: &TestApp, user: String, options: Value) -> Page<'_> {
    let mut options = options;
    options["widget_type"] = json!("connect_widget");
    let reply = app
        .post_json(
            &format!("/users/{user}/widget_urls"),
            json!({ "widget_url": options }),
        )
        .await;
    let url = reply.body["widget_url"]["url"]
        .as_str()
        .expect("url")
        .to_owned();
    let token = url.rsplit('/').next().expect("token");
    let widgets = app.app_engine.widgets();
    let taken = widgets.take(token).await.expect("first use");
    let (_, session_token) = widgets.start_page_session(taken).expect("session");
    Page {
        app,
        token: session_token,
        user,
    }
}
