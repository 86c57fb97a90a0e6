//! `newTransfer` and `transferPatch` bodies (spec §3.6) read from JSON, with RFC 7396
//! JSON Merge Patch semantics for PATCH (spec §5.5): an absent member is kept, `null`
//! removes an optional member, `schedule` is merged member-wise, nulling a required
//! member is a 400, and read-only or unknown members are ignored. Parsing works on a
//! `serde_json::Value` because "absent" and `null` must stay distinguishable.
//!
//! Only shape is checked here (400s). Business rules (422/403) are checked by the
//! ledger on the merged result, the same way for create and patch.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use time::Date;

use crate::ids::AccountId;
use crate::journal::MAX_MEMO;
use crate::money::{parse_date, parse_monetary};
use crate::schedule::Frequency;

use super::{NewTransfer, RecurrenceType, TransferError, TransferSchedule};

/// A merge-patch member of an optional field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Field<T> {
    /// Absent: keep the current value.
    #[default]
    Keep,
    /// `null`: remove the value.
    Clear,
    Set(T),
}

impl<T> Field<T> {
    fn merge(self, current: Option<T>) -> Option<T> {
        match self {
            Field::Keep => current,
            Field::Clear => None,
            Field::Set(value) => Some(value),
        }
    }
}

/// A parsed `transferPatch`. Required members are `Option` (absent = keep): they can
/// never be cleared.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TransferPatch {
    pub amount: Option<Decimal>,
    pub from: Option<AccountId>,
    pub to: Option<AccountId>,
    pub memo: Field<String>,
    pub schedule: Option<SchedulePatch>,
}

/// The `schedule` member of a patch, merged member-wise.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SchedulePatch {
    pub scheduled_on: Option<Date>,
    pub frequency: Option<Frequency>,
    pub recurrence_type: Field<RecurrenceType>,
    pub ends_on: Field<Date>,
    pub count: Field<u32>,
    pub amount_limit: Field<Decimal>,
}

impl TransferPatch {
    /// The merged request: what the transfer would be after this patch.
    pub fn apply_to(self, mut draft: NewTransfer) -> NewTransfer {
        draft.amount = self.amount.unwrap_or(draft.amount);
        draft.from = self.from.unwrap_or(draft.from);
        draft.to = self.to.unwrap_or(draft.to);
        draft.memo = self.memo.merge(draft.memo);
        if let Some(patch) = self.schedule {
            let s = &mut draft.schedule;
            s.scheduled_on = patch.scheduled_on.unwrap_or(s.scheduled_on);
            s.frequency = patch.frequency.unwrap_or(s.frequency);
            s.recurrence_type = patch.recurrence_type.merge(s.recurrence_type);
            s.ends_on = patch.ends_on.merge(s.ends_on);
            s.count = patch.count.merge(s.count);
            s.amount_limit = patch.amount_limit.merge(s.amount_limit);
        }
        draft
    }
}

/// Parses a `transferPatch` body.
pub fn parse_patch(body: &Value) -> Result<TransferPatch, TransferError> {
    let body = object(body, "body")?;
    let target = match (body.get("targetAccount"), body.get("destinationAccount")) {
        (Some(_), Some(_)) => {
            return Err(TransferError::bad(
                "targetAccount",
                "send either targetAccount or destinationAccount, not both",
            ))
        }
        (Some(_), None) => "targetAccount",
        (None, _) => "destinationAccount",
    };
    Ok(TransferPatch {
        amount: required(body, "", "amount", amount)?,
        from: required(body, "", "sourceAccount", account_ref)?.flatten(),
        to: required(body, "", target, account_ref)?.flatten(),
        memo: optional(body, "", "memo", memo)?,
        schedule: required(body, "", "schedule", schedule)?,
    })
}

/// Parses a `newTransfer` body: a patch applied to nothing, whose required members
/// must all be present.
pub fn parse_new_transfer(body: &Value) -> Result<NewTransfer, TransferError> {
    let patch = parse_patch(body)?;
    let missing = |field: &str| TransferError::bad(field, "is required");
    let schedule = patch.schedule.ok_or_else(|| missing("schedule"))?;
    Ok(NewTransfer {
        amount: patch.amount.ok_or_else(|| missing("amount"))?,
        from: patch.from.ok_or_else(|| missing("sourceAccount.id"))?,
        to: patch.to.ok_or_else(|| missing("targetAccount.id"))?,
        memo: patch.memo.merge(None),
        schedule: TransferSchedule {
            scheduled_on: schedule
                .scheduled_on
                .ok_or_else(|| missing("schedule.scheduledOn"))?,
            frequency: schedule
                .frequency
                .ok_or_else(|| missing("schedule.frequency"))?,
            recurrence_type: schedule.recurrence_type.merge(None),
            ends_on: schedule.ends_on.merge(None),
            count: schedule.count.merge(None),
            amount_limit: schedule.amount_limit.merge(None),
        },
    })
}

fn object<'a>(value: &'a Value, field: &str) -> Result<&'a Map<String, Value>, TransferError> {
    value
        .as_object()
        .ok_or_else(|| TransferError::bad(field, "must be a JSON object"))
}

/// Parses one member's value; the `&str` is its qualified name, for error messages.
type Parser<T> = fn(&Value, &str) -> Result<T, TransferError>;

/// `member` of `obj` (whose own path is `parent`, empty at the top) that may be
/// absent but not `null`.
fn required<T>(
    obj: &Map<String, Value>,
    parent: &str,
    member: &str,
    parse: Parser<T>,
) -> Result<Option<T>, TransferError> {
    match optional(obj, parent, member, parse)? {
        Field::Keep => Ok(None),
        Field::Clear => Err(TransferError::bad(
            &qualified(parent, member),
            "is required and cannot be null",
        )),
        Field::Set(value) => Ok(Some(value)),
    }
}

/// `member` of `obj` that `null` removes.
fn optional<T>(
    obj: &Map<String, Value>,
    parent: &str,
    member: &str,
    parse: Parser<T>,
) -> Result<Field<T>, TransferError> {
    match obj.get(member) {
        None => Ok(Field::Keep),
        Some(Value::Null) => Ok(Field::Clear),
        Some(value) => parse(value, &qualified(parent, member)).map(Field::Set),
    }
}

fn qualified(parent: &str, member: &str) -> String {
    if parent.is_empty() {
        member.to_owned()
    } else {
        format!("{parent}.{member}")
    }
}

fn string<'a>(value: &'a Value, field: &str) -> Result<&'a str, TransferError> {
    value
        .as_str()
        .ok_or_else(|| TransferError::bad(field, "must be a string"))
}

fn amount(value: &Value, field: &str) -> Result<Decimal, TransferError> {
    parse_monetary(string(value, field)?)
        .ok_or_else(|| TransferError::bad(field, "must be an amount like \"275.00\""))
}

/// `transferAccountReference`: only `id` matters, the server fills in the rest; a
/// patch may omit `id` to keep the account.
fn account_ref(value: &Value, field: &str) -> Result<Option<AccountId>, TransferError> {
    let reference = object(value, field)?;
    required(reference, field, "id", |id, name| {
        AccountId::new(string(id, name)?).map_err(|e| TransferError::bad(name, e.reason))
    })
}

fn memo(value: &Value, field: &str) -> Result<String, TransferError> {
    let text = string(value, field)?;
    if text.chars().count() > MAX_MEMO {
        return Err(TransferError::bad(field, "must be at most 80 characters"));
    }
    Ok(text.to_owned())
}

fn date(value: &Value, field: &str) -> Result<Date, TransferError> {
    parse_date(string(value, field)?)
        .ok_or_else(|| TransferError::bad(field, "must be a date YYYY-MM-DD"))
}

fn frequency(value: &Value, field: &str) -> Result<Frequency, TransferError> {
    Frequency::from_str(string(value, field)?).map_err(|e| TransferError::bad(field, e.to_string()))
}

fn recurrence(value: &Value, field: &str) -> Result<RecurrenceType, TransferError> {
    match string(value, field)? {
        "fixed" => Ok(RecurrenceType::Fixed),
        "variable" => Ok(RecurrenceType::Variable),
        _ => Err(TransferError::bad(field, "must be fixed or variable")),
    }
}

fn count(value: &Value, field: &str) -> Result<u32, TransferError> {
    value
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .filter(|&n| n >= 1)
        .ok_or_else(|| TransferError::bad(field, "must be an integer ≥ 1"))
}

/// `amountLimit` is an integer in v0.69; later revisions send `"N.NN"`: accept both
/// (spec §6 #30).
fn amount_limit(value: &Value, field: &str) -> Result<Decimal, TransferError> {
    let parsed = match value {
        Value::String(text) => parse_monetary(text),
        _ => value.as_u64().map(Decimal::from),
    };
    parsed
        .filter(|limit| *limit >= Decimal::ONE)
        .ok_or_else(|| TransferError::bad(field, "must be a whole amount ≥ 1"))
}

fn schedule(value: &Value, field: &str) -> Result<SchedulePatch, TransferError> {
    let obj = object(value, field)?;
    Ok(SchedulePatch {
        scheduled_on: required(obj, field, "scheduledOn", date)?,
        frequency: required(obj, field, "frequency", frequency)?,
        recurrence_type: optional(obj, field, "recurrenceType", recurrence)?,
        ends_on: optional(obj, field, "endsOn", date)?,
        count: optional(obj, field, "count", count)?,
        amount_limit: optional(obj, field, "amountLimit", amount_limit)?,
    })
}

#[cfg(test)]
mod tests;
