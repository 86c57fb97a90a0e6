//! Manual accounts and transactions: what end users track by hand. They live under the
//! user's one "Manual Institution" member, created on first use and never aggregated.
//! The helpers at the bottom build the rows of every kind of supplied data (manual and
//! partner-managed alike).

use crate::pfm::recurring::refresh_after_write;
use crate::transactions::{check_changes, set_category, TransactionChanges};
use crate::{Engine, Error, Result};
use polyfin_domain::account::{Account, AccountFigures};
use polyfin_domain::category::Taxonomy;
use polyfin_domain::ids::{AccountGuid, MemberGuid, TransactionGuid};
use polyfin_domain::member::{Member, MAX_MEMBERS_PER_USER};
use polyfin_domain::origin::{
    institution_guid, Origin, MANUAL_INSTITUTION_CODE, MANUAL_INSTITUTION_NAME,
};
use polyfin_domain::supplied::{AccountFields, InvalidField, TransactionFields};
use polyfin_domain::transaction::{
    Transaction, TransactionFlags, TransactionKind, TransactionStatus,
};
use polyfin_domain::user::User;
use polyfin_domain::Decimal;
use polyfin_store::{MemberRecord, StoreError};
use time::OffsetDateTime;

impl From<InvalidField> for Error {
    fn from(error: InvalidField) -> Self {
        Error::Invalid {
            field: error.field,
            message: error.message,
        }
    }
}

/// What a partner may change on an account it does not own the data of.
const AGGREGATED_NOTE: &str = "can only be updated on manual accounts; aggregated and \
                               partner-managed accounts take is_hidden, metadata and nickname";

pub struct Manual<'a> {
    engine: &'a Engine,
}

impl<'a> Manual<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// `POST /users/{u}/accounts`: a manual account (name and type required).
    pub async fn create_account(&self, user: &User, fields: AccountFields) -> Result<Account> {
        let fields = fields.checked()?;
        fields.require(&["name", "type"])?;
        let member = self.manual_member(user).await?;
        let now = self.engine.clock.now();
        let guid = AccountGuid::generate();
        let mut account = blank_account(&member, guid.clone(), guid.to_string(), now);
        fields.apply(&mut account);
        self.engine.store.insert_account(&account).await?;
        Ok(account)
    }

    /// The user's manual member, created the first time it is needed.
    async fn manual_member(&self, user: &User) -> Result<Member> {
        let store = &self.engine.store;
        if let Some(record) = store
            .find_manual_member(&user.client_id, &user.guid)
            .await?
        {
            return Ok(record.member);
        }
        let now = self.engine.clock.now();
        let record = supplied_member(
            user,
            Origin::Manual,
            MANUAL_INSTITUTION_CODE,
            MANUAL_INSTITUTION_NAME,
            now,
        );
        match store.insert_member(&record, MAX_MEMBERS_PER_USER).await {
            Ok(true) => Ok(record.member),
            Ok(false) => Err(member_limit()),
            // Another request created it in between: use that one.
            Err(StoreError::Conflict { .. }) => store
                .find_manual_member(&user.client_id, &user.guid)
                .await?
                .map(|r| r.member)
                .ok_or_else(|| Error::Internal("manual member vanished".to_owned())),
            Err(other) => Err(other.into()),
        }
    }

    /// `PUT …/members/{m}/accounts/{a}`: every field on a manual account; only
    /// `is_hidden`, `metadata` and `nickname` on the others (422 for the rest).
    pub async fn update_account(
        &self,
        user: &User,
        member_guid: &str,
        guid: &str,
        fields: AccountFields,
    ) -> Result<Account> {
        let fields = fields.checked()?;
        let accounts = self.engine.accounts();
        let mut account = accounts.get_for_member(user, member_guid, guid).await?;
        if !account.origin.is_manual() {
            if let Some(field) = fields.not_updatable_when_aggregated() {
                return Err(Error::Unprocessable(format!("{field} {AGGREGATED_NOTE}.")));
            }
            let changes = crate::accounts::AccountChanges {
                is_hidden: fields.is_hidden,
                metadata: fields.metadata,
                nickname: fields.nickname,
            };
            return accounts.update(user, member_guid, guid, changes).await;
        }
        fields.apply(&mut account);
        account.updated_at = self.engine.clock.now();
        self.engine.store.save_account(&account).await?;
        Ok(account)
    }

    /// `DELETE /users/{u}/accounts/{a}`: manual accounts only (422 for the others,
    /// whose data belongs to their member).
    pub async fn delete_account(&self, user: &User, guid: &str) -> Result<()> {
        let account = self.engine.accounts().get(user, guid).await?;
        if !account.origin.is_manual() {
            return Err(Error::Unprocessable(
                "Only manual accounts can be deleted; delete an aggregated account's member instead."
                    .to_owned(),
            ));
        }
        let deleted = self
            .engine
            .store
            .delete_account(&user.client_id, &account.guid)
            .await?;
        deleted.then_some(()).ok_or(Error::NotFound("Account"))
    }

    /// `POST /users/{u}/accounts/{a}/transactions` (amount, date, description and
    /// type required), on a manual account only.
    pub async fn create_transaction(
        &self,
        user: &User,
        account_guid: &str,
        fields: TransactionFields,
        category_guid: Option<&str>,
    ) -> Result<Transaction> {
        let fields = fields.checked()?;
        fields.require(&["amount", "date", "description", "type"])?;
        let account = self.engine.accounts().get(user, account_guid).await?;
        if !account.origin.is_manual() {
            return Err(Error::Unprocessable(
                "Manual transactions can only be added to manual accounts.".to_owned(),
            ));
        }
        let now = self.engine.clock.now();
        let mut transaction =
            supplied_transaction(&account, TransactionGuid::generate_manual(), fields, now);
        if let Some(category) = category_guid {
            set_category(&mut transaction, category)?;
        }
        self.engine.store.insert_transaction(&transaction).await?;
        refresh_after_write(
            self.engine,
            &user.client_id,
            &user.guid,
            Some(&mut transaction),
        )
        .await;
        Ok(transaction)
    }

    /// `DELETE /users/{u}/transactions/{t}`: manual transactions only.
    pub async fn delete_transaction(&self, user: &User, guid: &str) -> Result<()> {
        let transaction = self.engine.transactions().get(user, guid).await?;
        if !transaction.origin.is_manual() {
            return Err(Error::Unprocessable(
                "Only manual transactions can be deleted.".to_owned(),
            ));
        }
        let store = &self.engine.store;
        let deleted = store
            .delete_transaction(&user.client_id, &transaction.guid, self.engine.clock.now())
            .await?;
        if !deleted {
            return Err(Error::NotFound("Transaction"));
        }
        refresh_after_write(self.engine, &user.client_id, &user.guid, None).await;
        Ok(())
    }

    /// `PUT …/members/{m}/accounts/{a}/transactions/{t}`: the same corrections as
    /// `PUT /users/{u}/transactions/{t}`, for a transaction of that member's account.
    pub async fn update_transaction_by_account(
        &self,
        user: &User,
        member_guid: &str,
        account_guid: &str,
        guid: &str,
        changes: TransactionChanges,
    ) -> Result<Transaction> {
        check_changes(&changes)?;
        let account = self
            .engine
            .accounts()
            .get_for_member(user, member_guid, account_guid)
            .await?;
        let transactions = self.engine.transactions();
        let mut transaction = transactions.get(user, guid).await?;
        if transaction.account_guid != account.guid {
            return Err(Error::NotFound("Transaction"));
        }
        transactions.apply(&mut transaction, changes).await
    }
}

pub(crate) fn member_limit() -> Error {
    Error::LimitReached(format!(
        "A user may have at most {MAX_MEMBERS_PER_USER} members."
    ))
}

/// A member whose data is supplied rather than aggregated: no credentials, no
/// connection status, never a job.
pub(crate) fn supplied_member(
    user: &User,
    origin: Origin,
    institution_code: &str,
    name: &str,
    now: OffsetDateTime,
) -> MemberRecord {
    let guid = MemberGuid::generate();
    MemberRecord {
        seed: guid.to_string(),
        member: Member {
            guid,
            client_id: user.client_id.clone(),
            user_guid: user.guid.clone(),
            id: None,
            institution_code: institution_code.to_owned(),
            institution_guid: institution_guid(institution_code),
            name: name.to_owned(),
            metadata: None,
            connection_status: None,
            is_oauth: false,
            is_being_aggregated: false,
            is_authenticated: false,
            background_aggregation_is_disabled: true,
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
            use_cases: Vec::new(),
            origin,
            created_at: now,
            updated_at: now,
        },
        sealed_credentials: None,
    }
}

/// An empty account of a supplied member, to apply the partner's fields to.
pub(crate) fn blank_account(
    member: &Member,
    guid: AccountGuid,
    external_id: String,
    now: OffsetDateTime,
) -> Account {
    Account {
        guid,
        client_id: member.client_id.clone(),
        user_guid: member.user_guid.clone(),
        member_guid: member.guid.clone(),
        external_id,
        id: None,
        institution_code: member.institution_code.clone(),
        name: String::new(),
        nickname: None,
        account_type: "ANY".to_owned(),
        subtype: None,
        account_number_mask: None,
        routing_number: None,
        property_type: None,
        origin: member.origin,
        currency_code: "USD".to_owned(),
        figures: AccountFigures::default(),
        is_closed: false,
        is_hidden: false,
        metadata: None,
        created_at: now,
        updated_at: now,
        imported_at: None,
    }
}

/// A supplied transaction of `account`: the given fields, a POSTED status and the
/// date's midnight as times unless given, and the category and flags enrichment finds
/// for the description.
pub(crate) fn supplied_transaction(
    account: &Account,
    guid: TransactionGuid,
    fields: TransactionFields,
    now: OffsetDateTime,
) -> Transaction {
    let external_id = fields.id.clone().unwrap_or_else(|| guid.to_string());
    let times_given = fields.transacted_at.is_some();
    let mut transaction = Transaction {
        guid,
        client_id: account.client_id.clone(),
        user_guid: account.user_guid.clone(),
        member_guid: account.member_guid.clone(),
        account_guid: account.guid.clone(),
        external_id,
        id: None,
        origin: account.origin,
        amount: Decimal::ZERO,
        kind: TransactionKind::Debit,
        status: TransactionStatus::Posted,
        date: now.date(),
        transacted_at: now,
        posted_at: None,
        original_description: String::new(),
        description: String::new(),
        memo: None,
        category_guid: Taxonomy::standard().uncategorized().guid.clone(),
        merchant_category_code: None,
        merchant_name: None,
        check_number: None,
        currency_code: account.currency_code.clone(),
        latitude: None,
        longitude: None,
        flags: TransactionFlags::default(),
        metadata: None,
        created_at: now,
        updated_at: now,
    };
    fields.apply(&mut transaction);
    if !times_given {
        transaction.transacted_at = transaction.date.midnight().assume_utc();
    }
    if transaction.posted_at.is_none() && transaction.status == TransactionStatus::Posted {
        transaction.posted_at = Some(transaction.transacted_at);
    }
    enrich(&mut transaction);
    transaction
}

/// Category, merchant and flags from the description, as for aggregated data; the
/// partner's description itself is kept as sent.
pub(crate) fn enrich(transaction: &mut Transaction) {
    let found = polyfin_enrich::enrich(
        &transaction.original_description,
        transaction.merchant_category_code,
        transaction.kind,
        transaction.amount,
    );
    let international = transaction.flags.is_international;
    transaction.category_guid = found.category_guid;
    transaction.merchant_name = found.merchant_name;
    transaction.flags = found.flags;
    transaction.flags.is_international = international;
}
