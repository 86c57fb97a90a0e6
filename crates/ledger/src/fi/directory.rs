//! The institution directory: US banks by ABA routing number, international banks by
//! SWIFT/BIC and IBAN bank code, and the correspondent (intermediary) banks that wires
//! to them go through (spec §3.3 `institutionLookupResult`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::countries::{bank_code_position, iban_length, is_iso_country};
use super::validate::{bic11, validate_aba, validate_bic, validate_iban};
use super::{LocatorError, LocatorType, MAX_LOCATOR_LEN};

/// The directory shipped with Polyfin (`data/fi_directory.json`).
pub const FI_DIRECTORY_JSON: &str = include_str!("../../../../data/fi_directory.json");

/// Spec `address` (§3.3, §6 #36): `regionCode` for US addresses, `regionName`
/// (optional) elsewhere, never both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Address {
    pub address1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address2: Option<String>,
    pub locality: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_name: Option<String>,
    pub postal_code: String,
    pub country_code: String,
}

/// A reference to another directory entry by one of its locators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LocatorRef {
    pub locator_type: LocatorType,
    pub locator: String,
}

/// Where a bank's accounts sit in IBAN space: the country and the national bank
/// identifier inside the BBAN, plus one valid sample IBAN for documentation and tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IbanBank {
    pub country_code: String,
    pub bank_code: String,
    pub sample: String,
}

/// One directory record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Institution {
    /// Stable key for logs and tests; not exposed by the API.
    pub id: String,
    pub name: String,
    pub address: Address,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routing_numbers: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iban: Option<IbanBank>,
    /// Banks a wire to this institution must pass through (at most 8, spec §6 #37).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intermediaries: Vec<LocatorRef>,
    /// True for made-up entries (the spec's fixture bank, Polyfin's own bank).
    #[serde(default)]
    pub synthetic: bool,
}

/// Spec `simpleInstitution`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimpleInstitution {
    pub name: String,
    pub address: Address,
    pub locator: String,
    pub locator_type: LocatorType,
}

/// Spec `institutionLookupResult`, the 200 body of `lookUpInstitutionByLocator`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstitutionLookupResult {
    pub found: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub institution: Option<SimpleInstitution>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub intermediary_institutions: Vec<SimpleInstitution>,
}

/// The query parameters of `lookUpInstitutionByLocator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocatorQuery<'a> {
    pub country_code: &'a str,
    pub locator_type: LocatorType,
    pub locator: &'a str,
    pub include_intermediary_institutions: bool,
}

/// A directory file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DirectoryError {
    #[error("directory is not valid JSON: {0}")]
    Json(String),
    #[error("directory entry `{id}`: {message}")]
    Invalid { id: String, message: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectoryFile {
    /// Free text for humans editing the file.
    #[serde(default, rename = "comment")]
    _comment: Option<String>,
    institutions: Vec<Institution>,
}

#[derive(Debug, Clone, Default)]
pub struct Directory {
    institutions: Vec<Institution>,
    by_aba: HashMap<String, usize>,
    by_bic11: HashMap<String, usize>,
    by_bic8: HashMap<String, usize>,
    by_iban_bank: HashMap<(String, String), usize>,
}

impl Directory {
    /// The directory shipped in `data/fi_directory.json`.
    pub fn standard() -> Result<Self, DirectoryError> {
        Self::load(FI_DIRECTORY_JSON)
    }

    /// Parses and validates a directory: every locator must be valid, unique, and every
    /// intermediary must resolve to another entry. Field lengths follow the spec so
    /// responses built from entries always satisfy the response schema.
    pub fn load(json: &str) -> Result<Self, DirectoryError> {
        let file: DirectoryFile =
            serde_json::from_str(json).map_err(|e| DirectoryError::Json(e.to_string()))?;
        let mut directory = Directory::default();
        for (index, entry) in file.institutions.into_iter().enumerate() {
            let invalid = |message: String| DirectoryError::Invalid {
                id: entry.id.clone(),
                message,
            };
            check_entry(&entry).map_err(invalid)?;
            directory.index(index, &entry).map_err(invalid)?;
            directory.institutions.push(entry);
        }
        for entry in &directory.institutions {
            directory
                .check_intermediaries(entry)
                .map_err(|message| DirectoryError::Invalid {
                    id: entry.id.clone(),
                    message,
                })?;
        }
        Ok(directory)
    }

    fn index(&mut self, index: usize, entry: &Institution) -> Result<(), String> {
        for aba in &entry.routing_numbers {
            if self.by_aba.insert(aba.clone(), index).is_some() {
                return Err(format!("routing number {aba} is listed twice"));
            }
        }
        if let Some(bic) = &entry.bic {
            let full = bic11(bic);
            if self.by_bic11.insert(full.clone(), index).is_some() {
                return Err(format!("BIC {bic} is listed twice"));
            }
            // A branch BIC we do not list still identifies its bank; prefer the head
            // office entry when several share the first eight characters.
            let head = full.ends_with("XXX");
            let key = full[..8].to_owned();
            if head || !self.by_bic8.contains_key(&key) {
                self.by_bic8.insert(key, index);
            }
        }
        if let Some(iban) = &entry.iban {
            let key = (iban.country_code.clone(), iban.bank_code.clone());
            if self.by_iban_bank.insert(key, index).is_some() {
                return Err(format!("IBAN bank code {} is listed twice", iban.bank_code));
            }
        }
        Ok(())
    }

    fn check_intermediaries(&self, entry: &Institution) -> Result<(), String> {
        if entry.intermediaries.len() > 8 {
            return Err("at most 8 intermediary institutions are allowed".into());
        }
        for reference in &entry.intermediaries {
            match self.find(reference.locator_type, &reference.locator) {
                Ok(Some(found)) if found.id != entry.id => {}
                Ok(Some(_)) => return Err("an institution cannot be its own intermediary".into()),
                Ok(None) => {
                    return Err(format!(
                        "intermediary {} is not in the directory",
                        reference.locator
                    ))
                }
                Err(e) => return Err(format!("intermediary {}: {e}", reference.locator)),
            }
        }
        Ok(())
    }

    pub fn institutions(&self) -> &[Institution] {
        &self.institutions
    }

    /// Finds the institution a locator designates, after validating it for its type.
    /// `Ok(None)` means well-formed but unknown (the API answers `found: false`).
    /// A BIC whose branch code is not listed matches its bank's entry.
    pub fn lookup(
        &self,
        locator_type: LocatorType,
        locator: &str,
    ) -> Result<Option<&Institution>, LocatorError> {
        self.find(locator_type, locator)
    }

    fn find(
        &self,
        locator_type: LocatorType,
        locator: &str,
    ) -> Result<Option<&Institution>, LocatorError> {
        let index = match locator_type {
            LocatorType::AbaRoutingNumber => self.by_aba.get(&validate_aba(locator)?),
            LocatorType::SwiftBicCode => {
                let full = bic11(&validate_bic(locator)?);
                self.by_bic11
                    .get(&full)
                    .or_else(|| self.by_bic8.get(&full[..8]))
            }
            LocatorType::IbanAccountNumber => {
                let iban = validate_iban(locator)?;
                let country = &iban[..2];
                bank_code_position(country).and_then(|(offset, len)| {
                    let code = iban.get(4 + offset..4 + offset + len)?;
                    self.by_iban_bank
                        .get(&(country.to_owned(), code.to_owned()))
                })
            }
        };
        Ok(index.and_then(|i| self.institutions.get(*i)))
    }

    /// The whole `lookUpInstitutionByLocator` operation: parameter checks (spec §2.2
    /// #4, §6 #38), the lookup and the response body.
    pub fn look_up(
        &self,
        query: &LocatorQuery<'_>,
    ) -> Result<InstitutionLookupResult, LocatorError> {
        let length = query.locator.chars().count();
        if length > MAX_LOCATOR_LEN {
            return Err(LocatorError::TooLong(length));
        }
        let country = normalize_country(query.country_code)?;
        let is_us = country == "US";
        if is_us != (query.locator_type == LocatorType::AbaRoutingNumber) {
            return Err(LocatorError::TypeNotAllowedForCountry {
                country,
                locator_type: query.locator_type,
            });
        }
        let locator = match query.locator_type {
            LocatorType::AbaRoutingNumber => validate_aba(query.locator)?,
            LocatorType::SwiftBicCode => validate_bic(query.locator)?,
            LocatorType::IbanAccountNumber => validate_iban(query.locator)?,
        };
        let locator_country = match query.locator_type {
            LocatorType::AbaRoutingNumber => "US",
            LocatorType::SwiftBicCode => &locator[4..6],
            LocatorType::IbanAccountNumber => &locator[..2],
        };
        if locator_country != country {
            return Err(LocatorError::CountryMismatch {
                country,
                locator_country: locator_country.to_owned(),
            });
        }
        let Some(entry) = self.find(query.locator_type, &locator)? else {
            return Ok(InstitutionLookupResult {
                found: false,
                institution: None,
                intermediary_institutions: Vec::new(),
            });
        };
        let intermediary_institutions = if query.include_intermediary_institutions {
            self.intermediaries_of(entry)
        } else {
            Vec::new()
        };
        Ok(InstitutionLookupResult {
            found: true,
            institution: Some(simple(entry, locator, query.locator_type)),
            intermediary_institutions,
        })
    }

    /// The resolved intermediaries of `entry`, each identified by the locator the
    /// directory lists for it.
    pub fn intermediaries_of(&self, entry: &Institution) -> Vec<SimpleInstitution> {
        entry
            .intermediaries
            .iter()
            .filter_map(|reference| {
                let found = self
                    .find(reference.locator_type, &reference.locator)
                    .ok()??;
                Some(simple(
                    found,
                    reference.locator.clone(),
                    reference.locator_type,
                ))
            })
            .collect()
    }
}

fn simple(entry: &Institution, locator: String, locator_type: LocatorType) -> SimpleInstitution {
    SimpleInstitution {
        name: entry.name.clone(),
        address: entry.address.clone(),
        locator,
        locator_type,
    }
}

/// `countryCode` must be two letters (else 400); it is upper-cased (spec §6 #38 [R]) and
/// must be an ISO 3166-1 country (else 422).
fn normalize_country(code: &str) -> Result<String, LocatorError> {
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(LocatorError::MalformedCountryCode(code.to_owned()));
    }
    let upper = code.to_ascii_uppercase();
    if !is_iso_country(&upper) {
        return Err(LocatorError::UnknownCountry(upper));
    }
    Ok(upper)
}

fn check_len(field: &str, value: &str, min: usize, max: usize) -> Result<(), String> {
    let len = value.chars().count();
    if len < min || len > max {
        return Err(format!("{field} `{value}` must be {min}..{max} characters"));
    }
    Ok(())
}

fn check_address(address: &Address) -> Result<(), String> {
    check_len("address1", &address.address1, 1, 35)?;
    if let Some(line) = &address.address2 {
        check_len("address2", line, 1, 35)?;
    }
    check_len("locality", &address.locality, 1, 20)?;
    check_len("postalCode", &address.postal_code, 5, 10)?;
    if !is_iso_country(&address.country_code) {
        return Err(format!(
            "countryCode `{}` is not ISO 3166-1",
            address.country_code
        ));
    }
    match (
        &address.region_code,
        &address.region_name,
        address.country_code == "US",
    ) {
        (Some(code), None, true)
            if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            let zip = address.postal_code.as_bytes();
            let zip_ok = zip.len() == 5 && zip.iter().all(u8::is_ascii_digit)
                || zip.len() == 10
                    && zip[5] == b'-'
                    && zip
                        .iter()
                        .enumerate()
                        .all(|(i, b)| i == 5 || b.is_ascii_digit());
            zip_ok
                .then_some(())
                .ok_or_else(|| "US postalCode must be a ZIP or ZIP+4".to_owned())
        }
        (None, name, false) => name
            .as_deref()
            .map_or(Ok(()), |n| check_len("regionName", n, 2, 20)),
        _ => Err("US addresses need a 2-letter regionCode, others at most a regionName".into()),
    }
}

fn check_entry(entry: &Institution) -> Result<(), String> {
    if entry.id.is_empty() {
        return Err("id must not be empty".into());
    }
    check_len("name", &entry.name, 1, 35)?;
    check_address(&entry.address)?;
    let us = entry.address.country_code == "US";
    if us == entry.routing_numbers.is_empty() {
        return Err("US institutions need routing numbers; others must not have any".into());
    }
    if !us && entry.bic.is_none() && entry.iban.is_none() {
        return Err("international institutions need a BIC or an IBAN bank code".into());
    }
    for aba in &entry.routing_numbers {
        validate_aba(aba).map_err(|e| e.to_string())?;
    }
    if let Some(bic) = &entry.bic {
        if validate_bic(bic).map_err(|e| e.to_string())? != *bic {
            return Err(format!("BIC {bic} must be upper case"));
        }
    }
    if let Some(iban) = &entry.iban {
        check_iban_bank(iban)?;
    }
    Ok(())
}

fn check_iban_bank(iban: &IbanBank) -> Result<(), String> {
    let country = iban.country_code.as_str();
    if iban_length(country).is_none() {
        return Err(format!("{country} does not use IBANs"));
    }
    let Some((offset, len)) = bank_code_position(country) else {
        return Err(format!("no known bank-code position for {country} IBANs"));
    };
    if iban.bank_code.len() != len {
        return Err(format!("{country} bank codes have {len} characters"));
    }
    let sample = validate_iban(&iban.sample).map_err(|e| e.to_string())?;
    if sample != iban.sample || &sample[..2] != country {
        return Err(format!(
            "sample IBAN must be an electronic-form {country} IBAN"
        ));
    }
    if sample.get(4 + offset..4 + offset + len) != Some(iban.bank_code.as_str()) {
        return Err(format!(
            "sample IBAN does not carry bank code {}",
            iban.bank_code
        ));
    }
    Ok(())
}
