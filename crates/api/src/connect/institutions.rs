//! Institution search, popular and discovered institutions, one institution (by guid
//! or code) and its credentials. The session's mode filters what is offered (R8).

use super::wire::{self, InstitutionWire};
use super::{json, ConnectError, Reply, Session};
use crate::common::query::QueryParams;
use crate::common::ApiError;
use crate::AppState;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;
use polyfin_domain::institution::{Institution, InstitutionFilter};
use polyfin_domain::origin::{institution_guid, MANUAL_INSTITUTION_CODE};
use serde_json::json;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/institutions", get(search))
        .route("/institutions/favorites", get(popular))
        .route("/institutions/{id}", get(read))
        .route("/institutions/{id}/credentials", get(credentials))
        .route(
            "/users/{user_guid}/institutions/discovered",
            get(discovered),
        )
}

const PER_PAGE: usize = 25;

/// The filter a request asks for, narrowed by what the session's mode requires.
fn filter_for(session: &Session, query: &QueryParams) -> Result<InstitutionFilter, ApiError> {
    let flag = |key: &str| query.bool(key).map(|v| v.unwrap_or(false));
    let products = query.all("products");
    let options = &session.page.options;
    let verification = options.mode.as_deref() == Some("verification")
        || products.iter().any(|p| p == "account_verification");
    let identity = options.include_identity == Some(true)
        || products.iter().any(|p| p == "identity_verification");
    let mut countries = query.all("iso_country_code");
    if countries.is_empty() {
        countries = options.iso_country_code.clone().unwrap_or_default();
    }
    Ok(InstitutionFilter {
        name: query.text("search_name").map(str::to_owned),
        supports_account_verification: verification || flag("account_verification_is_enabled")?,
        supports_account_identification: identity || flag("account_identification_is_enabled")?,
        iso_country_codes: countries,
        ..Default::default()
    })
}

fn page_number(query: &QueryParams) -> usize {
    query
        .text("page")
        .and_then(|p| p.parse::<usize>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

async fn search(State(state): State<AppState>, session: Session, query: QueryParams) -> Reply {
    let filter = filter_for(&session, &query)?;
    let catalogue = state.engine.catalogue();
    // A nine-digit term arrives as `routing_number`: the catalogue has no routing
    // numbers, so it finds nothing rather than everything.
    let found: Vec<&Institution> = if query.text("routing_number").is_some() {
        Vec::new()
    } else {
        catalogue.search(&filter)
    };
    let page = page_number(&query);
    let slice: Vec<&Institution> = found
        .iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .copied()
        .collect();
    let institutions: Vec<InstitutionWire<'_>> = slice
        .iter()
        .map(|i| InstitutionWire::new(i, &state.config.public_url, 0))
        .collect();
    json(&json!({
        "institutions": institutions,
        "pagination": { "current_page": page, "per_page": PER_PAGE, "total_entries": found.len(),
                        "total_pages": found.len().div_ceil(PER_PAGE) },
    }))
}

/// The catalogue's favourites, most popular first.
async fn popular(State(state): State<AppState>, session: Session, query: QueryParams) -> Reply {
    let mut filter = filter_for(&session, &query)?;
    filter.name = None;
    let favorites: Vec<&Institution> = state
        .engine
        .catalogue()
        .favorites()
        .filter(|i| filter.matches(i))
        .take(PER_PAGE)
        .collect();
    let count = favorites.len() as u32;
    let institutions: Vec<InstitutionWire<'_>> = favorites
        .iter()
        .enumerate()
        .map(|(rank, i)| InstitutionWire::new(i, &state.config.public_url, count - rank as u32))
        .collect();
    json(&json!({ "institutions": institutions }))
}

/// Institutions "discovered" in the user's transactions (the engine's rules: the other
/// side of payments and transfers, not yet connected), narrowed like the popular list
/// by the session's mode and the country asked for.
async fn discovered(
    State(state): State<AppState>,
    session: Session,
    Path(user_guid): Path<String>,
    query: QueryParams,
) -> Reply {
    session.check_user(&user_guid)?;
    let mut filter = filter_for(&session, &query)?;
    filter.name = None;
    let found = state
        .engine
        .discovery()
        .institutions(&session.user, PER_PAGE)
        .await?;
    let institutions: Vec<InstitutionWire<'_>> = found
        .into_iter()
        .filter(|i| filter.matches(i))
        .map(|i| InstitutionWire::new(i, &state.config.public_url, 0))
        .collect();
    json(&json!({ "institutions": institutions }))
}

fn find<'a>(state: &'a AppState, id: &str) -> Result<&'a Institution, ConnectError> {
    let catalogue = state.engine.catalogue();
    let found = if id.starts_with("INS-") {
        catalogue.get_by_guid(id)
    } else {
        catalogue.get(id)
    };
    found.ok_or_else(|| ApiError::not_found("Institution").into())
}

async fn read(State(state): State<AppState>, _session: Session, Path(id): Path<String>) -> Reply {
    let manual = institution_guid(MANUAL_INSTITUTION_CODE);
    if id == manual.as_str() {
        let institution = wire::manual_institution(manual.as_str(), &state.config.public_url);
        return json(&json!({ "institution": institution }));
    }
    let institution = find(&state, &id)?;
    json(&json!({ "institution": InstitutionWire::new(institution, &state.config.public_url, 0) }))
}

async fn credentials(
    State(state): State<AppState>,
    _session: Session,
    Path(id): Path<String>,
) -> Reply {
    let institution = find(&state, &id)?;
    json(&json!({ "credentials": wire::credentials(&institution.credentials) }))
}
