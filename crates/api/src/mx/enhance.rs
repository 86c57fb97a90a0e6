//! `POST /transactions/enhance`: cleanse and categorize a partner's raw transactions
//! through the same engine that enriches aggregated ones. Nothing is stored.

use super::wire::{self, MxJson};
use super::MxError;
use crate::common::body::Object;
use crate::common::ApiError;
use axum::response::Response;
use polyfin_domain::transaction::TransactionKind;
use polyfin_domain::Decimal;
use polyfin_engine::enhance::{enhance, Enhanced, RawTransaction};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
pub struct EnhanceRequest {
    transactions: Vec<Object<RawBody>>,
}

#[derive(Debug, Deserialize)]
struct RawBody {
    amount: Option<Decimal>,
    description: String,
    id: Option<String>,
    extended_transaction_type: Option<String>,
    memo: Option<String>,
    merchant_category_code: Option<i64>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// The SDK's `EnhanceTransactionResponse`.
#[derive(Serialize)]
struct EnhancedWire<'a> {
    amount: Option<Decimal>,
    /// What decided the category: 1 the merchant directory or keywords (inferred
    /// codes; MX documents none).
    categorized_by: i64,
    category: &'a str,
    category_guid: &'a str,
    described_by: i64,
    description: &'a str,
    extended_transaction_type: Option<&'a str>,
    id: Option<&'a str>,
    is_bill_pay: bool,
    is_direct_deposit: bool,
    is_expense: bool,
    is_fee: bool,
    is_income: bool,
    is_international: bool,
    is_overdraft_fee: bool,
    is_payroll_advance: bool,
    is_subscription: bool,
    memo: Option<&'a str>,
    merchant_category_code: Option<u32>,
    merchant_guid: Option<&'a str>,
    merchant_location_guid: Option<&'a str>,
    original_description: &'a str,
    top_level_category: &'a str,
    #[serde(rename = "type")]
    kind: Option<&'static str>,
}

fn raw(index: usize, body: &RawBody) -> Result<RawTransaction, ApiError> {
    let field = |name: &str| format!("transactions[{index}].{name}");
    if body.id.as_deref().is_none_or(|id| id.trim().is_empty()) {
        let name = field("id");
        return Err(ApiError::bad_request(&name, format!("{name} is required.")));
    }
    let kind = match body.kind.as_deref() {
        None => None,
        Some(text) => Some(TransactionKind::parse(text).ok_or_else(|| {
            let name = field("type");
            ApiError::bad_request(&name, format!("{name} must be CREDIT or DEBIT."))
        })?),
    };
    let mcc =
        match body.merchant_category_code {
            None => None,
            Some(code) => Some(u32::try_from(code).ok().filter(|c| *c <= 9999).ok_or_else(
                || {
                    let name = field("merchant_category_code");
                    ApiError::bad_request(&name, format!("{name} must be a four-digit code."))
                },
            )?),
        };
    Ok(RawTransaction {
        description: body.description.clone(),
        amount: body.amount,
        kind,
        merchant_category_code: mcc,
    })
}

fn wire_of<'a>(body: &'a RawBody, raw: &RawTransaction, out: &'a Enhanced) -> EnhancedWire<'a> {
    let f = &out.flags;
    EnhancedWire {
        amount: body.amount,
        categorized_by: 1,
        category: &out.category,
        category_guid: &out.category_guid,
        described_by: 1,
        description: &out.description,
        extended_transaction_type: body.extended_transaction_type.as_deref(),
        id: body.id.as_deref(),
        is_bill_pay: f.is_bill_pay,
        is_direct_deposit: f.is_direct_deposit,
        is_expense: f.is_expense,
        is_fee: f.is_fee,
        is_income: f.is_income,
        is_international: f.is_international,
        is_overdraft_fee: f.is_overdraft_fee,
        is_payroll_advance: f.is_payroll_advance,
        is_subscription: f.is_subscription,
        memo: body.memo.as_deref(),
        merchant_category_code: raw.merchant_category_code,
        merchant_guid: out.merchant_guid.as_deref(),
        merchant_location_guid: None,
        original_description: &body.description,
        top_level_category: &out.top_level_category,
        kind: raw.kind.map(TransactionKind::name),
    }
}

pub async fn enhance_transactions(
    MxJson(request): MxJson<EnhanceRequest>,
) -> Result<Response, MxError> {
    let bodies: Vec<RawBody> = request.transactions.into_iter().map(|o| o.0).collect();
    let raws = bodies
        .iter()
        .enumerate()
        .map(|(i, body)| raw(i, body))
        .collect::<Result<Vec<_>, _>>()?;
    let enhanced = enhance("transactions", &raws)?;
    #[derive(Serialize)]
    struct Envelope<'a> {
        transactions: Vec<EnhancedWire<'a>>,
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
