//! Financial-institution locators and the directory behind
//! `GET /institutionByLocator` (spec §2.2 #4, §3.3, §6 #36–#38).

pub mod countries;
mod directory;
mod validate;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ParamError;

pub use directory::{
    Address, Directory, DirectoryError, Institution, InstitutionLookupResult, LocatorQuery,
    LocatorRef, SimpleInstitution, FI_DIRECTORY_JSON,
};
pub use validate::{aba_check_digit, iban_check_digits, validate_aba, validate_bic, validate_iban};

/// `institutionLocatorType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LocatorType {
    AbaRoutingNumber,
    SwiftBicCode,
    IbanAccountNumber,
}

impl LocatorType {
    pub const ALL: [LocatorType; 3] = [
        LocatorType::AbaRoutingNumber,
        LocatorType::SwiftBicCode,
        LocatorType::IbanAccountNumber,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LocatorType::AbaRoutingNumber => "abaRoutingNumber",
            LocatorType::SwiftBicCode => "swiftBicCode",
            LocatorType::IbanAccountNumber => "ibanAccountNumber",
        }
    }
}

impl FromStr for LocatorType {
    type Err = LocatorError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LocatorType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| LocatorError::UnknownLocatorType(s.to_owned()))
    }
}

impl fmt::Display for LocatorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Longest `locator` the parameter allows (spec §2.2 #4).
pub const MAX_LOCATOR_LEN: usize = 36;

/// Why a locator lookup was refused. [`LocatorError::status`] says whether the API
/// answers 400 (`badRequest`: the parameter breaks its schema) or 422
/// (`invalidLocator`: well-formed but not a valid locator of that type / country).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocatorError {
    #[error("locator is {0} characters long; at most 36 are allowed")]
    TooLong(usize),
    #[error("`{0}` is not one of: abaRoutingNumber, swiftBicCode, ibanAccountNumber")]
    UnknownLocatorType(String),
    #[error("countryCode `{0}` must be exactly two letters")]
    MalformedCountryCode(String),
    #[error("countryCode `{0}` is not an ISO 3166-1 alpha-2 country")]
    UnknownCountry(String),
    #[error("countryCode `{country}` does not allow locatorType `{locator_type}`: US institutions are looked up by abaRoutingNumber, others by swiftBicCode or ibanAccountNumber")]
    TypeNotAllowedForCountry {
        country: String,
        locator_type: LocatorType,
    },
    #[error("locator belongs to country `{locator_country}`, not countryCode `{country}`")]
    CountryMismatch {
        country: String,
        locator_country: String,
    },
    #[error("invalid ABA routing number: {0}")]
    InvalidAba(String),
    #[error("invalid IBAN: {0}")]
    InvalidIban(String),
    #[error("invalid SWIFT/BIC code: {0}")]
    InvalidBic(String),
}

impl LocatorError {
    pub fn status(&self) -> u16 {
        match self {
            LocatorError::TooLong(_)
            | LocatorError::UnknownLocatorType(_)
            | LocatorError::MalformedCountryCode(_) => 400,
            _ => 422,
        }
    }

    /// The problem `type` name (spec §1.3).
    pub fn problem_type(&self) -> &'static str {
        if self.status() == 400 {
            "badRequest"
        } else {
            "invalidLocator"
        }
    }

    /// The query parameter at fault.
    pub fn parameter(&self) -> &'static str {
        match self {
            LocatorError::UnknownLocatorType(_) | LocatorError::TypeNotAllowedForCountry { .. } => {
                "locatorType"
            }
            LocatorError::MalformedCountryCode(_)
            | LocatorError::UnknownCountry(_)
            | LocatorError::CountryMismatch { .. } => "countryCode",
            _ => "locator",
        }
    }
}

impl From<LocatorError> for ParamError {
    fn from(err: LocatorError) -> Self {
        let parameter = err.parameter();
        if err.status() == 400 {
            ParamError::malformed(parameter, err.to_string())
        } else {
            ParamError::unprocessable(parameter, err.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locator_types_and_errors() {
        for t in LocatorType::ALL {
            assert_eq!(t.as_str().parse::<LocatorType>(), Ok(t));
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
        let err = "routing".parse::<LocatorType>().unwrap_err();
        assert_eq!((err.status(), err.parameter()), (400, "locatorType"));
        let err = LocatorError::InvalidAba("checksum".into());
        assert_eq!(
            (err.status(), err.problem_type(), err.parameter()),
            (422, "invalidLocator", "locator")
        );
        let param: ParamError = LocatorError::MalformedCountryCode("U".into()).into();
        assert_eq!(
            (param.parameter.as_str(), param.status()),
            ("countryCode", 400)
        );
    }
}
