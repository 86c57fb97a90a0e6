//! The credential input MX and Atrium share: `{guid, value}`, or `{field_name, value}`.

use super::body::Object;
use polyfin_engine::members::CredentialInput;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct CredentialBody {
    guid: Option<String>,
    field_name: Option<String>,
    value: String,
}

impl From<Object<CredentialBody>> for CredentialInput {
    fn from(Object(body): Object<CredentialBody>) -> Self {
        Self {
            guid: body.guid,
            field_name: body.field_name,
            value: body.value,
        }
    }
}
