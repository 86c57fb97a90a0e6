//! Query strings as the official SDKs send them: booleans as `True`/`False`, arrays as
//! repeated keys (also `key[]=` and comma lists), everything percent-encoded.

use super::ApiError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::convert::Infallible;

#[derive(Debug, Clone, Default)]
pub struct QueryParams(Vec<(String, String)>);

impl QueryParams {
    pub fn parse(query: &str) -> Self {
        Self(
            form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
        )
    }

    /// The parameters as one string, in the order given: equal strings, equal queries.
    pub fn key(&self) -> String {
        let mut key = String::new();
        for (name, value) in &self.0 {
            for part in [name, value] {
                // Lengths first, so that no two lists of pairs give the same key.
                key.push_str(&part.len().to_string());
                key.push(':');
                key.push_str(part);
            }
        }
        key
    }

    /// The last value given for `key`, if any.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// A non-empty value for `key`; an empty one counts as absent.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key).filter(|v| !v.trim().is_empty())
    }

    /// Every value for `key` and `key[]`, with comma-separated lists split.
    pub fn all(&self, key: &str) -> Vec<String> {
        let bracketed = format!("{key}[]");
        self.0
            .iter()
            .filter(|(k, _)| k == key || *k == bracketed)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// `true`/`false`/`1`/`0` in any case; anything else is a 400 naming the parameter.
    pub fn bool(&self, key: &str) -> Result<Option<bool>, ApiError> {
        let Some(value) = self.text(key) else {
            return Ok(None);
        };
        parse_bool(value)
            .map(Some)
            .ok_or_else(|| ApiError::bad_request(key, format!("{key} must be true or false.")))
    }

    /// A date parameter in `YYYY-MM-DD` form.
    pub fn date(&self, key: &str) -> Result<Option<polyfin_domain::Date>, ApiError> {
        let Some(value) = self.text(key) else {
            return Ok(None);
        };
        polyfin_domain::clock::parse_date(value)
            .map(Some)
            .ok_or_else(|| {
                ApiError::bad_request(key, format!("{key} must be a date in YYYY-MM-DD form."))
            })
    }

    /// The `from_date`/`to_date` window that MX and Atrium transaction lists share.
    pub fn transaction_filter(
        &self,
        member_guid: Option<String>,
        account_guid: Option<String>,
    ) -> Result<polyfin_engine::transactions::TransactionFilter, ApiError> {
        Ok(polyfin_engine::transactions::TransactionFilter {
            member_guid,
            account_guid,
            from: self.date("from_date")?,
            to: self.date("to_date")?,
        })
    }

    pub fn page(&self, max_per_page: u32) -> polyfin_domain::page::PageRequest {
        polyfin_domain::page::PageRequest::from_query(
            self.get("page"),
            self.get("records_per_page"),
            max_per_page,
        )
    }
}

pub fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::parse(parts.uri.query().unwrap_or("")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_booleans_and_arrays() {
        let query = QueryParams::parse(
            "is_disabled=False&category_guid%5B%5D=CAT-1&category_guid%5B%5D=CAT-2&category_guid=CAT-3,CAT-4",
        );
        assert_eq!(query.bool("is_disabled").expect("bool"), Some(false));
        assert_eq!(
            query.all("category_guid"),
            ["CAT-1", "CAT-2", "CAT-3", "CAT-4"]
        );
        assert!(QueryParams::parse("x=maybe").bool("x").is_err());
        assert_eq!(QueryParams::parse("x=").bool("x").expect("empty"), None);
    }
}
