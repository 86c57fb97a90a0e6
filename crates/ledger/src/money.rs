//! Money on the wire and in storage (spec §1.8): exact decimals with two fraction
//! digits, carried as JSON strings. The workspace enables `rust_decimal`'s float serde
//! feature, so every stored amount goes through [`decimal_str`] instead of the default
//! impl, which would round-trip through a number.

use rust_decimal::Decimal;
use time::Date;

/// True when `amount` has no fraction below a cent.
pub fn is_cents(amount: Decimal) -> bool {
    amount.round_dp(2) == amount
}

/// Parses a `monetaryValue` (`^(0|[1-9][0-9]*)\.[0-9][0-9]$`): non-negative, no sign,
/// no leading zeros, exactly two decimals.
pub fn parse_monetary(text: &str) -> Option<Decimal> {
    let (whole, cents) = text.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || (whole.len() > 1 && whole.starts_with('0')) {
        return None;
    }
    if cents.len() != 2 || !digits(cents) {
        return None;
    }
    Decimal::from_str_exact(text).ok()
}

/// Formats a `creditOrDebitValue`/`monetaryValue`: exactly two decimals, `-` for
/// debits, never `+`, and `0.00` rather than `-0.00`.
pub fn format_amount(amount: Decimal) -> String {
    let mut rounded = amount.round_dp(2);
    if rounded.is_zero() {
        rounded = Decimal::ZERO;
    }
    rounded.rescale(2);
    rounded.to_string()
}

/// Serde for a `Decimal` as an exact string (`"12.30"`), whatever features the
/// workspace turns on for `rust_decimal`.
pub mod decimal_str {
    use rust_decimal::Decimal;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&value.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let text = String::deserialize(d)?;
        Decimal::from_str_exact(&text).map_err(D::Error::custom)
    }
}

/// [`decimal_str`] for optional amounts.
pub mod opt_decimal_str {
    use rust_decimal::Decimal;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(amount) => s.serialize_some(&amount.to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| Decimal::from_str_exact(&text).map_err(D::Error::custom))
            .transpose()
    }
}

/// Serde for a `Date` as `YYYY-MM-DD`, the spec's `string(date)`.
pub mod iso_date {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};
    use time::Date;

    pub fn serialize<S: Serializer>(value: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&polyfin_domain::clock::format_date(*value))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_date(&text).ok_or_else(|| D::Error::custom(format!("bad date `{text}`")))
    }
}

/// [`iso_date`] for optional dates.
pub mod opt_iso_date {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};
    use time::Date;

    pub fn serialize<S: Serializer>(value: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(date) => s.serialize_some(&polyfin_domain::clock::format_date(*date)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| {
                super::parse_date(&text)
                    .ok_or_else(|| D::Error::custom(format!("bad date `{text}`")))
            })
            .transpose()
    }
}

pub(crate) fn parse_date(text: &str) -> Option<Date> {
    polyfin_domain::clock::parse_date(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str_exact(text).unwrap()
    }

    #[test]
    fn monetary_values_follow_the_pattern() {
        assert_eq!(parse_monetary("275.00"), Some(dec("275.00")));
        assert_eq!(parse_monetary("0.01"), Some(dec("0.01")));
        for bad in [
            "275", "275.0", "275.000", "-1.00", "+1.00", "01.00", ".50", "1.5x", "",
        ] {
            assert_eq!(parse_monetary(bad), None, "{bad}");
        }
    }

    #[test]
    fn amounts_format_with_two_decimals() {
        assert_eq!(format_amount(dec("-1276.21")), "-1276.21");
        assert_eq!(format_amount(dec("3")), "3.00");
        assert_eq!(format_amount(-Decimal::ZERO), "0.00");
        assert_eq!(format_amount(dec("-0.00")), "0.00");
        assert!(is_cents(dec("1.10")) && !is_cents(dec("1.001")));
    }
}
