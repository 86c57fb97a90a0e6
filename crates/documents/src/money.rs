//! Amounts as a statement prints them: `$1,234.56`, `-$12.00`.

use rust_decimal::{Decimal, RoundingStrategy};

/// `amount` rounded to cents (halves away from zero), with thousands separators and
/// the currency's symbol; the minus sign goes before the symbol. Currencies without
/// a symbol the base-14 fonts can draw print their code instead (`CHF 1,234.56`).
pub fn format_money(amount: Decimal, currency_code: &str) -> String {
    let rounded = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    let digits = format!("{:.2}", rounded.abs());
    let (whole, cents) = digits.split_once('.').unwrap_or((digits.as_str(), "00"));
    let prefix = match currency_code {
        "USD" | "CAD" | "AUD" | "NZD" | "MXN" | "SGD" | "HKD" => "$".to_owned(),
        "EUR" => "€".to_owned(),
        "GBP" => "£".to_owned(),
        "JPY" | "CNY" => "¥".to_owned(),
        other => format!("{other} "),
    };
    format!("{sign}{prefix}{}.{cents}", group_thousands(whole))
}

/// "1234567" → "1,234,567".
fn group_thousands(whole: &str) -> String {
    let mut out = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(text: &str) -> String {
        format_money(text.parse().unwrap(), "USD")
    }

    #[test]
    fn dollars_read_like_a_bank_statement() {
        assert_eq!(usd("1234.56"), "$1,234.56");
        assert_eq!(usd("-12"), "-$12.00");
        assert_eq!(usd("0"), "$0.00");
        assert_eq!(usd("-0.001"), "$0.00");
        assert_eq!(usd("999.995"), "$1,000.00");
        assert_eq!(usd("-1234567.8"), "-$1,234,567.80");
        assert_eq!(usd("100000"), "$100,000.00");
        assert_eq!(usd("0.5"), "$0.50");
    }

    #[test]
    fn other_currencies_keep_their_symbol_or_code() {
        let amount = Decimal::new(123_456, 2);
        assert_eq!(format_money(amount, "EUR"), "€1,234.56");
        assert_eq!(format_money(amount, "GBP"), "£1,234.56");
        assert_eq!(format_money(-amount, "CHF"), "-CHF 1,234.56");
    }
}
