//! Atrium institutions and their credential definitions, from the catalogue.

use super::wire;
use super::AtriumError;
use crate::common::query::QueryParams;
use crate::common::ApiError;
use crate::logos::logo_url;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use polyfin_domain::institution::{
    CredentialField, CredentialOption, FieldType, Institution, InstitutionFilter,
};
use polyfin_domain::page::Pagination;
use serde::Serialize;

#[derive(Serialize)]
pub struct InstitutionWire<'a> {
    code: &'a str,
    medium_logo_url: String,
    name: &'a str,
    small_logo_url: String,
    supports_account_identification: bool,
    supports_account_statement: bool,
    supports_account_verification: bool,
    supports_oauth: bool,
    supports_transaction_history: bool,
    url: &'a str,
}

impl<'a> InstitutionWire<'a> {
    pub fn new(institution: &'a Institution, public_url: &str) -> Self {
        Self {
            code: &institution.code,
            medium_logo_url: logo_url(public_url, &institution.code, 100),
            name: &institution.name,
            small_logo_url: logo_url(public_url, &institution.code, 50),
            supports_account_identification: institution.supports_account_identification,
            supports_account_statement: institution.supports_account_statement,
            supports_account_verification: institution.supports_account_verification,
            supports_oauth: institution.supports_oauth,
            supports_transaction_history: institution.supports_transaction_history,
            url: &institution.url,
        }
    }
}

#[derive(Serialize)]
pub struct CredentialWire<'a> {
    display_order: u32,
    field_name: &'a str,
    guid: &'a str,
    label: &'a str,
    options: Option<Vec<OptionWire<'a>>>,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct OptionWire<'a> {
    label: &'a str,
    value: &'a str,
}

impl<'a> From<&'a CredentialOption> for OptionWire<'a> {
    fn from(option: &'a CredentialOption) -> Self {
        Self {
            label: &option.label,
            value: &option.value,
        }
    }
}

/// Atrium's credential types: the sign-in name is `LOGIN`, whatever the catalogue
/// calls it; other fields keep their type.
pub fn credentials_wire(fields: &[CredentialField]) -> Vec<CredentialWire<'_>> {
    let login = fields
        .iter()
        .position(|f| matches!(f.field_type, FieldType::Text | FieldType::Login));
    fields
        .iter()
        .enumerate()
        .map(|(i, field)| CredentialWire {
            display_order: field.display_order,
            field_name: &field.field_name,
            guid: field.guid.as_str(),
            label: &field.label,
            options: (!field.options.is_empty())
                .then(|| field.options.iter().map(OptionWire::from).collect()),
            kind: if Some(i) == login {
                "LOGIN"
            } else {
                field.field_type.name()
            },
        })
        .collect()
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
pub struct CredentialsEnvelope<'a> {
    pub credentials: Vec<CredentialWire<'a>>,
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

pub async fn list(
    State(state): State<AppState>,
    query: QueryParams,
) -> Result<Response, AtriumError> {
    let filter = filter_from(&query)?;
    let matches = state.engine.catalogue().search(&filter);
    let request = wire::page(&query, 100);
    wire::ok(&InstitutionsEnvelope {
        institutions: request
            .slice(&matches)
            .iter()
            .map(|i| InstitutionWire::new(i, &state.config.public_url))
            .collect(),
        pagination: request.pagination(matches.len() as u64),
    })
}

fn find<'a>(state: &'a AppState, code: &str) -> Result<&'a Institution, AtriumError> {
    state
        .engine
        .catalogue()
        .get(code)
        .ok_or_else(|| ApiError::not_found("Institution").into())
}

pub async fn read(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, AtriumError> {
    let institution = find(&state, &code)?;
    wire::ok(&InstitutionEnvelope {
        institution: InstitutionWire::new(institution, &state.config.public_url),
    })
}

pub async fn credentials(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, AtriumError> {
    let institution = find(&state, &code)?;
    wire::ok(&CredentialsEnvelope {
        credentials: credentials_wire(&institution.credentials),
    })
}
