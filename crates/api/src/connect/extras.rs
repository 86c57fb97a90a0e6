//! The rest of the widget's calls: manual accounts, micro-deposits, routing-number
//! checks, support tickets and the user profile (spec §1.2, §3.8, §3.9).

use super::{json, json_status, no_content, Body, Reply, Session};
use crate::common::body::Object;
use crate::common::ApiError;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Router;
use polyfin_domain::account::ACCOUNT_TYPES;
use polyfin_domain::micro_deposit::MicroDepositDetails;
use polyfin_domain::supplied::AccountFields;
use polyfin_domain::Decimal;
use serde::Deserialize;
use serde_json::{json, Value};
use std::str::FromStr;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/{user_guid}/accounts", post(create_account))
        .route(
            "/users/{user_guid}/micro_deposits",
            post(create_micro_deposit),
        )
        .route(
            "/users/{user_guid}/micro_deposits/{guid}",
            get(read_micro_deposit).put(update_micro_deposit),
        )
        .route(
            "/users/{user_guid}/micro_deposits/{guid}/refresh",
            post(refresh_micro_deposit),
        )
        .route("/micro_deposits/{guid}/verify", put(verify_micro_deposit))
        .route("/routing_numbers/{routing_number}", get(routing_number))
        .route("/users/{user_guid}/support_tickets", post(support_ticket))
        .route("/users/{user_guid}/user_profile", put(user_profile))
}

/// The widget's manual account types (§1.4) as MX type names; 0 is "other".
fn manual_type(code: u8) -> Option<&'static str> {
    match code {
        0 => Some("ANY"),
        12 => Some("LINE_OF_CREDIT"),
        n => ACCOUNT_TYPES.get(usize::from(n) - 1).copied(),
    }
}

fn manual_code(name: &str) -> usize {
    ACCOUNT_TYPES
        .iter()
        .position(|t| *t == name)
        .filter(|p| *p + 1 < ACCOUNT_TYPES.len())
        .map_or(0, |p| p + 1)
}

#[derive(Debug, Deserialize)]
struct AccountRequest {
    account: Object<ManualAccount>,
}

#[derive(Debug, Deserialize)]
struct ManualAccount {
    account_type: u8,
    user_name: String,
    balance: Option<Value>,
    interest_rate: Option<Value>,
    credit_limit: Option<Value>,
    minimum_payment: Option<Value>,
    original_balance: Option<Value>,
    property_type: Option<Value>,
}

/// Form values arrive as strings (or numbers); an empty one is not given.
fn amount(field: &str, value: Option<&Value>) -> Result<Option<Decimal>, ApiError> {
    let text = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(Value::String(s)) => s.trim().replace(',', ""),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => {
            return Err(ApiError::bad_request(
                field,
                format!("{field} must be an amount."),
            ))
        }
    };
    Decimal::from_str(&text)
        .map(Some)
        .map_err(|_| ApiError::bad_request(field, format!("{field} must be an amount.")))
}

async fn create_account(
    State(state): State<AppState>,
    session: Session,
    Path(user_guid): Path<String>,
    Body(request): Body<AccountRequest>,
) -> Reply {
    session.check_user(&user_guid)?;
    let Object(a) = request.account;
    let kind = manual_type(a.account_type).ok_or_else(|| {
        ApiError::bad_request(
            "account.account_type",
            "account.account_type is not a known type.",
        )
    })?;
    let mut fields = AccountFields {
        name: Some(a.user_name),
        account_type: Some(kind.to_owned()),
        property_type: a.property_type.map(|p| match p {
            Value::String(s) => s,
            other => other.to_string(),
        }),
        ..Default::default()
    };
    fields.figures.balance = amount("account.balance", a.balance.as_ref())?;
    fields.figures.interest_rate = amount("account.interest_rate", a.interest_rate.as_ref())?;
    fields.figures.credit_limit = amount("account.credit_limit", a.credit_limit.as_ref())?;
    fields.figures.minimum_payment = amount("account.minimum_payment", a.minimum_payment.as_ref())?;
    fields.figures.original_balance =
        amount("account.original_balance", a.original_balance.as_ref())?;
    let account = state
        .engine
        .manual()
        .create_account(&session.user, fields)
        .await?;
    let member = state
        .engine
        .members()
        .get(&session.user, account.member_guid.as_str())
        .await?;
    json(&json!({ "account": {
        "guid": account.guid.as_str(), "member_guid": account.member_guid.as_str(),
        "institution_guid": member.institution_guid.as_str(),
        "account_type": manual_code(&account.account_type), "name": account.name,
        "balance": account.figures.balance.map(|b| b.to_string()),
    }}))
}

#[derive(Debug, Deserialize)]
struct MicroDepositRequest {
    micro_deposit: Object<MicroDepositBody>,
}

#[derive(Debug, Deserialize)]
struct MicroDepositBody {
    account_name: Option<String>,
    account_number: Option<String>,
    account_type: Option<u8>,
    routing_number: Option<String>,
    email: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
}

impl MicroDepositBody {
    /// The widget's integer account types (§1.4): 1 CHECKING, 2 SAVINGS.
    fn details(self) -> Result<MicroDepositDetails, ApiError> {
        let account_type = match self.account_type {
            None => None,
            Some(1) => Some("CHECKING".to_owned()),
            Some(2) => Some("SAVINGS".to_owned()),
            Some(_) => {
                return Err(ApiError::bad_request(
                    "micro_deposit.account_type",
                    "micro_deposit.account_type must be 1 (checking) or 2 (savings).",
                ))
            }
        };
        Ok(MicroDepositDetails {
            account_name: self.account_name,
            account_number: self.account_number,
            account_type,
            routing_number: self.routing_number,
            email: self.email,
            first_name: self.first_name,
            last_name: self.last_name,
        })
    }
}

async fn create_micro_deposit(
    State(state): State<AppState>,
    session: Session,
    Path(user_guid): Path<String>,
    Body(request): Body<MicroDepositRequest>,
) -> Reply {
    session.check_user(&user_guid)?;
    let Object(body) = request.micro_deposit;
    let created = state
        .engine
        .micro_deposits()
        .create(&session.user, body.details()?)
        .await?;
    json(&json!({ "micro_deposit": super::wire::micro_deposit(&created) }))
}

/// Completes a pre-initiated micro-deposit with the account the end user entered, or
/// corrects one whose deposits have not been sent (the engine says when not).
async fn update_micro_deposit(
    State(state): State<AppState>,
    session: Session,
    Path((user_guid, guid)): Path<(String, String)>,
    Body(request): Body<MicroDepositRequest>,
) -> Reply {
    session.check_user(&user_guid)?;
    let Object(body) = request.micro_deposit;
    let updated = state
        .engine
        .micro_deposits()
        .update(&session.user, &guid, body.details()?)
        .await?;
    json(&json!({ "micro_deposit": super::wire::micro_deposit(&updated) }))
}

async fn read_micro_deposit(
    State(state): State<AppState>,
    session: Session,
    Path((user_guid, guid)): Path<(String, String)>,
) -> Reply {
    session.check_user(&user_guid)?;
    let found = state
        .engine
        .micro_deposits()
        .get(&session.user, &guid)
        .await?;
    json(&json!({ "micro_deposit": super::wire::micro_deposit(&found) }))
}

/// Reading refreshes a micro-deposit (deposits land by the clock), so this only
/// checks that it exists.
async fn refresh_micro_deposit(
    State(state): State<AppState>,
    session: Session,
    Path((user_guid, guid)): Path<(String, String)>,
) -> Reply {
    session.check_user(&user_guid)?;
    state
        .engine
        .micro_deposits()
        .get(&session.user, &guid)
        .await?;
    no_content()
}

#[derive(Debug, Deserialize)]
struct VerifyRequest {
    micro_deposit: Object<Amounts>,
}

#[derive(Debug, Deserialize)]
struct Amounts {
    deposit_amount_1: Option<String>,
    deposit_amount_2: Option<String>,
}

/// The widget sends the digits after the decimal point: "05" is 0.05.
fn cents(field: &str, digits: Option<String>) -> Result<Option<Decimal>, ApiError> {
    let Some(digits) = digits else {
        return Ok(None);
    };
    let digits = digits
        .trim()
        .trim_start_matches("0.")
        .trim_start_matches('.');
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::bad_request(
            field,
            format!("{field} must be cents, such as 05."),
        ));
    }
    Decimal::from_str(&format!("0.{digits}"))
        .map(Some)
        .map_err(|_| ApiError::bad_request(field, format!("{field} must be cents, such as 05.")))
}

async fn verify_micro_deposit(
    State(state): State<AppState>,
    session: Session,
    Path(guid): Path<String>,
    Body(request): Body<VerifyRequest>,
) -> Reply {
    let Object(body) = request.micro_deposit;
    // The Platform path has no user: the micro-deposit must be the session user's.
    state
        .engine
        .micro_deposits()
        .get(&session.user, &guid)
        .await?;
    let amounts = (
        cents("micro_deposit.deposit_amount_1", body.deposit_amount_1)?,
        cents("micro_deposit.deposit_amount_2", body.deposit_amount_2)?,
    );
    let verified = state
        .engine
        .micro_deposits()
        .verify(session.client(), &guid, amounts)
        .await?;
    json(&json!({ "micro_deposit": super::wire::micro_deposit(&verified) }))
}

/// `{}` when micro-deposits may go to this routing number; a checksum failure is
/// "blocked, INVALID" as the widget expects.
async fn routing_number(_session: Session, Path(routing_number): Path<String>) -> Reply {
    if polyfin_domain::routing::valid_aba(&routing_number) {
        json(&json!({}))
    } else {
        json(&json!({ "blocked_routing_number": {
            "guid": format!("BRN-{routing_number}"), "reason": 0, "reason_name": "INVALID" } }))
    }
}

#[derive(Debug, Deserialize)]
struct SupportRequest {
    support_ticket: Object<SupportTicket>,
}

#[derive(Debug, Deserialize)]
struct SupportTicket {
    email: Option<String>,
    title: Option<String>,
    message: Option<String>,
}

/// Support requests are kept for the operator (tenant-scoped, never logged). The
/// widget has no error path here (spec §1.2), so the page swallows a refusal.
async fn support_ticket(
    State(state): State<AppState>,
    session: Session,
    Path(user_guid): Path<String>,
    Body(request): Body<SupportRequest>,
) -> Reply {
    session.check_user(&user_guid)?;
    let Object(ticket) = request.support_ticket;
    let request = polyfin_domain::support::SupportRequest {
        email: ticket.email,
        title: ticket.title,
        message: ticket.message,
    };
    state
        .engine
        .support()
        .create(&session.user, request)
        .await?;
    no_content()
}

#[derive(Debug, Deserialize)]
struct ProfileRequest {
    user_profile: Object<Profile>,
}

#[derive(Debug, Deserialize)]
struct Profile {
    too_small_modal_dismissed_at: Option<Value>,
}

/// The "too small" dialog's snooze lives in the page; the profile is echoed back.
async fn user_profile(
    session: Session,
    Path(user_guid): Path<String>,
    Body(request): Body<ProfileRequest>,
) -> Reply {
    session.check_user(&user_guid)?;
    let Object(profile) = request.user_profile;
    json_status(
        StatusCode::OK,
        &json!({ "user_profile": { "guid": format!("USP-{}", session.user.guid.as_str()),
            "too_small_modal_dismissed_at": profile.too_small_modal_dismissed_at } }),
    )
}
