//! MFA challenges a connector asks and the answers a partner sends back.

use crate::ids::CredentialGuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeKind {
    Text,
    Token,
    Options,
    ImageData,
    ImageOptions,
}

impl ChallengeKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "TEXT",
            Self::Token => "TOKEN",
            Self::Options => "OPTIONS",
            Self::ImageData => "IMAGE_DATA",
            Self::ImageOptions => "IMAGE_OPTIONS",
        }
    }

    /// The credential `field_type` code the Connect widget reads.
    pub fn field_type_code(self) -> u8 {
        match self {
            Self::Text => 0,
            Self::Options => 2,
            Self::Token => 12,
            Self::ImageData => 13,
            Self::ImageOptions => 14,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeOption {
    pub label: String,
    pub value: String,
    /// A data URI, for IMAGE_OPTIONS.
    pub data_uri: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub guid: CredentialGuid,
    pub field_name: String,
    pub label: String,
    pub kind: ChallengeKind,
    pub options: Vec<ChallengeOption>,
    /// A data URI, for IMAGE_DATA.
    pub image_data: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeAnswer {
    pub guid: String,
    pub value: String,
}
