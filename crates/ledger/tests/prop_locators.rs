//! Property tests of the locator validators against independent reference checks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use polyfin_ledger::fi::countries::iban_countries;
use polyfin_ledger::fi::{validate_aba, validate_bic, validate_iban};
use proptest::prelude::*;

/// Reference ABA check, written differently from the library (explicit positions).
fn aba_holds(digits: &[u32; 9]) -> bool {
    let d = digits;
    (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])).is_multiple_of(10)
}

/// Reference MOD 97-10: expand letters to numbers, then reduce nine digits at a time.
fn mod97_reference(text: &str) -> u64 {
    let expanded: String = text
        .chars()
        .map(|c| c.to_digit(36).unwrap().to_string())
        .collect();
    let mut rest = 0u64;
    for chunk in expanded.as_bytes().chunks(9) {
        let piece = std::str::from_utf8(chunk).unwrap();
        rest = format!("{rest}{piece}").parse::<u64>().unwrap() % 97;
    }
    rest
}

fn iban_for(country: &str, bban: &str) -> String {
    let check = 98 - mod97_reference(&format!("{bban}{country}00"));
    format!("{country}{check:02}{bban}")
}

/// A country with its IBAN length, and a BBAN of the right length: mostly digits,
/// with upper-case letters mixed in as several countries' formats have them.
fn iban_parts() -> impl Strategy<Value = (String, String)> {
    let countries: Vec<(&'static str, usize)> = iban_countries().collect();
    prop::sample::select(countries).prop_flat_map(|(country, len)| {
        let bban = prop::collection::vec(
            prop_oneof![4 => prop::char::range('0', '9'), 1 => prop::char::range('A', 'Z')],
            len - 4,
        );
        (
            Just(country.to_owned()),
            bban.prop_map(|c| c.into_iter().collect::<String>()),
        )
    })
}

const ISO_SAMPLE: [&str; 12] = [
    "US", "DE", "GB", "FR", "JP", "CH", "ZA", "BR", "IN", "SG", "AE", "XK",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn aba_accepts_exactly_valid_checksums(first in prop::array::uniform8(0u32..10), wrong in 1u32..10) {
        let sum: u32 = 3 * (first[0] + first[3] + first[6]) + 7 * (first[1] + first[4] + first[7]) + first[2] + first[5];
        let check = (10 - sum % 10) % 10;
        let text: String = first.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
        let good = format!("{text}{check}");
        prop_assert_eq!(validate_aba(&good).unwrap(), good.clone());
        let bad = format!("{text}{}", (check + wrong) % 10);
        prop_assert!(validate_aba(&bad).is_err(), "{}", bad);
    }

    #[test]
    fn aba_agrees_with_the_reference_on_any_nine_digits(digits in prop::array::uniform9(0u32..10)) {
        let text: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
        prop_assert_eq!(validate_aba(&text).is_ok(), aba_holds(&digits), "{}", text);
    }

    #[test]
    fn aba_rejects_non_nine_digit_strings(text in "\\PC{0,12}") {
        prop_assume!(!(text.len() == 9 && text.bytes().all(|b| b.is_ascii_digit())));
        prop_assert!(validate_aba(&text).is_err());
    }

    #[test]
    fn computed_ibans_validate_in_any_spelling((country, bban) in iban_parts()) {
        let iban = iban_for(&country, &bban);
        prop_assume!(!matches!(&iban[2..4], "00" | "01" | "99"));
        prop_assert_eq!(validate_iban(&iban).unwrap(), iban.clone());
        let spaced: String = iban
            .chars()
            .collect::<Vec<_>>()
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ");
        prop_assert_eq!(validate_iban(&spaced.to_lowercase()).unwrap(), iban);
    }

    #[test]
    fn one_changed_digit_breaks_an_iban((country, bban) in iban_parts(), pick in any::<prop::sample::Index>(), delta in 1u32..10) {
        let iban = iban_for(&country, &bban);
        let digit_positions: Vec<usize> = iban.char_indices().filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
        let at = digit_positions[pick.index(digit_positions.len())];
        let old = iban[at..=at].parse::<u32>().unwrap();
        let new = char::from_digit((old + delta) % 10, 10).unwrap();
        let mut changed = iban.clone();
        changed.replace_range(at..=at, &new.to_string());
        prop_assert!(validate_iban(&changed).is_err(), "{} -> {}", iban, changed);
    }

    #[test]
    fn ibans_of_the_wrong_length_fail((country, bban) in iban_parts(), extra in "[0-9]{1,3}", cut in any::<bool>()) {
        let bban = if cut { bban[..bban.len() - 1].to_owned() } else { format!("{bban}{extra}") };
        prop_assert!(validate_iban(&iban_for(&country, &bban)).is_err());
    }

    #[test]
    fn structurally_valid_bics_pass(bank in "[A-Z]{4}", country in prop::sample::select(ISO_SAMPLE.to_vec()), location in "[A-Z0-9]{2}", branch in proptest::option::of("[A-Z0-9]{3}"), lower in any::<bool>()) {
        let bic = format!("{bank}{country}{location}{}", branch.unwrap_or_default());
        let input = if lower { bic.to_lowercase() } else { bic.clone() };
        prop_assert_eq!(validate_bic(&input).unwrap(), bic);
    }

    #[test]
    fn malformed_bics_fail(bank in "[A-Z]{3}[0-9]", country in "[A-Z]{2}", rest in "[A-Z0-9]{0,6}") {
        let digit_in_bank = format!("{bank}{country}{rest}");
        prop_assert!(validate_bic(&digit_in_bank).is_err());
        let len_ok = |s: &str| s.len() == 8 || s.len() == 11;
        let wrong_len = format!("ABCD{country}{rest}");
        if !len_ok(&wrong_len) {
            prop_assert!(validate_bic(&wrong_len).is_err());
        }
    }
}
