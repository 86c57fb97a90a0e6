//! One journal entry: a set of postings that sums to zero. The fields are private and
//! every way in (constructor and deserializer) runs the same checks, so an `Entry`
//! that exists is balanced — including one read back from storage.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::ids::{AccountId, EntryId, TransferId};
use crate::money::{decimal_str, is_cents, iso_date};

pub const MAX_MEMO: usize = 80;
pub const MAX_DESCRIPTION: usize = 80;
pub const MAX_MERCHANT_NAME: usize = 32;
pub const MAX_URL: usize = 400;
/// Merchant category codes have four digits.
pub const MAX_MCC: u32 = 9999;

/// One leg of an entry, signed per the crate's convention (see [`crate::products`]):
/// positive credits the account's holder, negative debits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Posting {
    pub account: AccountId,
    #[serde(with = "decimal_str")]
    pub amount: Decimal,
}

impl Posting {
    pub fn new(account: AccountId, amount: Decimal) -> Self {
        Self { account, amount }
    }
}

/// What caused an entry. Decides the transaction type shown for it (spec §3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EntryKind {
    /// Establishes a converted account's balance: shown as a `balance` row.
    OpeningBalance,
    Deposit,
    Withdrawal,
    Transfer,
    /// A check drawn on the debited account; carries `check_number`.
    Check,
    /// A card purchase; carries `merchant`.
    CardPurchase,
    Fee,
    Interest,
    Adjustment,
}

/// `transactionMerchant` (spec §3.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Merchant {
    /// ≤32.
    pub name: String,
    #[serde(
        rename = "website_url",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub website_url: Option<String>,
    #[serde(rename = "logo_url", default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// The card network's merchant category code (ISO 18245, 4 digits): what the
    /// aggregation side categorizes card purchases by. Not part of the Apiture wire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mcc: Option<u32>,
}

impl Merchant {
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            website_url: None,
            logo_url: None,
            mcc: None,
        }
    }

    /// The same merchant with its merchant category code.
    pub fn with_mcc(mut self, mcc: u32) -> Self {
        self.mcc = Some(mcc);
        self
    }
}

/// Everything an entry records. Build one, then pass it to [`Entry::new`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryData {
    pub id: EntryId,
    pub kind: EntryKind,
    /// `transaction.createdOn`: when the item arose (a settled hold keeps its date).
    #[serde(with = "iso_date")]
    pub created_on: Date,
    #[serde(with = "time::serde::rfc3339")]
    pub posted_at: OffsetDateTime,
    /// `transaction.postedOn`: the business date it was applied.
    #[serde(with = "iso_date")]
    pub posted_on: Date,
    pub postings: Vec<Posting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_number: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant: Option<Merchant>,
    /// The transfer whose occurrence this entry executed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer: Option<TransferId>,
}

/// Why an entry is refused. None of these can be caused by a customer through the
/// ledger's own operations; they guard the journal against bad replays and bugs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JournalError {
    #[error("entry {0} needs at least two postings")]
    TooFewPostings(EntryId),
    #[error("entry {entry} does not balance: postings sum to {sum}")]
    Unbalanced { entry: EntryId, sum: Decimal },
    #[error("entry {0} has a zero or sub-cent posting")]
    BadAmount(EntryId),
    #[error("entry {0} posts to the same account twice")]
    DuplicateAccount(EntryId),
    #[error("entry {0}: check numbers (≥ 1) belong to check entries, and every check has one")]
    CheckNumber(EntryId),
    #[error("entry {0}: a merchant category code has at most four digits")]
    Mcc(EntryId),
    #[error("entry {0}: card purchases need a merchant")]
    MissingMerchant(EntryId),
    #[error("entry {entry}: {field} is too long")]
    TooLong { entry: EntryId, field: &'static str },
    #[error("entry {0} is posted before it was created")]
    PostedBeforeCreated(EntryId),
    #[error("entry {0} is already in the journal")]
    DuplicateId(EntryId),
}

/// A validated, balanced journal entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "EntryData", into = "EntryData")]
pub struct Entry(EntryData);

impl TryFrom<EntryData> for Entry {
    type Error = JournalError;
    fn try_from(data: EntryData) -> Result<Self, JournalError> {
        Entry::new(data)
    }
}

impl From<Entry> for EntryData {
    fn from(entry: Entry) -> EntryData {
        entry.0
    }
}

impl Entry {
    /// Refuses entries that do not sum to zero, and the other malformed shapes listed
    /// in [`JournalError`].
    pub fn new(data: EntryData) -> Result<Entry, JournalError> {
        let id = || data.id.clone();
        if data.postings.len() < 2 {
            return Err(JournalError::TooFewPostings(id()));
        }
        if data
            .postings
            .iter()
            .any(|p| p.amount.is_zero() || !is_cents(p.amount))
        {
            return Err(JournalError::BadAmount(id()));
        }
        let sum: Decimal = data.postings.iter().map(|p| p.amount).sum();
        if !sum.is_zero() {
            return Err(JournalError::Unbalanced { entry: id(), sum });
        }
        let mut accounts: Vec<&AccountId> = data.postings.iter().map(|p| &p.account).collect();
        accounts.sort();
        accounts.dedup();
        if accounts.len() != data.postings.len() {
            return Err(JournalError::DuplicateAccount(id()));
        }
        check_annotations(&data)?;
        Ok(Entry(data))
    }

    pub fn data(&self) -> &EntryData {
        &self.0
    }

    pub fn id(&self) -> &EntryId {
        &self.0.id
    }

    pub fn kind(&self) -> EntryKind {
        self.0.kind
    }

    pub fn posted_on(&self) -> Date {
        self.0.posted_on
    }

    pub fn postings(&self) -> &[Posting] {
        &self.0.postings
    }

    /// The signed amount this entry posts to `account`, if it touches it.
    pub fn amount_for(&self, account: &AccountId) -> Option<Decimal> {
        self.0
            .postings
            .iter()
            .find(|p| &p.account == account)
            .map(|p| p.amount)
    }
}

fn check_annotations(data: &EntryData) -> Result<(), JournalError> {
    let id = || data.id.clone();
    let is_check = data.kind == EntryKind::Check;
    if is_check != data.check_number.is_some() || data.check_number == Some(0) {
        return Err(JournalError::CheckNumber(id()));
    }
    if data.kind == EntryKind::CardPurchase && data.merchant.is_none() {
        return Err(JournalError::MissingMerchant(id()));
    }
    let long = |text: &Option<String>, max: usize| {
        text.as_deref().is_some_and(|t| t.chars().count() > max)
    };
    let too_long = |field| JournalError::TooLong { entry: id(), field };
    if long(&data.memo, MAX_MEMO) {
        return Err(too_long("memo"));
    }
    if long(&data.description, MAX_DESCRIPTION) {
        return Err(too_long("description"));
    }
    if let Some(merchant) = &data.merchant {
        let name = Some(merchant.name.clone());
        if long(&name, MAX_MERCHANT_NAME)
            || long(&merchant.website_url, MAX_URL)
            || long(&merchant.logo_url, MAX_URL)
        {
            return Err(too_long("merchant"));
        }
        if merchant.mcc.is_some_and(|mcc| mcc > MAX_MCC) {
            return Err(JournalError::Mcc(id()));
        }
    }
    if data.posted_on < data.created_on {
        return Err(JournalError::PostedBeforeCreated(id()));
    }
    Ok(())
}
