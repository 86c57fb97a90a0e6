//! Customers and their accounts (spec §3.1 `account`/`accountItem`, §5.4). Balances
//! are not stored here: they are derived from the journal.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::ids::{AccountId, CustomerId, SystemAccount};
use crate::money::iso_date;
use crate::products::{Allows, Location, Nature, Product, ProductType, Terms, TermsError};

/// Longest `transfer.updatedBy` (spec §3.6), which is the customer's full name.
pub const MAX_FULL_NAME: usize = 48;
pub const MAX_TITLE: usize = 80;
pub const MAX_NICKNAME: usize = 50;

/// A customer of the bank: who owns transfers and holds accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub id: CustomerId,
    /// Shown as `transfer.updatedBy`, hence ≤48.
    pub full_name: String,
    /// `accounts.primaryAccountId` for retail customers who chose one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_account: Option<AccountId>,
    /// The FI has disabled the customer's digital banking: every operation is
    /// refused with 403 `customerDisabled` (spec §1.3) until re-enabled.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
}

/// What one holder may do with an account, and what they call it: both are per
/// customer in the spec (§3.1 `allows` is "the caller's", §5.4 nicknames).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Access {
    pub allows: Allows,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
}

/// An account known to the bank: internal ones are on the books; external/outside ones
/// are only registered so customers can list them and use external ones in transfers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: AccountId,
    /// FI-assigned, derived from the owner's name (e.g. `Max Pike`).
    pub title: String,
    /// `*` plus up to four characters (`*1008`).
    pub masked_number: String,
    pub product: Product,
    pub location: Location,
    pub terms: Terms,
    #[serde(with = "iso_date")]
    pub opened_on: Date,
    pub electronic_statements: bool,
    pub holders: BTreeMap<CustomerId, Access>,
    /// Set for accounts serviced by a separate core (a CD or IRA custodian, a loan
    /// servicer) that answers balance inquiries asynchronously, this many seconds
    /// after they are made: `listAccountBalances` reports such a balance as
    /// incomplete (202) until the answer is in (spec §1.10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core_delay_seconds: Option<u32>,
    /// The full account number (`fullAccountNumber`, 1..32 of `[- a-zA-Z0-9.]`),
    /// ending in the masked digits; what account verification hands out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
}

/// Why an account record is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("account ids starting with `bank:` are reserved for the bank's own accounts")]
    ReservedId,
    #[error("masked number `{0}` must be `*` followed by 1 to 4 characters")]
    MaskedNumber(String),
    #[error("a full account number is 1 to 32 letters, digits, spaces, dots or dashes")]
    FullNumber,
    #[error("{field} is longer than {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("an account needs at least one holder")]
    NoHolder,
    #[error(transparent)]
    Terms(#[from] TermsError),
}

impl Account {
    /// An account whose holders get the product's default capabilities.
    pub fn new(
        id: AccountId,
        title: impl Into<String>,
        masked_number: impl Into<String>,
        product: Product,
        location: Location,
        opened_on: Date,
    ) -> Self {
        Self {
            id,
            title: title.into(),
            masked_number: masked_number.into(),
            product,
            location,
            terms: Terms::default(),
            opened_on,
            electronic_statements: false,
            holders: BTreeMap::new(),
            core_delay_seconds: None,
            number: None,
        }
    }

    pub fn with_terms(mut self, terms: Terms) -> Self {
        self.terms = terms;
        self
    }

    /// Adds a holder with the default capabilities for this product and location.
    pub fn with_holder(self, customer: CustomerId) -> Self {
        let allows = Allows::default_for(self.product.product_type, self.location);
        self.with_access(customer, allows, None)
    }

    pub fn with_access(
        mut self,
        customer: CustomerId,
        allows: Allows,
        nickname: Option<String>,
    ) -> Self {
        self.holders.insert(customer, Access { allows, nickname });
        self
    }

    pub fn product_type(&self) -> ProductType {
        self.product.product_type
    }

    pub fn nature(&self) -> Nature {
        self.product_type().nature()
    }

    pub fn is_internal(&self) -> bool {
        self.location == Location::Internal
    }

    pub fn access(&self, customer: &CustomerId) -> Option<&Access> {
        self.holders.get(customer)
    }

    /// `label` as the spec's examples show it (§5.4, §6 #8): the holder's nickname,
    /// else the product label, then the masked number.
    pub fn label(&self, customer: &CustomerId) -> String {
        let name = self
            .access(customer)
            .and_then(|access| access.nickname.as_deref())
            .unwrap_or(&self.product.label);
        format!("{name} {}", self.masked_number)
    }

    /// Checks everything the spec constrains about the record itself.
    pub fn check(&self) -> Result<(), AccountError> {
        if SystemAccount::is_system(&self.id) {
            return Err(AccountError::ReservedId);
        }
        let masked = self.masked_number.strip_prefix('*').unwrap_or("");
        let masked_ok = (1..=4).contains(&masked.len())
            && masked
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"- _.".contains(&b));
        if !masked_ok {
            return Err(AccountError::MaskedNumber(self.masked_number.clone()));
        }
        too_long("title", &self.title, MAX_TITLE)?;
        if let Some(number) = &self.number {
            let valid = (1..=32).contains(&number.len())
                && number
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"- .".contains(&b));
            if !valid {
                return Err(AccountError::FullNumber);
            }
        }
        for access in self.holders.values() {
            if let Some(nickname) = &access.nickname {
                too_long("nickname", nickname, MAX_NICKNAME)?;
            }
        }
        if self.holders.is_empty() {
            return Err(AccountError::NoHolder);
        }
        self.terms.check(self.product_type())?;
        Ok(())
    }
}

impl Customer {
    pub fn new(id: CustomerId, full_name: impl Into<String>) -> Self {
        Self {
            id,
            full_name: full_name.into(),
            primary_account: None,
            disabled: false,
        }
    }

    pub fn check(&self) -> Result<(), AccountError> {
        too_long("fullName", &self.full_name, MAX_FULL_NAME)
    }
}

pub(crate) fn too_long(field: &'static str, text: &str, max: usize) -> Result<(), AccountError> {
    if text.chars().count() > max {
        return Err(AccountError::TooLong { field, max });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn checking() -> Account {
        let product = Product {
            product_type: ProductType::Checking,
            code: "DDA".into(),
            label: "Business Checking".into(),
            description: "Checking".into(),
        };
        Account::new(
            AccountId::new("bf23bc970b78d27691e8").unwrap(),
            "Max Pike",
            "*1008",
            product,
            Location::Internal,
            date!(2022 - 01 - 03),
        )
    }

    #[test]
    fn labels_use_the_holders_nickname() {
        let max = CustomerId::new("max-pike").unwrap();
        let ann = CustomerId::new("ann-pike").unwrap();
        let account = checking().with_holder(ann.clone()).with_access(
            max.clone(),
            Allows::ALL,
            Some("Payroll Checking".into()),
        );
        assert_eq!(account.label(&max), "Payroll Checking *1008");
        assert_eq!(account.label(&ann), "Business Checking *1008");
        assert_eq!(account.check(), Ok(()));
    }

    #[test]
    fn records_are_checked() {
        let max = CustomerId::new("max-pike").unwrap();
        assert_eq!(checking().check(), Err(AccountError::NoHolder));
        let mut bad = checking().with_holder(max.clone());
        bad.masked_number = "1008".into();
        assert!(matches!(bad.check(), Err(AccountError::MaskedNumber(_))));
        let mut reserved = checking().with_holder(max);
        reserved.id = SystemAccount::Cash.id();
        assert_eq!(reserved.check(), Err(AccountError::ReservedId));
    }
}
