//! Merchants and their locations, from the enrichment directory (engine `merchants`).

use super::wire;
use super::AtriumError;
use crate::common::query::QueryParams;
use axum::extract::Path;
use axum::response::Response;
use polyfin_domain::page::Pagination;
use polyfin_domain::Decimal;
use polyfin_engine::merchants::{self, MerchantInfo, MerchantLocation};
use serde::Serialize;

#[derive(Serialize)]
struct MerchantWire<'a> {
    created_at: Option<&'a str>,
    guid: &'a str,
    logo_url: Option<&'a str>,
    name: &'a str,
    updated_at: Option<&'a str>,
    website_url: Option<&'a str>,
}

impl<'a> From<&'a MerchantInfo> for MerchantWire<'a> {
    fn from(merchant: &'a MerchantInfo) -> Self {
        Self {
            created_at: None,
            guid: merchant.guid.as_str(),
            logo_url: merchant.logo_url.as_deref(),
            name: &merchant.name,
            updated_at: None,
            website_url: merchant.website_url.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct LocationWire<'a> {
    city: &'a str,
    country: &'a str,
    guid: &'a str,
    latitude: Decimal,
    longitude: Decimal,
    merchant_guid: &'a str,
    phone_number: &'a str,
    postal_code: &'a str,
    state: &'a str,
    store_number: &'a str,
    street_address: &'a str,
}

impl<'a> From<&'a MerchantLocation> for LocationWire<'a> {
    fn from(l: &'a MerchantLocation) -> Self {
        Self {
            city: &l.city,
            country: &l.country,
            guid: &l.guid,
            latitude: l.latitude,
            longitude: l.longitude,
            merchant_guid: &l.merchant_guid,
            phone_number: &l.phone_number,
            postal_code: &l.postal_code,
            state: &l.state,
            store_number: &l.store_number,
            street_address: &l.street_address,
        }
    }
}

pub async fn list(query: QueryParams) -> Result<Response, AtriumError> {
    let request = wire::page(&query, 1000);
    let page = merchants::list(request);
    #[derive(Serialize)]
    struct Envelope<'a> {
        merchants: Vec<MerchantWire<'a>>,
        pagination: Pagination,
    }
    wire::ok(&Envelope {
        merchants: page.items.iter().map(MerchantWire::from).collect(),
        pagination: request.pagination(page.total),
    })
}

pub async fn read(Path(guid): Path<String>) -> Result<Response, AtriumError> {
    let merchant = merchants::get(&guid)?;
    #[derive(Serialize)]
    struct Envelope<'a> {
        merchant: MerchantWire<'a>,
    }
    wire::ok(&Envelope {
        merchant: (&merchant).into(),
    })
}

pub async fn locations(
    Path(guid): Path<String>,
    query: QueryParams,
) -> Result<Response, AtriumError> {
    let merchant = merchants::get(&guid)?;
    let all = merchants::locations(&merchant);
    let request = wire::page(&query, 1000);
    #[derive(Serialize)]
    struct Envelope<'a> {
        merchant_locations: Vec<LocationWire<'a>>,
        pagination: Pagination,
    }
    wire::ok(&Envelope {
        merchant_locations: request.slice(&all).iter().map(LocationWire::from).collect(),
        pagination: request.pagination(all.len() as u64),
    })
}

pub async fn location(
    Path((merchant_guid, location_guid)): Path<(String, String)>,
) -> Result<Response, AtriumError> {
    let merchant = merchants::get(&merchant_guid)?;
    let location = merchants::location(&merchant, &location_guid)?;
    #[derive(Serialize)]
    struct Envelope<'a> {
        merchant_location: LocationWire<'a>,
    }
    wire::ok(&Envelope {
        merchant_location: (&location).into(),
    })
}
