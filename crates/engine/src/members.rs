//! Members: connections of a user to an institution. Creating or re-crendentialing a
//! member starts an aggregation (unless skipped); OAuth members wait in PENDING.

use crate::jobs::{JobOptions, Started};
use crate::oauth::OAuthOptions;
use crate::{Engine, Error, Result};
use polyfin_domain::challenge::{Challenge, ChallengeAnswer};
use polyfin_domain::ids::MemberGuid;
use polyfin_domain::institution::{CredentialField, Institution};
use polyfin_domain::member::{ConnectionStatus, JobKind, JobState, Member, MAX_MEMBERS_PER_USER};
use polyfin_domain::origin::Origin;
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::text;
use polyfin_domain::user::User;
use polyfin_store::{MemberRecord, StoreError};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// One credential value, named by the institution field's guid or its `field_name`.
#[derive(Debug, Clone, Default)]
pub struct CredentialInput {
    pub guid: Option<String>,
    pub field_name: Option<String>,
    pub value: String,
}

#[derive(Debug, Clone, Default)]
pub struct NewMember {
    pub institution_code: String,
    pub credentials: Vec<CredentialInput>,
    pub id: Option<String>,
    pub metadata: Option<String>,
    pub is_oauth: bool,
    pub skip_aggregation: bool,
    pub background_aggregation_is_disabled: bool,
    pub use_cases: Vec<String>,
    pub oauth: OAuthOptions,
}

#[derive(Debug, Clone, Default)]
pub struct MemberChanges {
    pub credentials: Option<Vec<CredentialInput>>,
    pub id: Option<String>,
    pub metadata: Option<String>,
    pub background_aggregation_is_disabled: Option<bool>,
    pub skip_aggregation: bool,
    pub use_cases: Option<Vec<String>>,
}

/// A created or updated member, and whether a job started for it.
#[derive(Debug, Clone)]
pub struct MemberOutcome {
    pub member: Member,
    pub job_started: bool,
}

pub struct Members<'a> {
    engine: &'a Engine,
}

const USE_CASES: [&str; 2] = ["MONEY_MOVEMENT", "PFM"];

fn conflict_on_duplicate_id(error: StoreError) -> Error {
    match error {
        StoreError::Conflict { .. } => {
            Error::Conflict("A member with this id already exists.".to_owned())
        }
        other => Error::Store(other),
    }
}

fn check_text(member: &NewMember) -> Result<()> {
    if let Some(id) = &member.id {
        text::check_partner_id("member.id", id)?;
    }
    if let Some(metadata) = &member.metadata {
        text::check_len("member.metadata", metadata, text::MAX_METADATA)?;
    }
    check_use_cases(&member.use_cases)
}

fn check_use_cases(use_cases: &[String]) -> Result<()> {
    match use_cases.iter().find(|u| !USE_CASES.contains(&u.as_str())) {
        Some(bad) => Err(Error::invalid(
            "member.use_cases",
            format!("member.use_cases: {bad:?} is not MONEY_MOVEMENT or PFM"),
        )),
        None => Ok(()),
    }
}

/// Matches the inputs to the institution's fields; every required field must be
/// given once, and nothing else.
pub(crate) fn resolve_credentials(
    institution: &Institution,
    inputs: &[CredentialInput],
) -> Result<BTreeMap<String, String>> {
    let mut values = BTreeMap::new();
    for (position, input) in inputs.iter().enumerate() {
        let field = find_field(institution, input).ok_or_else(|| {
            Error::Unprocessable(format!(
                "member.credentials[{position}] does not name a credential of {}.",
                institution.name
            ))
        })?;
        text::check_len(
            "member.credentials.value",
            &input.value,
            text::MAX_SHORT_TEXT,
        )?;
        if values
            .insert(field.field_name.clone(), input.value.clone())
            .is_some()
        {
            return Err(Error::Unprocessable(format!(
                "member.credentials names {} more than once.",
                field.field_name
            )));
        }
    }
    let missing: Vec<&str> = institution
        .credentials
        .iter()
        .filter(|f| !f.optional)
        .filter(|f| values.get(&f.field_name).is_none_or(|v| v.is_empty()))
        .map(|f| f.label.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(Error::invalid(
            "member.credentials",
            format!("member.credentials is missing: {}.", missing.join(", ")),
        ));
    }
    Ok(values)
}

fn find_field<'i>(
    institution: &'i Institution,
    input: &CredentialInput,
) -> Option<&'i CredentialField> {
    institution
        .credentials
        .iter()
        .find(|field| match (&input.guid, &input.field_name) {
            (Some(guid), _) => field.guid.as_str() == guid,
            (None, Some(name)) => field.field_name.eq_ignore_ascii_case(name),
            (None, None) => false,
        })
}

/// The sandbox derives its data from the login, so one login sees one bank.
fn seed_for(
    institution: &Institution,
    values: &BTreeMap<String, String>,
    fallback: &str,
) -> String {
    let login = institution
        .credentials
        .iter()
        .find(|f| f.field_type != polyfin_domain::institution::FieldType::Password)
        .and_then(|f| values.get(&f.field_name));
    let basis = match login {
        Some(login) => format!("{}/{}", institution.code, login.to_lowercase()),
        None => format!("{}/{fallback}", institution.code),
    };
    hex::encode(Sha256::digest(basis.as_bytes()))
}

impl<'a> Members<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    pub async fn create(&self, user: &User, new: NewMember) -> Result<MemberOutcome> {
        check_text(&new)?;
        let engine = self.engine;
        let institution = engine
            .catalogue
            .get(new.institution_code.trim())
            .ok_or(Error::NotFound("Institution"))?;
        let guid = MemberGuid::generate();
        let now = engine.clock.now();
        let (status, values) = if new.is_oauth {
            if !institution.supports_oauth {
                return Err(Error::invalid(
                    "member.is_oauth",
                    "Member cannot use OAuth.",
                ));
            }
            (ConnectionStatus::Pending, BTreeMap::new())
        } else {
            if institution.credentials.is_empty() {
                return Err(Error::invalid(
                    "member.is_oauth",
                    format!(
                        "{} only connects through OAuth: set member.is_oauth.",
                        institution.name
                    ),
                ));
            }
            (
                ConnectionStatus::Created,
                resolve_credentials(institution, &new.credentials)?,
            )
        };
        let mut record = MemberRecord {
            member: Member {
                guid: guid.clone(),
                client_id: user.client_id.clone(),
                user_guid: user.guid.clone(),
                id: new.id,
                institution_code: institution.code.clone(),
                institution_guid: institution.guid.clone(),
                name: institution.name.clone(),
                metadata: new.metadata,
                connection_status: Some(status),
                is_oauth: new.is_oauth,
                is_being_aggregated: false,
                is_authenticated: false,
                background_aggregation_is_disabled: new.background_aggregation_is_disabled,
                has_processed_accounts: false,
                has_processed_transactions: false,
                has_processed_account_numbers: false,
                aggregated_at: None,
                successfully_aggregated_at: None,
                last_job_started_at: None,
                last_balance_at: None,
                most_recent_job_guid: None,
                running_job: None,
                oauth_window_uri: None,
                use_cases: new.use_cases,
                origin: Origin::Aggregated,
                created_at: now,
                updated_at: now,
            },
            sealed_credentials: Some(engine.cipher.seal(&values).map_err(Error::secret)?),
            seed: seed_for(institution, &values, guid.as_str()),
        };
        if new.is_oauth {
            let options = OAuthOptions {
                skip_aggregation: new.skip_aggregation,
                ..new.oauth
            };
            let (uri, state) = engine.oauth().prepare(&record.member, &options)?;
            record.member.oauth_window_uri = Some(uri);
            self.insert(&record).await?;
            engine.store.insert_oauth_state(&state).await?;
            return Ok(MemberOutcome {
                member: record.member,
                job_started: false,
            });
        }
        self.insert(&record).await?;
        if new.skip_aggregation || user.is_disabled {
            return Ok(MemberOutcome {
                member: record.member,
                job_started: false,
            });
        }
        let started = engine
            .jobs()
            .start(user, record, JobKind::Aggregation, JobOptions::default())
            .await?;
        Ok(MemberOutcome {
            // The background refresh may claim a new member between its insert and this
            // start; its aggregation is running all the same.
            job_started: matches!(started, Started::Job(_) | Started::AlreadyRunning(_)),
            member: started.into_member(),
        })
    }

    async fn insert(&self, record: &MemberRecord) -> Result<()> {
        let inserted = self
            .engine
            .store
            .insert_member(record, MAX_MEMBERS_PER_USER)
            .await
            .map_err(conflict_on_duplicate_id)?;
        if inserted {
            Ok(())
        } else {
            Err(Error::LimitReached(format!(
                "A user may have at most {MAX_MEMBERS_PER_USER} members."
            )))
        }
    }

    pub(crate) async fn record(&self, user: &User, guid: &str) -> Result<MemberRecord> {
        let guid = MemberGuid::parse(guid).ok_or(Error::NotFound("Member"))?;
        self.engine
            .store
            .find_member(&user.client_id, &user.guid, &guid)
            .await?
            .ok_or(Error::NotFound("Member"))
    }

    pub async fn get(&self, user: &User, guid: &str) -> Result<Member> {
        Ok(self.record(user, guid).await?.member)
    }

    pub async fn list(&self, user: &User, page: PageRequest) -> Result<Page<Member>> {
        Ok(self
            .engine
            .store
            .list_members(&user.client_id, &user.guid, &Origin::USER_MANAGED, page)
            .await?)
    }

    /// New credentials mark the member UPDATED and aggregate it again (unless skipped).
    pub async fn update(
        &self,
        user: &User,
        guid: &str,
        changes: MemberChanges,
    ) -> Result<MemberOutcome> {
        if let Some(id) = &changes.id {
            text::check_partner_id("member.id", id)?;
        }
        if let Some(metadata) = &changes.metadata {
            text::check_len("member.metadata", metadata, text::MAX_METADATA)?;
        }
        if let Some(use_cases) = &changes.use_cases {
            check_use_cases(use_cases)?;
        }
        let engine = self.engine;
        let mut record = self.record(user, guid).await?;
        let new_credentials = changes.credentials.as_ref().is_some_and(|c| !c.is_empty());
        if new_credentials && !record.member.origin.is_aggregated() {
            return Err(not_aggregated());
        }
        let institution = engine.institution(&record.member.institution_code)?;
        let new_values = match &changes.credentials {
            Some(inputs) if !inputs.is_empty() => {
                if record.member.running_job.is_some() {
                    return Err(Error::Conflict(
                        "A job is running for this member.".to_owned(),
                    ));
                }
                Some(resolve_credentials(institution, inputs)?)
            }
            _ => None,
        };
        let member = &mut record.member;
        if let Some(id) = changes.id {
            member.id = Some(id);
        }
        if let Some(metadata) = changes.metadata {
            member.metadata = Some(metadata);
        }
        if let Some(disabled) = changes.background_aggregation_is_disabled {
            member.background_aggregation_is_disabled = disabled;
        }
        if let Some(use_cases) = changes.use_cases {
            member.use_cases = use_cases;
        }
        member.updated_at = engine.clock.now();
        if let Some(values) = &new_values {
            member.connection_status = Some(ConnectionStatus::Updated);
            record.sealed_credentials = Some(engine.cipher.seal(values).map_err(Error::secret)?);
        }
        engine
            .store
            .update_member(&record)
            .await
            .map_err(conflict_on_duplicate_id)?;
        if new_values.is_none() || changes.skip_aggregation || user.is_disabled {
            return Ok(MemberOutcome {
                member: record.member,
                job_started: false,
            });
        }
        let started = engine
            .jobs()
            .start(user, record, JobKind::Aggregation, JobOptions::default())
            .await?;
        Ok(MemberOutcome {
            // The background refresh may claim a new member between its insert and this
            // start; its aggregation is running all the same.
            job_started: matches!(started, Started::Job(_) | Started::AlreadyRunning(_)),
            member: started.into_member(),
        })
    }

    /// The user's aggregated member at this institution signing in with the same
    /// login, if any: adding it again is "member already exists" (MX's 409 in Connect).
    pub async fn find_same_login(
        &self,
        user: &User,
        institution_code: &str,
        credentials: &[CredentialInput],
    ) -> Result<Option<Member>> {
        let institution = self.engine.institution(institution_code)?;
        let Ok(values) = resolve_credentials(institution, credentials) else {
            return Ok(None);
        };
        let seed = seed_for(institution, &values, "");
        let everyone = PageRequest {
            page: 1,
            per_page: (MAX_MEMBERS_PER_USER * 2) as u32,
        };
        for member in self.list(user, everyone).await?.items {
            if member.institution_code != institution.code || !member.origin.is_aggregated() {
                continue;
            }
            let record = self.record(user, member.guid.as_str()).await?;
            if record.seed == seed {
                return Ok(Some(record.member));
            }
        }
        Ok(None)
    }

    /// Deletes the member with everything aggregated for it.
    pub async fn delete(&self, user: &User, guid: &str) -> Result<()> {
        let record = self.record(user, guid).await?;
        // A Plaid app learns that the user unlinked (spec §6.2), in the same transaction.
        let rows = crate::webhooks::events::member_deleted(self.engine, &record.member).await?;
        let deleted = self
            .engine
            .store
            .delete_member_with_webhooks(&user.client_id, &record.member.guid, &rows)
            .await?;
        if deleted {
            self.engine.webhooks().wake();
            Ok(())
        } else {
            Err(Error::NotFound("Member"))
        }
    }

    /// The institution's credential fields this member signs in with (never values).
    /// Manual and partner-managed members sign in with nothing.
    pub async fn credentials(&self, user: &User, guid: &str) -> Result<Vec<CredentialField>> {
        let member = self.get(user, guid).await?;
        if !member.origin.is_aggregated() {
            return Ok(Vec::new());
        }
        Ok(self
            .engine
            .institution(&member.institution_code)?
            .credentials
            .clone())
    }

    /// The open challenges: `Some` only while the member is CHALLENGED.
    pub async fn challenges(&self, user: &User, guid: &str) -> Result<Option<Vec<Challenge>>> {
        let member = self.get(user, guid).await?;
        self.open_challenges(&member).await
    }

    /// The member and its open challenges (`Some` only while CHALLENGED), read once:
    /// what every dialect's status route shows.
    pub async fn status(
        &self,
        user: &User,
        guid: &str,
    ) -> Result<(Member, Option<Vec<Challenge>>)> {
        let member = self.get(user, guid).await?;
        let challenges = self.open_challenges(&member).await?;
        Ok((member, challenges))
    }

    async fn open_challenges(&self, member: &Member) -> Result<Option<Vec<Challenge>>> {
        if member.connection_status != Some(ConnectionStatus::Challenged) {
            return Ok(None);
        }
        let Some(job_guid) = &member.most_recent_job_guid else {
            return Ok(None);
        };
        let job = self.engine.store.find_job(job_guid).await?;
        Ok(job
            .filter(|j| j.job.state == JobState::Challenged)
            .and_then(|j| j.challenges)
            .map(|text| crate::jobs::decode_challenges(&text)))
    }

    /// Answers the open challenges; the job resumes in the background.
    pub async fn resume(
        &self,
        user: &User,
        guid: &str,
        answers: Vec<ChallengeAnswer>,
    ) -> Result<Member> {
        if user.is_disabled {
            return Err(Error::Forbidden("The user is disabled.".to_owned()));
        }
        let record = self.record(user, guid).await?;
        self.engine.jobs().resume(record, answers).await
    }
}

/// Manual and partner-managed members have no credentials and never run jobs.
pub(crate) fn not_aggregated() -> Error {
    Error::Unprocessable(
        "This member is not aggregated: its data is supplied by the user or the partner."
            .to_owned(),
    )
}

impl Error {
    pub(crate) fn secret(error: crate::secrets::SecretError) -> Self {
        Error::Internal(error.to_string())
    }
}
