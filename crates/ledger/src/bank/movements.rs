//! Money movements that are not transfers — teller deposits and withdrawals, checks,
//! card purchases, holds — and the one path every posting takes, [`Ledger::post`],
//! which enforces floors and ceilings before anything is written.

use rust_decimal::Decimal;
use time::Date;

use crate::clock::Now;
use crate::ids::{AccountId, EntryId, HoldId, SystemAccount, TransferId};
use crate::journal::{Entry, EntryData, EntryKind, Hold, Merchant, Posting};

use super::{check_positive, Ledger, LedgerError};

/// One movement of `amount` from `debit` to `credit` (both book accounts).
#[derive(Debug, Clone)]
pub(crate) struct Movement {
    pub kind: EntryKind,
    pub debit: AccountId,
    pub credit: AccountId,
    pub amount: Decimal,
    /// Defaults to the posting date; a settled hold keeps the day it was placed.
    pub created_on: Option<Date>,
    pub memo: Option<String>,
    pub description: Option<String>,
    pub check_number: Option<u64>,
    pub merchant: Option<Merchant>,
    pub transfer: Option<TransferId>,
    /// The hold this movement settles: it stops counting against funds, and is
    /// removed in the same step the entry is posted.
    pub settles: Option<HoldId>,
}

impl Movement {
    pub fn new(kind: EntryKind, debit: AccountId, credit: AccountId, amount: Decimal) -> Self {
        Self {
            kind,
            debit,
            credit,
            amount,
            created_on: None,
            memo: None,
            description: None,
            check_number: None,
            merchant: None,
            transfer: None,
            settles: None,
        }
    }
}

impl Ledger {
    /// `posted − holds − floor` for a customer account, not counting `released` of
    /// its holds (a hold being settled).
    fn spendable(&self, id: &AccountId, released: Decimal) -> Result<Decimal, LedgerError> {
        let Some(account) = self.book_account(id)? else {
            // The bank's own accounts mirror the customers' and have no limits.
            return Ok(Decimal::MAX);
        };
        let floor = account.terms.floor(account.product_type());
        Ok(self.journal.balance(id) - (self.holds.total(id) - released) - floor)
    }

    fn check_debit(
        &self,
        id: &AccountId,
        amount: Decimal,
        released: Decimal,
    ) -> Result<(), LedgerError> {
        let spendable = self.spendable(id, released)?;
        if amount > spendable {
            return Err(LedgerError::InsufficientFunds {
                account: id.clone(),
                requested: amount,
                spendable,
            });
        }
        Ok(())
    }

    fn check_credit(&self, id: &AccountId, amount: Decimal) -> Result<(), LedgerError> {
        let Some(account) = self.book_account(id)? else {
            return Ok(());
        };
        if let Some(ceiling) = account.terms.ceiling(account.product_type()) {
            let room = ceiling - self.journal.balance(id);
            if amount > room {
                return Err(LedgerError::ExceedsCeiling {
                    account: id.clone(),
                    room,
                });
            }
        }
        Ok(())
    }

    /// Posts one movement atomically: every check runs first, then the entry, the
    /// settled hold and the id counter change together.
    pub(crate) fn post(&mut self, m: Movement, now: Now) -> Result<EntryId, LedgerError> {
        check_positive(m.amount)?;
        let released = match &m.settles {
            Some(hold) => self.hold(hold)?.amount,
            None => Decimal::ZERO,
        };
        self.check_debit(&m.debit, m.amount, released)?;
        self.check_credit(&m.credit, m.amount)?;
        let mut ids = self.ids;
        let entry = Entry::new(EntryData {
            id: ids.entry(),
            kind: m.kind,
            created_on: m.created_on.unwrap_or(now.today),
            posted_at: now.at,
            posted_on: now.today,
            postings: vec![
                Posting::new(m.debit, -m.amount),
                Posting::new(m.credit, m.amount),
            ],
            memo: m.memo,
            description: m.description,
            check_number: m.check_number,
            merchant: m.merchant,
            transfer: m.transfer,
        })?;
        let id = entry.id().clone();
        self.journal.post(entry)?;
        if let Some(hold) = &m.settles {
            self.holds.remove(hold);
        }
        self.ids = ids;
        Ok(id)
    }

    /// A customer (not system) account on the books.
    fn customer_account(&self, id: &AccountId) -> Result<&crate::accounts::Account, LedgerError> {
        self.book_account(id)?
            .ok_or_else(|| LedgerError::UnknownAccount(id.clone()))
    }

    fn supports(
        &self,
        id: &AccountId,
        operation: &'static str,
        ok: bool,
    ) -> Result<(), LedgerError> {
        if ok {
            return Ok(());
        }
        Err(LedgerError::NotSupported {
            account: id.clone(),
            operation,
        })
    }

    /// Cash in at the teller (a payment, for loans and cards).
    pub fn deposit(
        &mut self,
        account: &AccountId,
        amount: Decimal,
        memo: Option<String>,
        now: Now,
    ) -> Result<EntryId, LedgerError> {
        self.customer_account(account)?;
        let mut m = Movement::new(
            EntryKind::Deposit,
            SystemAccount::Cash.id(),
            account.clone(),
            amount,
        );
        m.memo = memo;
        self.post(m, now)
    }

    /// Cash out at the teller (a cash advance, for cards and credit lines).
    pub fn withdraw(
        &mut self,
        account: &AccountId,
        amount: Decimal,
        memo: Option<String>,
        now: Now,
    ) -> Result<EntryId, LedgerError> {
        self.customer_account(account)?;
        let mut m = Movement::new(
            EntryKind::Withdrawal,
            account.clone(),
            SystemAccount::Cash.id(),
            amount,
        );
        m.memo = memo;
        self.post(m, now)
    }

    /// A check drawn on a checking account clears; each number clears once.
    pub fn clear_check(
        &mut self,
        account: &AccountId,
        number: u64,
        amount: Decimal,
        memo: Option<String>,
        now: Now,
    ) -> Result<EntryId, LedgerError> {
        let writes_checks = self
            .customer_account(account)?
            .product_type()
            .writes_checks();
        self.supports(account, "checks", writes_checks && number >= 1)?;
        if self.journal.check_used(account, number) {
            return Err(LedgerError::DuplicateCheckNumber {
                account: account.clone(),
                number,
            });
        }
        let mut m = Movement::new(
            EntryKind::Check,
            account.clone(),
            SystemAccount::CheckClearing.id(),
            amount,
        );
        m.check_number = Some(number);
        m.memo = memo;
        self.post(m, now)
    }

    /// A card purchase posted directly (no prior authorization).
    pub fn card_purchase(
        &mut self,
        account: &AccountId,
        amount: Decimal,
        merchant: Merchant,
        now: Now,
    ) -> Result<EntryId, LedgerError> {
        let cards = self
            .customer_account(account)?
            .product_type()
            .takes_card_purchases();
        self.supports(account, "card purchases", cards)?;
        let mut m = Movement::new(
            EntryKind::CardPurchase,
            account.clone(),
            SystemAccount::CardSettlement.id(),
            amount,
        );
        m.merchant = Some(merchant);
        self.post(m, now)
    }

    pub fn hold(&self, id: &HoldId) -> Result<&Hold, LedgerError> {
        self.holds
            .get(id)
            .ok_or_else(|| LedgerError::UnknownHold(id.clone()))
    }

    /// Places a hold for a pending debit (a card authorization when `merchant` is
    /// given). Refused when it would exceed what the account may spend, so holds can
    /// never push an account below its floor either.
    pub fn place_hold(
        &mut self,
        account: &AccountId,
        amount: Decimal,
        description: Option<String>,
        merchant: Option<Merchant>,
        now: Now,
    ) -> Result<HoldId, LedgerError> {
        self.customer_account(account)?;
        check_positive(amount)?;
        self.check_debit(account, amount, Decimal::ZERO)?;
        let id = self.ids.hold();
        self.holds.insert(Hold {
            id: id.clone(),
            account: account.clone(),
            amount,
            placed_at: now.at,
            placed_on: now.today,
            description,
            merchant,
        });
        Ok(id)
    }

    /// Drops a hold without posting (authorization expired or voided).
    pub fn release_hold(&mut self, id: &HoldId) -> Result<Hold, LedgerError> {
        self.holds
            .remove(id)
            .ok_or_else(|| LedgerError::UnknownHold(id.clone()))
    }

    /// Posts the item a hold was waiting for, for `amount` (the held amount when
    /// `None`; card settlements may differ), and removes the hold in the same step.
    pub fn settle_hold(
        &mut self,
        id: &HoldId,
        amount: Option<Decimal>,
        now: Now,
    ) -> Result<EntryId, LedgerError> {
        let hold = self.hold(id)?.clone();
        let (kind, counterpart) = match hold.merchant {
            Some(_) => (EntryKind::CardPurchase, SystemAccount::CardSettlement),
            None => (EntryKind::Withdrawal, SystemAccount::Cash),
        };
        let amount = amount.unwrap_or(hold.amount);
        let mut m = Movement::new(kind, hold.account, counterpart.id(), amount);
        m.created_on = Some(hold.placed_on);
        m.description = hold.description;
        m.merchant = hold.merchant;
        m.settles = Some(hold.id);
        self.post(m, now)
    }
}
