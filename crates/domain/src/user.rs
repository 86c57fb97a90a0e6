use crate::ids::{ClientId, UserGuid};
use crate::text::{self, TextError};
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub guid: UserGuid,
    pub client_id: ClientId,
    /// The partner's own id for the user, unique per client.
    pub id: Option<String>,
    pub email: Option<String>,
    pub is_disabled: bool,
    pub metadata: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// What a partner may set on create or update; `None` means "not provided".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserFields {
    pub id: Option<String>,
    pub email: Option<String>,
    pub is_disabled: Option<bool>,
    pub metadata: Option<String>,
}

impl UserFields {
    pub fn validate(&self) -> Result<(), TextError> {
        if let Some(id) = &self.id {
            text::check_partner_id("user.id", id)?;
        }
        if let Some(email) = &self.email {
            text::check_email("user.email", email)?;
        }
        if let Some(metadata) = &self.metadata {
            text::check_len("user.metadata", metadata, text::MAX_METADATA)?;
        }
        Ok(())
    }
}

/// Filters of `GET /users`.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub id: Option<String>,
    pub email: Option<String>,
    pub is_disabled: Option<bool>,
}
