//! Plaid items: one item is one member. Sandbox linking, hashed public/access
//! tokens (tenant-scoped), and the Plaid view of a member's data. The mapping rules
//! live in `mapping`, the transaction log views in `data`.

mod assets;
pub mod config;
mod data;
mod hooks;
mod investments;
pub mod mapping;
mod products;
pub mod report;
mod report_pdf;
mod sync;

pub use assets::{CreatedReport, ReportRequest};
pub use data::{PlaidAccount, PlaidTransaction};
pub use investments::{investment_type, PlaidInvestmentTransaction};
pub use products::{CreditLiability, Liabilities, LoanLiability, PlaidHolding, PlaidSecurity};
pub use sync::{RemovedTransaction, SyncPage};

use crate::jobs::JobOptions;
use crate::members::{CredentialInput, NewMember};
use crate::{Engine, Error};
use polyfin_domain::ids::ClientId;
use polyfin_domain::institution::{FieldType, Institution};
use polyfin_domain::member::{ConnectionStatus, JobKind, Member};
use polyfin_domain::user::{User, UserFields};
use polyfin_store::{PlaidItemRecord, PlaidTokenRecord, StoreError};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::time::Duration as StdDuration;
use time::{Duration, OffsetDateTime};

/// What a sandbox link asks for: the Plaid products (`auth` and `identity` run their
/// premium job before the token is issued) and the sandbox login (`user_good` /
/// `pass_good` unless `options.override_username` / `override_password`).
#[derive(Debug, Clone, Copy, Default)]
pub struct SandboxLink<'a> {
    pub products: &'a [&'a str],
    pub username: Option<&'a str>,
    /// `options.override_password` (`pass_good` unless given): a hosted-bank customer's
    /// online-banking password, or a sandbox outcome password (e.g. `LOCKED`) that links
    /// an item whose data never becomes ready.
    pub password: Option<&'a str>,
}

/// Why a Plaid request failed, in terms the dialect maps to Plaid error codes.
#[derive(Debug, thiserror::Error)]
pub enum PlaidFailure {
    #[error("the provided access token is in an invalid format, unknown or for another client")]
    InvalidAccessToken,
    #[error("the provided public token is unknown, already used or expired")]
    InvalidPublicToken,
    #[error("the Item you requested cannot be found. This Item does not exist, has been previously removed via /item/remove, or has had access removed by the user")]
    ItemNotFound,
    #[error("invalid institution_id provided: {0}")]
    InvalidInstitution(String),
    #[error("the requested product is not yet ready; please try again later")]
    ProductNotReady,
    #[error("the asset_report_token is unknown, removed, or belongs to another client")]
    InvalidAssetReportToken,
    #[error("the audit_copy_token is unknown or removed")]
    InvalidAuditCopyToken,
    #[error("one or more of the account IDs is invalid")]
    InvalidAccountId,
    #[error("{field}: {message}")]
    InvalidField { field: String, message: String },
    #[error(transparent)]
    Engine(#[from] Error),
}

impl From<StoreError> for PlaidFailure {
    fn from(e: StoreError) -> Self {
        Self::Engine(Error::Store(e))
    }
}

pub type PlaidResult<T> = std::result::Result<T, PlaidFailure>;

/// A resolved, live item: its record, its user and its member.
#[derive(Debug, Clone)]
pub struct Item {
    pub record: PlaidItemRecord,
    pub user: User,
    pub member: Member,
    /// Where its webhooks go: its own URL, else the client's default (spec §4.3).
    pub webhook: Option<String>,
}

/// The Plaid item error of a member's connection status (spec §6.2).
pub fn item_error(status: Option<ConnectionStatus>) -> Option<(&'static str, &'static str)> {
    use ConnectionStatus as S;
    match status? {
        S::Challenged
        | S::Denied
        | S::Rejected
        | S::Expired
        | S::Prevented
        | S::Impaired
        | S::Imported => Some(("ITEM_ERROR", "ITEM_LOGIN_REQUIRED")),
        S::Locked => Some(("ITEM_ERROR", "ITEM_LOCKED")),
        S::Impeded => Some(("ITEM_ERROR", "USER_SETUP_REQUIRED")),
        S::Degraded | S::Failed => Some(("INSTITUTION_ERROR", "INSTITUTION_NOT_RESPONDING")),
        S::Disconnected => Some(("INSTITUTION_ERROR", "INSTITUTION_DOWN")),
        S::Discontinued => Some(("INSTITUTION_ERROR", "INSTITUTION_NO_LONGER_SUPPORTED")),
        _ => None,
    }
}

/// The sandbox institution Plaid apps use; served by MX Bank.
const SANDBOX_INSTITUTION: (&str, &str) = ("ins_109508", "mxbank");
const PUBLIC_TOKEN_TTL: Duration = Duration::minutes(30);
/// How long sandbox linking waits for the first aggregation.
const LINK_WAIT: StdDuration = StdDuration::from_secs(30);

fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn random_uuid() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h = hex::encode(bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

pub struct PlaidItems<'a> {
    engine: &'a Engine,
}

impl<'a> PlaidItems<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// The Plaid `institution_id` of a catalogue institution.
    pub fn institution_id(&self, code: &str) -> String {
        if code == SANDBOX_INSTITUTION.1 {
            return SANDBOX_INSTITUTION.0.to_owned();
        }
        let digest = Sha256::digest(code.as_bytes());
        let n = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) % 900_000;
        format!("ins_{}", 200_000 + n)
    }

    /// The catalogue institution behind a Plaid `institution_id`.
    pub fn institution(&self, institution_id: &str) -> Option<&'a Institution> {
        let catalogue = self.engine.catalogue();
        if institution_id == SANDBOX_INSTITUTION.0 {
            return catalogue.get(SANDBOX_INSTITUTION.1);
        }
        catalogue
            .all()
            .iter()
            .find(|i| self.institution_id(&i.code) == institution_id)
    }

    /// Creates a user and a member at the institution with the sandbox's good
    /// credentials, waits for its first aggregation and returns a public token.
    pub async fn sandbox_public_token(
        &self,
        client: &ClientId,
        institution_id: &str,
        webhook: Option<String>,
        link: SandboxLink<'_>,
    ) -> PlaidResult<String> {
        let institution = self
            .institution(institution_id)
            .filter(|i| {
                i.credentials
                    .iter()
                    .any(|f| f.field_type == FieldType::Password)
            })
            .ok_or_else(|| PlaidFailure::InvalidInstitution(institution_id.to_owned()))?;
        let webhook = self.check_webhook("options.webhook", webhook)?;
        let user = self
            .engine
            .users()
            .create(client, UserFields::default())
            .await?;
        let credentials = institution
            .credentials
            .iter()
            .map(|f| CredentialInput {
                guid: None,
                field_name: Some(f.field_name.clone()),
                value: if f.field_type == FieldType::Password {
                    link.password.unwrap_or("pass_good")
                } else {
                    link.username.unwrap_or("user_good")
                }
                .to_owned(),
            })
            .collect();
        let new = NewMember {
            institution_code: institution.code.clone(),
            credentials,
            ..NewMember::default()
        };
        let outcome = self.engine.members().create(&user, new).await?;
        let member = self.wait_idle(&user, outcome.member.guid.as_str()).await?;
        let premium = [
            (link.products.contains(&"auth"), JobKind::Verification),
            (link.products.contains(&"identity"), JobKind::Identification),
        ];
        for kind in premium
            .into_iter()
            .filter_map(|(on, kind)| on.then_some(kind))
        {
            self.engine
                .jobs()
                .start_by_guid(&user, member.guid.as_str(), kind, JobOptions::default())
                .await?;
            self.wait_idle(&user, member.guid.as_str()).await?;
        }
        let record = self.ensure_item(&user, &member, webhook).await?;
        self.issue(client, &record.item_id, "public", Some(PUBLIC_TOKEN_TTL))
            .await
    }

    async fn wait_idle(&self, user: &User, guid: &str) -> PlaidResult<Member> {
        let deadline = tokio::time::Instant::now() + LINK_WAIT;
        loop {
            let member = self.engine.members().get(user, guid).await?;
            if !member.is_being_aggregated || tokio::time::Instant::now() > deadline {
                return Ok(member);
            }
            tokio::time::sleep(StdDuration::from_millis(50)).await;
        }
    }

    /// The item of a member, created on first use (one item per member).
    pub async fn ensure_item(
        &self,
        user: &User,
        member: &Member,
        webhook: Option<String>,
    ) -> PlaidResult<PlaidItemRecord> {
        let record = PlaidItemRecord {
            item_id: mapping::derive_id("item", member.guid.as_str()),
            client_id: user.client_id.clone(),
            user_guid: user.guid.clone(),
            member_guid: member.guid.clone(),
            webhook,
            created_at: self.engine.clock().now(),
            removed_at: None,
        };
        let rows = self.link_rows(&record, member).await?;
        let created = self
            .engine
            .store
            .insert_plaid_item_with_webhooks(&record, &rows)
            .await?;
        if created && !rows.is_empty() {
            self.engine.webhooks().wake();
        }
        self.engine
            .store
            .find_plaid_item(&user.client_id, &record.item_id)
            .await?
            .ok_or(PlaidFailure::ItemNotFound)
    }

    async fn issue(
        &self,
        client: &ClientId,
        item_id: &str,
        kind: &str,
        ttl: Option<Duration>,
    ) -> PlaidResult<String> {
        let token = format!("{kind}-sandbox-{}", random_uuid());
        let now = self.engine.clock().now();
        let record = PlaidTokenRecord {
            token_hash: hash_token(&token),
            kind: kind.to_owned(),
            client_id: client.clone(),
            item_id: item_id.to_owned(),
            created_at: now,
            expires_at: ttl.map(|t| now + t),
            used_at: None,
        };
        self.engine.store.insert_plaid_token(&record).await?;
        Ok(token)
    }

    /// Trades a single-use public token for an access token; returns it and the item id.
    pub async fn exchange(
        &self,
        client: &ClientId,
        public_token: &str,
    ) -> PlaidResult<(String, String)> {
        let hash = hash_token(public_token);
        let now = self.engine.clock().now();
        let record = self
            .engine
            .store
            .find_plaid_token(&hash)
            .await?
            .filter(|t| t.kind == "public" && &t.client_id == client)
            .filter(|t| t.expires_at.is_none_or(|e| e > now))
            .ok_or(PlaidFailure::InvalidPublicToken)?;
        if !self.engine.store.use_plaid_token(&hash, now).await? {
            return Err(PlaidFailure::InvalidPublicToken);
        }
        let access = self.issue(client, &record.item_id, "access", None).await?;
        Ok((access, record.item_id))
    }

    /// An access token for a member this client made through another dialect (Plaid's
    /// `/item/import`); the item is created on first use. Unknown or foreign user and
    /// member guids are the same `user_auth` error, so nothing leaks across tenants.
    pub async fn import(
        &self,
        client: &ClientId,
        user_guid: &str,
        member_guid: &str,
        webhook: Option<String>,
    ) -> PlaidResult<String> {
        let unknown = || PlaidFailure::InvalidField {
            field: "user_auth".to_owned(),
            message: "no member with this auth_token belongs to the user_id".to_owned(),
        };
        let not_found = |e: Error| match e {
            Error::NotFound(_) => unknown(),
            other => PlaidFailure::Engine(other),
        };
        let user = self
            .engine
            .users()
            .get(client, user_guid)
            .await
            .map_err(not_found)?;
        let member = self
            .engine
            .members()
            .get(&user, member_guid)
            .await
            .map_err(not_found)?;
        let webhook = self.check_webhook("options.webhook", webhook)?;
        let record = self.ensure_item(&user, &member, webhook.clone()).await?;
        if webhook.is_some() && record.webhook != webhook {
            let item = self.item_of(record.clone()).await?;
            self.set_webhook(&item, webhook).await?;
        }
        self.issue(client, &record.item_id, "access", None).await
    }

    /// The live item an access token names, for this client.
    pub async fn resolve(&self, client: &ClientId, access_token: &str) -> PlaidResult<Item> {
        if !access_token.starts_with("access-sandbox-") {
            return Err(PlaidFailure::InvalidAccessToken);
        }
        let token = self
            .engine
            .store
            .find_plaid_token(&hash_token(access_token))
            .await?
            .filter(|t| t.kind == "access" && &t.client_id == client)
            .ok_or(PlaidFailure::InvalidAccessToken)?;
        let record = self
            .engine
            .store
            .find_plaid_item(client, &token.item_id)
            .await?
            .filter(|r| r.removed_at.is_none())
            .ok_or(PlaidFailure::ItemNotFound)?;
        self.item_of(record).await
    }

    /// The live item of a record: its user and member (gone → ITEM_NOT_FOUND).
    async fn item_of(&self, record: PlaidItemRecord) -> PlaidResult<Item> {
        let user = self
            .engine
            .users()
            .get(&record.client_id, record.user_guid.as_str())
            .await
            .map_err(|_| PlaidFailure::ItemNotFound)?;
        let member = self
            .engine
            .members()
            .get(&user, record.member_guid.as_str())
            .await
            .map_err(|_| PlaidFailure::ItemNotFound)?;
        let config = self.configuration(&record.client_id).await?;
        let webhook = record
            .webhook
            .clone()
            .filter(|w| !w.is_empty())
            .or(config.webhook_url);
        Ok(Item {
            record,
            user,
            member,
            webhook,
        })
    }

    /// Removes the item: its member (and data) is deleted, its tokens stop working.
    pub async fn remove(&self, item: &Item) -> PlaidResult<()> {
        let mut record = item.record.clone();
        record.removed_at = Some(self.engine.clock().now());
        self.engine.store.update_plaid_item(&record).await?;
        self.engine
            .members()
            .delete(&item.user, item.member.guid.as_str())
            .await?;
        Ok(())
    }

    /// Starts an aggregation (Plaid's refresh); data arrives asynchronously.
    pub async fn refresh(&self, item: &Item) -> PlaidResult<()> {
        self.engine
            .jobs()
            .start_by_guid(
                &item.user,
                item.member.guid.as_str(),
                JobKind::Aggregation,
                JobOptions::default(),
            )
            .await?;
        Ok(())
    }

    /// Refuses data endpoints before the first successful aggregation.
    pub fn ensure_ready(&self, item: &Item) -> PlaidResult<()> {
        if item.member.successfully_aggregated_at.is_none() {
            return Err(PlaidFailure::ProductNotReady);
        }
        Ok(())
    }

    pub fn now(&self) -> OffsetDateTime {
        self.engine.clock().now()
    }

    pub(crate) fn engine(&self) -> &'a Engine {
        self.engine
    }
}
