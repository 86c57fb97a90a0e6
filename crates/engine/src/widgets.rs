//! Widget URLs: every request gets a one-time URL whose options are kept server-side
//! under the token's hash. Opening a Connect URL `take`s it and starts a page session:
//! a sealed bearer token (AES-256-GCM under the server key) naming the client, user
//! and options, so a session needs no table and survives restarts. Other widget types
//! open a page saying they are not available.

use crate::{Engine, Error, Result};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use polyfin_domain::ids::ClientId;
use polyfin_domain::user::User;
use polyfin_domain::widget::{language, WidgetOptions, URL_LIFETIME};
use polyfin_store::WidgetSessionRecord;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Where widget pages are served, under the public URL.
pub const WIDGET_PATH: &str = "/widgets";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetUrl {
    pub widget_type: String,
    pub url: String,
}

/// What a widget page gets when it takes its token.
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetSession {
    pub client_id: ClientId,
    pub user_guid: polyfin_domain::ids::UserGuid,
    pub widget_type: String,
    pub options: WidgetOptions,
    pub language: String,
}

/// How long a Connect page session lasts from the moment its URL was opened.
pub const PAGE_SESSION_LIFETIME: time::Duration = time::Duration::hours(2);

/// A Connect page's session, carried sealed in its bearer token.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PageSession {
    pub session_guid: String,
    pub client_id: String,
    pub user_guid: String,
    #[serde(serialize_with = "without_nulls")]
    pub options: WidgetOptions,
    pub language: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// The options as a JSON object without the unset ones, so tokens stay short.
fn without_nulls<S: serde::Serializer>(
    options: &WidgetOptions,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::Serialize;
    let mut value = serde_json::to_value(options).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut value {
        map.retain(|_, v| !v.is_null());
    }
    value.serialize(s)
}

pub struct Widgets<'a> {
    engine: &'a Engine,
}

fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl<'a> Widgets<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// Checks the options (`envelope` names the body key in messages), keeps them with
    /// a new one-time token and returns the URL. `accept_language` picks the language.
    pub async fn request(
        &self,
        user: &User,
        options: WidgetOptions,
        envelope: &str,
        accept_language: Option<&str>,
    ) -> Result<WidgetUrl> {
        let options = options.checked(envelope)?;
        self.check_references(user, &options).await?;
        let widget_type = options.widget_type.clone().unwrap_or_default();
        let mut bytes = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let token = hex::encode(bytes);
        let now = self.engine.clock.now();
        let session = WidgetSessionRecord {
            token_hash: hash_token(&token),
            client_id: user.client_id.clone(),
            user_guid: user.guid.clone(),
            widget_type: widget_type.clone(),
            options: serde_json::to_string(&options).map_err(|e| Error::Internal(e.to_string()))?,
            language: language(accept_language).to_owned(),
            created_at: now,
            expires_at: now + URL_LIFETIME,
            used_at: None,
        };
        self.engine.store.insert_widget_session(&session).await?;
        let url = format!(
            "{}{WIDGET_PATH}/{widget_type}/{token}",
            self.engine.config.public_url
        );
        Ok(WidgetUrl { widget_type, url })
    }

    /// The member, institution and micro-deposit an option names must exist (404).
    async fn check_references(&self, user: &User, options: &WidgetOptions) -> Result<()> {
        let catalogue = &self.engine.catalogue;
        if let Some(code) = &options.current_institution_code {
            catalogue.get(code).ok_or(Error::NotFound("Institution"))?;
        }
        if let Some(guid) = &options.current_institution_guid {
            catalogue
                .get_by_guid(guid)
                .ok_or(Error::NotFound("Institution"))?;
        }
        if let Some(guid) = &options.current_member_guid {
            self.engine.members().get(user, guid).await?;
        }
        if let Some(guid) = &options.current_microdeposit_guid {
            self.engine.micro_deposits().get(user, guid).await?;
        }
        Ok(())
    }

    /// Uses a widget URL's token: its session, once, within its ten minutes.
    pub async fn take(&self, token: &str) -> Result<WidgetSession> {
        let now = self.engine.clock.now();
        let record = self
            .engine
            .store
            .take_widget_session(&hash_token(token), now)
            .await?
            .ok_or(Error::NotFound("Widget session"))?;
        let options = serde_json::from_str(&record.options)
            .map_err(|e| Error::Internal(format!("stored widget options: {e}")))?;
        Ok(WidgetSession {
            client_id: record.client_id,
            user_guid: record.user_guid,
            widget_type: record.widget_type,
            options,
            language: record.language,
        })
    }

    /// Starts a page session for a taken widget URL: the session and its bearer token.
    pub fn start_page_session(&self, taken: WidgetSession) -> Result<(PageSession, String)> {
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let expires = self.engine.clock.now() + PAGE_SESSION_LIFETIME;
        let session = PageSession {
            session_guid: format!("ANS-{}", hex::encode(bytes)),
            client_id: taken.client_id.as_str().to_owned(),
            user_guid: taken.user_guid.as_str().to_owned(),
            options: taken.options,
            language: taken.language,
            expires_at: expires.unix_timestamp(),
        };
        let sealed = self.engine.cipher.seal(&session).map_err(Error::secret)?;
        Ok((session, URL_SAFE_NO_PAD.encode(sealed)))
    }

    /// The session a bearer token carries, while it lasts; anything else is `None`.
    pub fn open_page_session(&self, token: &str) -> Option<PageSession> {
        let sealed = URL_SAFE_NO_PAD.decode(token.trim()).ok()?;
        let session: PageSession = self.engine.cipher.open(&sealed).ok()?;
        (session.expires_at > self.engine.clock.now().unix_timestamp()).then_some(session)
    }

    /// Forgets sessions that expired more than a day ago (a sweep step).
    pub async fn purge_expired(&self) -> Result<u64> {
        let cutoff = self.engine.clock.now() - time::Duration::days(1);
        Ok(self.engine.store.purge_widget_sessions(cutoff).await?)
    }
}
