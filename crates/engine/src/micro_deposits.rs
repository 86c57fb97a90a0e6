//! Micro-deposit verification. The deposits "land" on the engine's clock: a sweep
//! moves INITIATED to DEPOSITED when they are due, and so does reading one (MX: "you
//! may force a status update by calling the read microdeposit endpoint"). Deposits
//! left unverified for `VERIFICATION_WINDOW` after landing expire (ERRORED) the same
//! ways. Verification and expiry announce AUTH webhooks for the Plaid items whose
//! accounts the micro-deposit names (`webhooks::auth`), written with the change.

use crate::webhooks::auth::{micro_deposit_rows, AuthOutcome};
use crate::{Engine, Error, Result};
use polyfin_domain::ids::MicroDepositGuid;
use polyfin_domain::micro_deposit::{
    check_submitted_amount, deposits_land_at, ChangeRefused, MicroDeposit, MicroDepositDetails,
    MicroDepositStatus, VerifyOutcome, VERIFICATION_WINDOW,
};
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::user::User;
use polyfin_domain::Decimal;

/// How many micro-deposits one sweep lands at most.
const LANDING_BATCH: u32 = 500;

pub struct MicroDeposits<'a> {
    engine: &'a Engine,
}

impl<'a> MicroDeposits<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    pub async fn create(&self, user: &User, details: MicroDepositDetails) -> Result<MicroDeposit> {
        let (details, status) = details.checked()?;
        let now = self.engine.clock.now();
        let micro_deposit = MicroDeposit {
            guid: MicroDepositGuid::generate(),
            client_id: user.client_id.clone(),
            user_guid: user.guid.clone(),
            account_name: details.account_name,
            account_number: details.account_number,
            account_type: details.account_type,
            routing_number: details.routing_number,
            email: details.email,
            first_name: details.first_name,
            last_name: details.last_name,
            status,
            attempts: 0,
            error_message: None,
            deposit_expected_at: (status == MicroDepositStatus::Initiated)
                .then(|| deposits_land_at(now)),
            verified_at: None,
            created_at: now,
            updated_at: now,
        };
        self.engine
            .store
            .insert_micro_deposit(&micro_deposit)
            .await?;
        Ok(micro_deposit)
    }

    /// One of the user's micro-deposits, brought up to date with the clock.
    pub async fn get(&self, user: &User, guid: &str) -> Result<MicroDeposit> {
        let guid = MicroDepositGuid::parse(guid).ok_or(Error::NotFound("Micro-deposit"))?;
        let found = self
            .engine
            .store
            .find_micro_deposit(&user.client_id, Some(&user.guid), &guid)
            .await?
            .ok_or(Error::NotFound("Micro-deposit"))?;
        self.refreshed(found).await
    }

    /// Corrects the details of one of the user's micro-deposits while its deposits
    /// have not been sent (PREINITIATED, INITIATED, REQUESTED or ERRORED); a
    /// pre-initiated one given its bank details is initiated. Later statuses are a
    /// 422 that says why.
    pub async fn update(
        &self,
        user: &User,
        guid: &str,
        changes: MicroDepositDetails,
    ) -> Result<MicroDeposit> {
        let mut micro_deposit = self.get(user, guid).await?;
        let read_at = micro_deposit.updated_at;
        let now = self.engine.clock.now();
        micro_deposit
            .apply(changes, now)
            .map_err(|refused| match refused {
                ChangeRefused::Invalid(field) => Error::from(field),
                ChangeRefused::NotChangeable(status) => {
                    Error::Unprocessable(not_changeable(status))
                }
            })?;
        if self
            .engine
            .store
            .save_micro_deposit(&micro_deposit, read_at)
            .await?
        {
            Ok(micro_deposit)
        } else {
            Err(Error::Conflict(
                "The micro-deposit changed while it was being updated; read it and try again."
                    .to_owned(),
            ))
        }
    }

    pub async fn list(&self, user: &User, page: PageRequest) -> Result<Page<MicroDeposit>> {
        let store = &self.engine.store;
        let mut listed = store
            .list_micro_deposits(&user.client_id, &user.guid, page)
            .await?;
        let mut items = Vec::with_capacity(listed.items.len());
        for item in listed.items {
            items.push(self.refreshed(item).await?);
        }
        listed.items = items;
        Ok(listed)
    }

    pub async fn delete(&self, user: &User, guid: &str) -> Result<()> {
        let guid = MicroDepositGuid::parse(guid).ok_or(Error::NotFound("Micro-deposit"))?;
        let store = &self.engine.store;
        let deleted = store
            .delete_micro_deposit(&user.client_id, &user.guid, &guid)
            .await?;
        deleted
            .then_some(())
            .ok_or(Error::NotFound("Micro-deposit"))
    }

    /// `PUT /micro_deposits/{guid}/verify`: the client's micro-deposit (the path has no
    /// user). A wrong pair is not an error: the status says DENIED, then PREVENTED.
    pub async fn verify(
        &self,
        client: &polyfin_domain::ids::ClientId,
        guid: &str,
        amounts: (Option<Decimal>, Option<Decimal>),
    ) -> Result<MicroDeposit> {
        let first = submitted("micro_deposit.deposit_amount_1", amounts.0)?;
        let second = submitted("micro_deposit.deposit_amount_2", amounts.1)?;
        let guid = MicroDepositGuid::parse(guid).ok_or(Error::NotFound("Micro-deposit"))?;
        let store = &self.engine.store;
        let found = store
            .find_micro_deposit(client, None, &guid)
            .await?
            .ok_or(Error::NotFound("Micro-deposit"))?;
        let mut micro_deposit = self.refreshed(found).await?;
        let read_at = micro_deposit.updated_at;
        let now = self.engine.clock.now();
        let outcome = micro_deposit.verify(first, second, now);
        if let VerifyOutcome::NotAwaiting(status) = outcome {
            return Err(Error::Unprocessable(not_awaiting(status)));
        }
        let rows = match outcome {
            VerifyOutcome::Verified => {
                micro_deposit_rows(self.engine, &micro_deposit, AuthOutcome::Verified).await?
            }
            _ => Vec::new(),
        };
        if self.save(&micro_deposit, read_at, &rows).await? {
            Ok(micro_deposit)
        } else {
            Err(Error::Conflict(
                "The micro-deposit changed while it was being verified; read it and try again."
                    .to_owned(),
            ))
        }
    }

    /// Lands what is due as of now (the sweep step); returns how many.
    pub async fn land_due(&self) -> Result<usize> {
        let now = self.engine.clock.now();
        let store = &self.engine.store;
        let mut landed = 0;
        for mut due in store.micro_deposits_due(now, LANDING_BATCH).await? {
            let read_at = due.updated_at;
            if due.land(now) && store.save_micro_deposit(&due, read_at).await? {
                landed += 1;
            }
        }
        Ok(landed)
    }

    /// Expires what landed more than `VERIFICATION_WINDOW` ago without the right pair
    /// (the sweep step); returns how many.
    pub async fn expire_due(&self) -> Result<usize> {
        let now = self.engine.clock.now();
        let store = &self.engine.store;
        let mut expired = 0;
        let due = store
            .micro_deposits_expiring(now - VERIFICATION_WINDOW, LANDING_BATCH)
            .await?;
        for mut due in due {
            let read_at = due.updated_at;
            if due.expire(now) {
                let rows = micro_deposit_rows(self.engine, &due, AuthOutcome::Expired).await?;
                if self.save(&due, read_at, &rows).await? {
                    expired += 1;
                }
            }
        }
        Ok(expired)
    }

    /// Saves a change read at `read_at` with the webhooks it announces; false when
    /// someone else changed it first (nothing written then).
    async fn save(
        &self,
        micro_deposit: &MicroDeposit,
        read_at: time::OffsetDateTime,
        rows: &[polyfin_store::OutboxRow],
    ) -> Result<bool> {
        let saved = self
            .engine
            .store
            .save_micro_deposit_with_webhooks(micro_deposit, read_at, rows)
            .await?;
        if saved && !rows.is_empty() {
            self.engine.webhooks().wake();
        }
        Ok(saved)
    }

    async fn refreshed(&self, mut micro_deposit: MicroDeposit) -> Result<MicroDeposit> {
        let read_at = micro_deposit.updated_at;
        let now = self.engine.clock.now();
        let landed = micro_deposit.land(now);
        let expired = micro_deposit.expire(now);
        if landed || expired {
            let rows = if expired {
                micro_deposit_rows(self.engine, &micro_deposit, AuthOutcome::Expired).await?
            } else {
                Vec::new()
            };
            let store = &self.engine.store;
            if !self.save(&micro_deposit, read_at, &rows).await? {
                // Someone else moved it on: theirs is the newer state.
                let fresh = store
                    .find_micro_deposit(&micro_deposit.client_id, None, &micro_deposit.guid)
                    .await?;
                return fresh.ok_or(Error::NotFound("Micro-deposit"));
            }
        }
        Ok(micro_deposit)
    }
}

fn submitted(field: &str, amount: Option<Decimal>) -> Result<Decimal> {
    let amount = amount.ok_or_else(|| Error::invalid(field, format!("{field} is required.")))?;
    check_submitted_amount(field, amount)?;
    Ok(amount)
}

fn not_changeable(status: MicroDepositStatus) -> String {
    match status {
        MicroDepositStatus::Deposited | MicroDepositStatus::Denied => {
            "The deposits have already been sent to this account; verify their amounts or start a new micro-deposit.".to_owned()
        }
        other => format!(
            "This micro-deposit is {} and can no longer be changed; start a new one.",
            other.name()
        ),
    }
}

fn not_awaiting(status: MicroDepositStatus) -> String {
    match status {
        MicroDepositStatus::Initiated | MicroDepositStatus::Requested => {
            "The deposits have not landed yet; verify once the status is DEPOSITED.".to_owned()
        }
        MicroDepositStatus::Preinitiated => {
            "This micro-deposit has no account yet, so nothing was deposited.".to_owned()
        }
        other => format!(
            "This micro-deposit is {} and takes no more amounts.",
            other.name()
        ),
    }
}
