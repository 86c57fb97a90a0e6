//! `POST /transactions/cleanse_and_categorize`: MX's `transactions/enhance` under its
//! Atrium name. The engine enriches; nothing is stored.

use super::wire::{self, AtriumJson};
use super::AtriumError;
use crate::common::body::Object;
use crate::common::ApiError;
use axum::response::Response;
use polyfin_domain::transaction::TransactionKind;
use polyfin_domain::Decimal;
use polyfin_engine::enhance::{enhance, Enhanced, RawTransaction};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
pub struct CleanseRequest {
    transactions: Vec<Object<RawBody>>,
}

#[derive(Debug, Deserialize)]
struct RawBody {
    amount: Option<Decimal>,
    description: String,
    identifier: Option<String>,
    /// MX's spelling of `identifier`.
    id: Option<String>,
    /// A number in the SDK (`5411.0` is fine), an integer code here.
    merchant_category_code: Option<Decimal>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// The SDK's `TransactionCleanseAndCategorizeResponse`, plus the category's parent.
#[derive(Serialize)]
struct CleansedWire<'a> {
    amount: Option<Decimal>,
    category: &'a str,
    description: &'a str,
    identifier: Option<&'a str>,
    is_bill_pay: bool,
    is_direct_deposit: bool,
    is_expense: bool,
    is_fee: bool,
    is_income: bool,
    is_international: bool,
    is_overdraft_fee: bool,
    is_payroll_advance: bool,
    is_subscription: bool,
    merchant_category_code: Option<u32>,
    merchant_guid: Option<&'a str>,
    original_description: &'a str,
    top_level_category: &'a str,
    #[serde(rename = "type")]
    kind: Option<&'static str>,
}

fn raw(index: usize, body: &RawBody) -> Result<RawTransaction, ApiError> {
    let field = |name: &str| format!("transactions[{index}].{name}");
    let kind = match body.kind.as_deref() {
        None => None,
        Some(text) => Some(TransactionKind::parse(text).ok_or_else(|| {
            let name = field("type");
            ApiError::bad_request(&name, format!("{name} must be CREDIT or DEBIT."))
        })?),
    };
    let mcc = match body.merchant_category_code {
        None => None,
        Some(code) => Some(
            code.normalize()
                .to_string()
                .parse::<u32>()
                .ok()
                .filter(|c| *c <= 9999)
                .ok_or_else(|| {
                    let name = field("merchant_category_code");
                    ApiError::bad_request(&name, format!("{name} must be a four-digit code."))
                })?,
        ),
    };
    Ok(RawTransaction {
        description: body.description.clone(),
        amount: body.amount,
        kind,
        merchant_category_code: mcc,
    })
}

fn wire_of<'a>(body: &'a RawBody, raw: &RawTransaction, out: &'a Enhanced) -> CleansedWire<'a> {
    let f = &out.flags;
    CleansedWire {
        amount: body.amount,
        category: &out.category,
        description: &out.description,
        identifier: body.identifier.as_deref().or(body.id.as_deref()),
        is_bill_pay: f.is_bill_pay,
        is_direct_deposit: f.is_direct_deposit,
        is_expense: f.is_expense,
        is_fee: f.is_fee,
        is_income: f.is_income,
        is_international: f.is_international,
        is_overdraft_fee: f.is_overdraft_fee,
        is_payroll_advance: f.is_payroll_advance,
        is_subscription: f.is_subscription,
        merchant_category_code: raw.merchant_category_code,
        merchant_guid: out.merchant_guid.as_deref(),
        original_description: &body.description,
        top_level_category: &out.top_level_category,
        kind: raw.kind.map(TransactionKind::name),
    }
}

pub async fn cleanse_and_categorize(
    AtriumJson(request): AtriumJson<CleanseRequest>,
) -> Result<Response, AtriumError> {
    let bodies: Vec<RawBody> = request.transactions.into_iter().map(|o| o.0).collect();
    let raws = bodies
        .iter()
        .enumerate()
        .map(|(i, body)| raw(i, body))
        .collect::<Result<Vec<_>, _>>()?;
    let enhanced = enhance("transactions", &raws)?;
    #[derive(Serialize)]
    struct Envelope<'a> {
        transactions: Vec<CleansedWire<'a>>,
    }
    wire::ok(&Envelope {
        transactions: bodies
            .iter()
            .zip(&raws)
            .zip(&enhanced)
            .map(|((body, raw), out)| wire_of(body, raw, out))
            .collect(),
    })
}
