//! MX wire shapes of members, their status and challenges.

use polyfin_domain::challenge::{Challenge, ChallengeKind};
use polyfin_domain::clock::format_timestamp;
use polyfin_domain::institution::Catalogue;
use polyfin_domain::member::{ConnectionStatus, Member};
use polyfin_domain::user::User;
use serde::Serialize;

#[derive(Serialize)]
pub struct MemberWire<'a> {
    guid: &'a str,
    id: Option<&'a str>,
    user_guid: &'a str,
    user_id: Option<&'a str>,
    institution_code: &'a str,
    institution_guid: &'a str,
    name: &'a str,
    metadata: Option<&'a str>,
    connection_status: Option<&'static str>,
    connection_status_message: Option<String>,
    is_being_aggregated: bool,
    is_managed_by_user: bool,
    is_manual: bool,
    is_oauth: bool,
    aggregated_at: Option<String>,
    successfully_aggregated_at: Option<String>,
    oauth_window_uri: Option<&'a str>,
    background_aggregation_is_disabled: bool,
    needs_updated_credentials: bool,
    most_recent_job_detail_code: Option<u32>,
    // `most_recent_job_guid` and `most_recent_job_detail_text` are typed boolean in
    // MX's spec and SDK: any string breaks the SDK, so they are left out.
    use_cases: &'a [String],
}

impl<'a> MemberWire<'a> {
    pub fn new(member: &'a Member, user: &'a User, catalogue: &Catalogue) -> Self {
        let institution_name = catalogue
            .get(&member.institution_code)
            .map_or(member.name.as_str(), |i| i.name.as_str());
        Self {
            guid: member.guid.as_str(),
            id: member.id.as_deref(),
            user_guid: member.user_guid.as_str(),
            user_id: user.id.as_deref(),
            institution_code: &member.institution_code,
            institution_guid: member.institution_guid.as_str(),
            name: &member.name,
            metadata: member.metadata.as_deref(),
            connection_status: member.connection_status.map(ConnectionStatus::name),
            connection_status_message: member
                .connection_status
                .and_then(|s| s.message(institution_name)),
            is_being_aggregated: member.is_being_aggregated,
            is_managed_by_user: member.origin.is_managed_by_user(),
            is_manual: member.origin.is_manual(),
            is_oauth: member.is_oauth,
            aggregated_at: member.aggregated_at.map(format_timestamp),
            successfully_aggregated_at: member.successfully_aggregated_at.map(format_timestamp),
            oauth_window_uri: member.oauth_window_uri.as_deref(),
            background_aggregation_is_disabled: member.background_aggregation_is_disabled,
            needs_updated_credentials: member
                .connection_status
                .is_some_and(ConnectionStatus::needs_updated_credentials),
            most_recent_job_detail_code: None,
            use_cases: &member.use_cases,
        }
    }
}

#[derive(Serialize)]
pub struct StatusWire<'a> {
    guid: &'a str,
    connection_status: Option<&'static str>,
    aggregated_at: Option<String>,
    successfully_aggregated_at: Option<String>,
    has_processed_accounts: bool,
    has_processed_transactions: bool,
    has_processed_account_numbers: bool,
    is_authenticated: bool,
    is_being_aggregated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    challenges: Option<Vec<ChallengeWire<'a>>>,
}

impl<'a> StatusWire<'a> {
    pub fn new(member: &'a Member, challenges: Option<&'a [Challenge]>) -> Self {
        Self {
            guid: member.guid.as_str(),
            connection_status: member.connection_status.map(ConnectionStatus::name),
            aggregated_at: member.aggregated_at.map(format_timestamp),
            successfully_aggregated_at: member.successfully_aggregated_at.map(format_timestamp),
            has_processed_accounts: member.has_processed_accounts,
            has_processed_transactions: member.has_processed_transactions,
            has_processed_account_numbers: member.has_processed_account_numbers,
            is_authenticated: member.is_authenticated,
            is_being_aggregated: member.is_being_aggregated,
            challenges: challenges.map(|list| list.iter().map(ChallengeWire::from).collect()),
        }
    }
}

#[derive(Serialize)]
pub struct OptionWire<'a> {
    label: &'a str,
    value: &'a str,
    guid: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    data_uri: Option<&'a str>,
}

/// Options and image options appear only on their own challenge type, never as null.
#[derive(Serialize)]
pub struct ChallengeWire<'a> {
    guid: &'a str,
    label: &'a str,
    field_name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<Vec<OptionWire<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_data: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_options: Option<Vec<OptionWire<'a>>>,
}

impl<'a> From<&'a Challenge> for ChallengeWire<'a> {
    fn from(challenge: &'a Challenge) -> Self {
        let options = || {
            challenge
                .options
                .iter()
                .map(|o| OptionWire {
                    label: &o.label,
                    value: &o.value,
                    guid: &o.value,
                    data_uri: o.data_uri.as_deref(),
                })
                .collect()
        };
        Self {
            guid: challenge.guid.as_str(),
            label: &challenge.label,
            field_name: &challenge.field_name,
            kind: challenge.kind.name(),
            options: (challenge.kind == ChallengeKind::Options).then(options),
            image_data: challenge.image_data.as_deref(),
            image_options: (challenge.kind == ChallengeKind::ImageOptions).then(options),
        }
    }
}
