//! Atrium wire shapes of members, their connection status and MFA challenges, and the
//! legacy `status` Atrium still sends (spec §4.5), derived here and nowhere else.

use polyfin_domain::challenge::{Challenge, ChallengeKind};
use polyfin_domain::clock::format_timestamp;
use polyfin_domain::member::{ConnectionStatus, Member};
use serde::Serialize;

/// The deprecated `status`, from the connection status and whether a job runs;
/// `None` while no job ever ran (a member created with `skip_aggregation`, or OAuth
/// still pending).
pub fn legacy_status(member: &Member) -> Option<&'static str> {
    use ConnectionStatus as S;
    let status = member.connection_status?;
    if member.aggregated_at.is_none() && member.most_recent_job_guid.is_none() {
        return None;
    }
    Some(match status {
        S::Challenged => "CHALLENGED",
        S::Resumed => "RECEIVED",
        S::Connected if !member.is_being_aggregated => "COMPLETED",
        S::Created | S::Updated | S::Connected | S::Delayed | S::Reconnected => "INITIATED",
        S::Denied | S::Locked | S::Prevented | S::Imported => "DENIED",
        S::Pending => return None,
        // The guide: a member without usable credentials (IMPAIRED) is HALTED.
        S::Impaired
        | S::Failed
        | S::Rejected
        | S::Expired
        | S::Impeded
        | S::Degraded
        | S::Disconnected
        | S::Closed
        | S::Disabled
        | S::Discontinued => "HALTED",
    })
}

/// The SDK's `Member` model, every field present.
#[derive(Serialize)]
pub struct MemberWire<'a> {
    aggregated_at: Option<String>,
    connection_status: Option<&'static str>,
    guid: &'a str,
    identifier: Option<&'a str>,
    institution_code: &'a str,
    is_being_aggregated: bool,
    is_oauth: bool,
    metadata: Option<&'a str>,
    name: &'a str,
    oauth_window_uri: Option<&'a str>,
    status: Option<&'static str>,
    successfully_aggregated_at: Option<String>,
    user_guid: &'a str,
}

impl<'a> From<&'a Member> for MemberWire<'a> {
    fn from(member: &'a Member) -> Self {
        Self {
            aggregated_at: member.aggregated_at.map(format_timestamp),
            connection_status: member.connection_status.map(ConnectionStatus::name),
            guid: member.guid.as_str(),
            identifier: member.id.as_deref(),
            institution_code: &member.institution_code,
            is_being_aggregated: member.is_being_aggregated,
            is_oauth: member.is_oauth,
            metadata: member.metadata.as_deref(),
            name: &member.name,
            oauth_window_uri: member.oauth_window_uri.as_deref(),
            status: legacy_status(member),
            successfully_aggregated_at: member.successfully_aggregated_at.map(format_timestamp),
            user_guid: member.user_guid.as_str(),
        }
    }
}

#[derive(Serialize)]
pub struct MemberEnvelope<'a> {
    pub member: MemberWire<'a>,
}

impl<'a> MemberEnvelope<'a> {
    pub fn new(member: &'a Member) -> Self {
        Self {
            member: member.into(),
        }
    }
}

/// The SDK's `MemberConnectionStatus`: `challenges` is null unless CHALLENGED.
#[derive(Serialize)]
pub struct StatusWire<'a> {
    aggregated_at: Option<String>,
    challenges: Option<Vec<ChallengeWire<'a>>>,
    connection_status: Option<&'static str>,
    guid: &'a str,
    has_processed_accounts: bool,
    has_processed_transactions: bool,
    is_authenticated: bool,
    is_being_aggregated: bool,
    status: Option<&'static str>,
    successfully_aggregated_at: Option<String>,
}

impl<'a> StatusWire<'a> {
    pub fn new(member: &'a Member, challenges: Option<&'a [Challenge]>) -> Self {
        Self {
            aggregated_at: member.aggregated_at.map(format_timestamp),
            challenges: challenges.map(|list| list.iter().map(ChallengeWire::from).collect()),
            connection_status: member.connection_status.map(ConnectionStatus::name),
            guid: member.guid.as_str(),
            has_processed_accounts: member.has_processed_accounts,
            has_processed_transactions: member.has_processed_transactions,
            is_authenticated: member.is_authenticated,
            is_being_aggregated: member.is_being_aggregated,
            status: legacy_status(member),
            successfully_aggregated_at: member.successfully_aggregated_at.map(format_timestamp),
        }
    }
}

#[derive(Serialize)]
pub struct OptionWire<'a> {
    label: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
pub struct ImageOptionWire<'a> {
    data_uri: Option<&'a str>,
    label: &'a str,
    value: &'a str,
}

/// The SDK's `Challenge`: options only on OPTIONS, image options only on IMAGE_OPTIONS.
#[derive(Serialize)]
pub struct ChallengeWire<'a> {
    field_name: &'a str,
    guid: &'a str,
    image_data: Option<&'a str>,
    image_options: Option<Vec<ImageOptionWire<'a>>>,
    label: &'a str,
    options: Option<Vec<OptionWire<'a>>>,
    #[serde(rename = "type")]
    kind: &'static str,
}

impl<'a> From<&'a Challenge> for ChallengeWire<'a> {
    fn from(challenge: &'a Challenge) -> Self {
        let options = &challenge.options;
        Self {
            field_name: &challenge.field_name,
            guid: challenge.guid.as_str(),
            image_data: challenge.image_data.as_deref(),
            image_options: (challenge.kind == ChallengeKind::ImageOptions).then(|| {
                options
                    .iter()
                    .map(|o| ImageOptionWire {
                        data_uri: o.data_uri.as_deref(),
                        label: &o.label,
                        value: &o.value,
                    })
                    .collect()
            }),
            label: &challenge.label,
            options: (challenge.kind == ChallengeKind::Options).then(|| {
                options
                    .iter()
                    .map(|o| OptionWire {
                        label: &o.label,
                        value: &o.value,
                    })
                    .collect()
            }),
            kind: challenge.kind.name(),
        }
    }
}
