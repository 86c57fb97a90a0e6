//! Time is injected: throttles, expiry and schedules read a `Clock`, so tests move time
//! instead of sleeping.

use std::sync::{Arc, Mutex, PoisonError};
use time::{Duration, OffsetDateTime};

pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> OffsetDateTime;
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that starts at the real time and can be moved forward by tests; moving it
/// never goes backwards.
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    offset: Arc<Mutex<Duration>>,
}

impl ManualClock {
    pub fn advance(&self, by: Duration) {
        if by.is_negative() {
            return;
        }
        let mut offset = self.offset.lock().unwrap_or_else(PoisonError::into_inner);
        *offset += by;
    }

    pub fn offset(&self) -> Duration {
        *self.offset.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.offset()
    }
}

/// Timestamps on every wire are RFC 3339 in UTC with a `Z` and whole seconds.
/// (Written digit by digit: a page of transactions formats a hundred of them, and
/// `format!` was a tenth of the page's cost.)
pub fn format_timestamp(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    let Ok(year) = u32::try_from(at.year()) else {
        return format_timestamp_slowly(at);
    };
    if year > 9999 {
        return format_timestamp_slowly(at);
    }
    let mut text = *b"0000-00-00T00:00:00Z";
    write_digits(&mut text[0..4], year);
    write_digits(&mut text[5..7], u32::from(u8::from(at.month())));
    write_digits(&mut text[8..10], u32::from(at.day()));
    write_digits(&mut text[11..13], u32::from(at.hour()));
    write_digits(&mut text[14..16], u32::from(at.minute()));
    write_digits(&mut text[17..19], u32::from(at.second()));
    text.iter().copied().map(char::from).collect()
}

fn format_timestamp_slowly(at: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

pub fn format_date(date: time::Date) -> String {
    match u32::try_from(date.year()) {
        Ok(year) if year <= 9999 => {
            let mut text = *b"0000-00-00";
            write_digits(&mut text[0..4], year);
            write_digits(&mut text[5..7], u32::from(u8::from(date.month())));
            write_digits(&mut text[8..10], u32::from(date.day()));
            text.iter().copied().map(char::from).collect()
        }
        _ => format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            u8::from(date.month()),
            date.day()
        ),
    }
}

/// Fills `slot` with the last `slot.len()` decimal digits of `value`, zero-padded.
fn write_digits(slot: &mut [u8], mut value: u32) {
    for digit in slot.iter_mut().rev() {
        *digit = b"0123456789"[(value % 10) as usize];
        value /= 10;
    }
}

/// Parses `YYYY-MM-DD`, the only date form the query strings accept.
pub fn parse_date(text: &str) -> Option<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, format).ok()
}

pub fn parse_timestamp(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_forward_only() {
        let clock = ManualClock::default();
        clock.advance(Duration::hours(3));
        clock.advance(Duration::hours(-1));
        assert_eq!(clock.offset(), Duration::hours(3));
    }

    #[test]
    fn timestamps_are_utc_with_z() {
        let at = time::macros::datetime!(2024-12-20 18:52:36.250 +02:00);
        assert_eq!(format_timestamp(at), "2024-12-20T16:52:36Z");
    }

    #[test]
    fn digit_by_digit_formatting_matches_format() {
        for at in [
            time::macros::datetime!(0007-01-02 03:04:05 UTC),
            time::macros::datetime!(1999-12-31 23:59:59.999 UTC),
            time::macros::datetime!(2026-02-28 00:00:00 -05:00),
            time::macros::datetime!(9999-12-31 23:59:59 UTC),
        ] {
            let utc = at.to_offset(time::UtcOffset::UTC);
            assert_eq!(format_timestamp(at), format_timestamp_slowly(utc));
            let date = at.date();
            let expected = format!(
                "{:04}-{:02}-{:02}",
                date.year(),
                u8::from(date.month()),
                date.day()
            );
            assert_eq!(format_date(date), expected);
        }
    }

    #[test]
    fn dates_parse_strictly() {
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2024-2-29").is_none());
        assert!(parse_date("2024-02-30").is_none());
        assert!(parse_date("2024-02-29T00:00:00Z").is_none());
    }
}
