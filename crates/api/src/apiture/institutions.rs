//! `lookUpInstitutionByLocator` and `listTransferSchedule` (spec §2.2 #4, #5, §5.1).

use super::query::Query;
use super::{Caller, Problem};
use crate::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use polyfin_ledger::ranges::parse_date;
use polyfin_ledger::{
    Calendar, Directory, LocatorQuery, ParamError, ScheduleRequest, TransferSchedules,
};
use std::sync::OnceLock;

fn directory() -> Result<&'static Directory, Problem> {
    static DIRECTORY: OnceLock<Option<Directory>> = OnceLock::new();
    DIRECTORY
        .get_or_init(|| Directory::standard().ok())
        .as_ref()
        .ok_or_else(|| {
            Problem::new(
                503,
                "serviceUnavailable",
                "The FI directory is unavailable.",
            )
        })
}

fn required<'a>(query: &'a Query, name: &str) -> Result<&'a str, Problem> {
    query
        .get(name)
        .ok_or_else(|| Problem::param(name, format!("`{name}` is required")))
}

pub async fn by_locator(
    _caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<serde_json::Value>, Problem> {
    let query = Query::parse(raw.as_deref());
    let locator_type = required(&query, "locatorType")?
        .parse()
        .map_err(Problem::from)?;
    let lookup = LocatorQuery {
        country_code: required(&query, "countryCode")?,
        locator_type,
        locator: required(&query, "locator")?,
        include_intermediary_institutions: query
            .boolean("includeIntermediaryInstitutions")?
            .unwrap_or(false),
    };
    let result = directory()?.look_up(&lookup)?;
    serde_json::to_value(result)
        .map(Json)
        .map_err(|e| Problem::new(500, "internalError", e.to_string()))
}

fn date_param(query: &Query, name: &str) -> Result<Option<time::Date>, Problem> {
    query
        .get(name)
        .map(|raw| parse_date(raw).map_err(|e| ParamError::malformed(name, e).into()))
        .transpose()
}

async fn schedule_for(
    state: &AppState,
    institution_id: &str,
    query: &Query,
) -> Result<TransferSchedules, Problem> {
    let known = state
        .engine
        .bank()
        .banks()
        .await?
        .into_iter()
        .any(|bank| bank.id == institution_id);
    if !known {
        return Err(Problem::not_found(format!(
            "No institution {institution_id} is hosted here."
        )));
    }
    let starts_on = date_param(query, "startsOn")?
        .ok_or_else(|| Problem::param("startsOn", "`startsOn` is required"))?;
    let direction = required(query, "direction")?.parse().map_err(
        |e: polyfin_ledger::schedule::UnknownValue| Problem::param("direction", e.to_string()),
    )?;
    let frequency = required(query, "frequency")?.parse().map_err(
        |e: polyfin_ledger::schedule::UnknownValue| Problem::param("frequency", e.to_string()),
    )?;
    let mut request = ScheduleRequest::new(starts_on, direction, frequency);
    if let Some(ends_on) = date_param(query, "endsOn")? {
        request = request.ends_on(ends_on);
    }
    if let Some(raw) = query.get("count") {
        let count = raw
            .parse::<i32>()
            .map_err(|_| Problem::param("count", "must be an integer between 1 and 12"))?;
        request = request.count(count);
    }
    let items = polyfin_ledger::transfer_schedule(&Calendar::us_federal_reserve(), &request)?;
    Ok(TransferSchedules { items })
}

pub async fn transfer_schedule(
    State(state): State<AppState>,
    _caller: Caller,
    Path(institution_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<TransferSchedules>, Problem> {
    let query = Query::parse(raw.as_deref());
    schedule_for(&state, &institution_id, &query)
        .await
        .map(Json)
}
