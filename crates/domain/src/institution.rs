//! Institutions and their credential definitions. The catalogue is a data file in the
//! repository (`data/institutions.json`); this module parses and checks it.

use crate::ids::{CredentialGuid, InstitutionGuid};
use serde::Deserialize;
use std::collections::HashMap;

/// Credential field types with MX's integer codes (seed L6673). The wire carries the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FieldType {
    Text,
    Password,
    Options,
    Login,
    Token,
    ImageData,
    ImageOptions,
}

impl FieldType {
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "TEXT",
            Self::Password => "PASSWORD",
            Self::Options => "OPTIONS",
            Self::Login => "LOGIN",
            Self::Token => "TOKEN",
            Self::ImageData => "IMAGE_DATA",
            Self::ImageOptions => "IMAGE_OPTIONS",
        }
    }

    pub fn code(self) -> u8 {
        match self {
            Self::Text => 0,
            Self::Password => 1,
            Self::Options => 2,
            Self::Login => 3,
            Self::Token => 12,
            Self::ImageData => 13,
            Self::ImageOptions => 14,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CredentialOption {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialField {
    pub guid: CredentialGuid,
    pub field_name: String,
    pub label: String,
    pub field_type: FieldType,
    pub display_order: u32,
    pub options: Vec<CredentialOption>,
    pub optional: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Institution {
    pub guid: InstitutionGuid,
    pub code: String,
    pub name: String,
    /// Other names the institution goes by in transaction descriptions ("AMEX"), for
    /// discovering it in a user's data (`discovery`).
    pub aliases: Vec<String>,
    pub url: String,
    pub iso_country_code: String,
    pub supports_account_identification: bool,
    pub supports_account_statement: bool,
    pub supports_account_verification: bool,
    pub supports_transaction_history: bool,
    pub supports_oauth: bool,
    pub supports_tax_document: bool,
    /// Test institutions are never throttled (MX spec §1.11).
    pub is_test: bool,
    pub forgot_password_url: Option<String>,
    pub forgot_username_url: Option<String>,
    pub trouble_signing_in_url: Option<String>,
    pub instructional_text: Option<String>,
    pub brand_color: String,
    /// Which connector serves it; `sandbox` unless the institution has its own.
    pub connector: String,
    pub credentials: Vec<CredentialField>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    favorites: Vec<String>,
    institutions: Vec<InstitutionEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InstitutionEntry {
    code: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    url: String,
    #[serde(default = "default_country")]
    iso_country_code: String,
    #[serde(default)]
    supports_account_identification: bool,
    #[serde(default)]
    supports_account_statement: bool,
    #[serde(default)]
    supports_account_verification: bool,
    #[serde(default)]
    supports_transaction_history: bool,
    #[serde(default)]
    supports_oauth: bool,
    #[serde(default)]
    supports_tax_document: bool,
    #[serde(default)]
    is_test: bool,
    forgot_password_url: Option<String>,
    forgot_username_url: Option<String>,
    trouble_signing_in_url: Option<String>,
    instructional_text: Option<String>,
    brand_color: String,
    #[serde(default = "default_connector")]
    connector: String,
    #[serde(default)]
    credentials: Vec<CredentialEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CredentialEntry {
    field_name: String,
    label: String,
    field_type: FieldType,
    #[serde(default)]
    options: Vec<CredentialOption>,
    #[serde(default)]
    optional: bool,
}

fn default_country() -> String {
    "US".to_owned()
}

fn default_connector() -> String {
    "sandbox".to_owned()
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("institution catalogue is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("institution catalogue: {0}")]
    Invalid(String),
}

/// The institution catalogue, sorted by name, with a favourites list in popularity order.
#[derive(Debug, Clone)]
pub struct Catalogue {
    by_name: Vec<Institution>,
    index: HashMap<String, usize>,
    favorites: Vec<usize>,
}

impl Catalogue {
    pub fn from_json(text: &str) -> Result<Self, CatalogueError> {
        let file: CatalogueFile = serde_json::from_str(text)?;
        let mut institutions = file
            .institutions
            .into_iter()
            .map(build_institution)
            .collect::<Result<Vec<_>, _>>()?;
        institutions.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then(a.code.cmp(&b.code))
        });
        let mut index = HashMap::new();
        for (position, institution) in institutions.iter().enumerate() {
            if index.insert(institution.code.clone(), position).is_some() {
                return Err(CatalogueError::Invalid(format!(
                    "duplicate institution code {}",
                    institution.code
                )));
            }
        }
        let favorites = file
            .favorites
            .iter()
            .map(|code| {
                index.get(code).copied().ok_or_else(|| {
                    CatalogueError::Invalid(format!("favorite {code} is not in the catalogue"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            by_name: institutions,
            index,
            favorites,
        })
    }

    pub fn get(&self, code: &str) -> Option<&Institution> {
        self.index.get(code).map(|&i| &self.by_name[i])
    }

    pub fn get_by_guid(&self, guid: &str) -> Option<&Institution> {
        self.by_name.iter().find(|i| i.guid.as_str() == guid)
    }

    /// All institutions, by name.
    pub fn all(&self) -> &[Institution] {
        &self.by_name
    }

    pub fn favorites(&self) -> impl Iterator<Item = &Institution> {
        self.favorites.iter().map(|&i| &self.by_name[i])
    }

    pub fn search<'a>(&'a self, filter: &'a InstitutionFilter) -> Vec<&'a Institution> {
        self.by_name.iter().filter(|i| filter.matches(i)).collect()
    }
}

/// Filters of `GET /institutions`; a `true` flag keeps only institutions that support it.
#[derive(Debug, Clone, Default)]
pub struct InstitutionFilter {
    pub name: Option<String>,
    pub supports_account_identification: bool,
    pub supports_account_statement: bool,
    pub supports_account_verification: bool,
    pub supports_transaction_history: bool,
    pub iso_country_codes: Vec<String>,
}

impl InstitutionFilter {
    pub fn matches(&self, institution: &Institution) -> bool {
        let name_matches = self.name.as_deref().is_none_or(|needle| {
            let needle = needle.trim().to_lowercase();
            institution.name.to_lowercase().contains(&needle)
                || institution.code.to_lowercase().contains(&needle)
        });
        name_matches
            && (!self.supports_account_identification
                || institution.supports_account_identification)
            && (!self.supports_account_statement || institution.supports_account_statement)
            && (!self.supports_account_verification || institution.supports_account_verification)
            && (!self.supports_transaction_history || institution.supports_transaction_history)
            && (self.iso_country_codes.is_empty()
                || self
                    .iso_country_codes
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(&institution.iso_country_code)))
    }
}

fn build_institution(entry: InstitutionEntry) -> Result<Institution, CatalogueError> {
    let code_ok = !entry.code.is_empty()
        && entry
            .code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !code_ok {
        return Err(CatalogueError::Invalid(format!(
            "institution code {:?} must be lowercase letters, digits and _",
            entry.code
        )));
    }
    if entry.credentials.is_empty() && !entry.supports_oauth {
        return Err(CatalogueError::Invalid(format!(
            "{} has neither credentials nor OAuth",
            entry.code
        )));
    }
    let credentials = entry
        .credentials
        .into_iter()
        .enumerate()
        .map(|(i, c)| build_credential(&entry.code, i, c))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Institution {
        guid: InstitutionGuid::derived(&entry.code),
        code: entry.code,
        name: entry.name,
        aliases: entry.aliases,
        url: entry.url,
        iso_country_code: entry.iso_country_code,
        supports_account_identification: entry.supports_account_identification,
        supports_account_statement: entry.supports_account_statement,
        supports_account_verification: entry.supports_account_verification,
        supports_transaction_history: entry.supports_transaction_history,
        supports_oauth: entry.supports_oauth,
        supports_tax_document: entry.supports_tax_document,
        is_test: entry.is_test,
        forgot_password_url: entry.forgot_password_url,
        forgot_username_url: entry.forgot_username_url,
        trouble_signing_in_url: entry.trouble_signing_in_url,
        instructional_text: entry.instructional_text,
        brand_color: entry.brand_color,
        connector: entry.connector,
        credentials,
    })
}

fn build_credential(
    code: &str,
    position: usize,
    entry: CredentialEntry,
) -> Result<CredentialField, CatalogueError> {
    let needs_options = matches!(entry.field_type, FieldType::Options);
    if needs_options == entry.options.is_empty() {
        return Err(CatalogueError::Invalid(format!(
            "{code}.{}: options are required for OPTIONS fields and only for them",
            entry.field_name
        )));
    }
    Ok(CredentialField {
        guid: CredentialGuid::derived(&format!("{code}/{}", entry.field_name)),
        field_name: entry.field_name,
        label: entry.label,
        field_type: entry.field_type,
        display_order: u32::try_from(position + 1).unwrap_or(u32::MAX),
        options: entry.options,
        optional: entry.optional,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r##"{
      "favorites": ["mxbank"],
      "institutions": [
        {"code": "mxbank", "name": "MX Bank", "url": "https://www.mx.com", "brand_color": "#123456",
         "is_test": true, "supports_account_verification": true,
         "credentials": [
           {"field_name": "LOGIN", "label": "Username", "field_type": "TEXT"},
           {"field_name": "PASSWORD", "label": "Password", "field_type": "PASSWORD"}]},
        {"code": "mx_bank_oauth", "name": "MX Bank (OAuth)", "url": "https://www.mx.com",
         "brand_color": "#123456", "supports_oauth": true}
      ]}"##;

    #[test]
    fn parses_sorts_and_indexes() {
        let catalogue = Catalogue::from_json(SMALL).expect("valid catalogue");
        assert_eq!(catalogue.all()[0].code, "mxbank");
        let mxbank = catalogue.get("mxbank").expect("mxbank");
        assert_eq!(mxbank.credentials[1].display_order, 2);
        assert_eq!(catalogue.favorites().count(), 1);
        assert_eq!(
            catalogue.get_by_guid(mxbank.guid.as_str()).map(|i| &i.code),
            Some(&mxbank.code)
        );
    }

    #[test]
    fn name_search_is_case_insensitive_and_flags_filter() {
        let catalogue = Catalogue::from_json(SMALL).expect("valid catalogue");
        let filter = InstitutionFilter {
            name: Some("mx bank".into()),
            ..Default::default()
        };
        assert_eq!(catalogue.search(&filter).len(), 2);
        let filter = InstitutionFilter {
            supports_account_verification: true,
            ..Default::default()
        };
        assert_eq!(catalogue.search(&filter).len(), 1);
    }

    #[test]
    fn rejects_unknown_favorites() {
        let text = SMALL.replace(r#"["mxbank"]"#, r#"["nope"]"#);
        assert!(Catalogue::from_json(&text).is_err());
    }
}
