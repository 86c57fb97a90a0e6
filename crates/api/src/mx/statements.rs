//! MX statements: JSON records and their PDF (`…/statements/{guid}.pdf`; the route
//! captures the whole segment, since a path segment cannot be split).

use super::wire;
use super::{load_user, MxError};
use crate::common::auth::Tenant;
use crate::common::query::QueryParams;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use polyfin_domain::clock::format_timestamp;
use polyfin_domain::page::Pagination;
use polyfin_domain::premium::Statement;
use polyfin_domain::user::User;
use polyfin_engine::premium::Within;
use serde::Serialize;

pub const PDF_MEDIA_TYPE: &str = "application/vnd.mx.api.v1+pdf";

#[derive(Serialize)]
struct StatementWire<'a> {
    guid: &'a str,
    account_guid: &'a str,
    member_guid: &'a str,
    user_guid: &'a str,
    content_hash: String,
    uri: String,
    created_at: String,
    updated_at: String,
}

async fn wire_for<'a>(
    state: &AppState,
    user: &User,
    statement: &'a Statement,
) -> Result<StatementWire<'a>, MxError> {
    let member = statement.owner.member_guid.as_str();
    let links = state
        .engine
        .premium()
        .statement_links(user, statement)
        .await?;
    Ok(StatementWire {
        guid: statement.guid.as_str(),
        account_guid: statement.owner.account_guid.as_str(),
        member_guid: member,
        user_guid: statement.owner.user_guid.as_str(),
        content_hash: links.content_hash,
        uri: links.uri,
        created_at: format_timestamp(statement.created_at),
        updated_at: format_timestamp(statement.updated_at),
    })
}

pub async fn list(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid)): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let request = query.page(1000);
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

/// `GET …/statements/{guid}` (JSON) and `GET …/statements/{guid}.pdf` (the document).
pub async fn read(
    State(state): State<AppState>,
    Extension(Tenant(client)): Extension<Tenant>,
    Path((user_guid, member_guid, segment)): Path<(String, String, String)>,
) -> Result<Response, MxError> {
    let user = load_user(&state, &client, &user_guid).await?;
    let premium = state.engine.premium();
    if let Some(guid) = segment.strip_suffix(".pdf") {
        let pdf = premium
            .statement_contents(&user, &member_guid, guid)
            .await?
            .pdf()?;
        let disposition = format!("attachment; filename=\"{guid}.pdf\"");
        return Ok((
            [
                (header::CONTENT_TYPE, PDF_MEDIA_TYPE.to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            pdf,
        )
            .into_response());
    }
    let statement = premium.statement(&user, &member_guid, &segment).await?;
    #[derive(Serialize)]
    struct Envelope<'a> {
        statement: StatementWire<'a>,
    }
    wire::ok(&Envelope {
        statement: wire_for(&state, &user, &statement).await?,
    })
}
