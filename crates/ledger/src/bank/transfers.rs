//! Transfer operations of the [`Ledger`]: create, get, list, patch, delete, the FI's
//! approve/suspend/release, and execution of due occurrences by the engine's clock.

use rust_decimal::Decimal;

use crate::clock::Now;
use crate::ids::{AccountId, CustomerId, SystemAccount, TransferId};
use crate::journal::{EntryKind, MAX_MEMO};
use crate::products::Location;
use crate::transfers::{
    FailureReason, NewTransfer, Occurrence, OccurrenceRecord, OccurrenceResult, Transfer,
    TransferError, TransferPatch, TransferState,
};

use super::movements::Movement;
use super::{check_positive, Ledger, LedgerError};

/// What happened to one executed occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub transfer: TransferId,
    pub occurrence: Occurrence,
    pub result: OccurrenceResult,
    /// The transfer's state afterwards.
    pub state: TransferState,
}

impl Outcome {
    pub fn completed(&self) -> bool {
        matches!(self.result, OccurrenceResult::Completed { .. })
    }

    pub fn insufficient_funds(&self) -> bool {
        matches!(
            self.result,
            OccurrenceResult::Failed {
                failure: FailureReason::InsufficientFunds { .. }
            }
        )
    }
}

impl Ledger {
    /// `createTransfer`: validates (spec §5.5), then stores the transfer `scheduled`,
    /// or `pending` approval above the policy's threshold.
    pub fn create_transfer(
        &mut self,
        customer: &CustomerId,
        draft: NewTransfer,
        now: Now,
    ) -> Result<Transfer, LedgerError> {
        let name = self.customer(customer)?.full_name.clone();
        self.check_draft(customer, &draft, now, true)?;
        let state = match self.policy.approval_threshold {
            Some(threshold) if draft.amount > threshold => TransferState::Pending,
            _ => TransferState::Scheduled,
        };
        let mut ids = self.ids;
        let transfer = Transfer::new(ids.transfer(), customer.clone(), draft, state, now.at, name);
        self.check_occurrences(&transfer, now, true)?;
        self.ids = ids;
        self.transfers.insert(transfer.id.clone(), transfer.clone());
        Ok(transfer)
    }

    /// `getTransfer`: only the creator sees a transfer; deleted ones are gone.
    pub fn transfer(
        &self,
        customer: &CustomerId,
        id: &TransferId,
    ) -> Result<&Transfer, LedgerError> {
        self.transfers
            .get(id)
            .filter(|t| &t.customer == customer && t.state() != TransferState::Cancelled)
            .ok_or_else(|| TransferError::NotFound(id.clone()).into())
    }

    /// `listTransfers`: the customer's transfers, `scheduledOn` then `createdAt`
    /// descending (spec §5.5 [R]).
    pub fn transfers(&self, customer: &CustomerId) -> Vec<&Transfer> {
        let mut list: Vec<&Transfer> = self
            .transfers
            .values()
            .filter(|t| &t.customer == customer && t.state() != TransferState::Cancelled)
            .collect();
        list.sort_by(|a, b| {
            (b.schedule.scheduled_on, b.created_at, &b.id).cmp(&(
                a.schedule.scheduled_on,
                a.created_at,
                &a.id,
            ))
        });
        list
    }

    /// Every transfer including cancelled ones, by id: the FI's audit view and what a
    /// store persists.
    pub fn all_transfers(&self) -> impl Iterator<Item = &Transfer> {
        self.transfers.values()
    }

    /// `patchTransfer`: merges, re-runs the create checks on the result, and stores
    /// it. Only transfers that have not started processing may change (else 422).
    pub fn patch_transfer(
        &mut self,
        customer: &CustomerId,
        id: &TransferId,
        patch: TransferPatch,
        now: Now,
    ) -> Result<Transfer, LedgerError> {
        let current = self.transfer(customer, id)?;
        if !current.state().not_started() {
            return Err(TransferError::NotModifiable {
                id: id.clone(),
                state: current.state(),
            }
            .into());
        }
        let merged = patch.apply_to(current.draft());
        // An unchanged date may lie in the past (a running series, or a transfer the
        // engine has not reached yet); only a new date must not.
        let new_date = merged.schedule.scheduled_on != current.schedule.scheduled_on;
        let reanchored = new_date || merged.schedule.frequency != current.schedule.frequency;
        self.check_draft(customer, &merged, now, new_date)?;
        let name = self.customer(customer)?.full_name.clone();
        let mut updated = current.clone();
        updated.apply(merged, now.at, name);
        self.check_occurrences(&updated, now, reanchored)?;
        self.transfers.insert(id.clone(), updated.clone());
        Ok(updated)
    }

    /// `deleteTransfer`: cancels a transfer that has not started processing (409
    /// `cannotDeleteProcessedTransfers` otherwise). A recurring series is `scheduled`
    /// between occurrences, so deleting it cancels the ones still to come; executed
    /// ones stay in its history and the journal. The record stays for audit.
    pub fn delete_transfer(
        &mut self,
        customer: &CustomerId,
        id: &TransferId,
        now: Now,
    ) -> Result<(), LedgerError> {
        let state = self.transfer(customer, id)?.state();
        if !state.not_started() {
            return Err(TransferError::CannotDeleteProcessed(id.clone()).into());
        }
        self.move_transfer(id, TransferState::Cancelled, now)
    }

    /// FI approval of a `pending` transfer.
    pub fn approve_transfer(&mut self, id: &TransferId, now: Now) -> Result<(), LedgerError> {
        self.expect_state(id, TransferState::Pending)?;
        self.move_transfer(id, TransferState::Scheduled, now)
    }

    /// FI hold on a transfer that has not started processing.
    pub fn suspend_transfer(&mut self, id: &TransferId, now: Now) -> Result<(), LedgerError> {
        self.move_transfer(id, TransferState::Suspended, now)
    }

    /// FI release of a suspended transfer.
    pub fn release_transfer(&mut self, id: &TransferId, now: Now) -> Result<(), LedgerError> {
        self.expect_state(id, TransferState::Suspended)?;
        self.move_transfer(id, TransferState::Scheduled, now)
    }

    fn expect_state(&self, id: &TransferId, state: TransferState) -> Result<(), LedgerError> {
        let transfer = self
            .transfers
            .get(id)
            .ok_or_else(|| TransferError::NotFound(id.clone()))?;
        if transfer.state() != state {
            return Err(TransferError::IllegalTransition {
                id: id.clone(),
                from: transfer.state(),
                to: TransferState::Scheduled,
            }
            .into());
        }
        Ok(())
    }

    fn move_transfer(
        &mut self,
        id: &TransferId,
        to: TransferState,
        now: Now,
    ) -> Result<(), LedgerError> {
        let transfer = self
            .transfers
            .get_mut(id)
            .ok_or_else(|| TransferError::NotFound(id.clone()))?;
        transfer.transition(to)?;
        transfer.updated_at = now.at;
        Ok(())
    }

    /// The checks shared by create and patch (spec §5.5), in the order a client can
    /// best act on: shape, accounts, capabilities, schedule, funds.
    fn check_draft(
        &self,
        customer: &CustomerId,
        draft: &NewTransfer,
        now: Now,
        check_date: bool,
    ) -> Result<(), LedgerError> {
        check_positive(draft.amount).map_err(|e| match e {
            LedgerError::NonPositiveAmount => TransferError::NonPositiveAmount.into(),
            other => other,
        })?;
        if draft
            .memo
            .as_deref()
            .is_some_and(|m| m.chars().count() > MAX_MEMO)
        {
            return Err(TransferError::bad("memo", "must be at most 80 characters").into());
        }
        let source = self.visible(customer, &draft.from, TransferError::InvalidSourceAccount)?;
        let target = self.visible(customer, &draft.to, TransferError::InvalidTargetAccount)?;
        if draft.from == draft.to {
            return Err(TransferError::SameSourceAndTarget.into());
        }
        if !source.is_internal() && !target.is_internal() {
            return Err(TransferError::ExternalToExternal.into());
        }
        if !source
            .access(customer)
            .is_some_and(|a| a.allows.transfer_from)
        {
            return Err(TransferError::CannotTransferFrom(draft.from.clone()).into());
        }
        if !target
            .access(customer)
            .is_some_and(|a| a.allows.transfer_to)
        {
            return Err(TransferError::CannotTransferTo(draft.to.clone()).into());
        }
        draft.schedule.check()?;
        if check_date && draft.schedule.scheduled_on < now.today {
            return Err(TransferError::schedule("scheduledOn is in the past").into());
        }
        Ok(())
    }

    /// An account the customer holds that can take part in transfers.
    fn visible(
        &self,
        customer: &CustomerId,
        id: &AccountId,
        invalid: fn(AccountId) -> TransferError,
    ) -> Result<&crate::accounts::Account, LedgerError> {
        self.accounts
            .get(id)
            .filter(|a| a.holders.contains_key(customer) && a.location != Location::Outside)
            .ok_or_else(|| invalid(id.clone()).into())
    }

    /// A transfer must have an occurrence; a new schedule's first one must not fall
    /// on a business day already past (a `monthlyLastDay` scheduled on a Sunday the
    /// 31st is effective the Friday before: "past cutoff", spec §1.3); and if it
    /// executes today, the source must cover it now (`insufficientFundsForTransfer`).
    fn check_occurrences(
        &self,
        transfer: &Transfer,
        now: Now,
        fresh: bool,
    ) -> Result<(), LedgerError> {
        let Some(first) = transfer.upcoming(&self.calendar).next() else {
            return Err(TransferError::schedule("the schedule has no occurrence left").into());
        };
        if fresh && first.effective_on < now.today {
            return Err(
                TransferError::schedule("the first occurrence's business day has passed").into(),
            );
        }
        let immediate = first.effective_on <= now.today;
        let source_on_books = self.account(&transfer.from)?.is_internal();
        if immediate && source_on_books && !self.policy.skip_funds_check_on_create {
            let spendable = self.balances(&transfer.from, now.today)?.spendable;
            if transfer.amount > spendable {
                return Err(LedgerError::InsufficientFunds {
                    account: transfer.from.clone(),
                    requested: transfer.amount,
                    spendable,
                });
            }
        }
        Ok(())
    }

    /// Executes every occurrence due by `now.today` — oldest effective date first, then
    /// oldest transfer — each atomically: it posts in full or fails with nothing
    /// posted. Nothing runs on non-business days. Missed days are caught up.
    pub fn execute_due(&mut self, now: Now) -> Vec<Outcome> {
        let mut outcomes = Vec::new();
        loop {
            let next = self
                .transfers
                .values()
                .filter_map(|t| {
                    let due = t.due(&self.calendar, now.today)?;
                    Some((due.effective_on, t.created_at, t.id.clone()))
                })
                .min();
            let Some((_, _, id)) = next else { break };
            match self.execute_transfer(&id, now) {
                Ok(Some(outcome)) => outcomes.push(outcome),
                // Unreachable (the transfer was just found due); stopping beats looping.
                Ok(None) | Err(_) => break,
            }
        }
        outcomes
    }

    /// Executes one transfer's next occurrence if it is due.
    pub fn execute_transfer(
        &mut self,
        id: &TransferId,
        now: Now,
    ) -> Result<Option<Outcome>, LedgerError> {
        let transfer = self
            .transfers
            .get(id)
            .ok_or_else(|| TransferError::NotFound(id.clone()))?;
        let Some(occurrence) = transfer.due(&self.calendar, now.today) else {
            return Ok(None);
        };
        let movement = self.transfer_movement(transfer);
        let amount = transfer.amount;
        // Validate the whole state path on a copy first, so a failure leaves no trace.
        let mut updated = transfer.clone();
        updated.transition(TransferState::Processing)?;
        let result = match self.post(movement, now) {
            Ok(entry) => OccurrenceResult::Completed { entry },
            Err(error) => OccurrenceResult::Failed {
                failure: failure_reason(error),
            },
        };
        let record = OccurrenceRecord {
            scheduled_on: occurrence.scheduled_on,
            effective_on: occurrence.effective_on,
            executed_on: now.today,
            amount,
            result: result.clone(),
        };
        // Cannot fail: `processing` may always become `scheduled`, `completed` or
        // `failed`, so the entry just posted is always recorded with its transfer.
        updated.finish(&self.calendar, record, now.at)?;
        let state = updated.state();
        self.transfers.insert(id.clone(), updated);
        Ok(Some(Outcome {
            transfer: id.clone(),
            occurrence,
            result,
            state,
        }))
    }

    /// Creates a one-time transfer for today and executes it in the same call: an
    /// immediate transfer. Insufficient funds surface as the create's 422.
    pub fn transfer_now(
        &mut self,
        customer: &CustomerId,
        from: &AccountId,
        to: &AccountId,
        amount: Decimal,
        now: Now,
    ) -> Result<Outcome, LedgerError> {
        // Refuse up front what could not execute today, so no transfer is left behind.
        if !self.calendar.is_business_day(now.today) {
            return Err(TransferError::schedule("today is not a business day").into());
        }
        if self.policy.approval_threshold.is_some_and(|t| amount > t) {
            return Err(TransferError::schedule("this amount needs approval; schedule it").into());
        }
        let draft = NewTransfer {
            from: from.clone(),
            to: to.clone(),
            amount,
            memo: None,
            schedule: crate::transfers::TransferSchedule::once(now.today),
        };
        let transfer = self.create_transfer(customer, draft, now)?;
        self.execute_transfer(&transfer.id, now)?
            .ok_or_else(|| TransferError::schedule("cannot execute today").into())
    }

    /// The movement one occurrence makes. External sides settle through ACH clearing.
    fn transfer_movement(&self, transfer: &Transfer) -> Movement {
        let book = |id: &AccountId| match self.accounts.get(id) {
            Some(account) if !account.is_internal() => SystemAccount::AchClearing.id(),
            _ => id.clone(),
        };
        let mut m = Movement::new(
            EntryKind::Transfer,
            book(&transfer.from),
            book(&transfer.to),
            transfer.amount,
        );
        m.memo = transfer.memo.clone();
        m.transfer = Some(transfer.id.clone());
        m
    }
}

fn failure_reason(error: LedgerError) -> FailureReason {
    match error {
        LedgerError::InsufficientFunds {
            requested,
            spendable,
            ..
        } => FailureReason::InsufficientFunds {
            requested,
            spendable,
        },
        LedgerError::ExceedsCeiling { room, .. } => {
            FailureReason::TargetWouldExceedCeiling { room }
        }
        LedgerError::UnknownAccount(account) | LedgerError::NotOnBooks(account) => {
            FailureReason::AccountUnavailable { account }
        }
        other => FailureReason::Rejected {
            message: other.to_string(),
        },
    }
}
