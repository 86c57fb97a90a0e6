//! The merchant directory as the APIs serve it, with each merchant's store locations.
//! The directory has no addresses, so locations are synthesised from the merchant's
//! name: a merchant always has the same stores, guids and coordinates, on every run.

use crate::{Error, Result};
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::Decimal;
use sha2::{Digest, Sha256};

pub use polyfin_enrich::MerchantInfo;

/// One store of a merchant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantLocation {
    /// `MCL-…`, derived from the merchant and the store's position.
    pub guid: String,
    pub merchant_guid: String,
    pub street_address: String,
    pub city: String,
    pub state: String,
    pub postal_code: String,
    pub country: String,
    pub phone_number: String,
    pub store_number: String,
    pub latitude: Decimal,
    pub longitude: Decimal,
}

struct City {
    name: &'static str,
    state: &'static str,
    postal_code: &'static str,
    area_code: &'static str,
    /// Degrees × 10⁴.
    latitude: i64,
    longitude: i64,
}

const fn city(
    name: &'static str,
    state: &'static str,
    postal_code: &'static str,
    area_code: &'static str,
    latitude: i64,
    longitude: i64,
) -> City {
    City {
        name,
        state,
        postal_code,
        area_code,
        latitude,
        longitude,
    }
}

const CITIES: [City; 10] = [
    city("New York", "NY", "10001", "212", 407506, -739970),
    city("Chicago", "IL", "60601", "312", 418858, -876181),
    city("Austin", "TX", "78701", "512", 302711, -977437),
    city("Seattle", "WA", "98101", "206", 476101, -1223421),
    city("Denver", "CO", "80202", "303", 397527, -1049993),
    city("Atlanta", "GA", "30303", "404", 337537, -843901),
    city("Boston", "MA", "02108", "617", 423588, -710707),
    city("Salt Lake City", "UT", "84101", "801", 407537, -1119024),
    city("Phoenix", "AZ", "85004", "602", 334516, -1120740),
    city("San Francisco", "CA", "94103", "415", 377725, -1224147),
];

const STREETS: [&str; 8] = [
    "Main St",
    "Broadway",
    "Market St",
    "Oak Ave",
    "Center St",
    "Park Ave",
    "Elm St",
    "2nd Ave",
];

/// Every directory merchant, one page of them.
pub fn list(page: PageRequest) -> Page<MerchantInfo> {
    let all: Vec<MerchantInfo> = polyfin_enrich::merchants().collect();
    Page {
        items: page.slice(&all).to_vec(),
        total: all.len() as u64,
    }
}

/// Directory merchants whose name contains `name` (case-insensitive), one page.
pub fn search(name: Option<&str>, page: PageRequest) -> Page<MerchantInfo> {
    let wanted = name.map(|n| n.trim().to_lowercase()).unwrap_or_default();
    let all: Vec<MerchantInfo> = polyfin_enrich::merchants()
        .filter(|m| m.name.to_lowercase().contains(&wanted))
        .collect();
    Page {
        items: page.slice(&all).to_vec(),
        total: all.len() as u64,
    }
}

/// The store with this guid, whichever merchant it belongs to.
pub fn find_location(guid: &str) -> Result<MerchantLocation> {
    polyfin_enrich::merchants()
        .flat_map(|m| locations(&m))
        .find(|l| l.guid == guid)
        .ok_or(Error::NotFound("Merchant location"))
}

/// The directory merchant with this guid.
pub fn get(guid: &str) -> Result<MerchantInfo> {
    polyfin_enrich::merchants()
        .find(|m| m.guid.as_str() == guid)
        .ok_or(Error::NotFound("Merchant"))
}

/// The merchant's stores (one to four), always the same ones.
pub fn locations(merchant: &MerchantInfo) -> Vec<MerchantLocation> {
    let count = 1 + usize::from(digest(&merchant.name)[0] % 4);
    (0..count).map(|i| synthesise(merchant, i)).collect()
}

/// One store of the merchant, by its guid.
pub fn location(merchant: &MerchantInfo, guid: &str) -> Result<MerchantLocation> {
    locations(merchant)
        .into_iter()
        .find(|l| l.guid == guid)
        .ok_or(Error::NotFound("Merchant location"))
}

fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

fn synthesise(merchant: &MerchantInfo, index: usize) -> MerchantLocation {
    let d = digest(&format!("{}/{index}", merchant.name));
    let place = &CITIES[usize::from(d[0]) % CITIES.len()];
    let number = 100 + u16::from_be_bytes([d[1], d[2]]) % 9000;
    let street = STREETS[usize::from(d[3]) % STREETS.len()];
    // Offsets of up to ±0.0128° keep each store inside its city.
    let jitter = |byte: u8| i64::from(byte) - 128;
    MerchantLocation {
        guid: guid_from(&d),
        merchant_guid: merchant.guid.to_string(),
        street_address: format!("{number} {street}"),
        city: place.name.to_owned(),
        state: place.state.to_owned(),
        postal_code: place.postal_code.to_owned(),
        country: "US".to_owned(),
        // 555-01xx numbers are reserved for fiction.
        phone_number: format!("{}-555-01{:02}", place.area_code, d[4] % 100),
        store_number: format!("{:04}", u16::from_be_bytes([d[5], d[6]]) % 10000),
        latitude: Decimal::new(place.latitude + jitter(d[7]), 4),
        longitude: Decimal::new(place.longitude + jitter(d[8]), 4),
    }
}

fn guid_from(d: &[u8; 32]) -> String {
    let hex = hex::encode(&d[16..32]);
    format!(
        "MCL-{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_stable_and_found_by_guid() {
        let merchant = polyfin_enrich::merchant("Starbucks").expect("directory merchant");
        let first = locations(&merchant);
        assert_eq!(first, locations(&merchant));
        assert!((1..=4).contains(&first.len()));
        for store in &first {
            assert!(store.guid.starts_with("MCL-"), "{}", store.guid);
            assert_eq!(store.guid.len(), 40);
            assert_eq!(store.merchant_guid, merchant.guid.as_str());
            assert_eq!(location(&merchant, &store.guid).ok().as_ref(), Some(store));
        }
        assert!(location(&merchant, "MCL-nope").is_err());
    }

    #[test]
    fn merchants_are_listed_and_read_by_guid() {
        let page = list(PageRequest::default());
        assert_eq!(page.items.len(), 25);
        assert!(page.total > 100);
        let read = get(page.items[3].guid.as_str()).expect("read");
        assert_eq!(read, page.items[3]);
        assert!(matches!(get("MCH-nope"), Err(Error::NotFound("Merchant"))));
    }
}
