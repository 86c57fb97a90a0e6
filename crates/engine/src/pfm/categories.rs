//! Default categories (MX's taxonomy) and a user's custom sub-categories.

use super::{page_of, Pfm};
use crate::{Error, Result};
use polyfin_domain::category::{Category, Taxonomy};
use polyfin_domain::ids::CategoryGuid;
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::pfm::CustomCategory;
use polyfin_domain::text;
use polyfin_domain::user::User;
use time::OffsetDateTime;

/// A category as the API shows it, default or custom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryView {
    pub guid: String,
    pub name: String,
    pub parent_guid: Option<String>,
    pub is_default: bool,
    pub is_income: bool,
    pub metadata: Option<String>,
    pub created_at: Option<OffsetDateTime>,
    pub updated_at: Option<OffsetDateTime>,
}

impl From<&Category> for CategoryView {
    fn from(c: &Category) -> Self {
        CategoryView {
            guid: c.guid.to_string(),
            name: c.name.clone(),
            parent_guid: c.parent_guid.as_ref().map(ToString::to_string),
            is_default: true,
            is_income: c.is_income,
            metadata: None,
            created_at: None,
            updated_at: None,
        }
    }
}

impl From<&CustomCategory> for CategoryView {
    fn from(c: &CustomCategory) -> Self {
        CategoryView {
            guid: c.guid.to_string(),
            name: c.name.clone(),
            parent_guid: Some(c.parent_guid.to_string()),
            is_default: false,
            is_income: c.parent().is_some_and(|p| p.is_income),
            metadata: c.metadata.clone(),
            created_at: Some(c.created_at),
            updated_at: Some(c.updated_at),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct CategoryChanges {
    pub name: Option<String>,
    pub metadata: Option<String>,
}

impl Pfm<'_> {
    pub fn default_categories(&self, page: PageRequest) -> Page<CategoryView> {
        let all: Vec<CategoryView> = Taxonomy::standard().all().iter().map(Into::into).collect();
        page_of(&all, page)
    }

    pub fn default_category(&self, guid: &str) -> Result<CategoryView> {
        Taxonomy::standard()
            .get_by_guid(guid)
            .map(Into::into)
            .ok_or(Error::NotFound("Category"))
    }

    /// The defaults, then the user's own, oldest first.
    pub async fn categories(&self, user: &User, page: PageRequest) -> Result<Page<CategoryView>> {
        let custom = self.custom_categories(user).await?;
        let all: Vec<CategoryView> = Taxonomy::standard()
            .all()
            .iter()
            .map(CategoryView::from)
            .chain(custom.iter().map(CategoryView::from))
            .collect();
        Ok(page_of(&all, page))
    }

    pub async fn category(&self, user: &User, guid: &str) -> Result<CategoryView> {
        if let Ok(default) = self.default_category(guid) {
            return Ok(default);
        }
        Ok((&self.custom_category(user, guid).await?).into())
    }

    pub async fn create_category(
        &self,
        user: &User,
        name: &str,
        parent_guid: &str,
        metadata: Option<String>,
    ) -> Result<CategoryView> {
        check_name("category.name", name)?;
        check_metadata(metadata.as_deref())?;
        let parent = Taxonomy::standard()
            .get_by_guid(parent_guid)
            .ok_or_else(|| {
                Error::Unprocessable(format!(
                    "category.parent_guid: {parent_guid} is not a default category."
                ))
            })?;
        let now = self.engine.clock.now();
        let category = CustomCategory {
            guid: CategoryGuid::generate(),
            client_id: user.client_id.clone(),
            user_guid: user.guid.clone(),
            name: name.trim().to_owned(),
            parent_guid: parent.guid.clone(),
            metadata,
            created_at: now,
            updated_at: now,
        };
        self.engine.store.save_category(&category).await?;
        Ok((&category).into())
    }

    /// Only custom categories change; a default one is 422.
    pub async fn update_category(
        &self,
        user: &User,
        guid: &str,
        changes: CategoryChanges,
    ) -> Result<CategoryView> {
        self.refuse_default(guid, "updated")?;
        let mut category = self.custom_category(user, guid).await?;
        if let Some(name) = changes.name {
            check_name("category.name", &name)?;
            category.name = name.trim().to_owned();
        }
        if let Some(metadata) = changes.metadata {
            check_metadata(Some(&metadata))?;
            category.metadata = Some(metadata);
        }
        category.updated_at = self.engine.clock.now();
        self.engine.store.save_category(&category).await?;
        Ok((&category).into())
    }

    pub async fn delete_category(&self, user: &User, guid: &str) -> Result<()> {
        self.refuse_default(guid, "deleted")?;
        let category = self.custom_category(user, guid).await?;
        self.engine
            .store
            .delete_category(&user.client_id, &user.guid, &category.guid)
            .await?;
        Ok(())
    }

    fn refuse_default(&self, guid: &str, what: &str) -> Result<()> {
        match Taxonomy::standard().get_by_guid(guid) {
            Some(_) => Err(Error::Unprocessable(format!(
                "A default category cannot be {what}."
            ))),
            None => Ok(()),
        }
    }

    async fn custom_categories(&self, user: &User) -> Result<Vec<CustomCategory>> {
        Ok(self
            .engine
            .store
            .list_categories(&user.client_id, &user.guid)
            .await?)
    }

    async fn custom_category(&self, user: &User, guid: &str) -> Result<CustomCategory> {
        self.custom_categories(user)
            .await?
            .into_iter()
            .find(|c| c.guid.as_str() == guid)
            .ok_or(Error::NotFound("Category"))
    }
}

pub(super) fn check_name(field: &'static str, name: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(Error::invalid(field, format!("{field} must not be empty.")));
    }
    text::check_len(field, name, text::MAX_SHORT_TEXT)?;
    Ok(())
}

fn check_metadata(metadata: Option<&str>) -> Result<()> {
    if let Some(metadata) = metadata {
        text::check_len("category.metadata", metadata, text::MAX_METADATA)?;
    }
    Ok(())
}
