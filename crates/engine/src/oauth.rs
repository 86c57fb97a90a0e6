//! OAuth members: a one-time window URI leads to Polyfin's own provider page, whose
//! Authorize/Deny decides the member's fate.

use crate::jobs::{JobOptions, Started};
use crate::{Engine, Error, Result};
use polyfin_domain::member::{ConnectionStatus, JobKind, Member};
use polyfin_domain::user::User;
use polyfin_store::OAuthStateRecord;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The credential an authorised OAuth member holds instead of a password.
pub const TOKEN_FIELD: &str = "oauth_access_token";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ReferralSource {
    App,
    #[default]
    Browser,
}

impl ReferralSource {
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_uppercase().as_str() {
            "APP" => Some(Self::App),
            "BROWSER" => Some(Self::Browser),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::App => "APP",
            Self::Browser => "BROWSER",
        }
    }
}

#[derive(Debug, Clone)]
pub struct OAuthOptions {
    pub referral_source: ReferralSource,
    pub ui_message_webview_url_scheme: String,
    pub client_redirect_url: Option<String>,
    pub skip_aggregation: bool,
}

impl Default for OAuthOptions {
    fn default() -> Self {
        Self {
            referral_source: ReferralSource::Browser,
            ui_message_webview_url_scheme: "mx".to_owned(),
            client_redirect_url: None,
            skip_aggregation: false,
        }
    }
}

/// What the provider page shows.
#[derive(Debug, Clone)]
pub struct OAuthPage {
    pub member_guid: String,
    pub institution_name: String,
}

/// Where the end user goes after deciding.
#[derive(Debug, Clone)]
pub struct OAuthCompletion {
    pub member_guid: String,
    pub authorized: bool,
    /// For APP referrals: the app's URL to return to.
    pub redirect: Option<String>,
}

pub struct OAuth<'a> {
    engine: &'a Engine,
}

fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn check_scheme(scheme: &str) -> Result<()> {
    let valid = !scheme.is_empty()
        && scheme.len() <= 64
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if valid {
        Ok(())
    } else {
        Err(Error::invalid(
            "ui_message_webview_url_scheme",
            "ui_message_webview_url_scheme must be a URL scheme such as myapp.",
        ))
    }
}

impl<'a> OAuth<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// A fresh window URI and the state behind it (stored by the caller).
    pub(crate) fn prepare(
        &self,
        member: &Member,
        options: &OAuthOptions,
    ) -> Result<(String, OAuthStateRecord)> {
        check_scheme(&options.ui_message_webview_url_scheme)?;
        let mut bytes = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let token = hex::encode(bytes);
        let now = self.engine.clock.now();
        let uri = format!(
            "{}/oauth/predirect_to/{}/{token}?skip_aggregation={}&referral_source={}&ui_message_webview_url_scheme={}",
            self.engine.config.public_url,
            member.guid,
            options.skip_aggregation,
            options.referral_source.name(),
            options.ui_message_webview_url_scheme,
        );
        let state = OAuthStateRecord {
            guid: format!("OAS-{}", uuid_like(&bytes)),
            client_id: member.client_id.clone(),
            user_guid: member.user_guid.clone(),
            member_guid: member.guid.clone(),
            token_hash: hash_token(&token),
            referral_source: options.referral_source.name().to_owned(),
            ui_message_webview_url_scheme: options.ui_message_webview_url_scheme.clone(),
            client_redirect_url: options.client_redirect_url.clone(),
            skip_aggregation: options.skip_aggregation,
            status: "pending".to_owned(),
            error_reason: None,
            created_at: now,
            updated_at: now,
        };
        Ok((uri, state))
    }

    /// `GET …/oauth_window_uri`: a new one-time URI for an OAuth-capable member.
    pub async fn window_uri(
        &self,
        user: &User,
        guid: &str,
        options: &OAuthOptions,
    ) -> Result<Member> {
        let engine = self.engine;
        let mut record = engine.members().record(user, guid).await?;
        // Manual and partner-managed members never connect, so never authorize either.
        if !record.member.origin.is_aggregated()
            || !engine
                .institution(&record.member.institution_code)?
                .supports_oauth
        {
            return Err(Error::invalid("member", "Member cannot use OAuth."));
        }
        let (uri, state) = self.prepare(&record.member, options)?;
        engine.store.insert_oauth_state(&state).await?;
        record.member.oauth_window_uri = Some(uri);
        record.member.updated_at = engine.clock.now();
        engine.store.update_member(&record).await?;
        Ok(record.member)
    }

    /// The user's OAuth states, newest first (what the Connect widget polls).
    pub async fn states(&self, user: &User) -> Result<Vec<OAuthStateRecord>> {
        Ok(self
            .engine
            .store
            .list_oauth_states(&user.client_id, &user.guid)
            .await?)
    }

    async fn pending_state(&self, member_guid: &str, token: &str) -> Result<OAuthStateRecord> {
        let state = self
            .engine
            .store
            .find_oauth_state_by_token(&hash_token(token))
            .await?
            .filter(|s| s.member_guid.as_str() == member_guid)
            .ok_or(Error::NotFound("OAuth session"))?;
        let expired =
            self.engine.clock.now() - state.created_at > self.engine.config.pending_oauth_ttl;
        if state.status != "pending" || expired {
            return Err(Error::Unprocessable(
                "This authorization link has expired or was already used.".to_owned(),
            ));
        }
        Ok(state)
    }

    pub async fn page(&self, member_guid: &str, token: &str) -> Result<OAuthPage> {
        let state = self.pending_state(member_guid, token).await?;
        let record = self
            .engine
            .store
            .find_member_by_guid(&state.member_guid)
            .await?
            .ok_or(Error::NotFound("Member"))?;
        let institution = self.engine.institution(&record.member.institution_code)?;
        Ok(OAuthPage {
            member_guid: state.member_guid.to_string(),
            institution_name: institution.name.clone(),
        })
    }

    /// The end user's decision at the provider page.
    pub async fn complete(
        &self,
        member_guid: &str,
        token: &str,
        authorize: bool,
    ) -> Result<OAuthCompletion> {
        let engine = self.engine;
        let mut state = self.pending_state(member_guid, token).await?;
        let mut record = engine
            .store
            .find_member_by_guid(&state.member_guid)
            .await?
            .ok_or(Error::NotFound("Member"))?;
        let now = engine.clock.now();
        state.status = if authorize { "success" } else { "errored" }.to_owned();
        state.error_reason = (!authorize).then(|| "DENIED".to_owned());
        state.updated_at = now;
        engine.store.update_oauth_state(&state).await?;
        let member = &mut record.member;
        member.updated_at = now;
        member.oauth_window_uri = None;
        if authorize {
            let mut bytes = [0u8; 24];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let values = BTreeMap::from([(TOKEN_FIELD.to_owned(), hex::encode(bytes))]);
            record.sealed_credentials = Some(engine.cipher.seal(&values).map_err(Error::secret)?);
            if state.skip_aggregation {
                member.connection_status = Some(ConnectionStatus::Connected);
                member.is_authenticated = true;
                engine.store.update_member(&record).await?;
            } else {
                member.connection_status = Some(ConnectionStatus::Created);
                engine.store.update_member(&record).await?;
                self.aggregate(record).await?;
            }
        } else {
            member.connection_status = Some(ConnectionStatus::Denied);
            engine.store.update_member(&record).await?;
        }
        let redirect = (state.referral_source == "APP").then(|| {
            let status = if authorize { "success" } else { "error" };
            match &state.client_redirect_url {
                Some(url) => format!("{url}?status={status}&member_guid={member_guid}"),
                None => format!(
                    "{}://oauth_complete?status={status}&member_guid={member_guid}",
                    state.ui_message_webview_url_scheme
                ),
            }
        });
        Ok(OAuthCompletion {
            member_guid: member_guid.to_owned(),
            authorized: authorize,
            redirect,
        })
    }

    async fn aggregate(&self, record: polyfin_store::MemberRecord) -> Result<Started> {
        let member = &record.member;
        let user = self
            .engine
            .store
            .find_user(&member.client_id, &member.user_guid)
            .await?
            .ok_or(Error::NotFound("User"))?;
        self.engine
            .jobs()
            .start(&user, record, JobKind::Aggregation, JobOptions::default())
            .await
    }
}

fn uuid_like(bytes: &[u8]) -> String {
    let hex = hex::encode(&bytes[..16.min(bytes.len())]);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}
