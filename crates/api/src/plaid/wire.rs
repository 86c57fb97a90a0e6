//! Plaid wire objects, with every key plaid-python 46.0.0 requires (nulls included).

use polyfin_domain::clock::{format_date, format_timestamp};
use polyfin_domain::Decimal;
use polyfin_engine::plaid_items::{item_error, Item, PlaidAccount, PlaidItems, PlaidTransaction};
use serde_json::{json, Value};

/// Money as a JSON float, never a string.
pub fn money(amount: Decimal) -> Value {
    amount
        .to_string()
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

fn opt_money(amount: Option<Decimal>) -> Value {
    amount.map_or(Value::Null, money)
}

pub fn item(
    items: &PlaidItems<'_>,
    item: &Item,
    accounts: &[PlaidAccount],
    detailed: bool,
) -> Value {
    let member = &item.member;
    let institution_name = items
        .institution(&items.institution_id(&member.institution_code))
        .map(|i| i.name.clone());
    let error = item_error(member.connection_status).map(|(error_type, code)| {
        json!({"error_type": error_type, "error_code": code,
               "error_message": "the login details of this item have changed or need attention",
               "display_message": null, "status": 400})
    });
    let billed = billed_products(accounts);
    let available: Vec<&str> = [
        "balance",
        "identity",
        "auth",
        "transactions",
        "investments",
        "liabilities",
    ]
    .into_iter()
    .filter(|p| !billed.contains(p))
    .collect();
    let mut value = json!({
        "item_id": item.record.item_id,
        "webhook": item.webhook,
        "error": error,
        "available_products": available,
        "billed_products": billed,
        "products": billed,
        "consent_expiration_time": null,
        "update_type": "background",
        "institution_id": items.institution_id(&member.institution_code),
        "institution_name": institution_name,
        "auth_method": null,
    });
    if detailed {
        value["created_at"] = json!(format_timestamp(item.record.created_at));
    }
    value
}

fn billed_products(accounts: &[PlaidAccount]) -> Vec<&'static str> {
    let mut products = Vec::new();
    if accounts.iter().any(|a| a.kind != "investment") {
        products.push("transactions");
    }
    if accounts.iter().any(|a| a.kind == "investment") {
        products.push("investments");
    }
    products
}

pub fn account(a: &PlaidAccount, with_updated: bool) -> Value {
    let mut balances = json!({
        "available": opt_money(a.available),
        "current": opt_money(a.current),
        "limit": opt_money(a.limit),
        "iso_currency_code": a.iso_currency_code,
        "unofficial_currency_code": null,
    });
    if with_updated {
        balances["last_updated_datetime"] = json!(a.last_updated.map(format_timestamp));
    }
    json!({
        "account_id": a.account_id,
        "balances": balances,
        "mask": a.mask,
        "name": a.name,
        "official_name": a.official_name,
        "type": a.kind,
        "subtype": a.subtype,
    })
}

pub fn accounts(accounts: &[PlaidAccount], with_updated: bool) -> Vec<Value> {
    accounts.iter().map(|a| account(a, with_updated)).collect()
}

pub fn transaction(t: &PlaidTransaction) -> Value {
    let category = t.category.as_ref();
    let transaction_type = match (t.payment_channel, category.map(|c| c.legacy.group)) {
        ("in store", _) => "place",
        ("online", _) => "digital",
        (_, Some("special")) => "special",
        _ => "unresolved",
    };
    json!({
        "account_id": t.account_id,
        "amount": money(t.amount),
        "iso_currency_code": t.iso_currency_code,
        "unofficial_currency_code": null,
        "date": format_date(t.date),
        "authorized_date": format_date(t.authorized_date),
        "authorized_datetime": null,
        "datetime": null,
        "pending": t.pending,
        "pending_transaction_id": null,
        "transaction_id": t.transaction_id,
        "payment_channel": t.payment_channel,
        "transaction_code": null,
        "transaction_type": transaction_type,
        "name": t.name,
        "merchant_name": t.merchant_name,
        "original_description": null,
        "category": category.map(|c| c.legacy.hierarchy),
        "category_id": category.map(|c| c.legacy.id),
        "personal_finance_category": category.map(|c| json!({
            "primary": c.pfc_primary, "detailed": c.pfc_detailed, "confidence_level": "HIGH"})),
        "check_number": t.check_number,
        "merchant_category_code": t.merchant_category_code,
        "location": {
            "address": null, "city": null, "region": null, "postal_code": null, "country": null,
            "lat": opt_money(t.latitude), "lon": opt_money(t.longitude), "store_number": null,
        },
        "payment_meta": {
            "reference_number": null, "ppd_id": null, "payee": null, "by_order_of": null,
            "payer": null, "payment_method": null, "payment_processor": null, "reason": null,
        },
        "account_owner": null,
        "logo_url": null,
        "website": null,
        "counterparties": [],
        "merchant_entity_id": null,
    })
}

/// Whom the FinSight fields are for, when the developer asked for them (spec §4.1).
pub struct Finsight<'a> {
    /// The end user's id: the partner's own, else the user guid.
    pub uid: &'a str,
    pub public_url: &'a str,
}

pub fn transactions(list: &[PlaidTransaction], finsight: Option<&Finsight<'_>>) -> Vec<Value> {
    list.iter()
        .map(|t| {
            let mut value = transaction(t);
            if let (Some(f), Value::Object(map)) = (finsight, &mut value) {
                add_finsight(map, t, f);
            }
            value
        })
        .collect()
}

/// The FinSight keys, inline; advice keys only where there is advice.
fn add_finsight(map: &mut serde_json::Map<String, Value>, t: &PlaidTransaction, f: &Finsight<'_>) {
    map.insert("uid".into(), json!(f.uid));
    let Some(advice) = &t.insight else {
        return;
    };
    map.insert("insight_text".into(), json!(advice.text));
    map.insert("recommendation".into(), json!(advice.recommendation));
    map.insert("amountFound".into(), money(advice.amount_found));
    if let Some(merchant) = &advice.merchant {
        if let Some(site) = &merchant.website_url {
            map.insert("insight_ctaurl".into(), json!(site));
        }
        let logo = crate::logos::merchant_logo_url(f.public_url, merchant.guid.as_str());
        map.insert("finsight_image".into(), json!(logo));
    }
}
