//! Tags (every user has a ready-made "Business" tag) and taggings, which put a tag
//! on one of the user's transactions.

use super::categories::check_name;
use super::{page_of, Pfm};
use crate::{Error, Result};
use polyfin_domain::ids::{TagGuid, TaggingGuid, TransactionGuid};
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::pfm::{Tag, Tagging, DEFAULT_TAG};
use polyfin_domain::user::User;

impl Pfm<'_> {
    /// The user's tags, oldest first; the default tag is created on first use.
    pub async fn tags(&self, user: &User, page: PageRequest) -> Result<Page<Tag>> {
        Ok(page_of(&self.all_tags(user).await?, page))
    }

    pub async fn tag(&self, user: &User, guid: &str) -> Result<Tag> {
        self.all_tags(user)
            .await?
            .into_iter()
            .find(|t| t.guid.as_str() == guid)
            .ok_or(Error::NotFound("Tag"))
    }

    pub async fn create_tag(&self, user: &User, name: &str) -> Result<Tag> {
        check_name("tag.name", name)?;
        let now = self.engine.clock.now();
        let tag = Tag {
            guid: TagGuid::generate(),
            client_id: user.client_id.clone(),
            user_guid: user.guid.clone(),
            name: name.trim().to_owned(),
            created_at: now,
            updated_at: now,
        };
        self.engine.store.save_tag(&tag).await?;
        Ok(tag)
    }

    pub async fn update_tag(&self, user: &User, guid: &str, name: &str) -> Result<Tag> {
        check_name("tag.name", name)?;
        let mut tag = self.tag(user, guid).await?;
        tag.name = name.trim().to_owned();
        tag.updated_at = self.engine.clock.now();
        self.engine.store.save_tag(&tag).await?;
        Ok(tag)
    }

    /// Deletes the tag and every tagging that uses it.
    pub async fn delete_tag(&self, user: &User, guid: &str) -> Result<()> {
        let tag = self.tag(user, guid).await?;
        self.engine
            .store
            .delete_tag(&user.client_id, &user.guid, &tag.guid)
            .await?;
        Ok(())
    }

    async fn all_tags(&self, user: &User) -> Result<Vec<Tag>> {
        let store = &self.engine.store;
        let tags = store.list_tags(&user.client_id, &user.guid).await?;
        if !tags.is_empty() {
            return Ok(tags);
        }
        // Derived from the user, so two first reads racing create the same row.
        let now = self.engine.clock.now();
        let default = Tag {
            guid: TagGuid::derived(&format!("{}/{DEFAULT_TAG}", user.guid)),
            client_id: user.client_id.clone(),
            user_guid: user.guid.clone(),
            name: DEFAULT_TAG.to_owned(),
            created_at: now,
            updated_at: now,
        };
        store.save_tag(&default).await?;
        Ok(vec![default])
    }

    pub async fn taggings(&self, user: &User, page: PageRequest) -> Result<Page<Tagging>> {
        let all = self
            .engine
            .store
            .list_taggings(&user.client_id, &user.guid)
            .await?;
        Ok(page_of(&all, page))
    }

    pub async fn tagging(&self, user: &User, guid: &str) -> Result<Tagging> {
        self.engine
            .store
            .list_taggings(&user.client_id, &user.guid)
            .await?
            .into_iter()
            .find(|t| t.guid.as_str() == guid)
            .ok_or(Error::NotFound("Tagging"))
    }

    /// Both the tag and the transaction must be the user's (422 names the field).
    pub async fn create_tagging(
        &self,
        user: &User,
        tag_guid: &str,
        transaction_guid: &str,
    ) -> Result<Tagging> {
        let tag = self.owned_tag(user, tag_guid).await?;
        let transaction = self.owned_transaction(user, transaction_guid).await?;
        let now = self.engine.clock.now();
        let tagging = Tagging {
            guid: TaggingGuid::generate(),
            client_id: user.client_id.clone(),
            user_guid: user.guid.clone(),
            tag_guid: tag.guid,
            transaction_guid: transaction,
            created_at: now,
            updated_at: now,
        };
        self.engine.store.save_tagging(&tagging).await?;
        Ok(tagging)
    }

    pub async fn update_tagging(&self, user: &User, guid: &str, tag_guid: &str) -> Result<Tagging> {
        let mut tagging = self.tagging(user, guid).await?;
        tagging.tag_guid = self.owned_tag(user, tag_guid).await?.guid;
        tagging.updated_at = self.engine.clock.now();
        self.engine.store.save_tagging(&tagging).await?;
        Ok(tagging)
    }

    pub async fn delete_tagging(&self, user: &User, guid: &str) -> Result<()> {
        let tagging = self.tagging(user, guid).await?;
        self.engine
            .store
            .delete_tagging(&user.client_id, &user.guid, &tagging.guid)
            .await?;
        Ok(())
    }

    /// The user's transactions that carry the tag, oldest first.
    pub async fn tagged_transactions(
        &self,
        user: &User,
        tag_guid: &str,
        page: PageRequest,
    ) -> Result<Page<polyfin_domain::transaction::Transaction>> {
        let tag = self.tag(user, tag_guid).await?;
        let store = &self.engine.store;
        let tagged: std::collections::HashSet<TransactionGuid> = store
            .list_taggings(&user.client_id, &user.guid)
            .await?
            .into_iter()
            .filter(|t| t.tag_guid == tag.guid)
            .map(|t| t.transaction_guid)
            .collect();
        let all: Vec<_> = store
            .user_transactions(&user.client_id, &user.guid)
            .await?
            .into_iter()
            .filter(|t| tagged.contains(&t.guid))
            .collect();
        Ok(page_of(&all, page))
    }

    async fn owned_tag(&self, user: &User, guid: &str) -> Result<Tag> {
        self.tag(user, guid).await.map_err(|_| {
            Error::Unprocessable(format!(
                "tagging.tag_guid: {guid} is not one of the user's tags."
            ))
        })
    }

    async fn owned_transaction(&self, user: &User, guid: &str) -> Result<TransactionGuid> {
        match self.engine.transactions().get(user, guid).await {
            Ok(transaction) => Ok(transaction.guid),
            Err(Error::NotFound(_)) => Err(Error::Unprocessable(format!(
                "tagging.transaction_guid: {guid} is not one of the user's transactions."
            ))),
            Err(other) => Err(other),
        }
    }
}
