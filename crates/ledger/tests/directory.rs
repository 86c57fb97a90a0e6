//! The shipped FI directory and `lookUpInstitutionByLocator` semantics.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use polyfin_ledger::fi::{Directory, DirectoryError, LocatorError, LocatorQuery, LocatorType};
use serde_json::json;

fn standard() -> Directory {
    Directory::standard().expect("data/fi_directory.json must load")
}

fn query<'a>(country: &'a str, locator_type: LocatorType, locator: &'a str) -> LocatorQuery<'a> {
    LocatorQuery {
        country_code: country,
        locator_type,
        locator,
        include_intermediary_institutions: true,
    }
}

#[test]
fn shipped_directory_has_the_promised_coverage() {
    let directory = standard();
    let all = directory.institutions();
    let us = all
        .iter()
        .filter(|i| i.address.country_code == "US")
        .count();
    let international = all.len() - us;
    assert!(us >= 30, "{us} US institutions");
    assert!(
        international >= 15,
        "{international} international institutions"
    );
    assert!(all.iter().filter(|i| i.iban.is_some()).count() >= 15);
    assert!(all.iter().any(|i| !i.intermediaries.is_empty()));
}

#[test]
fn spec_fixture_bank_by_aba() {
    let result = standard()
        .look_up(&query("US", LocatorType::AbaRoutingNumber, "503000196"))
        .unwrap();
    assert_eq!(
        serde_json::to_value(&result).unwrap(),
        json!({
            "found": true,
            "institution": {
                "name": "First Bank of Andalasia",
                "address": {
                    "address1": "239 West Princess Ave.",
                    "locality": "Andalasia",
                    "regionCode": "NC",
                    "postalCode": "28407",
                    "countryCode": "US"
                },
                "locator": "503000196",
                "locatorType": "abaRoutingNumber"
            }
        })
    );
}

#[test]
fn every_listed_locator_finds_its_institution() {
    let directory = standard();
    for entry in directory.institutions() {
        for aba in &entry.routing_numbers {
            let found = directory
                .lookup(LocatorType::AbaRoutingNumber, aba)
                .unwrap();
            assert_eq!(
                found.map(|i| i.id.as_str()),
                Some(entry.id.as_str()),
                "{aba}"
            );
        }
        if let Some(bic) = &entry.bic {
            let found = directory.lookup(LocatorType::SwiftBicCode, bic).unwrap();
            assert_eq!(
                found.map(|i| i.id.as_str()),
                Some(entry.id.as_str()),
                "{bic}"
            );
        }
        if let Some(iban) = &entry.iban {
            let q = query(
                &iban.country_code,
                LocatorType::IbanAccountNumber,
                &iban.sample,
            );
            let result = directory.look_up(&q).unwrap();
            assert_eq!(
                result.institution.unwrap().name,
                entry.name,
                "{}",
                iban.sample
            );
        }
    }
}

#[test]
fn international_lookups_return_intermediaries_only_when_asked() {
    let directory = standard();
    let mut q = query("de", LocatorType::SwiftBicCode, "deutdeffxxx");
    let result = directory.look_up(&q).unwrap();
    let institution = result.institution.unwrap();
    assert_eq!(institution.name, "Deutsche Bank AG");
    assert_eq!(institution.locator, "DEUTDEFFXXX");
    assert_eq!(result.intermediary_institutions.len(), 1);
    let correspondent = &result.intermediary_institutions[0];
    assert_eq!(correspondent.name, "Deutsche Bank Trust Co. Americas");
    assert_eq!(correspondent.locator_type, LocatorType::SwiftBicCode);
    q.include_intermediary_institutions = false;
    let value = serde_json::to_value(directory.look_up(&q).unwrap()).unwrap();
    assert!(value.get("intermediaryInstitutions").is_none());
    // An unlisted branch of a listed bank still finds the bank.
    let branch = directory
        .look_up(&query("DE", LocatorType::SwiftBicCode, "DEUTDEFF500"))
        .unwrap();
    assert!(branch.found);
}

#[test]
fn iban_lookup_ignores_spaces_and_case() {
    let result = standard()
        .look_up(&query(
            "GB",
            LocatorType::IbanAccountNumber,
            "gb29 nwbk 6016 1331 9268 19",
        ))
        .unwrap();
    let institution = result.institution.unwrap();
    assert_eq!(institution.name, "National Westminster Bank Plc");
    assert_eq!(institution.locator, "GB29NWBK60161331926819");
}

#[test]
fn unknown_but_valid_locators_are_not_found() {
    let directory = standard();
    for (country, locator_type, locator) in [
        ("US", LocatorType::AbaRoutingNumber, "011000015"),
        ("DE", LocatorType::SwiftBicCode, "ABCDDEFF"),
        (
            "DE",
            LocatorType::IbanAccountNumber,
            "DE02120300000000202051",
        ),
        ("NO", LocatorType::IbanAccountNumber, "NO9386011117947"),
    ] {
        let result = directory
            .look_up(&query(country, locator_type, locator))
            .unwrap();
        assert!(!result.found, "{locator}");
        assert_eq!(
            serde_json::to_value(&result).unwrap(),
            json!({ "found": false })
        );
    }
}

#[test]
fn locator_rule_violations() {
    let directory = standard();
    use LocatorType::{AbaRoutingNumber as Aba, IbanAccountNumber as Iban, SwiftBicCode as Bic};
    let too_long = "1".repeat(37);
    #[rustfmt::skip]
    let cases: [(&str, LocatorType, &str, u16, &str); 9] = [
        ("US", Aba, "021000022", 422, "locator"),
        ("US", Bic, "CHASUS33", 422, "locatorType"),
        ("DE", Aba, "021000021", 422, "locatorType"),
        ("FR", Iban, "DE89370400440532013000", 422, "countryCode"),
        ("FR", Bic, "DEUTDEFF", 422, "countryCode"),
        ("ZZ", Bic, "DEUTDEFF", 422, "countryCode"),
        ("DEU", Bic, "DEUTDEFF", 400, "countryCode"),
        ("DE", Iban, &too_long, 400, "locator"),
        ("DE", Bic, "DEUTDEF", 422, "locator"),
    ];
    for (country, locator_type, locator, status, parameter) in cases {
        let err: LocatorError = directory
            .look_up(&query(country, locator_type, locator))
            .unwrap_err();
        assert_eq!(
            (err.status(), err.parameter()),
            (status, parameter),
            "{country} {locator}: {err}"
        );
    }
}

#[test]
fn broken_directories_are_rejected() {
    let entry = |extra: serde_json::Value| {
        let mut base = json!({
            "id": "x", "name": "X Bank",
            "address": {"address1": "1 Main St", "locality": "Town", "regionCode": "NY",
                        "postalCode": "10001", "countryCode": "US"},
            "routingNumbers": ["021000021"]
        });
        for (k, v) in extra.as_object().unwrap() {
            base[k] = v.clone();
        }
        json!({ "institutions": [base] }).to_string()
    };
    assert!(Directory::load(&entry(json!({}))).is_ok());
    for bad in [
        json!({"routingNumbers": ["021000022"]}),
        json!({"routingNumbers": []}),
        json!({"name": "A name that is far too long for field"}),
        json!({"bic": "chasus33"}),
        json!({"intermediaries": [{"locatorType": "swiftBicCode", "locator": "CITIUS33"}]}),
        json!({"address": {"address1": "1 Main St", "locality": "Town", "regionName": "New York",
                           "postalCode": "10001", "countryCode": "US"}}),
        json!({"unexpected": true}),
    ] {
        let err = Directory::load(&entry(bad.clone())).unwrap_err();
        assert!(
            matches!(
                err,
                DirectoryError::Invalid { .. } | DirectoryError::Json(_)
            ),
            "{bad}"
        );
    }
    assert!(matches!(Directory::load("{"), Err(DirectoryError::Json(_))));
    let twice = json!({ "institutions": [
        {"id": "a", "name": "A", "address": {"address1": "1 St", "locality": "T", "regionCode": "NY",
            "postalCode": "10001", "countryCode": "US"}, "routingNumbers": ["021000021"]},
        {"id": "b", "name": "B", "address": {"address1": "1 St", "locality": "T", "regionCode": "NY",
            "postalCode": "10001", "countryCode": "US"}, "routingNumbers": ["021000021"]}
    ]});
    assert!(Directory::load(&twice.to_string()).is_err());
}
