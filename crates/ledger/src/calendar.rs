//! Business days: weekends, US Federal Reserve holidays computed by rule for any year,
//! and per-institution closures (spec §5.1: holidays are "as determined by the
//! institution"; the default is the Federal Reserve calendar).
//!
//! Observance follows the Federal Reserve, as the spec's §5.1 [R] row requires: a
//! holiday falling on Sunday is observed the following Monday; a holiday falling on
//! Saturday is **not** moved to the preceding Friday, which stays a business day.

use std::collections::BTreeMap;

use time::{Date, Duration, Month, Weekday};

/// The eleven Federal Reserve holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holiday {
    NewYearsDay,
    MartinLutherKingJrDay,
    WashingtonsBirthday,
    MemorialDay,
    Juneteenth,
    IndependenceDay,
    LaborDay,
    ColumbusDay,
    VeteransDay,
    ThanksgivingDay,
    ChristmasDay,
}

/// First year the Federal Reserve closed for Martin Luther King Jr. Day.
const MLK_DAY_FIRST_YEAR: i32 = 1986;
/// Juneteenth became law in June 2021, too late for the Fed to close that year; the
/// first Fed closure was 2022.
const JUNETEENTH_FIRST_YEAR: i32 = 2022;

/// Name given to closures added with [`Calendar::with_closures`].
pub const CLOSURE_NAME: &str = "Institution closure";

impl Holiday {
    pub const ALL: [Holiday; 11] = [
        Holiday::NewYearsDay,
        Holiday::MartinLutherKingJrDay,
        Holiday::WashingtonsBirthday,
        Holiday::MemorialDay,
        Holiday::Juneteenth,
        Holiday::IndependenceDay,
        Holiday::LaborDay,
        Holiday::ColumbusDay,
        Holiday::VeteransDay,
        Holiday::ThanksgivingDay,
        Holiday::ChristmasDay,
    ];

    /// The Federal Reserve's name for the holiday.
    pub fn name(self) -> &'static str {
        self.names().0
    }

    /// Name of the Monday that stands in for a Sunday holiday.
    pub fn observed_name(self) -> &'static str {
        self.names().1
    }

    // Static pairs, because `holiday_name` hands out `&str` borrowed from the calendar.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Holiday::NewYearsDay => ("New Year's Day", "New Year's Day (observed)"),
            Holiday::MartinLutherKingJrDay => (
                "Birthday of Martin Luther King, Jr.",
                "Birthday of Martin Luther King, Jr. (observed)",
            ),
            Holiday::WashingtonsBirthday => {
                ("Washington's Birthday", "Washington's Birthday (observed)")
            }
            Holiday::MemorialDay => ("Memorial Day", "Memorial Day (observed)"),
            Holiday::Juneteenth => (
                "Juneteenth National Independence Day",
                "Juneteenth National Independence Day (observed)",
            ),
            Holiday::IndependenceDay => ("Independence Day", "Independence Day (observed)"),
            Holiday::LaborDay => ("Labor Day", "Labor Day (observed)"),
            Holiday::ColumbusDay => ("Columbus Day", "Columbus Day (observed)"),
            Holiday::VeteransDay => ("Veterans Day", "Veterans Day (observed)"),
            Holiday::ThanksgivingDay => ("Thanksgiving Day", "Thanksgiving Day (observed)"),
            Holiday::ChristmasDay => ("Christmas Day", "Christmas Day (observed)"),
        }
    }

    /// The calendar date of the holiday in `year`, before any observance shift; `None`
    /// for years before the holiday existed (or outside `time::Date`'s range).
    pub fn date_in(self, year: i32) -> Option<Date> {
        use Month::*;
        match self {
            Holiday::NewYearsDay => fixed(year, January, 1),
            Holiday::MartinLutherKingJrDay if year >= MLK_DAY_FIRST_YEAR => {
                nth_weekday(year, January, Weekday::Monday, 3)
            }
            Holiday::MartinLutherKingJrDay => None,
            Holiday::WashingtonsBirthday => nth_weekday(year, February, Weekday::Monday, 3),
            Holiday::MemorialDay => last_weekday(year, May, Weekday::Monday),
            Holiday::Juneteenth if year >= JUNETEENTH_FIRST_YEAR => fixed(year, June, 19),
            Holiday::Juneteenth => None,
            Holiday::IndependenceDay => fixed(year, July, 4),
            Holiday::LaborDay => nth_weekday(year, September, Weekday::Monday, 1),
            Holiday::ColumbusDay => nth_weekday(year, October, Weekday::Monday, 2),
            Holiday::VeteransDay => fixed(year, November, 11),
            Holiday::ThanksgivingDay => nth_weekday(year, November, Weekday::Thursday, 4),
            Holiday::ChristmasDay => fixed(year, December, 25),
        }
    }

    /// The weekday the Fed is closed for this holiday in `year`: the date itself, or the
    /// Monday after a Sunday. `None` when it falls on Saturday (no weekday closure).
    pub fn observed_in(self, year: i32) -> Option<Date> {
        let date = self.date_in(year)?;
        match date.weekday() {
            Weekday::Saturday => None,
            Weekday::Sunday => date.next_day(),
            _ => Some(date),
        }
    }
}

fn fixed(year: i32, month: Month, day: u8) -> Option<Date> {
    Date::from_calendar_date(year, month, day).ok()
}

fn nth_weekday(year: i32, month: Month, weekday: Weekday, n: u8) -> Option<Date> {
    let first = Date::from_calendar_date(year, month, 1).ok()?;
    let offset =
        (weekday.number_days_from_monday() + 7 - first.weekday().number_days_from_monday()) % 7;
    let day = 1 + offset + 7 * (n - 1);
    Date::from_calendar_date(year, month, day).ok()
}

fn last_weekday(year: i32, month: Month, weekday: Weekday) -> Option<Date> {
    let last = Date::from_calendar_date(year, month, days_in_month(year, month)).ok()?;
    let back =
        (last.weekday().number_days_from_monday() + 7 - weekday.number_days_from_monday()) % 7;
    last.checked_sub(Duration::days(i64::from(back)))
}

/// Days in `month` of `year` (Gregorian).
pub fn days_in_month(year: i32, month: Month) -> u8 {
    match month {
        Month::February if time::util::is_leap_year(year) => 29,
        Month::February => 28,
        Month::April | Month::June | Month::September | Month::November => 30,
        _ => 31,
    }
}

/// Saturday or Sunday.
pub fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// An institution's business-day calendar. Cheap to clone; holidays are computed on
/// demand, so any year works without a precomputed table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    federal_reserve_holidays: bool,
    closures: BTreeMap<Date, String>,
}

impl Calendar {
    /// Weekends plus the Federal Reserve holidays (the spec's default calendar).
    pub fn us_federal_reserve() -> Self {
        Self {
            federal_reserve_holidays: true,
            closures: BTreeMap::new(),
        }
    }

    /// Only weekends are closed; for institutions that publish their own holiday list
    /// through [`Calendar::with_closures`].
    pub fn weekends_only() -> Self {
        Self::default()
    }

    /// Adds institution-specific closure dates (e.g. a storm closure), named
    /// [`CLOSURE_NAME`].
    pub fn with_closures(mut self, dates: impl IntoIterator<Item = Date>) -> Self {
        for date in dates {
            self.closures.insert(date, CLOSURE_NAME.to_owned());
        }
        self
    }

    /// Adds one named institution closure; a later name for the same date wins.
    pub fn with_named_closure(mut self, date: Date, name: impl Into<String>) -> Self {
        self.closures.insert(date, name.into());
        self
    }

    /// The Federal Reserve holiday on `date`, counting both the calendar date (even a
    /// weekend one) and the Monday that stands in for a Sunday holiday.
    pub fn federal_holiday(&self, date: Date) -> Option<(Holiday, bool)> {
        if !self.federal_reserve_holidays {
            return None;
        }
        // Only same-year holidays matter: no Fed holiday falls on Dec 31, so a Sunday
        // shift never crosses into January.
        Holiday::ALL.into_iter().find_map(|holiday| {
            if holiday.date_in(date.year())? == date {
                Some((holiday, false))
            } else if holiday.observed_in(date.year()) == Some(date) {
                Some((holiday, true))
            } else {
                None
            }
        })
    }

    /// Why `date` is special: an institution closure, a Federal Reserve holiday (its
    /// calendar date, even on a weekend) or its observed Monday. `None` for ordinary
    /// days, including ordinary weekends and a Friday before a Saturday holiday.
    pub fn holiday_name(&self, date: Date) -> Option<&str> {
        if let Some(name) = self.closures.get(&date) {
            return Some(name.as_str());
        }
        self.federal_holiday(date).map(|(holiday, observed)| {
            if observed {
                holiday.observed_name()
            } else {
                holiday.name()
            }
        })
    }

    /// A business day is a weekday that is neither an observed holiday nor a closure.
    pub fn is_business_day(&self, date: Date) -> bool {
        !is_weekend(date)
            && !self.closures.contains_key(&date)
            && self.federal_holiday(date).is_none()
    }

    /// Weekday closures in `year`, in date order: what a customer would see on the
    /// institution's holiday page.
    pub fn closures_in(&self, year: i32) -> Vec<(Date, &str)> {
        let mut out: Vec<(Date, &str)> = Vec::new();
        if self.federal_reserve_holidays {
            for holiday in Holiday::ALL {
                if let Some(date) = holiday.observed_in(year) {
                    out.push((date, self.holiday_name(date).unwrap_or(holiday.name())));
                }
            }
        }
        for (date, name) in &self.closures {
            if date.year() == year && !is_weekend(*date) && !out.iter().any(|(d, _)| d == date) {
                out.push((*date, name.as_str()));
            }
        }
        out.sort_by_key(|(date, _)| *date);
        out
    }

    /// `date` itself when it is a business day, else the first business day after it.
    /// This is the spec's `debit` adjustment. `None` only past `time::Date::MAX`.
    pub fn next_business_day(&self, date: Date) -> Option<Date> {
        let mut day = date;
        while !self.is_business_day(day) {
            day = day.next_day()?;
        }
        Some(day)
    }

    /// `date` itself when it is a business day, else the last business day before it.
    /// This is the spec's `credit` adjustment. `None` only before `time::Date::MIN`.
    pub fn previous_business_day(&self, date: Date) -> Option<Date> {
        let mut day = date;
        while !self.is_business_day(day) {
            day = day.previous_day()?;
        }
        Some(day)
    }

    /// Moves `n` business days forward (or back for negative `n`), counting only
    /// business days strictly after (before) `date`, so Friday + 1 is Monday and
    /// Saturday + 1 is also Monday. `n == 0` rolls forward like
    /// [`Self::next_business_day`] so the result is always a business day.
    pub fn add_business_days(&self, date: Date, n: i64) -> Option<Date> {
        if n == 0 {
            return self.next_business_day(date);
        }
        let mut day = date;
        for _ in 0..n.unsigned_abs() {
            day = if n > 0 {
                self.next_business_day(day.next_day()?)?
            } else {
                self.previous_business_day(day.previous_day()?)?
            };
        }
        Some(day)
    }

    /// First business day of `date`'s month, if the month has one.
    pub fn first_business_day_of_month(&self, date: Date) -> Option<Date> {
        let first = date.replace_day(1).ok()?;
        self.next_business_day(first)
            .filter(|day| day.month() == date.month() && day.year() == date.year())
    }

    /// Last business day of `date`'s month, if the month has one.
    pub fn last_business_day_of_month(&self, date: Date) -> Option<Date> {
        let last = date
            .replace_day(days_in_month(date.year(), date.month()))
            .ok()?;
        self.previous_business_day(last)
            .filter(|day| day.month() == date.month() && day.year() == date.year())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn fed() -> Calendar {
        Calendar::us_federal_reserve()
    }

    #[test]
    fn closures_2026_match_the_fed_schedule() {
        let days: Vec<Date> = fed()
            .closures_in(2026)
            .into_iter()
            .map(|(d, _)| d)
            .collect();
        // July 4 2026 is a Saturday: the Fed does not close on Friday July 3.
        let expected = [
            date!(2026 - 01 - 01),
            date!(2026 - 01 - 19),
            date!(2026 - 02 - 16),
            date!(2026 - 05 - 25),
            date!(2026 - 06 - 19),
            date!(2026 - 09 - 07),
            date!(2026 - 10 - 12),
            date!(2026 - 11 - 11),
            date!(2026 - 11 - 26),
            date!(2026 - 12 - 25),
        ];
        assert_eq!(days, expected);
    }

    #[test]
    fn closures_2022_shift_sunday_holidays_to_monday() {
        let cal = fed();
        let days: Vec<Date> = cal.closures_in(2022).into_iter().map(|(d, _)| d).collect();
        // Jan 1 2022 was a Saturday: no weekday closure (Dec 31 2021 stayed open).
        assert_eq!(days[0], date!(2022 - 01 - 17));
        assert!(days.contains(&date!(2022 - 06 - 20)));
        assert!(days.contains(&date!(2022 - 12 - 26)));
        assert!(cal.is_business_day(date!(2021 - 12 - 31)));
        assert_eq!(
            cal.holiday_name(date!(2022 - 12 - 25)),
            Some("Christmas Day")
        );
        assert_eq!(
            cal.holiday_name(date!(2022 - 12 - 26)),
            Some("Christmas Day (observed)")
        );
    }

    #[test]
    fn saturday_holidays_leave_friday_open() {
        let cal = fed();
        assert!(cal.is_business_day(date!(2026 - 07 - 03)));
        assert_eq!(cal.holiday_name(date!(2026 - 07 - 03)), None);
        assert_eq!(
            cal.holiday_name(date!(2026 - 07 - 04)),
            Some("Independence Day")
        );
        assert!(cal.is_business_day(date!(2027 - 12 - 24)));
        assert!(cal.is_business_day(date!(2027 - 12 - 31)));
        assert!(!cal.is_business_day(date!(2028 - 01 - 01)));
    }

    #[test]
    fn rule_based_holidays() {
        assert_eq!(
            Holiday::ThanksgivingDay.date_in(2026),
            Some(date!(2026 - 11 - 26))
        );
        assert_eq!(
            Holiday::MemorialDay.date_in(2027),
            Some(date!(2027 - 05 - 31))
        );
        assert_eq!(
            Holiday::MemorialDay.date_in(2026),
            Some(date!(2026 - 05 - 25))
        );
        assert_eq!(Holiday::LaborDay.date_in(2025), Some(date!(2025 - 09 - 01)));
        assert_eq!(
            Holiday::ColumbusDay.date_in(2025),
            Some(date!(2025 - 10 - 13))
        );
        assert_eq!(Holiday::Juneteenth.date_in(2021), None);
        assert_eq!(Holiday::MartinLutherKingJrDay.date_in(1985), None);
        assert_eq!(
            Holiday::MartinLutherKingJrDay.date_in(2100),
            Some(date!(2100 - 01 - 18))
        );
        assert_eq!(
            Holiday::IndependenceDay.observed_in(2027),
            Some(date!(2027 - 07 - 05))
        );
        assert_eq!(Holiday::IndependenceDay.observed_in(2026), None);
    }

    #[test]
    fn moving_between_business_days() {
        let cal = fed();
        let fri = date!(2026 - 11 - 20);
        assert_eq!(cal.add_business_days(fri, 1), Some(date!(2026 - 11 - 23)));
        // Thanksgiving Thursday is skipped.
        assert_eq!(
            cal.add_business_days(date!(2026 - 11 - 25), 1),
            Some(date!(2026 - 11 - 27))
        );
        assert_eq!(
            cal.add_business_days(date!(2026 - 11 - 27), -1),
            Some(date!(2026 - 11 - 25))
        );
        assert_eq!(
            cal.add_business_days(date!(2026 - 07 - 04), 0),
            Some(date!(2026 - 07 - 06))
        );
        assert_eq!(
            cal.add_business_days(date!(2026 - 07 - 04), 1),
            Some(date!(2026 - 07 - 06))
        );
        assert_eq!(
            cal.next_business_day(date!(2022 - 12 - 24)),
            Some(date!(2022 - 12 - 27))
        );
        assert_eq!(
            cal.previous_business_day(date!(2022 - 12 - 26)),
            Some(date!(2022 - 12 - 23))
        );
    }

    #[test]
    fn institution_closures() {
        let storm = date!(2026 - 03 - 10);
        let cal = fed()
            .with_closures([storm])
            .with_named_closure(date!(2026 - 03 - 11), "Core conversion");
        assert!(!cal.is_business_day(storm));
        assert_eq!(cal.holiday_name(storm), Some(CLOSURE_NAME));
        assert_eq!(cal.next_business_day(storm), Some(date!(2026 - 03 - 12)));
        assert_eq!(
            cal.holiday_name(date!(2026 - 03 - 11)),
            Some("Core conversion")
        );
        assert_eq!(cal.closures_in(2026).len(), 12);
        let plain = Calendar::weekends_only();
        assert!(plain.is_business_day(date!(2026 - 12 - 25)));
        assert_eq!(plain.holiday_name(date!(2026 - 12 - 25)), None);
    }

    #[test]
    fn month_edges() {
        let cal = fed();
        assert_eq!(
            cal.first_business_day_of_month(date!(2028 - 01 - 20)),
            Some(date!(2028 - 01 - 03))
        );
        assert_eq!(
            cal.last_business_day_of_month(date!(2027 - 12 - 01)),
            Some(date!(2027 - 12 - 31))
        );
        let closed = Calendar::weekends_only().with_closures(
            (1..=28).filter_map(|d| Date::from_calendar_date(2026, Month::February, d).ok()),
        );
        assert_eq!(
            closed.first_business_day_of_month(date!(2026 - 02 - 10)),
            None
        );
        assert_eq!(days_in_month(2024, Month::February), 29);
        assert_eq!(days_in_month(2100, Month::February), 28);
    }
}
