//! Property tests of the range grammars (spec §4): whatever the grammar generates
//! parses back to the bounds it was generated from; whatever it cannot generate is
//! rejected with the parameter named.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::ops::Bound;

use polyfin_ledger::ranges::{
    parse_amount_range, parse_check_number_range, parse_date_range, ValueRange,
};
use polyfin_ledger::ParamErrorKind;
use proptest::prelude::*;
use rust_decimal::Decimal;
use time::{Date, Month};

/// One side of a generated range: `None` = empty (unbounded), else value + inclusive.
type Side<T> = Option<(T, bool)>;

/// A generated range: either a bare value, or two sides (not both empty) with the
/// bracket characters to use when a side is empty (they must not matter).
#[derive(Debug, Clone)]
enum Shape<T> {
    Bare(T),
    Bracketed {
        lower: Side<T>,
        upper: Side<T>,
        empty_lower_bracket: char,
        empty_upper_bracket: char,
    },
}

fn shape<T: Clone + PartialOrd + std::fmt::Debug>(
    value: impl Strategy<Value = T> + Clone,
) -> impl Strategy<Value = Shape<T>> {
    let side = proptest::option::of((value.clone(), any::<bool>()));
    prop_oneof![
        value.prop_map(Shape::Bare),
        (
            side.clone(),
            side,
            prop::sample::select(vec!['[', '(']),
            prop::sample::select(vec![']', ')'])
        )
            .prop_filter("[,] is not a range", |(l, u, _, _)| l.is_some()
                || u.is_some())
            .prop_map(|(lower, upper, el, eu)| {
                // Order the values so the range is well-formed.
                let (lower, upper) = match (lower, upper) {
                    (Some((a, ai)), Some((b, bi))) if a > b => (Some((b, ai)), Some((a, bi))),
                    other => other,
                };
                Shape::Bracketed {
                    lower,
                    upper,
                    empty_lower_bracket: el,
                    empty_upper_bracket: eu,
                }
            }),
    ]
}

/// Renders a shape with `text` for values; returns the string and the expected bounds.
fn render<T: Clone>(shape: &Shape<T>, text: impl Fn(&T) -> String) -> (String, ValueRange<T>) {
    match shape {
        Shape::Bare(v) => (
            text(v),
            ValueRange {
                lower: Bound::Included(v.clone()),
                upper: Bound::Included(v.clone()),
            },
        ),
        Shape::Bracketed {
            lower,
            upper,
            empty_lower_bracket,
            empty_upper_bracket,
        } => {
            let (lb, lt, lbound) = match lower {
                Some((v, true)) => ('[', text(v), Bound::Included(v.clone())),
                Some((v, false)) => ('(', text(v), Bound::Excluded(v.clone())),
                None => (*empty_lower_bracket, String::new(), Bound::Unbounded),
            };
            let (ub, ut, ubound) = match upper {
                Some((v, true)) => (']', text(v), Bound::Included(v.clone())),
                Some((v, false)) => (')', text(v), Bound::Excluded(v.clone())),
                None => (*empty_upper_bracket, String::new(), Bound::Unbounded),
            };
            (
                format!("{lb}{lt},{ut}{ub}"),
                ValueRange {
                    lower: lbound,
                    upper: ubound,
                },
            )
        }
    }
}

fn date_strategy() -> impl Strategy<Value = Date> + Clone {
    let first = Date::from_calendar_date(0, Month::January, 1)
        .unwrap()
        .to_julian_day();
    let last = Date::from_calendar_date(9999, Month::December, 31)
        .unwrap()
        .to_julian_day();
    (first..=last).prop_map(|jd| Date::from_julian_day(jd).unwrap())
}

fn date_text(d: &Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Amounts as cents plus a choice of spelling: `12`, `12.`, `12.5`, `12.50`, leading zeros.
fn amount_strategy() -> impl Strategy<Value = (Decimal, String)> + Clone {
    (0u64..10_000_000_000_000, 0usize..3, 0usize..4).prop_map(|(cents, zeros, style)| {
        let (units, frac) = (cents / 100, cents % 100);
        let pad = "0".repeat(zeros);
        let text = match (frac, style) {
            (0, 0) => format!("{pad}{units}"),
            (0, 1) => format!("{pad}{units}."),
            (0, 2) => format!("{pad}{units}.0"),
            (f, 3) | (f, 2) if f % 10 == 0 => format!("{pad}{units}.{}", f / 10),
            (f, _) => format!("{pad}{units}.{f:02}"),
        };
        (Decimal::new(i64::try_from(cents).unwrap(), 2), text)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn date_ranges_round_trip(shape in shape(date_strategy())) {
        let (text, expected) = render(&shape, date_text);
        prop_assert_eq!(parse_date_range("postedOn", &text).unwrap(), expected, "{}", text);
    }

    #[test]
    fn check_number_ranges_round_trip(shape in shape(any::<u64>()), zeros in 0usize..3) {
        let (text, expected) = render(&shape, |n| format!("{}{n}", "0".repeat(zeros)));
        prop_assert_eq!(parse_check_number_range("checkNumber", &text).unwrap(), expected, "{}", text);
    }

    #[test]
    fn amount_ranges_round_trip(shape in shape(amount_strategy())) {
        // Order and compare by value; the spelling rides along.
        let (text, expected) = render(&shape, |(_, t)| t.clone());
        let parsed = parse_amount_range("amount", &text).unwrap();
        let value = |b: Bound<(Decimal, String)>| b.map(|(d, _)| d);
        prop_assert_eq!(parsed.lower, value(expected.lower), "{}", text);
        prop_assert_eq!(parsed.upper, value(expected.upper), "{}", text);
    }

    #[test]
    fn swapped_bounds_are_422(a in date_strategy(), b in date_strategy(), lb in "[\\[(]", ub in "[\\])]") {
        prop_assume!(a != b);
        let (low, high) = if a < b { (a, b) } else { (b, a) };
        let text = format!("{lb}{},{}{ub}", date_text(&high), date_text(&low));
        let err = parse_date_range("scheduledOn", &text).unwrap_err();
        prop_assert_eq!(err.parameter.as_str(), "scheduledOn");
        prop_assert_eq!(err.kind, ParamErrorKind::Unprocessable);
    }

    #[test]
    fn three_element_ranges_are_400(a in any::<u32>(), b in any::<u32>(), c in any::<u32>(), lb in "[\\[(]", ub in "[\\])]") {
        for text in [format!("{lb}{a},{b},{c}{ub}"), format!("{lb},{b},{ub}"), format!("{lb}{a},,{c}{ub}")] {
            let err = parse_check_number_range("checkNumber", &text).unwrap_err();
            prop_assert_eq!(err.parameter.as_str(), "checkNumber");
            prop_assert_eq!(err.kind, ParamErrorKind::Malformed, "{}", text);
        }
    }

    #[test]
    fn impossible_dates_are_400(year in 0i32..=9999, month in 1u8..=12, extra in 1u8..=5, wrap in any::<bool>()) {
        let month_enum = Month::try_from(month).unwrap();
        let length = polyfin_ledger::calendar::days_in_month(year, month_enum);
        let day = length + extra;
        prop_assume!(day <= 99);
        let text = format!("{year:04}-{month:02}-{day:02}");
        let text = if wrap { format!("[{text},]") } else { text };
        let err = parse_date_range("createdOn", &text).unwrap_err();
        prop_assert_eq!(err.parameter.as_str(), "createdOn");
        prop_assert_eq!(err.kind, ParamErrorKind::Malformed, "{}", text);
    }

    #[test]
    fn random_strings_never_panic_and_errors_name_the_parameter(text in "\\PC{0,24}") {
        for (name, result) in [
            ("postedOn", parse_date_range("postedOn", &text).err()),
            ("amount", parse_amount_range("amount", &text).err()),
            ("checkNumber", parse_check_number_range("checkNumber", &text).err()),
        ] {
            if let Some(err) = result {
                prop_assert_eq!(err.parameter.as_str(), name);
            }
        }
        // Anything outside the grammar's alphabet can never parse.
        if text.is_empty() || text.chars().any(|c| !"0123456789-.,[]()".contains(c)) {
            prop_assert!(parse_date_range("postedOn", &text).is_err());
            prop_assert!(parse_amount_range("amount", &text).is_err());
            prop_assert!(parse_check_number_range("checkNumber", &text).is_err());
        }
    }

    #[test]
    fn near_miss_grammar_strings_are_rejected(text in "[\\[(]?[0-9.,\\- ]{0,12}[\\])]?") {
        // Cheap oracle: a well-formed check range has at most one comma, brackets iff a
        // comma, digits only otherwise.
        let inner = text.trim_start_matches(['[', '(']).trim_end_matches([']', ')']);
        let bracketed = text.len() >= 2 && text.starts_with(['[', '(']) && text.ends_with([']', ')']);
        let parts: Vec<&str> = inner.split(',').collect();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let valid = if bracketed {
            parts.len() == 2 && parts.iter().all(|p| p.is_empty() || digits(p)) && parts.iter().any(|p| !p.is_empty())
        } else {
            digits(&text)
        };
        let result = parse_check_number_range("checkNumber", &text);
        match result {
            Ok(_) => prop_assert!(valid, "accepted {}", text),
            Err(e) => prop_assert!(!valid || e.kind == ParamErrorKind::Unprocessable || e.message.contains("too large"), "rejected {}: {}", text, e),
        }
    }
}
