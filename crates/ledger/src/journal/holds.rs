//! Holds: pending debits (card authorizations, items in clearing) that lower what an
//! account may spend without posting anything. A hold either settles — becoming a
//! journal entry in the same step that removes it — or is released.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::ids::{AccountId, HoldId};
use crate::money::{decimal_str, iso_date};

use super::Merchant;

/// A pending debit of `amount` (a positive magnitude: it always makes the holder's
/// position more negative, per the crate's sign convention).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hold {
    pub id: HoldId,
    pub account: AccountId,
    #[serde(with = "decimal_str")]
    pub amount: Decimal,
    #[serde(with = "time::serde::rfc3339")]
    pub placed_at: OffsetDateTime,
    #[serde(with = "iso_date")]
    pub placed_on: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant: Option<Merchant>,
}

/// The active holds, by id. Serializes as the list of holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<Hold>", into = "Vec<Hold>")]
pub struct Holds {
    by_id: BTreeMap<HoldId, Hold>,
}

impl Holds {
    pub fn insert(&mut self, hold: Hold) {
        self.by_id.insert(hold.id.clone(), hold);
    }

    pub fn remove(&mut self, id: &HoldId) -> Option<Hold> {
        self.by_id.remove(id)
    }

    pub fn get(&self, id: &HoldId) -> Option<&Hold> {
        self.by_id.get(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Hold> {
        self.by_id.values()
    }

    pub fn for_account<'a>(&'a self, account: &'a AccountId) -> impl Iterator<Item = &'a Hold> {
        self.by_id.values().filter(move |h| &h.account == account)
    }

    /// Σ of the active holds' magnitudes on `account`.
    pub fn total(&self, account: &AccountId) -> Decimal {
        self.for_account(account).map(|h| h.amount).sum()
    }
}

impl From<Vec<Hold>> for Holds {
    fn from(holds: Vec<Hold>) -> Self {
        let mut out = Holds::default();
        for hold in holds {
            out.insert(hold);
        }
        out
    }
}

impl From<Holds> for Vec<Hold> {
    fn from(holds: Holds) -> Vec<Hold> {
        holds.by_id.into_values().collect()
    }
}
