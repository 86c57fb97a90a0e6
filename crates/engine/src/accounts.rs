use crate::{Engine, Error, Result};
use polyfin_domain::account::Account;
use polyfin_domain::ids::AccountGuid;
use polyfin_domain::origin::Origin;
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::text;
use polyfin_domain::user::User;
use polyfin_store::DataScope;

/// What a partner may change on an aggregated account.
#[derive(Debug, Clone, Default)]
pub struct AccountChanges {
    pub is_hidden: Option<bool>,
    pub metadata: Option<String>,
    pub nickname: Option<String>,
}

pub struct Accounts<'a> {
    engine: &'a Engine,
}

impl<'a> Accounts<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// The user's accounts, or one member's when `member_guid` is given.
    pub async fn list(
        &self,
        user: &User,
        member_guid: Option<&str>,
        page: PageRequest,
    ) -> Result<Page<Account>> {
        self.list_matching(user, member_guid, &[], page).await
    }

    /// As `list`, keeping only accounts of the given origins (empty: all).
    pub async fn list_matching(
        &self,
        user: &User,
        member_guid: Option<&str>,
        origins: &[Origin],
        page: PageRequest,
    ) -> Result<Page<Account>> {
        let member = match member_guid {
            Some(guid) => Some(self.engine.members().get(user, guid).await?.guid),
            None => None,
        };
        let scope = DataScope {
            user: user.guid.clone(),
            member,
            account: None,
        };
        Ok(self
            .engine
            .store
            .list_accounts(&user.client_id, &scope, origins, page)
            .await?)
    }

    pub async fn get(&self, user: &User, guid: &str) -> Result<Account> {
        let guid = AccountGuid::parse(guid).ok_or(Error::NotFound("Account"))?;
        self.engine
            .store
            .find_account(&user.client_id, &user.guid, &guid)
            .await?
            .ok_or(Error::NotFound("Account"))
    }

    /// An account that must belong to the given member.
    pub async fn get_for_member(
        &self,
        user: &User,
        member_guid: &str,
        guid: &str,
    ) -> Result<Account> {
        let member = self.engine.members().get(user, member_guid).await?;
        let account = self.get(user, guid).await?;
        if account.member_guid == member.guid {
            Ok(account)
        } else {
            Err(Error::NotFound("Account"))
        }
    }

    pub async fn update(
        &self,
        user: &User,
        member_guid: &str,
        guid: &str,
        changes: AccountChanges,
    ) -> Result<Account> {
        if let Some(metadata) = &changes.metadata {
            text::check_len("account.metadata", metadata, text::MAX_METADATA)?;
        }
        if let Some(nickname) = &changes.nickname {
            text::check_len("account.nickname", nickname, text::MAX_SHORT_TEXT)?;
        }
        let mut account = self.get_for_member(user, member_guid, guid).await?;
        if let Some(hidden) = changes.is_hidden {
            account.is_hidden = hidden;
        }
        if let Some(metadata) = changes.metadata {
            account.metadata = Some(metadata);
        }
        if let Some(nickname) = changes.nickname {
            account.nickname = Some(nickname);
        }
        account.updated_at = self.engine.clock.now();
        self.engine.store.update_account(&account).await?;
        Ok(account)
    }
}
