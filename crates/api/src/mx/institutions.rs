use super::wire;
use super::MxError;
use crate::common::query::QueryParams;
use crate::common::ApiError;
use crate::logos::logo_url;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use polyfin_domain::institution::{
    CredentialField, CredentialOption, Institution, InstitutionFilter,
};
use polyfin_domain::page::Pagination;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

/// Rendered pages of the institution list, by query. The catalogue does not change
/// while the server runs and nothing in a page depends on the client, so a page is
/// serialised once and its bytes serve every later request for it.
#[derive(Debug, Default)]
pub struct InstitutionPages {
    pages: RwLock<HashMap<String, Bytes>>,
}

/// Distinct queries remembered; past this the pages start over (searches by name can
/// make the queries as many as the clients like).
const MAX_PAGES: usize = 1024;

impl InstitutionPages {
    fn get_or_render(
        &self,
        key: String,
        render: impl FnOnce() -> Result<Bytes, MxError>,
    ) -> Result<Response, MxError> {
        let cached = self
            .pages
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .cloned();
        let body = match cached {
            Some(body) => body,
            None => {
                let body = render()?;
                let mut pages = self.pages.write().unwrap_or_else(PoisonError::into_inner);
                if pages.len() >= MAX_PAGES {
                    pages.clear();
                }
                pages.insert(key, body.clone());
                body
            }
        };
        Ok(wire::bytes_response(StatusCode::OK, body))
    }
}

#[derive(Serialize)]
pub struct InstitutionWire<'a> {
    code: &'a str,
    guid: &'a str,
    name: &'a str,
    url: &'a str,
    small_logo_url: String,
    medium_logo_url: String,
    supports_account_identification: bool,
    supports_account_statement: bool,
    supports_account_verification: bool,
    supports_oauth: bool,
    supports_transaction_history: bool,
    supports_tax_document: bool,
    iso_country_code: &'a str,
    forgot_password_url: Option<&'a str>,
    forgot_username_url: Option<&'a str>,
    trouble_signing_in_url: Option<&'a str>,
    instructional_text: Option<&'a str>,
    is_disabled_by_client: bool,
}

impl<'a> InstitutionWire<'a> {
    pub fn new(institution: &'a Institution, public_url: &str) -> Self {
        Self {
            code: &institution.code,
            guid: institution.guid.as_str(),
            name: &institution.name,
            url: &institution.url,
            small_logo_url: logo_url(public_url, &institution.code, 50),
            medium_logo_url: logo_url(public_url, &institution.code, 100),
            supports_account_identification: institution.supports_account_identification,
            supports_account_statement: institution.supports_account_statement,
            supports_account_verification: institution.supports_account_verification,
            supports_oauth: institution.supports_oauth,
            supports_transaction_history: institution.supports_transaction_history,
            supports_tax_document: institution.supports_tax_document,
            iso_country_code: &institution.iso_country_code,
            forgot_password_url: institution.forgot_password_url.as_deref(),
            forgot_username_url: institution.forgot_username_url.as_deref(),
            trouble_signing_in_url: institution.trouble_signing_in_url.as_deref(),
            instructional_text: institution.instructional_text.as_deref(),
            is_disabled_by_client: false,
        }
    }
}

#[derive(Serialize)]
pub struct CredentialWire<'a> {
    guid: &'a str,
    field_name: &'a str,
    label: &'a str,
    field_type: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    display_order: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<Vec<CredentialOptionWire<'a>>>,
}

impl<'a> From<&'a CredentialField> for CredentialWire<'a> {
    fn from(field: &'a CredentialField) -> Self {
        Self {
            guid: field.guid.as_str(),
            field_name: &field.field_name,
            label: &field.label,
            field_type: field.field_type.name(),
            kind: field.field_type.name(),
            display_order: field.display_order,
            options: (!field.options.is_empty()).then(|| {
                field
                    .options
                    .iter()
                    .map(CredentialOptionWire::from)
                    .collect()
            }),
        }
    }
}

#[derive(Serialize)]
pub struct CredentialOptionWire<'a> {
    label: &'a str,
    value: &'a str,
}

impl<'a> From<&'a CredentialOption> for CredentialOptionWire<'a> {
    fn from(option: &'a CredentialOption) -> Self {
        Self {
            label: &option.label,
            value: &option.value,
        }
    }
}

#[derive(Serialize)]
struct InstitutionsEnvelope<'a> {
    institutions: Vec<InstitutionWire<'a>>,
    pagination: Pagination,
}

#[derive(Serialize)]
struct InstitutionEnvelope<'a> {
    institution: InstitutionWire<'a>,
}

#[derive(Serialize)]
struct CredentialsEnvelope<'a> {
    credentials: Vec<CredentialWire<'a>>,
    pagination: Pagination,
}

fn filter_from(query: &QueryParams) -> Result<InstitutionFilter, ApiError> {
    let flag = |key: &str| query.bool(key).map(|v| v.unwrap_or(false));
    Ok(InstitutionFilter {
        name: query.text("name").map(str::to_owned),
        supports_account_identification: flag("supports_account_identification")?,
        supports_account_statement: flag("supports_account_statement")?,
        supports_account_verification: flag("supports_account_verification")?,
        supports_transaction_history: flag("supports_transaction_history")?,
        iso_country_codes: query.all("iso_country_code"),
    })
}

fn page_of(
    state: &AppState,
    matches: &[&Institution],
    query: &QueryParams,
) -> Result<Bytes, MxError> {
    let request = query.page(100);
    wire::to_bytes(&InstitutionsEnvelope {
        institutions: request
            .slice(matches)
            .iter()
            .map(|i| InstitutionWire::new(i, &state.config.public_url))
            .collect(),
        pagination: request.pagination(matches.len() as u64),
    })
}

pub async fn list(State(state): State<AppState>, query: QueryParams) -> Result<Response, MxError> {
    let key = format!("list?{}", query.key());
    state.institution_pages.get_or_render(key, || {
        let filter = filter_from(&query)?;
        let catalogue = state.engine.catalogue();
        let matches = catalogue.search(&filter);
        page_of(&state, &matches, &query)
    })
}

pub async fn favorites(
    State(state): State<AppState>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let key = format!("favorites?{}", query.key());
    state.institution_pages.get_or_render(key, || {
        let countries = query.all("iso_country_code");
        let filter = InstitutionFilter {
            iso_country_codes: countries,
            ..Default::default()
        };
        let matches: Vec<&Institution> = state
            .engine
            .catalogue()
            .favorites()
            .filter(|i| filter.matches(i))
            .collect();
        page_of(&state, &matches, &query)
    })
}

fn find<'a>(state: &'a AppState, code: &str) -> Result<&'a Institution, MxError> {
    state
        .engine
        .catalogue()
        .get(code)
        .ok_or_else(|| ApiError::not_found("Institution").into())
}

pub async fn read(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, MxError> {
    let institution = find(&state, &code)?;
    wire::ok(&InstitutionEnvelope {
        institution: InstitutionWire::new(institution, &state.config.public_url),
    })
}

pub async fn credentials(
    State(state): State<AppState>,
    Path(code): Path<String>,
    query: QueryParams,
) -> Result<Response, MxError> {
    let institution = find(&state, &code)?;
    let request = query.page(1000);
    wire::ok(&CredentialsEnvelope {
        credentials: request
            .slice(&institution.credentials)
            .iter()
            .map(CredentialWire::from)
            .collect(),
        pagination: request.pagination(institution.credentials.len() as u64),
    })
}
