//! Every hosted bank is an institution of the catalogue: the shipped catalogue has
//! Polyfin Community Bank (`polyfin`); banks created with other ids join it as
//! institutions coded by their lower-cased id, served by the `ledger` connector with
//! the customers' online-banking username and password. The catalogue is built when
//! the server starts, so a bank created beside a running server appears after a
//! restart.

use anyhow::Context;
use polyfin_domain::institution::Catalogue;
use serde_json::{json, Value};

/// The catalogue entry of a hosted bank.
fn institution(id: &str, name: &str) -> Value {
    json!({
        "code": id.to_lowercase(),
        "name": name,
        "url": "https://polyfin.example",
        "iso_country_code": "US",
        "supports_account_identification": true,
        "supports_account_statement": false,
        "supports_account_verification": true,
        "supports_transaction_history": true,
        "supports_oauth": false,
        "supports_tax_document": false,
        "is_test": false,
        "brand_color": "#1F6F50",
        "instructional_text": format!("Sign in with your {name} online-banking username and password."),
        "connector": "ledger",
        "credentials": [
            {"field_name": "LOGIN", "label": "Username", "field_type": "TEXT"},
            {"field_name": "PASSWORD", "label": "Password", "field_type": "PASSWORD"}
        ]
    })
}

/// The shipped catalogue (`json`) plus the hosted banks `(id, name)` it lacks.
pub fn with_banks(json_text: &str, banks: &[(String, String)]) -> anyhow::Result<Catalogue> {
    let mut file: Value = serde_json::from_str(json_text).context("catalogue JSON")?;
    let list = file["institutions"]
        .as_array_mut()
        .context("the catalogue has no institutions list")?;
    for (id, name) in banks {
        let code = id.to_lowercase();
        if !list.iter().any(|i| i["code"] == code.as_str()) {
            list.push(institution(id, name));
        }
    }
    Catalogue::from_json(&file.to_string()).context("the institution catalogue is invalid")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn hosted_banks_join_the_catalogue_once() {
        let banks = [
            ("POLYFIN".to_owned(), "Polyfin Community Bank".to_owned()),
            ("HARBOR".to_owned(), "Harbor Savings Bank".to_owned()),
        ];
        let catalogue = with_banks(crate::CATALOGUE_JSON, &banks).unwrap();
        let shipped = crate::catalogue().unwrap();
        assert_eq!(catalogue.all().len(), shipped.all().len() + 1);
        let harbor = catalogue.get("harbor").unwrap();
        assert_eq!(harbor.name, "Harbor Savings Bank");
        assert_eq!(harbor.connector, "ledger");
        assert_eq!(harbor.credentials.len(), 2);
    }
}
