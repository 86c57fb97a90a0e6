//! Transfers (spec §3.6, §5.5): what to move, when, how often, and where each one is
//! in its life cycle. Moving the money is the [`crate::bank::Ledger`]'s job; this
//! module owns the rules that need no account data: the state machine, the schedule
//! and its occurrences, and JSON Merge Patch parsing.

mod error;
mod patch;
mod state;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::calendar::Calendar;
use crate::ids::{AccountId, CustomerId, EntryId, TransferId};
use crate::money::{decimal_str, is_cents, iso_date, opt_decimal_str, opt_iso_date};
use crate::schedule::{effective_date, scheduled_dates, Direction, Frequency};

pub use error::TransferError;
pub use patch::{parse_new_transfer, parse_patch, Field, SchedulePatch, TransferPatch};
pub use state::TransferState;

/// `transferRecurrenceType` (spec §3.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RecurrenceType {
    Fixed,
    Variable,
}

/// `transferSchedule` (spec §3.6), with `scheduledOn` required (spec §6 #31).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransferSchedule {
    /// The first occurrence's date; occurrences are computed from it.
    #[serde(with = "iso_date")]
    pub scheduled_on: Date,
    pub frequency: Frequency,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence_type: Option<RecurrenceType>,
    /// Inclusive, compared with each `scheduledOn` (spec §6 #27).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "opt_iso_date"
    )]
    pub ends_on: Option<Date>,
    /// Total occurrences including the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Total dollars including the first; no occurrence may exceed it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "opt_decimal_str"
    )]
    pub amount_limit: Option<Decimal>,
}

impl TransferSchedule {
    pub fn once(scheduled_on: Date) -> Self {
        Self::recurring(scheduled_on, Frequency::Once)
    }

    /// A schedule without terminator: it recurs until deleted (spec §6 #30).
    pub fn recurring(scheduled_on: Date, frequency: Frequency) -> Self {
        Self {
            scheduled_on,
            frequency,
            recurrence_type: None,
            ends_on: None,
            count: None,
            amount_limit: None,
        }
    }

    /// The checks of `invalidTransferSchedule` that need no calendar (spec §5.5):
    /// at most one terminator, `endsOn ≥ scheduledOn`, positive `count`/`amountLimit`.
    /// Terminators are ignored for `once`, as the spec says.
    pub fn check(&self) -> Result<(), TransferError> {
        if self.frequency == Frequency::Once {
            return Ok(());
        }
        let terminators = [
            self.ends_on.is_some(),
            self.count.is_some(),
            self.amount_limit.is_some(),
        ];
        if terminators.into_iter().filter(|&set| set).count() > 1 {
            return Err(TransferError::schedule(
                "endsOn, count and amountLimit are mutually exclusive",
            ));
        }
        if self.ends_on.is_some_and(|end| end < self.scheduled_on) {
            return Err(TransferError::schedule("endsOn is before scheduledOn"));
        }
        if self.count == Some(0) {
            return Err(TransferError::schedule("count must be at least 1"));
        }
        if self
            .amount_limit
            .is_some_and(|limit| limit < Decimal::ONE || !is_cents(limit))
        {
            return Err(TransferError::schedule("amountLimit must be at least 1"));
        }
        Ok(())
    }
}

/// A transfer as the customer asked for it: the body of `createTransfer`, and the
/// merged result a patch is validated as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTransfer {
    pub from: AccountId,
    pub to: AccountId,
    pub amount: Decimal,
    pub memo: Option<String>,
    pub schedule: TransferSchedule,
}

/// One date of a transfer: its `scheduledOn` and the business day it executes on.
/// Transfers debit the customer, so non-business days move forward (spec §3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub scheduled_on: Date,
    pub effective_on: Date,
}

/// Why an occurrence moved no money. Nothing is posted when it fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "reason")]
pub enum FailureReason {
    /// `posted − holds − amount` would fall below the source's floor.
    InsufficientFunds {
        #[serde(with = "decimal_str")]
        requested: Decimal,
        #[serde(with = "decimal_str")]
        spendable: Decimal,
    },
    /// The payment would take the target above its ceiling (an overpaid loan).
    TargetWouldExceedCeiling {
        #[serde(with = "decimal_str")]
        room: Decimal,
    },
    /// An account is no longer on the books.
    AccountUnavailable { account: AccountId },
    /// Any other refusal by the ledger (a broken invariant; should not happen).
    Rejected { message: String },
}

/// What happened to one occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "outcome")]
pub enum OccurrenceResult {
    Completed { entry: EntryId },
    Failed { failure: FailureReason },
}

/// A stored record of one executed occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OccurrenceRecord {
    #[serde(with = "iso_date")]
    pub scheduled_on: Date,
    #[serde(with = "iso_date")]
    pub effective_on: Date,
    #[serde(with = "iso_date")]
    pub executed_on: Date,
    #[serde(with = "decimal_str")]
    pub amount: Decimal,
    pub result: OccurrenceResult,
}

/// A stored transfer. `state`, the occurrence cursor and the history change only
/// through the state machine, hence private.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transfer {
    pub id: TransferId,
    /// The customer who created it: only they see it (spec §2.2 #7 "of the caller").
    pub customer: CustomerId,
    pub from: AccountId,
    pub to: AccountId,
    #[serde(with = "decimal_str")]
    pub amount: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memo: Option<String>,
    pub schedule: TransferSchedule,
    state: TransferState,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub updated_by: String,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub processed_at: Option<OffsetDateTime>,
    /// Index into the dates generated from `schedule.scheduledOn` of the next
    /// occurrence; reset when a patch re-anchors the schedule.
    next_index: u32,
    history: Vec<OccurrenceRecord>,
}

impl Transfer {
    pub(crate) fn new(
        id: TransferId,
        customer: CustomerId,
        draft: NewTransfer,
        state: TransferState,
        at: OffsetDateTime,
        updated_by: String,
    ) -> Self {
        Self {
            id,
            customer,
            from: draft.from,
            to: draft.to,
            amount: draft.amount,
            memo: draft.memo,
            schedule: draft.schedule,
            state,
            created_at: at,
            updated_at: at,
            updated_by,
            processed_at: None,
            next_index: 0,
            history: Vec::new(),
        }
    }

    pub fn state(&self) -> TransferState {
        self.state
    }

    pub fn history(&self) -> &[OccurrenceRecord] {
        &self.history
    }

    /// The request this transfer currently stands for; a patch is merged into it.
    pub fn draft(&self) -> NewTransfer {
        NewTransfer {
            from: self.from.clone(),
            to: self.to.clone(),
            amount: self.amount,
            memo: self.memo.clone(),
            schedule: self.schedule.clone(),
        }
    }

    /// Moves to `next` if the state machine allows it.
    pub fn transition(&mut self, next: TransferState) -> Result<(), TransferError> {
        if !self.state.can_become(next) {
            return Err(TransferError::IllegalTransition {
                id: self.id.clone(),
                from: self.state,
                to: next,
            });
        }
        self.state = next;
        Ok(())
    }

    /// Occurrences still to come, assuming each executes: `once` has one; `count`
    /// counts executed ones too; `endsOn` cuts on `scheduledOn`; `amountLimit` stops
    /// before the total scheduled amount would exceed it.
    pub fn upcoming<'a>(&'a self, calendar: &'a Calendar) -> impl Iterator<Item = Occurrence> + 'a {
        let schedule = &self.schedule;
        let once = schedule.frequency == Frequency::Once;
        let total = if once { Some(1) } else { schedule.count };
        let remaining = total.map_or(usize::MAX, |n| {
            usize::try_from(n)
                .unwrap_or(usize::MAX)
                .saturating_sub(self.history.len())
        });
        let ends_on = schedule.ends_on.filter(|_| !once);
        let limit = schedule.amount_limit.filter(|_| !once);
        let spent: Decimal = self.history.iter().map(|r| r.amount).sum();
        let skip = usize::try_from(self.next_index).unwrap_or(usize::MAX);
        scheduled_dates(calendar, schedule.frequency, schedule.scheduled_on)
            .skip(skip)
            .take(remaining)
            .take_while(move |date| ends_on.is_none_or(|end| *date <= end))
            .scan(spent, move |spent, date| {
                *spent += self.amount;
                limit.is_none_or(|cap| *spent <= cap).then_some(date)
            })
            .map_while(move |scheduled_on| {
                let effective_on =
                    effective_date(calendar, schedule.frequency, Direction::Debit, scheduled_on)?;
                Some(Occurrence {
                    scheduled_on,
                    effective_on,
                })
            })
    }

    /// The next occurrence if it is due: effective on or before `today`, and `today`
    /// is a business day (the engine only executes on business days).
    pub fn due(&self, calendar: &Calendar, today: Date) -> Option<Occurrence> {
        if self.state != TransferState::Scheduled || !calendar.is_business_day(today) {
            return None;
        }
        self.upcoming(calendar)
            .next()
            .filter(|occurrence| occurrence.effective_on <= today)
    }

    /// Records an executed occurrence and leaves `processing`: back to `scheduled` if
    /// more occurrences follow, else to the outcome of this last one.
    pub(crate) fn finish(
        &mut self,
        calendar: &Calendar,
        record: OccurrenceRecord,
        at: OffsetDateTime,
    ) -> Result<(), TransferError> {
        let completed = matches!(record.result, OccurrenceResult::Completed { .. });
        self.history.push(record);
        self.next_index = self.next_index.saturating_add(1);
        self.processed_at = Some(at);
        let next = if self.upcoming(calendar).next().is_some() {
            TransferState::Scheduled
        } else if completed {
            TransferState::Completed
        } else {
            TransferState::Failed
        };
        self.transition(next)
    }

    /// Applies a validated merged draft. A new `scheduledOn` or frequency re-anchors
    /// the schedule; occurrences already executed still count toward `count` and
    /// `amountLimit`.
    pub(crate) fn apply(&mut self, draft: NewTransfer, at: OffsetDateTime, by: String) {
        let reanchor = draft.schedule.scheduled_on != self.schedule.scheduled_on
            || draft.schedule.frequency != self.schedule.frequency;
        if reanchor {
            self.next_index = 0;
        }
        self.from = draft.from;
        self.to = draft.to;
        self.amount = draft.amount;
        self.memo = draft.memo;
        self.schedule = draft.schedule;
        self.updated_at = at;
        self.updated_by = by;
    }
}

#[cfg(test)]
mod tests;
