//! The objects the widget reads (spec §1.3), with every enum as the integer of §1.4.

use super::messages::{user_message, Lang};
use crate::logos::logo_url;
use polyfin_domain::challenge::Challenge;
use polyfin_domain::institution::{CredentialField, Institution};
use polyfin_domain::member::{ConnectionStatus, Job, Member};
use polyfin_domain::micro_deposit::MicroDeposit;
use polyfin_domain::origin::Origin;
use polyfin_store::OAuthStateRecord;
use serde::Serialize;
use serde_json::{json, Value};
use time::OffsetDateTime;

fn unix(at: Option<OffsetDateTime>) -> Option<i64> {
    at.map(OffsetDateTime::unix_timestamp)
}

/// Never null: the OAuth step crashes on a missing `instructional_data` (P6).
fn instructional_data(text: Option<&str>) -> Value {
    json!({ "title": null, "description": text, "steps": [] })
}

#[derive(Serialize)]
pub struct InstitutionWire<'a> {
    guid: &'a str,
    code: &'a str,
    name: &'a str,
    url: &'a str,
    login_url: &'a str,
    logo_url: String,
    small_logo_url: String,
    medium_logo_url: String,
    popularity: u32,
    supports_oauth: bool,
    account_verification_is_enabled: bool,
    account_identification_is_enabled: bool,
    tax_statement_is_enabled: bool,
    is_disabled_by_client: bool,
    iso_country_code: &'a str,
    forgot_password_credential_recovery_url: Option<&'a str>,
    forgot_username_credential_recovery_url: Option<&'a str>,
    trouble_signing_credential_recovery_url: Option<&'a str>,
    instructional_data: Value,
}

impl<'a> InstitutionWire<'a> {
    pub fn new(institution: &'a Institution, public_url: &str, popularity: u32) -> Self {
        Self {
            guid: institution.guid.as_str(),
            code: &institution.code,
            name: &institution.name,
            url: &institution.url,
            login_url: &institution.url,
            logo_url: logo_url(public_url, &institution.code, 100),
            small_logo_url: logo_url(public_url, &institution.code, 50),
            medium_logo_url: logo_url(public_url, &institution.code, 100),
            popularity,
            supports_oauth: institution.supports_oauth,
            account_verification_is_enabled: institution.supports_account_verification,
            account_identification_is_enabled: institution.supports_account_identification,
            tax_statement_is_enabled: institution.supports_tax_document,
            is_disabled_by_client: false,
            iso_country_code: &institution.iso_country_code,
            forgot_password_credential_recovery_url: institution.forgot_password_url.as_deref(),
            forgot_username_credential_recovery_url: institution.forgot_username_url.as_deref(),
            trouble_signing_credential_recovery_url: institution.trouble_signing_in_url.as_deref(),
            instructional_data: instructional_data(institution.instructional_text.as_deref()),
        }
    }
}

/// The manual institution is not in the catalogue; the widget loads it by guid after
/// a manual account is created.
pub fn manual_institution(guid: &str, public_url: &str) -> Value {
    json!({
        "guid": guid, "code": polyfin_domain::origin::MANUAL_INSTITUTION_CODE,
        "name": polyfin_domain::origin::MANUAL_INSTITUTION_NAME, "url": null, "login_url": null,
        "logo_url": logo_url(public_url, polyfin_domain::origin::MANUAL_INSTITUTION_CODE, 100),
        "popularity": 0, "supports_oauth": false, "account_verification_is_enabled": false,
        "account_identification_is_enabled": false, "tax_statement_is_enabled": false,
        "is_disabled_by_client": false, "instructional_data": instructional_data(None),
    })
}

/// Institution and member credentials, sorted by `display_order` (the widget does not).
pub fn credentials(fields: &[CredentialField]) -> Vec<Value> {
    let mut sorted: Vec<&CredentialField> = fields.iter().collect();
    sorted.sort_by_key(|f| f.display_order);
    sorted
        .into_iter()
        .map(|f| {
            let options: Vec<Value> = f
                .options
                .iter()
                .map(|o| json!({ "guid": o.value, "label": o.label, "value": o.value, "credential_guid": f.guid.as_str() }))
                .collect();
            json!({
                "guid": f.guid.as_str(), "field_name": f.field_name, "field_type": f.field_type.code(),
                "label": f.label, "display_order": f.display_order, "optional": f.optional,
                "options": options, "meta_data": null,
            })
        })
        .collect()
}

/// Open challenges as `member.mfa.credentials`: options carry the parent's guid, and
/// an option's guid is its value, which `resume` takes back as the answer.
fn mfa_credentials(challenges: &[Challenge]) -> Vec<Value> {
    challenges
        .iter()
        .map(|c| {
            let guid = c.guid.as_str();
            let options: Vec<Value> = c
                .options
                .iter()
                .map(|o| json!({ "guid": o.value, "label": o.label, "value": o.value, "credential_guid": guid, "data_uri": o.data_uri }))
                .collect();
            json!({
                "guid": guid, "label": c.label, "field_name": c.field_name,
                "field_type": c.kind.field_type_code(), "type": c.kind.field_type_code(),
                "external_id": null, "meta_data": c.image_data, "image_data": c.image_data,
                "options": options,
            })
        })
        .collect()
}

/// The actionable error code for a status, where the widget has one that fits.
fn error_code(status: ConnectionStatus) -> Option<u16> {
    match status {
        ConnectionStatus::Denied => Some(2005),
        ConnectionStatus::Delayed => Some(3002),
        _ => None,
    }
}

pub struct MemberView<'a> {
    pub member: &'a Member,
    pub challenges: Option<&'a [Challenge]>,
    pub institution: Option<&'a Institution>,
    pub lang: Lang,
}

pub fn member(view: MemberView<'_>) -> Value {
    let m = view.member;
    let status = m.connection_status.unwrap_or(ConnectionStatus::Created);
    let mfa = match view.challenges {
        Some(open) if status == ConnectionStatus::Challenged => {
            json!({ "credentials": mfa_credentials(open) })
        }
        _ => json!({}),
    };
    let error = user_message(status, view.lang).map(|message| {
        json!({
            "error_code": error_code(status), "error_message": status.name(),
            "error_type": "MEMBER", "locale": view.lang.widget_locale(), "user_message": message,
        })
    });
    let instructional = view
        .institution
        .and_then(|i| i.instructional_text.as_deref());
    json!({
        "guid": m.guid.as_str(), "user_guid": m.user_guid.as_str(), "id": m.id,
        "institution_guid": m.institution_guid.as_str(), "institution_code": m.institution_code,
        "name": m.name, "metadata": m.metadata,
        "connection_status": status.code(), "is_being_aggregated": m.is_being_aggregated,
        "most_recent_job_guid": m.most_recent_job_guid.as_ref().map(|g| g.as_str()),
        "is_oauth": m.is_oauth, "oauth_window_uri": m.oauth_window_uri,
        "mfa": mfa, "error": error,
        "verification_is_enabled": view.institution.is_some_and(|i| i.supports_account_verification),
        "is_managed_by_user": true, "is_manual": m.origin == Origin::Manual,
        "instructional_data": instructional_data(instructional),
        "use_cases": m.use_cases, "is_disabled_by_client": false,
        "background_aggregation_is_disabled": m.background_aggregation_is_disabled,
        "aggregated_at": unix(m.aggregated_at),
        "successfully_aggregated_at": unix(m.successfully_aggregated_at),
    })
}

pub fn job(job: &Job, member: Option<&Member>) -> Value {
    json!({
        "guid": job.guid.as_str(), "member_guid": job.member_guid.as_str(),
        "user_guid": job.user_guid.as_str(), "job_type": job.kind.widget_code(),
        "status": job.status.code(), "async_account_data_ready": false,
        "started_at": job.started_at.unix_timestamp(), "finished_at": unix(job.finished_at),
        "updated_at": job.updated_at.unix_timestamp(),
        "is_authenticated": member.is_some_and(|m| m.is_authenticated),
        "has_processed_account_numbers": member.is_some_and(|m| m.has_processed_account_numbers),
        "error_message": null,
    })
}

/// OAuth `auth_status` 1 PENDING, 2 SUCCESS, 3 ERRORED; `error_reason` as §1.4.
pub fn oauth_state(state: &OAuthStateRecord) -> Value {
    let (auth_status, error_reason) = match state.status.as_str() {
        "pending" => (1, None),
        "success" => (2, None),
        _ => (
            3,
            Some(match state.error_reason.as_deref() {
                Some("CANCELLED") => 1,
                Some("DENIED") => 2,
                Some("IMPEDED") => 3,
                Some("PROVIDER_ERROR") => 4,
                Some("SESSION_ERROR") => 6,
                _ => 5,
            }),
        ),
    };
    let member = state.member_guid.as_str();
    json!({
        "guid": state.guid, "auth_status": auth_status, "error_reason": error_reason,
        "outbound_member_guid": member,
        "inbound_member_guid": (auth_status == 2).then_some(member),
        "user_guid": state.user_guid.as_str(),
        "created_at": state.created_at.unix_timestamp(), "updated_at": state.updated_at.unix_timestamp(),
        "first_retrieved_at": null,
    })
}

fn account_type_code(name: Option<&str>) -> u8 {
    match name.map(str::to_ascii_uppercase).as_deref() {
        Some("SAVINGS") => 2,
        _ => 1,
    }
}

pub fn micro_deposit(md: &MicroDeposit) -> Value {
    json!({
        "guid": md.guid.as_str(), "user_guid": md.user_guid.as_str(),
        "status": md.status.code(), "status_name": md.status.name(),
        "account_name": md.account_name, "account_number": md.account_number.as_deref().map(mask),
        "account_type": account_type_code(md.account_type.as_deref()),
        "routing_number": md.routing_number, "email": md.email,
        "first_name": md.first_name, "last_name": md.last_name, "can_auto_verify": false,
        "deposit_expected_at": unix(md.deposit_expected_at),
        "updated_at": md.updated_at.unix_timestamp(),
    })
}

/// Only the last four digits of an account number leave the server.
fn mask(number: &str) -> String {
    let digits: Vec<char> = number.chars().collect();
    let keep = digits.len().saturating_sub(4);
    digits
        .iter()
        .enumerate()
        .map(|(i, c)| if i < keep { '*' } else { *c })
        .collect()
}
