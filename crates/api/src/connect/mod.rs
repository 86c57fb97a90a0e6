//! The Connect widget's backend (`/connect/api`, spec connect-widget-backend.md) and
//! the hosted page that runs the real `@mxenabled/connect-widget`. Translation only:
//! every member, job, OAuth and micro-deposit rule is the engine's; this module turns
//! its objects into the integer-enum shapes the widget reads.

mod extras;
mod institutions;
mod members;
mod messages;
mod oauth;
pub mod page;
mod wire;

use crate::common::{ApiError, ErrorKind};
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use polyfin_domain::ids::ClientId;
use polyfin_domain::user::User;
use polyfin_engine::widgets::PageSession;
use serde::Serialize;

/// Where the widget's API lives.
pub const API_PREFIX: &str = "/connect/api";

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(institutions::routes())
        .merge(members::routes())
        .merge(oauth::routes())
        .merge(extras::routes())
        .fallback(not_found)
}

async fn not_found() -> ConnectError {
    ApiError::not_found("Resource").into()
}

/// Errors as JSON `{"error":{"message","field"}}`; the page turns them into the
/// axios-shaped rejections the widget reads (`err.response.status/data`).
#[derive(Debug)]
pub enum ConnectError {
    Api(ApiError),
    /// `addMember` of a login the user already has. Answered 200 with
    /// `existing_member_guid` (a failed request would be a console error in the
    /// browser); the page rejects with the widget's 409 `{guid}`, which sends it down
    /// its existing-member path.
    Exists(String),
}

impl From<ApiError> for ConnectError {
    fn from(error: ApiError) -> Self {
        Self::Api(error)
    }
}

impl From<polyfin_engine::Error> for ConnectError {
    fn from(error: polyfin_engine::Error) -> Self {
        Self::Api(error.into())
    }
}

impl IntoResponse for ConnectError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            Self::Api(error) => (
                error.status(),
                serde_json::json!({ "error": { "message": error.message, "field": error.field } }),
            ),
            Self::Exists(guid) => (
                StatusCode::OK,
                serde_json::json!({ "existing_member_guid": guid }),
            ),
        };
        (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            body.to_string(),
        )
            .into_response()
    }
}

pub type Reply = Result<Response, ConnectError>;

pub fn json(body: &impl Serialize) -> Reply {
    json_status(StatusCode::OK, body)
}

fn json_status(status: StatusCode, body: &impl Serialize) -> Reply {
    let bytes = serde_json::to_vec(body).map_err(|e| {
        tracing::error!(error = %e, "connect response did not serialize");
        ApiError::new(ErrorKind::Internal, "Internal server error.")
    })?;
    Ok((status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response())
}

fn no_content() -> Reply {
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A request of a Connect page: its sealed session (bearer token) and its user.
pub struct Session {
    pub page: PageSession,
    pub user: User,
    /// The `Accept-Language` the page sent (the `<html lang>`), for user messages.
    pub language: &'static str,
}

impl Session {
    /// Every `/users/{u}/…` route belongs to the session's user only.
    fn check_user(&self, user_guid: &str) -> Result<(), ConnectError> {
        if self.user.guid.as_str() == user_guid {
            Ok(())
        } else {
            Err(ApiError::not_found("User").into())
        }
    }

    fn client(&self) -> &ClientId {
        &self.user.client_id
    }
}

impl FromRequestParts<AppState> for Session {
    type Rejection = ConnectError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let unauthorized =
            || ApiError::new(ErrorKind::Unauthorized, "The Connect session has expired.");
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(unauthorized)?;
        let page = state
            .engine
            .widgets()
            .open_page_session(token)
            .ok_or_else(unauthorized)?;
        let client = ClientId::from_stored(page.client_id.clone());
        let user = state
            .engine
            .users()
            .get(&client, &page.user_guid)
            .await
            .map_err(|_| unauthorized())?;
        let language = polyfin_domain::widget::language(
            parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .or(Some(page.language.as_str())),
        );
        Ok(Self {
            page,
            user,
            language,
        })
    }
}

/// A JSON request body; bad input is a 400 naming the field.
pub struct Body<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for Body<T> {
    type Rejection = ConnectError;

    async fn from_request(
        request: axum::extract::Request,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let headers = request.headers().clone();
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|_| ApiError::bad_request("body", "The request body could not be read."))?;
        Ok(Self(crate::common::body::parse_json(&headers, &bytes)?))
    }
}
