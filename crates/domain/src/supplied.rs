//! Data that end users and partners supply instead of a connector: manual accounts and
//! transactions, and partner-managed accounts and transactions. The checks here hold
//! whichever dialect the data comes through; `None` always means "not provided".

use crate::account::{Account, AccountFigures, ACCOUNT_TYPES, NON_NEGATIVE_AMOUNTS};
use crate::routing::valid_aba;
use crate::text::{self, TextError};
use crate::transaction::{Transaction, TransactionKind, TransactionStatus};
use rust_decimal::Decimal;
use time::{Date, OffsetDateTime};

/// A field that failed a check, named the way the partner sent it (`account.balance`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct InvalidField {
    pub field: String,
    pub message: String,
}

impl InvalidField {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    fn missing(field: &str) -> Self {
        Self::new(field, format!("{field} is required."))
    }
}

impl From<TextError> for InvalidField {
    fn from(error: TextError) -> Self {
        let field = match &error {
            TextError::TooLong { field, .. }
            | TextError::Empty { field }
            | TextError::InvalidEmail { field } => *field,
        };
        Self::new(field, error.to_string())
    }
}

/// ISO 4217 codes are three letters; stored upper-case.
pub fn currency_code(field: &str, code: &str) -> Result<String, InvalidField> {
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(code.to_ascii_uppercase())
    } else {
        Err(InvalidField::new(
            field,
            format!("{field} must be a three-letter ISO 4217 code."),
        ))
    }
}

/// A transaction amount: positive, since the direction is the transaction's type.
pub fn positive_amount(field: &str, amount: Decimal) -> Result<(), InvalidField> {
    if amount > Decimal::ZERO {
        Ok(())
    } else {
        Err(InvalidField::new(
            field,
            format!("{field} must be greater than zero; the type (CREDIT or DEBIT) gives the direction."),
        ))
    }
}

/// A partial account. Creating one starts from an empty account; updating changes only
/// what is given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountFields {
    pub id: Option<String>,
    pub name: Option<String>,
    pub nickname: Option<String>,
    pub account_type: Option<String>,
    pub subtype: Option<String>,
    pub account_number: Option<String>,
    pub routing_number: Option<String>,
    pub currency_code: Option<String>,
    pub property_type: Option<String>,
    pub metadata: Option<String>,
    pub is_closed: Option<bool>,
    pub is_hidden: Option<bool>,
    /// Amounts and dates; every value present is set.
    pub figures: AccountFigures,
}

/// What an aggregated account lets a partner change; everything else comes from the
/// institution (MX: "can only be updated for manual accounts").
const AGGREGATED_UPDATABLE: [&str; 3] = ["is_hidden", "metadata", "nickname"];

impl AccountFields {
    /// Checks every given value and normalises codes to upper case.
    pub fn checked(mut self) -> Result<Self, InvalidField> {
        if let Some(id) = &self.id {
            text::check_partner_id("account.id", id)?;
        }
        if let Some(name) = &self.name {
            text::check_partner_id("account.name", name)?;
        }
        for (field, value) in [
            ("account.nickname", &self.nickname),
            ("account.subtype", &self.subtype),
            ("account.property_type", &self.property_type),
        ] {
            if let Some(value) = value {
                text::check_len(field, value, text::MAX_SHORT_TEXT)?;
            }
        }
        if let Some(metadata) = &self.metadata {
            text::check_len("account.metadata", metadata, text::MAX_METADATA)?;
        }
        if let Some(kind) = &self.account_type {
            self.account_type = Some(account_type(kind)?);
        }
        if let Some(code) = &self.currency_code {
            self.currency_code = Some(currency_code("account.currency_code", code)?);
        }
        if let Some(number) = &self.account_number {
            text::check_partner_id("account.account_number", number)?;
        }
        if let Some(routing) = &self.routing_number {
            if !valid_aba(routing) {
                return Err(InvalidField::new(
                    "account.routing_number",
                    "account.routing_number is not a valid ABA routing number.",
                ));
            }
        }
        check_figures(&self.figures)?;
        Ok(self)
    }

    /// The first required field that is missing, for creating an account.
    pub fn require(&self, required: &[&str]) -> Result<(), InvalidField> {
        let given = |name: &str| match name {
            "id" => self.id.is_some(),
            "name" => self.name.is_some(),
            "type" | "account_type" => self.account_type.is_some(),
            "balance" => self.figures.balance.is_some(),
            _ => true,
        };
        match required.iter().find(|name| !given(name)) {
            Some(name) => Err(InvalidField::missing(&format!("account.{name}"))),
            None => Ok(()),
        }
    }

    /// The first given field that an aggregated account does not let a partner change.
    pub fn not_updatable_when_aggregated(&self) -> Option<String> {
        let mut figures = self.figures.clone();
        let amount = figures
            .amounts_mut()
            .into_iter()
            .find(|(_, value)| value.is_some())
            .map(|(name, _)| name);
        let other = [
            ("id", self.id.is_some()),
            ("name", self.name.is_some()),
            ("type", self.account_type.is_some()),
            ("subtype", self.subtype.is_some()),
            ("account_number", self.account_number.is_some()),
            ("routing_number", self.routing_number.is_some()),
            ("currency_code", self.currency_code.is_some()),
            ("property_type", self.property_type.is_some()),
            ("is_closed", self.is_closed.is_some()),
            ("death_benefit", figures.death_benefit.is_some()),
            ("day_payment_is_due", figures.day_payment_is_due.is_some()),
            ("payment_due_at", figures.payment_due_at.is_some()),
            ("last_payment_at", figures.last_payment_at.is_some()),
            ("started_on", figures.started_on.is_some()),
            ("matures_on", figures.matures_on.is_some()),
        ]
        .into_iter()
        .find(|(name, given)| *given && !AGGREGATED_UPDATABLE.contains(name))
        .map(|(name, _)| name);
        amount.or(other).map(|name| format!("account.{name}"))
    }

    /// Writes every given value onto the account.
    pub fn apply(self, account: &mut Account) {
        let set = |slot: &mut Option<String>, value: Option<String>| {
            if value.is_some() {
                *slot = value;
            }
        };
        set(&mut account.id, self.id);
        set(&mut account.nickname, self.nickname);
        set(&mut account.subtype, self.subtype);
        set(&mut account.account_number_mask, self.account_number);
        set(&mut account.routing_number, self.routing_number);
        set(&mut account.property_type, self.property_type);
        set(&mut account.metadata, self.metadata);
        if let Some(name) = self.name {
            account.name = name;
        }
        if let Some(kind) = self.account_type {
            account.account_type = kind;
        }
        if let Some(code) = self.currency_code {
            account.currency_code = code;
        }
        account.is_closed = self.is_closed.unwrap_or(account.is_closed);
        account.is_hidden = self.is_hidden.unwrap_or(account.is_hidden);
        account.figures.apply(&self.figures);
    }
}

fn account_type(kind: &str) -> Result<String, InvalidField> {
    let upper = kind.trim().to_ascii_uppercase();
    if ACCOUNT_TYPES.contains(&upper.as_str()) {
        Ok(upper)
    } else {
        Err(InvalidField::new(
            "account.type",
            format!("account.type must be one of {}.", ACCOUNT_TYPES.join(", ")),
        ))
    }
}

fn check_figures(figures: &AccountFigures) -> Result<(), InvalidField> {
    let mut figures = figures.clone();
    if let Some(day) = figures.day_payment_is_due {
        if !(1..=31).contains(&day) {
            return Err(InvalidField::new(
                "account.day_payment_is_due",
                "account.day_payment_is_due must be a day of the month (1 to 31).",
            ));
        }
    }
    if figures.death_benefit.is_some_and(|v| v < 0) {
        return Err(InvalidField::new(
            "account.death_benefit",
            "account.death_benefit must not be negative.",
        ));
    }
    for (name, value) in figures.amounts_mut() {
        if NON_NEGATIVE_AMOUNTS.contains(&name) && value.is_some_and(|v| v.is_sign_negative()) {
            let field = format!("account.{name}");
            return Err(InvalidField::new(
                &field,
                format!("{field} must not be negative."),
            ));
        }
    }
    Ok(())
}

/// A partial transaction, with the same meaning of `None` as `AccountFields`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransactionFields {
    pub id: Option<String>,
    pub amount: Option<Decimal>,
    pub kind: Option<TransactionKind>,
    pub status: Option<TransactionStatus>,
    pub date: Option<Date>,
    pub transacted_at: Option<OffsetDateTime>,
    pub posted_at: Option<OffsetDateTime>,
    pub description: Option<String>,
    pub memo: Option<String>,
    pub check_number: Option<String>,
    pub currency_code: Option<String>,
    pub is_international: Option<bool>,
    pub latitude: Option<Decimal>,
    pub longitude: Option<Decimal>,
    pub merchant_category_code: Option<u32>,
    pub metadata: Option<String>,
}

impl TransactionFields {
    pub fn checked(mut self) -> Result<Self, InvalidField> {
        if let Some(id) = &self.id {
            text::check_partner_id("transaction.id", id)?;
        }
        if let Some(amount) = self.amount {
            positive_amount("transaction.amount", amount)?;
        }
        if let Some(description) = &self.description {
            text::check_partner_id("transaction.description", description)?;
        }
        for (field, value) in [
            ("transaction.memo", &self.memo),
            ("transaction.check_number_string", &self.check_number),
        ] {
            if let Some(value) = value {
                text::check_len(field, value, text::MAX_SHORT_TEXT)?;
            }
        }
        if let Some(metadata) = &self.metadata {
            text::check_len("transaction.metadata", metadata, text::MAX_METADATA)?;
        }
        if let Some(code) = &self.currency_code {
            self.currency_code = Some(currency_code("transaction.currency_code", code)?);
        }
        check_coordinate("transaction.latitude", self.latitude, 90)?;
        check_coordinate("transaction.longitude", self.longitude, 180)?;
        if self.merchant_category_code.is_some_and(|c| c > 9999) {
            return Err(InvalidField::new(
                "transaction.merchant_category_code",
                "transaction.merchant_category_code must be a four-digit ISO 18245 code.",
            ));
        }
        Ok(self)
    }

    /// The first required field that is missing, for creating a transaction.
    pub fn require(&self, required: &[&str]) -> Result<(), InvalidField> {
        let given = |name: &str| match name {
            "amount" => self.amount.is_some(),
            "type" => self.kind.is_some(),
            "status" => self.status.is_some(),
            "date" => self.date.is_some(),
            "transacted_at" => self.transacted_at.is_some(),
            "posted_at" => self.posted_at.is_some(),
            "description" => self.description.is_some(),
            _ => true,
        };
        match required.iter().find(|name| !given(name)) {
            Some(name) => Err(InvalidField::missing(&format!("transaction.{name}"))),
            None => Ok(()),
        }
    }

    /// Writes every given value onto the transaction. The search `date` follows
    /// `transacted_at` unless a date is given (MX: the date of `transacted_at`).
    pub fn apply(self, t: &mut Transaction) {
        if self.id.is_some() {
            t.id = self.id;
        }
        t.amount = self.amount.unwrap_or(t.amount);
        t.kind = self.kind.unwrap_or(t.kind);
        t.status = self.status.unwrap_or(t.status);
        if let Some(at) = self.transacted_at {
            t.transacted_at = at;
            t.date = at.date();
        }
        if self.posted_at.is_some() {
            t.posted_at = self.posted_at;
        }
        t.date = self.date.unwrap_or(t.date);
        if let Some(description) = self.description {
            t.original_description.clone_from(&description);
            t.description = description;
        }
        let set = |slot: &mut Option<String>, value: Option<String>| {
            if value.is_some() {
                *slot = value;
            }
        };
        set(&mut t.memo, self.memo);
        set(&mut t.check_number, self.check_number);
        set(&mut t.metadata, self.metadata);
        if let Some(code) = self.currency_code {
            t.currency_code = code;
        }
        t.flags.is_international = self.is_international.unwrap_or(t.flags.is_international);
        t.latitude = self.latitude.or(t.latitude);
        t.longitude = self.longitude.or(t.longitude);
        t.merchant_category_code = self.merchant_category_code.or(t.merchant_category_code);
    }
}

fn check_coordinate(field: &str, value: Option<Decimal>, limit: i64) -> Result<(), InvalidField> {
    match value {
        Some(v) if v.abs() > Decimal::from(limit) => Err(InvalidField::new(
            field,
            format!("{field} must be between -{limit} and {limit}."),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_checks_name_the_field() {
        let bad = |fields: AccountFields| fields.checked().expect_err("invalid").field;
        let kind = AccountFields {
            account_type: Some("PIGGY_BANK".into()),
            ..Default::default()
        };
        assert_eq!(bad(kind), "account.type");
        let routing = AccountFields {
            routing_number: Some("021000022".into()),
            ..Default::default()
        };
        assert_eq!(bad(routing), "account.routing_number");
        let mut figures = AccountFigures {
            credit_limit: Some(Decimal::new(-1, 2)),
            ..Default::default()
        };
        let limit = AccountFields {
            figures: figures.clone(),
            ..Default::default()
        };
        assert_eq!(bad(limit), "account.credit_limit");
        figures.credit_limit = None;
        figures.balance = Some(Decimal::new(-5000, 2));
        let overdrawn = AccountFields {
            figures,
            account_type: Some("checking".into()),
            currency_code: Some("usd".into()),
            ..Default::default()
        };
        let ok = overdrawn.checked().expect("an overdrawn balance is fine");
        assert_eq!(ok.account_type.as_deref(), Some("CHECKING"));
        assert_eq!(ok.currency_code.as_deref(), Some("USD"));
    }

    #[test]
    fn aggregated_accounts_take_only_three_fields() {
        let allowed = AccountFields {
            is_hidden: Some(true),
            metadata: Some("m".into()),
            nickname: Some("n".into()),
            ..Default::default()
        };
        assert_eq!(allowed.not_updatable_when_aggregated(), None);
        let balance = AccountFields {
            figures: AccountFigures {
                balance: Some(Decimal::ONE),
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(
            balance.not_updatable_when_aggregated().as_deref(),
            Some("account.balance")
        );
    }

    #[test]
    fn amounts_must_be_positive() {
        for amount in [Decimal::ZERO, Decimal::new(-1, 2)] {
            let fields = TransactionFields {
                amount: Some(amount),
                ..Default::default()
            };
            assert_eq!(
                fields.checked().expect_err("not positive").field,
                "transaction.amount"
            );
        }
        let missing = TransactionFields::default().require(&["amount", "date"]);
        assert_eq!(missing.expect_err("missing").field, "transaction.amount");
    }
}
