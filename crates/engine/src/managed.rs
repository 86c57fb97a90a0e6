//! Partner-managed data (MX `managed_*`): members, accounts and transactions that the
//! partner supplies itself. They are never aggregated, are not "managed by the user"
//! and count toward the user's member limit like any other member.

use crate::manual::{blank_account, enrich, member_limit, supplied_member, supplied_transaction};
use crate::pfm::recurring::refresh_after_write;
use crate::transactions::{set_category, TransactionFilter};
use crate::{Engine, Error, Result};
use polyfin_domain::account::Account;
use polyfin_domain::category::Taxonomy;
use polyfin_domain::ids::{AccountGuid, TransactionGuid};
use polyfin_domain::institution::Institution;
use polyfin_domain::member::{Member, MAX_MEMBERS_PER_USER};
use polyfin_domain::origin::Origin;
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::supplied::{AccountFields, TransactionFields};
use polyfin_domain::text;
use polyfin_domain::transaction::Transaction;
use polyfin_domain::user::User;
use polyfin_domain::Date;
use polyfin_store::{MemberRecord, StoreError};

/// A managed member's own fields; `institution_code` only matters on create.
#[derive(Debug, Clone, Default)]
pub struct ManagedMemberFields {
    pub institution_code: Option<String>,
    pub id: Option<String>,
    pub metadata: Option<String>,
    pub name: Option<String>,
}

impl ManagedMemberFields {
    fn check(&self) -> Result<()> {
        if let Some(id) = &self.id {
            text::check_partner_id("member.id", id)?;
        }
        if let Some(name) = &self.name {
            text::check_partner_id("member.name", name)?;
        }
        if let Some(metadata) = &self.metadata {
            text::check_len("member.metadata", metadata, text::MAX_METADATA)?;
        }
        Ok(())
    }
}

/// A unique constraint refused the write: the partner id is taken.
fn duplicate(what: &'static str) -> impl Fn(StoreError) -> Error {
    move |error| match error {
        StoreError::Conflict { .. } => {
            Error::Conflict(format!("{what} with this id already exists."))
        }
        other => Error::Store(other),
    }
}

pub struct Managed<'a> {
    engine: &'a Engine,
}

impl<'a> Managed<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// Institutions a managed member may name: the whole catalogue.
    pub fn institutions(&self) -> &'a [Institution] {
        self.engine.catalogue.all()
    }

    pub async fn create_member(&self, user: &User, fields: ManagedMemberFields) -> Result<Member> {
        fields.check()?;
        let code = fields
            .institution_code
            .as_deref()
            .map(str::trim)
            .ok_or_else(|| {
                Error::invalid(
                    "member.institution_code",
                    "member.institution_code is required.",
                )
            })?;
        let institution = self.engine.institution(code)?;
        let now = self.engine.clock.now();
        let mut record = supplied_member(
            user,
            Origin::Managed,
            &institution.code,
            &institution.name,
            now,
        );
        record.member.id = fields.id;
        record.member.metadata = fields.metadata;
        if let Some(name) = fields.name {
            record.member.name = name;
        }
        let inserted = self
            .engine
            .store
            .insert_member(&record, MAX_MEMBERS_PER_USER)
            .await
            .map_err(duplicate("A member"))?;
        inserted.then_some(record.member).ok_or_else(member_limit)
    }

    pub async fn list_members(&self, user: &User, page: PageRequest) -> Result<Page<Member>> {
        let store = &self.engine.store;
        Ok(store
            .list_members(&user.client_id, &user.guid, &[Origin::Managed], page)
            .await?)
    }

    /// A managed member of the user; any other member is "not found" here.
    async fn record(&self, user: &User, guid: &str) -> Result<MemberRecord> {
        let record = self.engine.members().record(user, guid).await?;
        if record.member.origin == Origin::Managed {
            Ok(record)
        } else {
            Err(Error::NotFound("Member"))
        }
    }

    pub async fn member(&self, user: &User, guid: &str) -> Result<Member> {
        Ok(self.record(user, guid).await?.member)
    }

    pub async fn update_member(
        &self,
        user: &User,
        guid: &str,
        fields: ManagedMemberFields,
    ) -> Result<Member> {
        fields.check()?;
        let mut record = self.record(user, guid).await?;
        let member = &mut record.member;
        if fields.id.is_some() {
            member.id = fields.id;
        }
        if fields.metadata.is_some() {
            member.metadata = fields.metadata;
        }
        if let Some(name) = fields.name {
            member.name = name;
        }
        member.updated_at = self.engine.clock.now();
        let store = &self.engine.store;
        store
            .update_member(&record)
            .await
            .map_err(duplicate("A member"))?;
        Ok(record.member)
    }

    /// Deletes the member with its accounts and transactions.
    pub async fn delete_member(&self, user: &User, guid: &str) -> Result<()> {
        let record = self.record(user, guid).await?;
        let deleted = self
            .engine
            .store
            .delete_member(&user.client_id, &record.member.guid)
            .await?;
        deleted.then_some(()).ok_or(Error::NotFound("Member"))
    }

    /// A new account; `id`, `name`, `type` and `balance` are required and `id` is
    /// unique within the member (409).
    pub async fn create_account(
        &self,
        user: &User,
        member_guid: &str,
        fields: AccountFields,
    ) -> Result<Account> {
        let fields = fields.checked()?;
        fields.require(&["id", "name", "type", "balance"])?;
        let member = self.member(user, member_guid).await?;
        let now = self.engine.clock.now();
        let external_id = fields.id.clone().unwrap_or_default();
        let mut account = blank_account(&member, AccountGuid::generate(), external_id, now);
        fields.apply(&mut account);
        account.imported_at = Some(now);
        let store = &self.engine.store;
        store
            .insert_account(&account)
            .await
            .map_err(duplicate("An account"))?;
        Ok(account)
    }

    pub async fn list_accounts(
        &self,
        user: &User,
        member_guid: &str,
        page: PageRequest,
    ) -> Result<Page<Account>> {
        let member = self.member(user, member_guid).await?;
        self.engine
            .accounts()
            .list(user, Some(member.guid.as_str()), page)
            .await
    }

    pub async fn account(&self, user: &User, member_guid: &str, guid: &str) -> Result<Account> {
        let member = self.member(user, member_guid).await?;
        let account = self.engine.accounts().get(user, guid).await?;
        if account.member_guid == member.guid {
            Ok(account)
        } else {
            Err(Error::NotFound("Account"))
        }
    }

    pub async fn update_account(
        &self,
        user: &User,
        member_guid: &str,
        guid: &str,
        fields: AccountFields,
    ) -> Result<Account> {
        let fields = fields.checked()?;
        let mut account = self.account(user, member_guid, guid).await?;
        if let Some(id) = &fields.id {
            account.external_id.clone_from(id);
        }
        fields.apply(&mut account);
        let now = self.engine.clock.now();
        account.updated_at = now;
        account.imported_at = Some(now);
        let store = &self.engine.store;
        store
            .save_account(&account)
            .await
            .map_err(duplicate("An account"))?;
        Ok(account)
    }

    pub async fn delete_account(&self, user: &User, member_guid: &str, guid: &str) -> Result<()> {
        let account = self.account(user, member_guid, guid).await?;
        let deleted = self
            .engine
            .store
            .delete_account(&user.client_id, &account.guid)
            .await?;
        deleted.then_some(()).ok_or(Error::NotFound("Account"))
    }

    /// A new transaction (amount, description, status, posted_at, transacted_at and
    /// type required); its `id`, if given, is unique within the account (409).
    pub async fn create_transaction(
        &self,
        user: &User,
        member_guid: &str,
        account_guid: &str,
        fields: TransactionFields,
        category: Option<&str>,
    ) -> Result<Transaction> {
        let fields = fields.checked()?;
        fields.require(&[
            "amount",
            "description",
            "status",
            "posted_at",
            "transacted_at",
            "type",
        ])?;
        let account = self.account(user, member_guid, account_guid).await?;
        let category = category.map(category_guid).transpose()?;
        let now = self.engine.clock.now();
        let mut transaction =
            supplied_transaction(&account, TransactionGuid::generate(), fields, now);
        if let Some(category) = &category {
            set_category(&mut transaction, category)?;
        }
        let store = &self.engine.store;
        store
            .insert_transaction(&transaction)
            .await
            .map_err(duplicate("A transaction"))?;
        refresh_after_write(
            self.engine,
            &user.client_id,
            &user.guid,
            Some(&mut transaction),
        )
        .await;
        Ok(transaction)
    }

    pub async fn list_transactions(
        &self,
        user: &User,
        member_guid: &str,
        account_guid: &str,
        dates: (Option<Date>, Option<Date>),
        page: PageRequest,
    ) -> Result<Page<Transaction>> {
        let account = self.account(user, member_guid, account_guid).await?;
        let filter = TransactionFilter {
            account_guid: Some(account.guid.to_string()),
            from: dates.0,
            to: dates.1,
            ..TransactionFilter::default()
        };
        self.engine.transactions().list(user, &filter, page).await
    }

    pub async fn transaction(
        &self,
        user: &User,
        member_guid: &str,
        account_guid: &str,
        guid: &str,
    ) -> Result<Transaction> {
        let account = self.account(user, member_guid, account_guid).await?;
        let transaction = self.engine.transactions().get(user, guid).await?;
        if transaction.account_guid == account.guid {
            Ok(transaction)
        } else {
            Err(Error::NotFound("Transaction"))
        }
    }

    /// Changes what is given; a new description (or type, or merchant code) is
    /// categorised again unless a category comes with it.
    pub async fn update_transaction(
        &self,
        user: &User,
        path: (&str, &str, &str),
        fields: TransactionFields,
        category: Option<&str>,
    ) -> Result<Transaction> {
        let fields = fields.checked()?;
        let mut transaction = self.transaction(user, path.0, path.1, path.2).await?;
        let category = category.map(category_guid).transpose()?;
        let recategorise = fields.description.is_some()
            || fields.kind.is_some()
            || fields.merchant_category_code.is_some();
        if let Some(id) = &fields.id {
            transaction.external_id.clone_from(id);
        }
        fields.apply(&mut transaction);
        match &category {
            Some(category) => set_category(&mut transaction, category)?,
            None if recategorise => enrich(&mut transaction),
            None => {}
        }
        transaction.updated_at = self.engine.clock.now();
        let store = &self.engine.store;
        store
            .save_transaction(&transaction)
            .await
            .map_err(duplicate("A transaction"))?;
        refresh_after_write(
            self.engine,
            &user.client_id,
            &user.guid,
            Some(&mut transaction),
        )
        .await;
        Ok(transaction)
    }

    pub async fn delete_transaction(&self, user: &User, path: (&str, &str, &str)) -> Result<()> {
        let transaction = self.transaction(user, path.0, path.1, path.2).await?;
        let deleted = self
            .engine
            .store
            .delete_transaction(&user.client_id, &transaction.guid, self.engine.clock.now())
            .await?;
        if !deleted {
            return Err(Error::NotFound("Transaction"));
        }
        refresh_after_write(self.engine, &user.client_id, &user.guid, None).await;
        Ok(())
    }
}

/// Managed transactions name their category (`"Groceries"`), not its guid.
fn category_guid(name: &str) -> Result<String> {
    Taxonomy::standard()
        .get_by_name(name.trim())
        .map(|c| c.guid.to_string())
        .ok_or_else(|| {
            Error::Unprocessable(format!("transaction.category: {name:?} is not a category."))
        })
}
