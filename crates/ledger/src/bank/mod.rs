//! The [`Ledger`]: customers, accounts, the journal, holds and transfers behind one
//! facade. Every `&mut self` operation checks everything before it changes anything,
//! so each call is atomic: it either fully applies or leaves the ledger untouched.
//! [`SharedLedger`] wraps it in a mutex so concurrent callers are serialized.
//!
//! Storage: [`Ledger::export`] gives a serializable [`LedgerState`];
//! [`Ledger::restore`] rebuilds a ledger from one, replaying (and so re-validating)
//! the journal.

mod error;
mod movements;
mod shared;
mod transfers;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::accounts::{Account, Customer};
use crate::calendar::Calendar;
use crate::clock::Now;
use crate::ids::{AccountId, CustomerId, EntryId, IdSequence, SystemAccount, TransferId};
use crate::journal::{
    transactions, Entry, EntryData, EntryKind, Holds, Journal, Posting, TransactionView,
};
use crate::money::opt_decimal_str;
use crate::transfers::Transfer;

pub use error::LedgerError;
pub use shared::SharedLedger;
pub use transfers::Outcome;

/// FI policy knobs for transfers (spec §5.5 [R]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    /// Transfers above this amount start `pending` approval; `None`: never.
    #[serde(default, with = "opt_decimal_str")]
    pub approval_threshold: Option<Decimal>,
    /// Skip the create/patch funds check for transfers effective today. The spec's
    /// check applies to immediate transfers only; future ones are checked when due.
    #[serde(default)]
    pub skip_funds_check_on_create: bool,
}

/// Everything a store persists. Restoring replays the journal.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LedgerState {
    pub customers: Vec<Customer>,
    pub accounts: Vec<Account>,
    pub journal: Journal,
    pub holds: Holds,
    pub transfers: Vec<Transfer>,
    pub ids: IdSequence,
}

/// An account's balances, signed per [`crate::products`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Balances {
    /// Σ of all postings.
    pub posted: Decimal,
    /// Σ postings before today: the spec's `current` (end of previous business day).
    pub current: Decimal,
    /// Σ of active holds (a magnitude).
    pub held: Decimal,
    /// `posted − held`: the spec's `available`, and its `currentWithPending` (current
    /// plus pending activity, §6 #42).
    pub available: Decimal,
    /// `available − floor`: what a debit may take, overdraft or credit line included.
    /// For loans and cards this is the available credit.
    pub spendable: Decimal,
    pub floor: Decimal,
}

/// The in-memory ledger.
#[derive(Debug, Clone)]
pub struct Ledger {
    calendar: Calendar,
    policy: Policy,
    customers: BTreeMap<CustomerId, Customer>,
    accounts: BTreeMap<AccountId, Account>,
    journal: Journal,
    holds: Holds,
    transfers: BTreeMap<TransferId, Transfer>,
    ids: IdSequence,
}

impl Ledger {
    pub fn new(calendar: Calendar) -> Self {
        Self::with_policy(calendar, Policy::default())
    }

    pub fn with_policy(calendar: Calendar, policy: Policy) -> Self {
        Self {
            calendar,
            policy,
            customers: BTreeMap::new(),
            accounts: BTreeMap::new(),
            journal: Journal::new(),
            holds: Holds::default(),
            transfers: BTreeMap::new(),
            ids: IdSequence::default(),
        }
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    pub fn holds(&self) -> &Holds {
        &self.holds
    }

    pub fn export(&self) -> LedgerState {
        LedgerState {
            customers: self.customers.values().cloned().collect(),
            accounts: self.accounts.values().cloned().collect(),
            journal: self.journal.clone(),
            holds: self.holds.clone(),
            transfers: self.transfers.values().cloned().collect(),
            ids: self.ids,
        }
    }

    /// Rebuilds a ledger from stored state, refusing records that reference unknown
    /// customers or accounts.
    pub fn restore(
        calendar: Calendar,
        policy: Policy,
        state: LedgerState,
    ) -> Result<Self, LedgerError> {
        let mut ledger = Ledger::with_policy(calendar, policy);
        for customer in state.customers {
            ledger.add_customer(customer)?;
        }
        for account in state.accounts {
            ledger.register(account)?;
        }
        for entry in state.journal.entries() {
            for posting in entry.postings() {
                ledger.book_account(&posting.account)?;
            }
        }
        for hold in state.holds.iter() {
            ledger.book_account(&hold.account)?;
        }
        for transfer in &state.transfers {
            ledger.customer(&transfer.customer)?;
            ledger.account(&transfer.from)?;
            ledger.account(&transfer.to)?;
        }
        ledger.journal = state.journal;
        ledger.holds = state.holds;
        ledger.transfers = state
            .transfers
            .into_iter()
            .map(|t| (t.id.clone(), t))
            .collect();
        ledger.ids = state.ids;
        Ok(ledger)
    }

    pub fn add_customer(&mut self, customer: Customer) -> Result<(), LedgerError> {
        customer.check()?;
        if self.customers.contains_key(&customer.id) {
            return Err(LedgerError::CustomerExists(customer.id));
        }
        self.customers.insert(customer.id.clone(), customer);
        Ok(())
    }

    /// Disables (or re-enables) a customer's digital banking.
    pub fn set_customer_disabled(
        &mut self,
        id: &CustomerId,
        disabled: bool,
    ) -> Result<(), LedgerError> {
        let customer = self
            .customers
            .get_mut(id)
            .ok_or_else(|| LedgerError::UnknownCustomer(id.clone()))?;
        customer.disabled = disabled;
        Ok(())
    }

    pub fn customer(&self, id: &CustomerId) -> Result<&Customer, LedgerError> {
        self.customers
            .get(id)
            .ok_or_else(|| LedgerError::UnknownCustomer(id.clone()))
    }

    /// Opens (or links, for external/outside accounts) an account. A non-zero
    /// `opening_balance` of an internal account is posted against the bank's equity
    /// as a `balance` row, within the account's floor and ceiling.
    pub fn open_account(
        &mut self,
        account: Account,
        opening_balance: Decimal,
        now: Now,
    ) -> Result<Option<EntryId>, LedgerError> {
        check_amount_shape(opening_balance)?;
        if opening_balance.is_zero() {
            self.register(account)?;
            return Ok(None);
        }
        if !account.is_internal() {
            return Err(LedgerError::NotOnBooks(account.id));
        }
        let floor = account.terms.floor(account.product_type());
        if opening_balance < floor {
            return Err(LedgerError::InsufficientFunds {
                account: account.id,
                requested: -opening_balance,
                spendable: -floor,
            });
        }
        if let Some(room) = account.terms.ceiling(account.product_type()) {
            if opening_balance > room {
                return Err(LedgerError::ExceedsCeiling {
                    account: account.id,
                    room,
                });
            }
        }
        let id = account.id.clone();
        let mut ids = self.ids;
        let entry = Entry::new(EntryData {
            id: ids.entry(),
            kind: EntryKind::OpeningBalance,
            created_on: now.today,
            posted_at: now.at,
            posted_on: now.today,
            postings: vec![
                Posting::new(id, opening_balance),
                Posting::new(SystemAccount::Equity.id(), -opening_balance),
            ],
            memo: None,
            description: Some("Opening balance".into()),
            check_number: None,
            merchant: None,
            transfer: None,
        })?;
        self.register(account)?;
        let entry_id = entry.id().clone();
        self.journal.post(entry)?;
        self.ids = ids;
        Ok(Some(entry_id))
    }

    fn register(&mut self, account: Account) -> Result<(), LedgerError> {
        account.check()?;
        if self.accounts.contains_key(&account.id) {
            return Err(LedgerError::AccountExists(account.id));
        }
        for holder in account.holders.keys() {
            self.customer(holder)?;
        }
        self.accounts.insert(account.id.clone(), account);
        Ok(())
    }

    pub fn account(&self, id: &AccountId) -> Result<&Account, LedgerError> {
        self.accounts
            .get(id)
            .ok_or_else(|| LedgerError::UnknownAccount(id.clone()))
    }

    /// Accounts `customer` holds, in id order.
    pub fn accounts_of<'a>(
        &'a self,
        customer: &'a CustomerId,
    ) -> impl Iterator<Item = &'a Account> {
        self.accounts
            .values()
            .filter(move |a| a.holders.contains_key(customer))
    }

    /// An account that can carry postings: a system account, or an internal one.
    fn book_account(&self, id: &AccountId) -> Result<Option<&Account>, LedgerError> {
        if SystemAccount::is_system(id) {
            return Ok(None);
        }
        let account = self.account(id)?;
        if !account.is_internal() {
            return Err(LedgerError::NotOnBooks(id.clone()));
        }
        Ok(Some(account))
    }

    pub fn balances(&self, id: &AccountId, today: Date) -> Result<Balances, LedgerError> {
        let account = self
            .book_account(id)?
            .ok_or_else(|| LedgerError::UnknownAccount(id.clone()))?;
        let posted = self.journal.balance(id);
        let held = self.holds.total(id);
        let floor = account.terms.floor(account.product_type());
        Ok(Balances {
            posted,
            current: self.journal.balance_before(id, today),
            held,
            available: posted - held,
            spendable: posted - held - floor,
            floor,
        })
    }

    /// `posted − holds` (zero for accounts never posted to).
    pub fn available_balance(&self, id: &AccountId) -> Decimal {
        self.journal.balance(id) - self.holds.total(id)
    }

    /// The account's history as the spec's transactions, oldest first. Rows without
    /// a description get one from what caused them ("Transfer to Savings *4567").
    pub fn transactions(&self, id: &AccountId) -> Result<Vec<TransactionView>, LedgerError> {
        self.book_account(id)?;
        let mut rows = transactions(&self.journal, &self.holds, id);
        for row in &mut rows {
            if row.description.is_none() {
                row.description = self.describe(row);
            }
        }
        Ok(rows)
    }

    fn describe(&self, row: &TransactionView) -> Option<String> {
        let fixed = |text: &str| Some(text.to_owned());
        match row.kind {
            EntryKind::Transfer => {
                let transfer = self.transfers.get(row.transfer.as_ref()?)?;
                let (word, other) = if row.amount.is_sign_negative() {
                    ("to", &transfer.to)
                } else {
                    ("from", &transfer.from)
                };
                let other = self.accounts.get(other)?;
                Some(format!(
                    "Transfer {word} {} {}",
                    other.product.label, other.masked_number
                ))
            }
            EntryKind::CardPurchase => row.merchant.as_ref().map(|m| m.name.clone()),
            EntryKind::Check => match row.check_number {
                Some(number) => Some(format!("Check #{number}")),
                None => fixed("Check deposit"),
            },
            EntryKind::OpeningBalance => fixed("Opening balance"),
            EntryKind::Deposit => fixed("Deposit"),
            EntryKind::Withdrawal => fixed("Withdrawal"),
            EntryKind::Fee => fixed("Service fee"),
            EntryKind::Interest => fixed("Interest payment"),
            EntryKind::Adjustment => fixed("Adjustment"),
        }
    }
}

/// Amounts are whole cents; sign rules are the caller's.
fn check_amount_shape(amount: Decimal) -> Result<(), LedgerError> {
    if !crate::money::is_cents(amount) {
        return Err(LedgerError::SubCentAmount);
    }
    Ok(())
}

fn check_positive(amount: Decimal) -> Result<(), LedgerError> {
    check_amount_shape(amount)?;
    if amount <= Decimal::ZERO {
        return Err(LedgerError::NonPositiveAmount);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
