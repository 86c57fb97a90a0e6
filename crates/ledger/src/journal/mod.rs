//! The double-entry journal: an append-only list of balanced [`Entry`]s. Balances are
//! never stored as facts; they are sums of postings, cached here and rebuilt by
//! [`Journal::replay`] from whatever a store persisted.

mod entry;
mod holds;
mod view;

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::ids::{AccountId, EntryId};

pub use entry::{
    Entry, EntryData, EntryKind, JournalError, Merchant, Posting, MAX_DESCRIPTION, MAX_MEMO,
    MAX_MERCHANT_NAME,
};
pub use holds::{Hold, Holds};
pub use view::{transactions, TransactionType, TransactionView};

/// Append-only, always balanced. Serializes as its list of entries; deserializing
/// replays them, so every invariant is re-checked on load.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(try_from = "Vec<Entry>", into = "Vec<Entry>")]
pub struct Journal {
    entries: Vec<Entry>,
    positions: HashMap<EntryId, usize>,
    /// Cache of Σ postings per account; [`Journal::recomputed_balance`] is the truth.
    balances: BTreeMap<AccountId, Decimal>,
    /// (drawer account, check number) pairs already used: a check number clears once.
    checks: HashSet<(AccountId, u64)>,
}

impl Journal {
    pub fn new() -> Self {
        Self::default()
    }

    /// Rebuilds a journal from stored entries, in their original order.
    pub fn replay(entries: impl IntoIterator<Item = Entry>) -> Result<Self, JournalError> {
        let mut journal = Journal::new();
        for entry in entries {
            journal.post(entry)?;
        }
        Ok(journal)
    }

    /// Appends a (necessarily balanced) entry. Refuses a reused id, or a check number
    /// already cleared on the drawer account.
    pub fn post(&mut self, entry: Entry) -> Result<(), JournalError> {
        if self.positions.contains_key(entry.id()) {
            return Err(JournalError::DuplicateId(entry.id().clone()));
        }
        let new_checks = Self::checks_of(&entry);
        if new_checks.iter().any(|key| self.checks.contains(key)) {
            return Err(JournalError::CheckNumber(entry.id().clone()));
        }
        for posting in entry.postings() {
            *self
                .balances
                .entry(posting.account.clone())
                .or_insert(Decimal::ZERO) += posting.amount;
        }
        self.checks.extend(new_checks);
        self.positions
            .insert(entry.id().clone(), self.entries.len());
        self.entries.push(entry);
        Ok(())
    }

    fn checks_of(entry: &Entry) -> Vec<(AccountId, u64)> {
        let Some(number) = entry.data().check_number else {
            return Vec::new();
        };
        entry
            .postings()
            .iter()
            .filter(|p| p.amount.is_sign_negative())
            .map(|p| (p.account.clone(), number))
            .collect()
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, id: &EntryId) -> Option<&Entry> {
        self.positions.get(id).and_then(|&i| self.entries.get(i))
    }

    /// Posted balance: Σ of every posting to `account`.
    pub fn balance(&self, account: &AccountId) -> Decimal {
        self.balances.get(account).copied().unwrap_or(Decimal::ZERO)
    }

    /// Σ postings to `account` posted strictly before `date`: the spec's `current`
    /// ("balance at end of previous business day", §3.2) when `date` is today.
    pub fn balance_before(&self, account: &AccountId, date: Date) -> Decimal {
        self.entries
            .iter()
            .filter(|e| e.posted_on() < date)
            .filter_map(|e| e.amount_for(account))
            .sum()
    }

    /// The posted balance recomputed from the entries, bypassing the cache.
    pub fn recomputed_balance(&self, account: &AccountId) -> Decimal {
        self.entries
            .iter()
            .filter_map(|e| e.amount_for(account))
            .sum()
    }

    /// Every account that has ever been posted to, with its balance.
    pub fn balances(&self) -> &BTreeMap<AccountId, Decimal> {
        &self.balances
    }

    /// Σ of all balances. Zero by construction; exposed so tests and audits can say so.
    pub fn total(&self) -> Decimal {
        self.balances.values().copied().sum()
    }

    /// Whether `number` has already cleared as a check drawn on `account`.
    pub fn check_used(&self, account: &AccountId, number: u64) -> bool {
        self.checks.contains(&(account.clone(), number))
    }
}

impl TryFrom<Vec<Entry>> for Journal {
    type Error = JournalError;
    fn try_from(entries: Vec<Entry>) -> Result<Self, JournalError> {
        Journal::replay(entries)
    }
}

impl From<Journal> for Vec<Entry> {
    fn from(journal: Journal) -> Vec<Entry> {
        journal.entries
    }
}

#[cfg(test)]
mod tests;
