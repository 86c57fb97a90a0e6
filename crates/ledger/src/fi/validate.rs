//! Structural checks for the three locator types (spec §6 #38). Each validator returns
//! the locator in its canonical form so lookups and responses use one spelling.

use super::countries::{iban_length, is_iso_country};
use super::LocatorError;

pub use polyfin_domain::routing::aba_check_digit;

/// An ABA routing number: exactly nine ASCII digits whose 3-7-1 weighted sum is a
/// multiple of 10. No Federal Reserve district check, because the spec's own fixture
/// (`503000196`) is outside every district range yet must be accepted.
pub fn validate_aba(locator: &str) -> Result<String, LocatorError> {
    let bytes = locator.as_bytes();
    if bytes.len() != 9 || !bytes.iter().all(u8::is_ascii_digit) {
        return Err(LocatorError::InvalidAba(format!(
            "`{locator}` must be exactly 9 digits"
        )));
    }
    if !polyfin_domain::routing::valid_aba(locator) {
        return Err(LocatorError::InvalidAba(format!(
            "`{locator}` fails the routing-number checksum"
        )));
    }
    Ok(locator.to_owned())
}

/// ISO 7064 MOD 97-10 over the IBAN alphabet (digits as themselves, A=10 … Z=35),
/// folded digit by digit so arbitrarily long inputs never overflow.
fn mod97(text: &str) -> Option<u32> {
    let mut rest = 0u32;
    for c in text.chars() {
        let value = c.to_digit(36)?;
        rest = if value < 10 {
            (rest * 10 + value) % 97
        } else {
            (rest * 100 + value) % 97
        };
    }
    Some(rest)
}

/// The two check digits for `country` + `bban` (upper-case alphanumerics), e.g. to
/// build test IBANs. `None` for non-alphanumeric input.
pub fn iban_check_digits(country: &str, bban: &str) -> Option<String> {
    let rest = mod97(&format!("{bban}{country}00"))?;
    Some(format!("{:02}", 98 - rest))
}

/// An IBAN, ignoring spaces and letter case: known country, that country's exact
/// length, alphanumeric BBAN, check digits other than 00/01/99 (ISO 13616 reserves
/// them), and MOD 97-10 remainder 1. Returns the electronic form (no spaces, upper
/// case).
pub fn validate_iban(locator: &str) -> Result<String, LocatorError> {
    let iban: String = locator
        .chars()
        .filter(|c| *c != ' ')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let invalid = |why: String| Err(LocatorError::InvalidIban(why));
    if !iban.chars().all(|c| c.is_ascii_alphanumeric()) {
        return invalid(format!(
            "`{locator}` may contain only letters, digits and spaces"
        ));
    }
    if iban.len() < 5 {
        return invalid(format!("`{locator}` is too short"));
    }
    let (country, check) = (&iban[..2], &iban[2..4]);
    if !country.bytes().all(|b| b.is_ascii_uppercase())
        || !check.bytes().all(|b| b.is_ascii_digit())
    {
        return invalid("must start with a country code and two check digits".into());
    }
    let Some(expected) = iban_length(country) else {
        return invalid(format!("country `{country}` does not use IBANs"));
    };
    if iban.len() != expected {
        return invalid(format!(
            "{country} IBANs have {expected} characters, got {}",
            iban.len()
        ));
    }
    if matches!(check, "00" | "01" | "99") {
        return invalid(format!("check digits {check} are never issued"));
    }
    let rearranged = format!("{}{}", &iban[4..], &iban[..4]);
    if mod97(&rearranged) != Some(1) {
        return invalid("check digits do not match (mod 97)".into());
    }
    Ok(iban)
}

/// A SWIFT/BIC code: 4 letters (bank), an ISO 3166-1 country, 2 alphanumerics
/// (location), optionally 3 alphanumerics (branch) — 8 or 11 characters. Letter case
/// is normalised to upper, as for `countryCode` (spec §6 #38 [R]).
pub fn validate_bic(locator: &str) -> Result<String, LocatorError> {
    let bic = locator.to_ascii_uppercase();
    let invalid = |why: String| Err(LocatorError::InvalidBic(why));
    if !bic.is_ascii() || (bic.len() != 8 && bic.len() != 11) {
        return invalid(format!("`{locator}` must be 8 or 11 characters"));
    }
    let bytes = bic.as_bytes();
    if !bytes[..6].iter().all(u8::is_ascii_uppercase) {
        return invalid(format!(
            "`{locator}` must start with a 4-letter bank code and a 2-letter country"
        ));
    }
    if !bytes[6..].iter().all(u8::is_ascii_alphanumeric) {
        return invalid(format!(
            "`{locator}` location and branch codes must be letters or digits"
        ));
    }
    if !is_iso_country(&bic[4..6]) {
        return invalid(format!("`{}` is not an ISO 3166-1 country", &bic[4..6]));
    }
    Ok(bic)
}

/// The 11-character form of a valid BIC (head office branch `XXX` when absent).
pub(crate) fn bic11(bic: &str) -> String {
    if bic.len() == 8 {
        format!("{bic}XXX")
    } else {
        bic.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aba_numbers() {
        for good in [
            "021000021",
            "026009593",
            "121000248",
            "503000196",
            "000000000",
        ] {
            assert_eq!(validate_aba(good).as_deref(), Ok(good));
        }
        for bad in [
            "021000022",
            "02100002",
            "0210000210",
            "02100002a",
            " 21000021",
            "０21000021",
        ] {
            assert!(validate_aba(bad).is_err(), "{bad}");
        }
        assert_eq!(aba_check_digit("50300019"), Some(6));
        assert_eq!(aba_check_digit("5030001"), None);
    }

    #[test]
    fn ibans() {
        for good in [
            "DE89370400440532013000",
            "de89 3704 0044 0532 0130 00",
            "GB29NWBK60161331926819",
            "NL91ABNA0417164300",
            "IT60X0542811101000000123456",
            "NO9386011117947",
            "MT84MALT011000012345MTLCAST001S",
        ] {
            assert!(validate_iban(good).is_ok(), "{good}");
        }
        assert_eq!(
            validate_iban("gb29 nwbk 6016 1331 9268 19").unwrap(),
            "GB29NWBK60161331926819"
        );
        for bad in [
            "DE89370400440532013001", // wrong check
            "DE8937040044053201300",  // too short for DE
            "US12345678901234567890", // no IBAN in the US
            "DE89-3704-0044-0532-0130-00",
            "D",
            "1E89370400440532013000",
            "DEX9370400440532013000",
        ] {
            assert!(validate_iban(bad).is_err(), "{bad}");
        }
        assert_eq!(
            iban_check_digits("DE", "370400440532013000").as_deref(),
            Some("89")
        );
    }

    #[test]
    fn reserved_check_digits_are_rejected() {
        // 98 and 01 are congruent mod 97: an IBAN valid with 98 also passes mod 97 with 01.
        let bban = (0..100_000u32)
            .map(|n| format!("37040044{n:010}"))
            .find(|b| iban_check_digits("DE", b).as_deref() == Some("98"))
            .unwrap();
        assert!(validate_iban(&format!("DE98{bban}")).is_ok());
        assert!(validate_iban(&format!("DE01{bban}")).is_err());
    }

    #[test]
    fn bics() {
        assert_eq!(validate_bic("deutdeff").unwrap(), "DEUTDEFF");
        for good in [
            "DEUTDEFF",
            "DEUTDEFF500",
            "UBSWCHZH80A",
            "CHASUS33",
            "NEDSZAJJXXX",
        ] {
            assert!(validate_bic(good).is_ok(), "{good}");
        }
        for bad in [
            "DEUTDEF",
            "DEUTDEFF5",
            "DEUTZZFF",
            "DEU1DEFF",
            "DEUTDEF_",
            "DEUTDEFF50",
            "DÉUTDEFF",
        ] {
            assert!(validate_bic(bad).is_err(), "{bad}");
        }
        assert_eq!(bic11("DEUTDEFF"), "DEUTDEFFXXX");
    }
}
