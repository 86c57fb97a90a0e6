//! Asset Report wire objects (spec §2.3 "AssetReport"), every SDK-required key present.

use super::wire::money;
use polyfin_domain::clock::{format_date, format_timestamp};
use polyfin_domain::Decimal;
use polyfin_engine::plaid_items::report::{
    AssetReport, ReportAccount, ReportOwner, ReportTransaction,
};
use serde_json::{json, Value};

fn opt_money(amount: Option<Decimal>) -> Value {
    amount.map_or(Value::Null, money)
}

pub fn report(r: &AssetReport, insights: bool) -> Value {
    let u = &r.user;
    json!({
        "asset_report_id": r.asset_report_id,
        "client_report_id": r.client_report_id,
        "date_generated": format_timestamp(r.date_generated),
        "days_requested": r.days_requested,
        "user": {
            "client_user_id": u.client_user_id, "first_name": u.first_name,
            "middle_name": u.middle_name, "last_name": u.last_name, "ssn": u.ssn,
            "phone_number": u.phone_number, "email": u.email,
        },
        "items": r.items.iter().map(|item| json!({
            "item_id": item.item_id,
            "institution_name": item.institution_name,
            "institution_id": item.institution_id,
            "date_last_updated": format_timestamp(item.date_last_updated),
            "accounts": item.accounts.iter().map(|a| account(a, insights)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

pub fn warnings(r: &AssetReport) -> Value {
    r.warnings
        .iter()
        .map(|(code, item_id)| {
            json!({
                "warning_type": "ASSET_REPORT_WARNING",
                "warning_code": code,
                "cause": {
                    "error_type": "ASSET_REPORT_ERROR", "error_code": code,
                    "error_message": "owner data is not available for this item",
                    "display_message": null, "item_id": item_id,
                },
            })
        })
        .collect()
}

fn account(a: &ReportAccount, insights: bool) -> Value {
    let kind = if a.kind == "investment" {
        "brokerage"
    } else {
        a.kind.as_str()
    };
    json!({
        "account_id": a.account_id,
        "balances": {
            "available": opt_money(a.available), "current": opt_money(a.current),
            "limit": opt_money(a.limit), "margin_loan_amount": null,
            "iso_currency_code": a.iso_currency_code, "unofficial_currency_code": null,
        },
        "mask": a.mask,
        "name": a.name,
        "official_name": a.official_name,
        "type": kind,
        "subtype": a.subtype,
        "days_available": a.days_available,
        "ownership_type": null,
        "transactions": a.transactions.iter().map(|t| transaction(t, insights)).collect::<Vec<_>>(),
        "owners": a.owners.iter().map(owner).collect::<Vec<_>>(),
        "historical_balances": a.historical_balances.iter().map(|h| json!({
            "date": format_date(h.date), "current": money(h.current),
            "iso_currency_code": a.iso_currency_code, "unofficial_currency_code": null,
        })).collect::<Vec<_>>(),
    })
}

fn transaction(t: &ReportTransaction, insights: bool) -> Value {
    let mut value = json!({
        "account_id": t.account_id,
        "transaction_id": t.transaction_id,
        "amount": money(t.amount),
        "iso_currency_code": t.iso_currency_code,
        "unofficial_currency_code": null,
        "original_description": t.original_description,
        "date": format_date(t.date),
        "pending": t.pending,
    });
    if insights {
        value["name"] = json!(t.name);
        value["merchant_name"] = json!(t.merchant_name);
        value["category"] = json!(t.category);
        value["category_id"] = json!(t.category_id);
    }
    value
}

fn owner(o: &ReportOwner) -> Value {
    let one = |data: &Option<String>, kind: &str| -> Vec<Value> {
        data.iter()
            .map(|d| json!({"data": d, "primary": true, "type": kind}))
            .collect()
    };
    let has_address = o.street.is_some() || o.city.is_some() || o.postal_code.is_some();
    let addresses: Vec<Value> = if has_address {
        vec![json!({"data": {
            "street": o.street, "city": o.city, "region": o.region,
            "postal_code": o.postal_code, "country": o.country,
        }, "primary": true})]
    } else {
        Vec::new()
    };
    json!({
        "names": o.names,
        "phone_numbers": one(&o.phone, "home"),
        "emails": one(&o.email, "primary"),
        "addresses": addresses,
    })
}
