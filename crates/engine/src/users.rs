use crate::{Engine, Error, Result};
use polyfin_domain::ids::{ClientId, UserGuid};
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::user::{User, UserFields, UserFilter};
use polyfin_store::StoreError;

pub struct Users<'a> {
    engine: &'a Engine,
}

const DUPLICATE_ID: &str = "A user with this id already exists.";

fn conflict_on_duplicate_id(error: StoreError) -> Error {
    match error {
        StoreError::Conflict { .. } => Error::Conflict(DUPLICATE_ID.to_owned()),
        other => Error::Store(other),
    }
}

impl<'a> Users<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    pub async fn create(&self, client: &ClientId, fields: UserFields) -> Result<User> {
        fields.validate()?;
        let now = self.engine.clock.now();
        let user = User {
            guid: UserGuid::generate(),
            client_id: client.clone(),
            id: fields.id,
            email: fields.email,
            is_disabled: fields.is_disabled.unwrap_or(false),
            metadata: fields.metadata,
            created_at: now,
            updated_at: now,
        };
        self.engine
            .store
            .insert_user(&user)
            .await
            .map_err(conflict_on_duplicate_id)?;
        Ok(user)
    }

    /// Reads a live user of this client; anything else is "not found".
    pub async fn get(&self, client: &ClientId, guid: &str) -> Result<User> {
        let guid = UserGuid::parse(guid).ok_or(Error::NotFound("User"))?;
        self.engine
            .store
            .find_user(client, &guid)
            .await?
            .ok_or(Error::NotFound("User"))
    }

    pub async fn list(
        &self,
        client: &ClientId,
        filter: &UserFilter,
        page: PageRequest,
    ) -> Result<Page<User>> {
        Ok(self.engine.store.list_users(client, filter, page).await?)
    }

    pub async fn update(&self, client: &ClientId, guid: &str, fields: UserFields) -> Result<User> {
        fields.validate()?;
        let mut user = self.get(client, guid).await?;
        if let Some(id) = fields.id {
            user.id = Some(id);
        }
        if let Some(email) = fields.email {
            user.email = Some(email);
        }
        if let Some(disabled) = fields.is_disabled {
            user.is_disabled = disabled;
        }
        if let Some(metadata) = fields.metadata {
            user.metadata = Some(metadata);
        }
        user.updated_at = self.engine.clock.now();
        self.engine
            .store
            .update_user(&user)
            .await
            .map_err(conflict_on_duplicate_id)?;
        Ok(user)
    }

    /// Deleted users are inaccessible at once and purged after the retention period.
    pub async fn delete(&self, client: &ClientId, guid: &str) -> Result<()> {
        let guid = UserGuid::parse(guid).ok_or(Error::NotFound("User"))?;
        let deleted = self
            .engine
            .store
            .soft_delete_user(client, &guid, self.engine.clock.now())
            .await?;
        if deleted {
            Ok(())
        } else {
            Err(Error::NotFound("User"))
        }
    }
}
