//! Atrium statements: JSON records and their PDF (`…/statements/{guid}.pdf`; the route
//! captures the whole segment, since a path segment cannot be split).
//!
//! The SDK's `StatementResponseBody` reads the statement under `user`, MX under
//! `statement`: the read sends both keys with the same object (spec §1.4).

use super::wire;
use super::{load_user, AtriumError};
use crate::common::auth::Tenant;
use crate::common::query::QueryParams;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use polyfin_domain::clock::format_timestamp;
use polyfin_domain::page::Pagination;
use polyfin_domain::premium::Statement;
use polyfin_domain::user::User;
use polyfin_engine::premium::Within;
use serde::Serialize;

/// What the SDK's `download_statement_pdf` asks for; answered with that type.
pub const PDF_MEDIA_TYPE: &str = "application/vnd.mx.atrium.v1+pdf";
const PLAIN_PDF: &str = "application/pdf";

/// The SDK's `Statement`: `uri` is the PDF's URL, `content_hash` the SHA-256 of it.
#[derive(Serialize)]
struct StatementWire<'a> {
    account_guid: &'a str,
    content_hash: String,
    created_at: String,
    guid: &'a str,
    member_guid: &'a str,
    updated_at: String,
    uri: String,
    user_guid: &'a str,
}

async fn wire_for<'a>(
    state: &AppState,
    user: &User,
    statement: &'a Statement,
) -> Result<StatementWire<'a>, AtriumError> {
    let member = statement.owner.member_guid.as_str();
    let links = state
        .engine
        .premium()
        .statement_links(user, statement)
        .await?;
    Ok(StatementWire {
        account_guid: statement.owner.account_guid.as_str(),
        content_hash: links.content_hash,
        created_at: format_timestamp(statement.created_at),
        guid: statement.guid.as_str(),
        member_guid: member,
        updated_at: format_timestamp(statement.updated_at),
        uri: links.uri,
        user_guid: statement.owner.user_guid.as_str(),
    })
}

/// The SDK's Accept gets its own type back; anything else (`*/*`, a browser) gets
/// plain `application/pdf`.
fn asks_for_atrium_pdf(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains(PDF_MEDIA_TYPE))
}

pub async fn list(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let request = wire::page(&query, 1000);
    let within = Within {
        member_guid: Some(&member_guid),
        account_guid: None,
    };
    let page = state
        .engine
        .premium()
        .statements(&user, within, request)
        .await?;
    let mut statements = Vec::with_capacity(page.items.len());
    for statement in &page.items {
        statements.push(wire_for(&state, &user, statement).await?);
    }
    #[derive(Serialize)]
    struct Envelope<'a> {
        statements: Vec<StatementWire<'a>>,
        pagination: Pagination,
    }
    wire::ok(&Envelope {
        statements,
        pagination: request.pagination(page.total),
    })
}

/// `GET …/statements/{guid}` (JSON, under `user` and `statement`) and
/// `GET …/statements/{guid}.pdf` (the document's raw bytes).
pub async fn read(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid, segment)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, AtriumError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let premium = state.engine.premium();
    if let Some(guid) = segment.strip_suffix(".pdf") {
        let pdf = premium
            .statement_contents(&user, &member_guid, guid)
            .await?
            .pdf()?;
        let media_type = if asks_for_atrium_pdf(&headers) {
            PDF_MEDIA_TYPE
        } else {
            PLAIN_PDF
        };
        let disposition = format!("attachment; filename=\"{guid}.pdf\"");
        return Ok((
            [
                (header::CONTENT_TYPE, media_type.to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            pdf,
        )
            .into_response());
    }
    let statement = premium.statement(&user, &member_guid, &segment).await?;
    let wire = wire_for(&state, &user, &statement).await?;
    #[derive(Serialize)]
    struct Envelope<'a> {
        user: &'a StatementWire<'a>,
        statement: &'a StatementWire<'a>,
    }
    wire::ok(&Envelope {
        user: &wire,
        statement: &wire,
    })
}
