//! Accept-header negotiation: which media ranges a dialect answers.

use axum::http::{header, HeaderMap};

/// True when any media range in the Accept header(s) is one of `accepted` (compared
/// without parameters, case-insensitively) or a wildcard that covers JSON.
pub fn accepts_any(headers: &HeaderMap, accepted: &[&str]) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|range| {
            range
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .any(|range| {
            range == "*/*"
                || range == "application/*"
                || accepted.iter().any(|a| a.eq_ignore_ascii_case(&range))
        })
}

pub fn has_accept(headers: &HeaderMap) -> bool {
    headers.contains_key(header::ACCEPT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(header::ACCEPT, accept.parse().expect("header"));
        map
    }

    #[test]
    fn ranges() {
        let ok = ["application/vnd.mx.api.v1+json", "application/json"];
        assert!(accepts_any(&headers("application/vnd.mx.api.v1+json"), &ok));
        assert!(accepts_any(
            &headers("text/html, application/json;q=0.9"),
            &ok
        ));
        assert!(accepts_any(&headers("*/*"), &ok));
        assert!(accepts_any(&headers("Application/*"), &ok));
        assert!(!accepts_any(
            &headers("application/vnd.mx.api.v2+json"),
            &ok
        ));
        assert!(!accepts_any(&headers("text/html"), &ok));
    }
}
