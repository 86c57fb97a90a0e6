//! Range-valued query parameters (spec §4.1–§4.4): `dateRange`, `amountRange` and
//! `checkNumberRange` (= `positiveIntegerRange`). The doc's regexes are mis-anchored
//! and do not compile in Rust (spec §4.4, §6 #21), so this is a hand-written parser of
//! the grammar
//!
//! ```text
//! range := VALUE | LB VALUE "," [VALUE] RB | LB "," VALUE RB
//! LB    := "[" | "("          RB := "]" | ")"
//! ```
//!
//! A bare value means exactly that value (≡ `[v,v]`). An empty side is unbounded and
//! its bracket is irrelevant. No spaces. Malformed input is a 400; a lower bound above
//! the upper bound is a 422 (spec §6 #23). `(` strictly excludes (spec §6 #22).

mod lists;

use std::ops::{Bound, RangeBounds};

use rust_decimal::Decimal;
use time::{Date, Month};

use crate::error::ParamError;

pub use lists::{parse_enum_list, parse_list, ItemCharset, ListRule};

/// A parsed range. `lower`/`upper` use [`std::ops::Bound`]:
/// `Included`, `Excluded` or `Unbounded`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueRange<T> {
    pub lower: Bound<T>,
    pub upper: Bound<T>,
}

pub type DateRange = ValueRange<Date>;
/// Compared against the **absolute value** of a transaction amount (spec §4.2); use
/// [`ValueRange::contains_magnitude`].
pub type AmountRange = ValueRange<Decimal>;
pub type CheckNumberRange = ValueRange<u64>;

impl<T: PartialOrd> ValueRange<T> {
    /// The range a bare value denotes: `[v,v]`.
    pub fn exact(value: T) -> Self
    where
        T: Clone,
    {
        Self {
            lower: Bound::Included(value.clone()),
            upper: Bound::Included(value),
        }
    }

    pub fn contains(&self, value: &T) -> bool {
        let above = match &self.lower {
            Bound::Included(low) => value >= low,
            Bound::Excluded(low) => value > low,
            Bound::Unbounded => true,
        };
        let below = match &self.upper {
            Bound::Included(high) => value <= high,
            Bound::Excluded(high) => value < high,
            Bound::Unbounded => true,
        };
        above && below
    }
}

impl ValueRange<Decimal> {
    /// `amountRange` filters on `|amount|`, so a debit of `-1070.25` matches
    /// `[1000.00,1100.00)`.
    pub fn contains_magnitude(&self, amount: Decimal) -> bool {
        self.contains(&amount.abs())
    }
}

impl<T> RangeBounds<T> for ValueRange<T> {
    fn start_bound(&self) -> Bound<&T> {
        self.lower.as_ref()
    }
    fn end_bound(&self) -> Bound<&T> {
        self.upper.as_ref()
    }
}

/// Parses a `dateRange` (`postedOn`, `createdOn`, `scheduledOn`). Dates must be real
/// calendar dates (`2023-02-30` is a 400).
pub fn parse_date_range(parameter: &str, raw: &str) -> Result<DateRange, ParamError> {
    parse_range(parameter, raw, parse_date)
}

/// Parses an `amountRange`: unsigned `DIGIT+ ["." DIGIT{0,2}]`, so `1200`, `1200.`,
/// `1200.5` and `1200.50` are all accepted (spec §4.2, §4.4).
pub fn parse_amount_range(parameter: &str, raw: &str) -> Result<AmountRange, ParamError> {
    parse_range(parameter, raw, parse_amount)
}

/// Parses a `checkNumberRange` / `positiveIntegerRange`: `DIGIT+`.
pub fn parse_check_number_range(
    parameter: &str,
    raw: &str,
) -> Result<CheckNumberRange, ParamError> {
    parse_range(parameter, raw, parse_check_number)
}

fn parse_range<T: PartialOrd + Clone + std::fmt::Display>(
    parameter: &str,
    raw: &str,
    parse_value: fn(&str) -> Result<T, String>,
) -> Result<ValueRange<T>, ParamError> {
    let malformed = |message: String| ParamError::malformed(parameter, message);
    if raw.is_empty() {
        return Err(malformed("must not be empty".into()));
    }
    let bytes = raw.as_bytes();
    let opening = bytes[0];
    if !matches!(opening, b'[' | b'(') {
        if raw.contains(',') {
            return Err(malformed(format!(
                "`{raw}`: a range must be enclosed in `[`/`(` and `]`/`)`"
            )));
        }
        return parse_value(raw).map(ValueRange::exact).map_err(malformed);
    }
    let closing = bytes[bytes.len() - 1];
    if bytes.len() < 2 || !matches!(closing, b']' | b')') {
        return Err(malformed(format!(
            "`{raw}`: a range must end with `]` or `)`"
        )));
    }
    // Both brackets are ASCII, so slicing between them stays on char boundaries.
    let inner = &raw[1..raw.len() - 1];
    let mut parts = inner.split(',');
    let (Some(low), Some(high), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(malformed(format!(
            "`{raw}`: a range has exactly two bounds separated by one comma"
        )));
    };
    if low.is_empty() && high.is_empty() {
        return Err(malformed(format!(
            "`{raw}`: at least one bound is required"
        )));
    }
    let lower = bound(low, opening == b'[', parse_value).map_err(malformed)?;
    let upper = bound(high, closing == b']', parse_value).map_err(malformed)?;
    if let (Bound::Included(l) | Bound::Excluded(l), Bound::Included(h) | Bound::Excluded(h)) =
        (&lower, &upper)
    {
        if l > h {
            return Err(ParamError::unprocessable(
                parameter,
                format!("lower bound {l} is greater than upper bound {h}"),
            ));
        }
    }
    Ok(ValueRange { lower, upper })
}

fn bound<T>(
    text: &str,
    inclusive: bool,
    parse_value: fn(&str) -> Result<T, String>,
) -> Result<Bound<T>, String> {
    if text.is_empty() {
        return Ok(Bound::Unbounded);
    }
    let value = parse_value(text)?;
    Ok(if inclusive {
        Bound::Included(value)
    } else {
        Bound::Excluded(value)
    })
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Strict `YYYY-MM-DD`; `time`'s own parser is laxer about widths.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let shape = text.is_ascii()
        && text.len() == 10
        && text.as_bytes()[4] == b'-'
        && text.as_bytes()[7] == b'-'
        && all_digits(&text[..4])
        && all_digits(&text[5..7])
        && all_digits(&text[8..]);
    if !shape {
        return Err(format!("`{text}` is not a YYYY-MM-DD date"));
    }
    let number = |s: &str| s.parse::<u16>().map_err(|e| e.to_string());
    let year = i32::from(number(&text[..4])?);
    let month = u8::try_from(number(&text[5..7])?)
        .ok()
        .and_then(|m| Month::try_from(m).ok());
    let day = u8::try_from(number(&text[8..])?).ok();
    match (month, day) {
        (Some(month), Some(day)) => Date::from_calendar_date(year, month, day)
            .map_err(|_| format!("`{text}` is not a calendar date")),
        _ => Err(format!("`{text}` is not a calendar date")),
    }
}

/// Integer digits kept below `Decimal`'s 28-digit mantissa once two decimals are added.
const MAX_AMOUNT_INTEGER_DIGITS: usize = 24;

fn parse_amount(text: &str) -> Result<Decimal, String> {
    let (integer, fraction) = match text.split_once('.') {
        Some((i, f)) => (i, f),
        None => (text, ""),
    };
    let valid =
        all_digits(integer) && fraction.len() <= 2 && fraction.bytes().all(|b| b.is_ascii_digit());
    if !valid {
        return Err(format!(
            "`{text}` is not an amount (digits with at most two decimals, e.g. 1200.50)"
        ));
    }
    let significant = integer.trim_start_matches('0');
    if significant.len() > MAX_AMOUNT_INTEGER_DIGITS {
        return Err(format!("`{text}` is too large"));
    }
    let cents = format!("{significant}{fraction:0<2}");
    let mantissa = if cents.trim_start_matches('0').is_empty() {
        0
    } else {
        cents.parse::<i128>().map_err(|e| e.to_string())?
    };
    Decimal::try_from_i128_with_scale(mantissa, 2).map_err(|e| e.to_string())
}

fn parse_check_number(text: &str) -> Result<u64, String> {
    if !all_digits(text) {
        return Err(format!("`{text}` is not a check number (digits only)"));
    }
    text.parse::<u64>()
        .map_err(|_| format!("`{text}` is too large for a check number"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;
    use time::macros::date;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn date_range_examples_from_the_spec() {
        let r = parse_date_range("postedOn", "[2022-05-01,2022-06-01)").unwrap();
        assert_eq!(r.lower, Bound::Included(date!(2022 - 05 - 01)));
        assert_eq!(r.upper, Bound::Excluded(date!(2022 - 06 - 01)));
        assert!(r.contains(&date!(2022 - 05 - 31)) && !r.contains(&date!(2022 - 06 - 01)));
        let r = parse_date_range("postedOn", "(2022-05-01,2022-06-01)").unwrap();
        assert!(!r.contains(&date!(2022 - 05 - 01)));
        let r = parse_date_range("postedOn", "2022-05-19").unwrap();
        assert_eq!(r, ValueRange::exact(date!(2022 - 05 - 19)));
        let r = parse_date_range("postedOn", "(,2022-05-09]").unwrap();
        assert_eq!(r.lower, Bound::Unbounded);
        assert!(r.contains(&date!(1999 - 01 - 01)) && r.contains(&date!(2022 - 05 - 09)));
        let r = parse_date_range("postedOn", "[2022-05-09,)").unwrap();
        assert_eq!(r.upper, Bound::Unbounded);
        assert!(std::ops::RangeBounds::contains(&r, &date!(2030 - 01 - 01)));
    }

    #[test]
    fn malformed_ranges_name_the_parameter() {
        for bad in [
            "",
            "[,]",
            "(,)",
            "[2022-05-01,2022-05-02,2022-05-03]",
            "2022-05-19xyz",
            "junk(2022-05-01,)",
            "[2022-05-01",
            "2022-05-01]",
            "[2022-5-01,]",
            "2023-02-30",
            "[ 2022-05-01,]",
            "2022-05-01,2022-06-01",
            "[]",
            "[",
            "+2022-05-01",
            "２０２２-05-01",
        ] {
            let err = parse_date_range("createdOn", bad).unwrap_err();
            assert_eq!(err.parameter, "createdOn", "{bad}");
            assert_eq!(err.status(), 400, "{bad}");
        }
    }

    #[test]
    fn swapped_bounds_are_unprocessable() {
        let err = parse_date_range("scheduledOn", "[2022-06-01,2022-05-01]").unwrap_err();
        assert_eq!((err.parameter.as_str(), err.status()), ("scheduledOn", 422));
        let err = parse_amount_range("amount", "(12,11.99)").unwrap_err();
        assert_eq!(err.status(), 422);
        // Equal exclusive bounds are allowed; the range just matches nothing.
        let r = parse_check_number_range("checkNumber", "(5,5)").unwrap();
        assert!(!r.contains(&5));
    }

    #[test]
    fn amounts() {
        let r = parse_amount_range("amount", "[1000.00,1100.00)").unwrap();
        assert!(r.contains_magnitude(dec("-1070.25")) && r.contains_magnitude(dec("1021.90")));
        assert!(!r.contains_magnitude(dec("1100.00")));
        for (text, value) in [
            ("1200", "1200"),
            ("1200.", "1200"),
            ("1200.5", "1200.50"),
            ("0", "0"),
        ] {
            assert_eq!(parse_amount(text).unwrap(), dec(value), "{text}");
        }
        for bad in [
            "-5", "+5", ".5", "1.234", "1,5", "1e3", "abc", "1..2", "[1.0.0,]",
        ] {
            assert_eq!(
                parse_amount_range("amount", bad).unwrap_err().status(),
                400,
                "{bad}"
            );
        }
        assert!(parse_amount("9".repeat(30).as_str()).is_err());
        assert_eq!(
            parse_amount("000000000000000000000000000001.50").unwrap(),
            dec("1.50")
        );
    }

    #[test]
    fn check_numbers() {
        let r = parse_check_number_range("checkNumber", "[1000,1200)").unwrap();
        assert!(r.contains(&1000) && r.contains(&1199) && !r.contains(&1200));
        let r = parse_check_number_range("checkNumber", "(999,)").unwrap();
        assert!(r.contains(&1000) && !r.contains(&999));
        for bad in ["12abc", "1.5", "-3", "99999999999999999999999", "[1,2,3]"] {
            let err = parse_check_number_range("checkNumber", bad).unwrap_err();
            assert_eq!(
                (err.parameter.as_str(), err.status()),
                ("checkNumber", 400),
                "{bad}"
            );
        }
    }
}
