//! `listTransferSchedule` (`GET /institutions/{institutionId}/transferSchedule`), spec
//! §2.2 #5, §3.4 and §5.1: upcoming `scheduledOn` dates of a recurrence with their
//! business-day `effectiveOn` dates.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize, Serializer};
use time::{Date, Duration, Month};

use crate::calendar::{days_in_month, Calendar};
use crate::error::ParamError;

/// Default and maximum of the `count` parameter (spec §2.2 #5).
pub const DEFAULT_COUNT: i32 = 6;
pub const MAX_COUNT: i32 = 12;

/// `transferScheduleDirection`: which way a non-business `scheduledOn` moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Direction {
    /// Customer pays the institution: adjusted to the **next** business day.
    Debit,
    /// Institution pays the customer: adjusted to the **previous** business day.
    Credit,
}

/// `transferFrequency` (spec §3.4), all twelve values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Frequency {
    Once,
    Daily,
    Weekly,
    Biweekly,
    Semimonthly,
    Monthly,
    MonthlyFirstDay,
    MonthlyLastDay,
    Bimonthly,
    Quarterly,
    Semiyearly,
    Yearly,
}

/// An enum value outside the spec's list (a 400 for the named parameter).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not one of: {allowed}")]
pub struct UnknownValue {
    pub value: String,
    pub allowed: &'static str,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Debit => "debit",
            Direction::Credit => "credit",
        }
    }
}

impl FromStr for Direction {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "debit" => Ok(Direction::Debit),
            "credit" => Ok(Direction::Credit),
            _ => Err(UnknownValue {
                value: s.to_owned(),
                allowed: "debit, credit",
            }),
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Frequency {
    pub const ALL: [Frequency; 12] = [
        Frequency::Once,
        Frequency::Daily,
        Frequency::Weekly,
        Frequency::Biweekly,
        Frequency::Semimonthly,
        Frequency::Monthly,
        Frequency::MonthlyFirstDay,
        Frequency::MonthlyLastDay,
        Frequency::Bimonthly,
        Frequency::Quarterly,
        Frequency::Semiyearly,
        Frequency::Yearly,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Once => "once",
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Biweekly => "biweekly",
            Frequency::Semimonthly => "semimonthly",
            Frequency::Monthly => "monthly",
            Frequency::MonthlyFirstDay => "monthlyFirstDay",
            Frequency::MonthlyLastDay => "monthlyLastDay",
            Frequency::Bimonthly => "bimonthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Semiyearly => "semiyearly",
            Frequency::Yearly => "yearly",
        }
    }

    /// Months between occurrences for the month-stepped frequencies.
    fn month_step(self) -> Option<i64> {
        match self {
            Frequency::Monthly => Some(1),
            Frequency::Bimonthly => Some(2),
            Frequency::Quarterly => Some(3),
            Frequency::Semiyearly => Some(6),
            Frequency::Yearly => Some(12),
            _ => None,
        }
    }
}

impl FromStr for Frequency {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Frequency::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| UnknownValue {
                value: s.to_owned(),
                allowed: "once, daily, weekly, biweekly, semimonthly, monthly, monthlyFirstDay, \
                          monthlyLastDay, bimonthly, quarterly, semiyearly, yearly",
            })
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The query parameters of `listTransferSchedule`, already parsed to types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleRequest {
    pub starts_on: Date,
    /// Inclusive, compared with `scheduledOn` (spec §6 #27).
    pub ends_on: Option<Date>,
    pub direction: Direction,
    /// 1..=12; `None` means the default 6. Kept signed so the range check (and its 400)
    /// lives here rather than in every caller.
    pub count: Option<i32>,
    pub frequency: Frequency,
}

impl ScheduleRequest {
    pub fn new(starts_on: Date, direction: Direction, frequency: Frequency) -> Self {
        Self {
            starts_on,
            ends_on: None,
            direction,
            count: None,
            frequency,
        }
    }

    pub fn ends_on(mut self, ends_on: Date) -> Self {
        self.ends_on = Some(ends_on);
        self
    }

    pub fn count(mut self, count: i32) -> Self {
        self.count = Some(count);
        self
    }
}

/// `transferScheduleItem`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleItem {
    #[serde(serialize_with = "iso_date")]
    pub scheduled_on: Date,
    #[serde(serialize_with = "iso_date")]
    pub effective_on: Date,
}

/// `transferSchedules`, the 200 body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransferSchedules {
    pub items: Vec<ScheduleItem>,
}

fn iso_date<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&polyfin_domain::clock::format_date(*date))
}

/// Computes the schedule. Errors: `count` outside 1..=12 → 400 naming `count`;
/// `endsOn` before `startsOn` → 422 naming `endsOn` (spec §5.1).
///
/// Dates that would pass `time::Date::MAX` cannot be represented, so the list simply
/// ends there.
pub fn transfer_schedule(
    calendar: &Calendar,
    request: &ScheduleRequest,
) -> Result<Vec<ScheduleItem>, ParamError> {
    let count = request.count.unwrap_or(DEFAULT_COUNT);
    if !(1..=MAX_COUNT).contains(&count) {
        return Err(ParamError::malformed(
            "count",
            format!("must be between 1 and {MAX_COUNT}, got {count}"),
        ));
    }
    if let Some(ends_on) = request.ends_on {
        if ends_on < request.starts_on {
            return Err(ParamError::unprocessable(
                "endsOn",
                "must not be before startsOn",
            ));
        }
    }
    // `once` means exactly one item whatever `count` says (spec §5.1 [R]).
    let limit = if request.frequency == Frequency::Once {
        1
    } else {
        count.unsigned_abs() as usize
    };
    let mut items = Vec::with_capacity(limit);
    let mut occurrences = Occurrences::new(calendar, request.frequency, request.starts_on);
    while items.len() < limit {
        let Some(scheduled_on) = occurrences.next() else {
            break;
        };
        if request.ends_on.is_some_and(|end| scheduled_on > end) {
            break;
        }
        let Some(effective_on) =
            effective_date(calendar, request.frequency, request.direction, scheduled_on)
        else {
            break;
        };
        items.push(ScheduleItem {
            scheduled_on,
            effective_on,
        });
    }
    Ok(items)
}

/// `effectiveOn` for one `scheduledOn`: unchanged on a business day, else moved forward
/// (`debit`) or back (`credit`). `monthlyFirstDay`/`monthlyLastDay` instead use the
/// first/last business day of that month whatever the direction, because "first
/// business day of the month" must not leave the month (spec §5.1 [R]).
pub fn effective_date(
    calendar: &Calendar,
    frequency: Frequency,
    direction: Direction,
    scheduled_on: Date,
) -> Option<Date> {
    let within_month = match frequency {
        Frequency::MonthlyFirstDay => calendar.first_business_day_of_month(scheduled_on),
        Frequency::MonthlyLastDay => calendar.last_business_day_of_month(scheduled_on),
        _ => None,
    };
    // A month without any business day (only possible with closures) falls back to the
    // direction rule rather than producing no date.
    within_month.or_else(|| match direction {
        Direction::Debit => calendar.next_business_day(scheduled_on),
        Direction::Credit => calendar.previous_business_day(scheduled_on),
    })
}

/// Every `scheduledOn` of a recurrence from `starts_on`, without `count`/`endsOn`
/// cut-off: stored transfers recur until their own terminator says stop (spec §6 #30),
/// and must step exactly like `listTransferSchedule` so both agree date for date.
pub fn scheduled_dates(
    calendar: &Calendar,
    frequency: Frequency,
    starts_on: Date,
) -> impl Iterator<Item = Date> + '_ {
    Occurrences::new(calendar, frequency, starts_on)
}

/// Successive `scheduledOn` dates. The k-th date is computed from `startsOn`, not
/// from the previous date, so month-end clamping never drifts (Jan 31 → Feb 28 →
/// Mar 31).
struct Occurrences<'a> {
    calendar: &'a Calendar,
    frequency: Frequency,
    start: Date,
    index: i64,
    last_daily: Option<Date>,
}

impl<'a> Occurrences<'a> {
    fn new(calendar: &'a Calendar, frequency: Frequency, start: Date) -> Self {
        Self {
            calendar,
            frequency,
            start,
            index: 0,
            last_daily: None,
        }
    }

    fn occurrence(&self, k: i64) -> Option<Date> {
        let start = self.start;
        match self.frequency {
            Frequency::Once => (k == 0).then_some(start),
            // Handled statefully in `next`.
            Frequency::Daily => None,
            Frequency::Weekly => start.checked_add(Duration::weeks(k)),
            Frequency::Biweekly => start.checked_add(Duration::weeks(2 * k)),
            Frequency::Semimonthly => semimonthly(start, k),
            Frequency::MonthlyFirstDay => {
                // The first 1st on or after startsOn.
                let skip = i64::from(start.day() != 1);
                month_day(start, k + skip, 1)
            }
            Frequency::MonthlyLastDay => month_day(start, k, 31),
            other => month_day(start, k * other.month_step()?, start.day()),
        }
    }
}

impl Iterator for Occurrences<'_> {
    type Item = Date;

    fn next(&mut self) -> Option<Date> {
        let date = if self.frequency == Frequency::Daily {
            // Every business day, starting with the first one on or after startsOn.
            let date = match self.last_daily {
                None => self.calendar.next_business_day(self.start)?,
                Some(last) => self.calendar.add_business_days(last, 1)?,
            };
            self.last_daily = Some(date);
            date
        } else {
            self.occurrence(self.index)?
        };
        self.index += 1;
        Some(date)
    }
}

/// Two anchor days per month, `a` and `a + 15` (clamped to the month's end), where
/// `a = d` for d ≤ 15 and `d − 15` otherwise; startsOn is always one of them.
fn semimonthly(start: Date, k: i64) -> Option<Date> {
    let day = start.day();
    let (anchor, second_half) = if day <= 15 {
        (day, false)
    } else {
        (day - 15, true)
    };
    let slot = k + i64::from(second_half);
    let wanted = if slot % 2 == 0 { anchor } else { anchor + 15 };
    month_day(start, slot / 2, wanted)
}

/// `day` (clamped to the month's length) in the month `months` after `start`'s month.
fn month_day(start: Date, months: i64, day: u8) -> Option<Date> {
    let index = i64::from(start.year()) * 12 + i64::from(u8::from(start.month())) - 1 + months;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    let day = day.min(days_in_month(year, month));
    Date::from_calendar_date(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn dates(freq: Frequency, start: Date, count: i32) -> Vec<Date> {
        let request = ScheduleRequest::new(start, Direction::Debit, freq).count(count);
        transfer_schedule(&Calendar::weekends_only(), &request)
            .unwrap()
            .into_iter()
            .map(|item| item.scheduled_on)
            .collect()
    }

    #[test]
    fn monthly_clamps_without_drift() {
        assert_eq!(
            dates(Frequency::Monthly, date!(2024 - 01 - 31), 4),
            [
                date!(2024 - 01 - 31),
                date!(2024 - 02 - 29),
                date!(2024 - 03 - 31),
                date!(2024 - 04 - 30)
            ]
        );
        assert_eq!(
            dates(Frequency::Quarterly, date!(2025 - 11 - 30), 3),
            [
                date!(2025 - 11 - 30),
                date!(2026 - 02 - 28),
                date!(2026 - 05 - 30)
            ]
        );
        assert_eq!(
            dates(Frequency::Yearly, date!(2024 - 02 - 29), 2),
            [date!(2024 - 02 - 29), date!(2025 - 02 - 28)]
        );
    }

    #[test]
    fn semimonthly_anchors() {
        assert_eq!(
            dates(Frequency::Semimonthly, date!(2026 - 01 - 31), 4),
            [
                date!(2026 - 01 - 31),
                date!(2026 - 02 - 16),
                date!(2026 - 02 - 28),
                date!(2026 - 03 - 16)
            ]
        );
        assert_eq!(
            dates(Frequency::Semimonthly, date!(2026 - 01 - 10), 3),
            [
                date!(2026 - 01 - 10),
                date!(2026 - 01 - 25),
                date!(2026 - 02 - 10)
            ]
        );
    }

    #[test]
    fn monthly_first_and_last_day() {
        assert_eq!(
            dates(Frequency::MonthlyFirstDay, date!(2026 - 01 - 02), 2),
            [date!(2026 - 02 - 01), date!(2026 - 03 - 01)]
        );
        assert_eq!(
            dates(Frequency::MonthlyFirstDay, date!(2026 - 01 - 01), 1),
            [date!(2026 - 01 - 01)]
        );
        assert_eq!(
            dates(Frequency::MonthlyLastDay, date!(2026 - 01 - 31), 2),
            [date!(2026 - 01 - 31), date!(2026 - 02 - 28)]
        );
    }

    #[test]
    fn parameters_are_checked() {
        let request =
            ScheduleRequest::new(date!(2026 - 01 - 01), Direction::Debit, Frequency::Weekly);
        let cal = Calendar::us_federal_reserve();
        for bad in [0, 13, -1] {
            let err = transfer_schedule(&cal, &request.clone().count(bad)).unwrap_err();
            assert_eq!((err.parameter.as_str(), err.status()), ("count", 400));
        }
        let err =
            transfer_schedule(&cal, &request.clone().ends_on(date!(2025 - 12 - 31))).unwrap_err();
        assert_eq!((err.parameter.as_str(), err.status()), ("endsOn", 422));
        assert_eq!(transfer_schedule(&cal, &request).unwrap().len(), 6);
    }

    #[test]
    fn wire_names_round_trip() {
        for freq in Frequency::ALL {
            assert_eq!(freq.as_str().parse::<Frequency>(), Ok(freq));
            assert_eq!(serde_json::to_value(freq).unwrap(), freq.as_str());
        }
        assert_eq!("credit".parse::<Direction>(), Ok(Direction::Credit));
        assert!("Debit".parse::<Direction>().is_err());
        assert!("fortnightly".parse::<Frequency>().is_err());
        let item = ScheduleItem {
            scheduled_on: date!(2022 - 07 - 04),
            effective_on: date!(2022 - 07 - 05),
        };
        assert_eq!(
            serde_json::to_string(&TransferSchedules { items: vec![item] }).unwrap(),
            r#"{"items":[{"scheduledOn":"2022-07-04","effectiveOn":"2022-07-05"}]}"#
        );
    }

    #[test]
    fn schedule_stops_at_the_end_of_time() {
        let request =
            ScheduleRequest::new(date!(9999 - 12 - 01), Direction::Debit, Frequency::Monthly);
        let items = transfer_schedule(&Calendar::us_federal_reserve(), &request).unwrap();
        assert_eq!(items.len(), 1);
    }
}
