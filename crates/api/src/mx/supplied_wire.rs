//! Request bodies of manual and partner-managed accounts and transactions, as the MX
//! SDK sends them, and their translation into the domain's partial records. Amounts
//! are read as exact decimals from JSON numbers or strings (the SDK sends a managed
//! transaction's `amount` as a string).

use crate::common::ApiError;
use polyfin_domain::account::AccountFigures;
use polyfin_domain::clock::{parse_date, parse_timestamp};
use polyfin_domain::supplied::{AccountFields, TransactionFields};
use polyfin_domain::transaction::{TransactionKind, TransactionStatus};
use polyfin_domain::{Date, Decimal, OffsetDateTime};
use serde::Deserialize;

/// Every account field of `AccountCreateRequest`, `AccountUpdateRequest` and the
/// managed account requests. Manual requests say `account_type`/`account_subtype`,
/// managed ones `type`/`subtype`. Fields Polyfin keeps nothing for (`is_business`,
/// `skip_webhook`) are ignored, like any unknown key.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AccountBody {
    id: Option<String>,
    name: Option<String>,
    nickname: Option<String>,
    #[serde(alias = "type")]
    account_type: Option<String>,
    #[serde(alias = "subtype")]
    account_subtype: Option<String>,
    account_number: Option<String>,
    routing_number: Option<String>,
    currency_code: Option<String>,
    property_type: Option<String>,
    metadata: Option<String>,
    is_closed: Option<bool>,
    is_hidden: Option<bool>,
    balance: Option<Decimal>,
    available_balance: Option<Decimal>,
    available_credit: Option<Decimal>,
    credit_limit: Option<Decimal>,
    apr: Option<Decimal>,
    apy: Option<Decimal>,
    interest_rate: Option<Decimal>,
    minimum_payment: Option<Decimal>,
    minimum_balance: Option<Decimal>,
    last_payment: Option<Decimal>,
    original_balance: Option<Decimal>,
    loan_amount: Option<Decimal>,
    payoff_balance: Option<Decimal>,
    cash_surrender_value: Option<Decimal>,
    death_benefit: Option<i64>,
    day_payment_is_due: Option<u8>,
    payment_due_at: Option<String>,
    last_payment_at: Option<String>,
    started_on: Option<String>,
    matures_on: Option<String>,
}

impl AccountBody {
    pub fn into_fields(self) -> Result<AccountFields, ApiError> {
        let figures = AccountFigures {
            balance: self.balance,
            available_balance: self.available_balance,
            available_credit: self.available_credit,
            credit_limit: self.credit_limit,
            apr: self.apr,
            apy: self.apy,
            interest_rate: self.interest_rate,
            minimum_payment: self.minimum_payment,
            minimum_balance: self.minimum_balance,
            last_payment: self.last_payment,
            original_balance: self.original_balance,
            loan_amount: self.loan_amount,
            payoff_balance: self.payoff_balance,
            cash_surrender_value: self.cash_surrender_value,
            death_benefit: self.death_benefit,
            day_payment_is_due: self.day_payment_is_due,
            payment_due_at: timestamp("account.payment_due_at", self.payment_due_at)?,
            last_payment_at: timestamp("account.last_payment_at", self.last_payment_at)?,
            started_on: date("account.started_on", self.started_on)?,
            matures_on: date("account.matures_on", self.matures_on)?,
            ..AccountFigures::default()
        };
        Ok(AccountFields {
            id: self.id,
            name: self.name,
            nickname: self.nickname,
            account_type: self.account_type,
            subtype: self.account_subtype,
            account_number: self.account_number,
            routing_number: self.routing_number,
            currency_code: self.currency_code,
            property_type: self.property_type,
            metadata: self.metadata,
            is_closed: self.is_closed,
            is_hidden: self.is_hidden,
            figures,
        })
    }
}

/// Every field of `TransactionCreateRequest` (manual) and the managed transaction
/// requests. `category_guid` is the manual form, `category` (a name) the managed one.
/// What Polyfin keeps nothing for (`has_been_viewed`, `is_hidden`, `skip_webhook`,
/// the localized texts, merchant guids) is ignored, like any unknown key.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TransactionBody {
    id: Option<String>,
    amount: Option<Decimal>,
    #[serde(rename = "type")]
    kind: Option<String>,
    status: Option<String>,
    date: Option<String>,
    transacted_at: Option<String>,
    posted_at: Option<String>,
    description: Option<String>,
    memo: Option<String>,
    check_number_string: Option<String>,
    currency_code: Option<String>,
    is_international: Option<bool>,
    latitude: Option<Decimal>,
    longitude: Option<Decimal>,
    merchant_category_code: Option<u32>,
    metadata: Option<String>,
    pub category: Option<String>,
    pub category_guid: Option<String>,
}

impl TransactionBody {
    pub fn into_fields(self) -> Result<TransactionFields, ApiError> {
        let kind = self
            .kind
            .map(|k| {
                TransactionKind::parse(&k).ok_or_else(|| {
                    ApiError::bad_request(
                        "transaction.type",
                        "transaction.type must be CREDIT or DEBIT.",
                    )
                })
            })
            .transpose()?;
        let status = self
            .status
            .map(|s| {
                TransactionStatus::parse(&s).ok_or_else(|| {
                    ApiError::bad_request(
                        "transaction.status",
                        "transaction.status must be POSTED or PENDING.",
                    )
                })
            })
            .transpose()?;
        Ok(TransactionFields {
            id: self.id,
            amount: self.amount,
            kind,
            status,
            date: date("transaction.date", self.date)?,
            transacted_at: timestamp("transaction.transacted_at", self.transacted_at)?,
            posted_at: timestamp("transaction.posted_at", self.posted_at)?,
            description: self.description,
            memo: self.memo,
            check_number: self.check_number_string,
            currency_code: self.currency_code,
            is_international: self.is_international,
            latitude: self.latitude,
            longitude: self.longitude,
            merchant_category_code: self.merchant_category_code,
            metadata: self.metadata,
        })
    }
}

fn date(field: &str, text: Option<String>) -> Result<Option<Date>, ApiError> {
    text.map(|t| {
        parse_date(&t).ok_or_else(|| {
            ApiError::bad_request(field, format!("{field} must be a date in YYYY-MM-DD form."))
        })
    })
    .transpose()
}

/// RFC 3339 timestamps; a bare date means its midnight UTC.
fn timestamp(field: &str, text: Option<String>) -> Result<Option<OffsetDateTime>, ApiError> {
    text.map(|t| {
        parse_timestamp(&t)
            .or_else(|| parse_date(&t).map(|d| d.midnight().assume_utc()))
            .ok_or_else(|| {
                ApiError::bad_request(
                    field,
                    format!("{field} must be an RFC 3339 timestamp such as 2024-12-20T18:52:36Z."),
                )
            })
    })
    .transpose()
}
