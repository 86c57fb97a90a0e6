//! Check digits of the identifiers premium data carries: ABA routing numbers and
//! CUSIPs. Public, so the engine and tests can validate what any connector returns.

pub use polyfin_domain::routing::{aba_check_digit, valid_aba as is_valid_routing_number};

/// The ninth character of a CUSIP from its first eight (digits, upper-case letters,
/// `*`, `@`, `#`): the "double-add-double" Luhn variant of the CUSIP standard.
/// `None` when `first8` is not eight such characters.
pub fn cusip_check_digit(first8: &str) -> Option<char> {
    if first8.len() != 8 {
        return None;
    }
    let mut sum = 0;
    for (i, c) in first8.chars().enumerate() {
        let mut v = match c {
            '0'..='9' => c.to_digit(10)?,
            'A'..='Z' => u32::from(c) - u32::from('A') + 10,
            '*' => 36,
            '@' => 37,
            '#' => 38,
            _ => return None,
        };
        // Every second character counts double.
        if i % 2 == 1 {
            v *= 2;
        }
        sum += v / 10 + v % 10;
    }
    char::from_digit((10 - sum % 10) % 10, 10)
}

/// True for a nine-character CUSIP whose last character is its check digit.
pub fn is_valid_cusip(cusip: &str) -> bool {
    cusip.len() == 9
        && cusip
            .get(..8)
            .and_then(cusip_check_digit)
            .is_some_and(|c| cusip.ends_with(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_cusips_check() {
        // Apple, Microsoft, Alphabet class A, JPMorgan, Vanguard Total Stock Market ETF.
        for cusip in [
            "037833100",
            "594918104",
            "02079K305",
            "46625H100",
            "922908769",
        ] {
            assert!(is_valid_cusip(cusip), "{cusip}");
        }
        assert_eq!(cusip_check_digit("03783310"), Some('0'));
        assert_eq!(cusip_check_digit("59491810"), Some('4'));
        assert!(!is_valid_cusip("037833101"));
        assert_eq!(cusip_check_digit("0378331"), None);
        assert_eq!(cusip_check_digit("03783a10"), None);
    }

    #[test]
    fn routing_numbers_check() {
        // The checksum example of the ABA standard and a well-known Fed routing number.
        assert!(is_valid_routing_number("111000025"));
        assert!(is_valid_routing_number("011000015"));
        assert_eq!(aba_check_digit("11100002"), Some(5));
        assert!(!is_valid_routing_number("111000026"));
        assert!(!is_valid_routing_number("11100002"));
        assert!(!is_valid_routing_number("11100002x"));
    }
}
