//! Merchants and merchant locations, from the enrichment directory; logos are
//! served by Polyfin (`/logos/merchants/…`).

use super::wire;
use super::MxError;
use crate::common::query::QueryParams;
use crate::logos::merchant_logo_url;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use polyfin_domain::page::Pagination;
use polyfin_domain::Decimal;
use polyfin_engine::merchants::{self, MerchantInfo, MerchantLocation};
use serde::Serialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/merchants", get(list))
        .route("/merchants/{merchant_guid}", get(read))
        .route("/merchant_locations/{location_guid}", get(read_location))
}

#[derive(Serialize)]
struct MerchantWire<'a> {
    guid: &'a str,
    name: &'a str,
    logo_url: String,
    website_url: Option<&'a str>,
    created_at: Option<&'a str>,
    updated_at: Option<&'a str>,
}

impl<'a> MerchantWire<'a> {
    fn new(m: &'a MerchantInfo, public_url: &str) -> Self {
        MerchantWire {
            guid: m.guid.as_str(),
            name: &m.name,
            logo_url: merchant_logo_url(public_url, m.guid.as_str()),
            website_url: m.website_url.as_deref(),
            created_at: None,
            updated_at: None,
        }
    }
}

#[derive(Serialize)]
struct LocationWire<'a> {
    guid: &'a str,
    merchant_guid: &'a str,
    street_address: &'a str,
    city: &'a str,
    state: &'a str,
    postal_code: &'a str,
    country: &'a str,
    phone_number: &'a str,
    latitude: Decimal,
    longitude: Decimal,
    created_at: Option<&'a str>,
    updated_at: Option<&'a str>,
}

impl<'a> From<&'a MerchantLocation> for LocationWire<'a> {
    fn from(l: &'a MerchantLocation) -> Self {
        LocationWire {
            guid: &l.guid,
            merchant_guid: &l.merchant_guid,
            street_address: &l.street_address,
            city: &l.city,
            state: &l.state,
            postal_code: &l.postal_code,
            country: &l.country,
            phone_number: &l.phone_number,
            latitude: l.latitude,
            longitude: l.longitude,
            created_at: None,
            updated_at: None,
        }
    }
}

async fn list(State(state): State<AppState>, query: QueryParams) -> Result<Response, MxError> {
    let request = query.page(1000);
    let page = merchants::search(query.text("name"), request);
    #[derive(Serialize)]
    struct Envelope<'a> {
        merchants: Vec<MerchantWire<'a>>,
        pagination: Pagination,
    }
    let public_url = &state.config.public_url;
    wire::ok(&Envelope {
        merchants: page
            .items
            .iter()
            .map(|m| MerchantWire::new(m, public_url))
            .collect(),
        pagination: request.pagination(page.total),
    })
}

async fn read(
    State(state): State<AppState>,
    Path(guid): Path<String>,
) -> Result<Response, MxError> {
    let merchant = merchants::get(&guid)?;
    #[derive(Serialize)]
    struct Envelope<'a> {
        merchant: MerchantWire<'a>,
    }
    wire::ok(&Envelope {
        merchant: MerchantWire::new(&merchant, &state.config.public_url),
    })
}

async fn read_location(Path(guid): Path<String>) -> Result<Response, MxError> {
    let location = merchants::find_location(&guid)?;
    #[derive(Serialize)]
    struct Envelope<'a> {
        merchant_location: LocationWire<'a>,
    }
    wire::ok(&Envelope {
        merchant_location: (&location).into(),
    })
}
