//! Checks the shipped institution catalogue (`data/institutions.json`).
#![allow(clippy::expect_used)]

use polyfin_domain::institution::{Catalogue, FieldType, Institution};
use std::collections::HashSet;

const CATALOGUE: &str = include_str!("../../../data/institutions.json");

fn catalogue() -> Catalogue {
    Catalogue::from_json(CATALOGUE).expect("data/institutions.json must parse")
}

fn assert_full_support(institution: &Institution) {
    assert!(
        institution.supports_account_identification,
        "{}",
        institution.code
    );
    assert!(
        institution.supports_account_statement,
        "{}",
        institution.code
    );
    assert!(
        institution.supports_account_verification,
        "{}",
        institution.code
    );
    assert!(
        institution.supports_transaction_history,
        "{}",
        institution.code
    );
}

fn is_oauth_only(institution: &Institution) -> bool {
    institution.supports_oauth && institution.credentials.is_empty()
}

#[test]
fn has_enough_institutions() {
    let catalogue = catalogue();
    assert!(
        catalogue.all().len() >= 57,
        "only {} institutions",
        catalogue.all().len()
    );
}

#[test]
fn mxbank_is_the_credential_test_bank() {
    let catalogue = catalogue();
    let mxbank = catalogue.get("mxbank").expect("mxbank");
    assert_eq!(mxbank.name, "MX Bank");
    assert_eq!(mxbank.url, "https://www.mx.com");
    assert!(mxbank.is_test);
    assert!(!mxbank.supports_oauth);
    assert_full_support(mxbank);
    let fields: Vec<(&str, &str, FieldType)> = mxbank
        .credentials
        .iter()
        .map(|c| (c.field_name.as_str(), c.label.as_str(), c.field_type))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("LOGIN", "Username", FieldType::Text),
            ("PASSWORD", "Password", FieldType::Password),
        ]
    );
    assert_eq!(mxbank.credentials[0].display_order, 1);
    assert_eq!(mxbank.credentials[1].display_order, 2);
}

#[test]
fn mx_bank_oauth_is_the_oauth_test_bank() {
    let catalogue = catalogue();
    let oauth = catalogue.get("mx_bank_oauth").expect("mx_bank_oauth");
    assert_eq!(oauth.name, "MX Bank (OAuth)");
    assert_eq!(oauth.url, "https://www.mx.com");
    assert!(oauth.is_test);
    assert!(oauth.supports_oauth);
    assert_full_support(oauth);
    assert!(oauth.credentials.is_empty());
}

#[test]
fn credentials_are_varied() {
    let catalogue = catalogue();
    let all = catalogue.all();
    let three_or_more = all.iter().filter(|i| i.credentials.len() >= 3).count();
    assert!(three_or_more >= 6, "{three_or_more} with 3+ fields");
    let with_options = all
        .iter()
        .filter(|i| {
            i.credentials
                .iter()
                .any(|c| c.field_type == FieldType::Options)
        })
        .count();
    assert!(with_options >= 4, "{with_options} with an OPTIONS field");
    let oauth_only = all.iter().filter(|i| is_oauth_only(i)).count();
    assert!(oauth_only >= 5, "{oauth_only} OAuth-only");
    let oauth_and_credentials = all
        .iter()
        .filter(|i| i.supports_oauth && !i.credentials.is_empty())
        .count();
    assert!(
        oauth_and_credentials >= 5,
        "{oauth_and_credentials} with OAuth and credentials"
    );
}

#[test]
fn credential_fields_are_well_formed() {
    let catalogue = catalogue();
    for institution in catalogue.all() {
        let mut seen = HashSet::new();
        for field in &institution.credentials {
            assert!(
                !field.field_name.is_empty()
                    && field
                        .field_name
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'),
                "{}.{} is not UPPER_SNAKE",
                institution.code,
                field.field_name
            );
            assert!(
                seen.insert(field.field_name.as_str()),
                "{}.{} repeats",
                institution.code,
                field.field_name
            );
            assert!(!field.label.trim().is_empty(), "{}", institution.code);
        }
    }
}

#[test]
fn urls_and_colors_look_right() {
    let catalogue = catalogue();
    for institution in catalogue.all() {
        assert!(
            institution.url.starts_with("https://"),
            "{}: {}",
            institution.code,
            institution.url
        );
        for url in [
            &institution.forgot_password_url,
            &institution.forgot_username_url,
            &institution.trouble_signing_in_url,
        ]
        .into_iter()
        .flatten()
        {
            assert!(url.starts_with("https://"), "{}: {url}", institution.code);
        }
        let color = &institution.brand_color;
        assert!(
            color.len() == 7
                && color.starts_with('#')
                && color[1..].bytes().all(|b| b.is_ascii_hexdigit()),
            "{}: brand_color {color}",
            institution.code
        );
        assert!(
            ["US", "CA", "MX"].contains(&institution.iso_country_code.as_str()),
            "{}: {}",
            institution.code,
            institution.iso_country_code
        );
    }
}

#[test]
fn favorites_start_with_mxbank() {
    let catalogue = catalogue();
    let favorites: Vec<&str> = catalogue.favorites().map(|i| i.code.as_str()).collect();
    assert_eq!(favorites.first().copied(), Some("mxbank"));
    assert!(favorites.len() >= 10, "{} favorites", favorites.len());
    let unique: HashSet<&str> = favorites.iter().copied().collect();
    assert_eq!(unique.len(), favorites.len(), "favorites repeat");
}
