//! Country tables for locator checks: ISO 3166-1 alpha-2 codes, IBAN lengths from the
//! SWIFT IBAN registry, and where the national bank identifier sits inside a BBAN.

/// ISO 3166-1 alpha-2 codes (officially assigned), plus `XK` (Kosovo), which SWIFT
/// and the IBAN registry use although ISO only reserves it. Sorted for binary search.
const ISO_COUNTRIES: &str =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI \
BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE \
DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS \
GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW \
KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW \
MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO \
RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM \
TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

/// True for an upper-case ISO 3166-1 alpha-2 code (or `XK`).
pub fn is_iso_country(code: &str) -> bool {
    code.len() == 2
        && ISO_COUNTRIES
            .as_bytes()
            .chunks(3)
            .any(|chunk| &chunk[..2] == code.as_bytes())
}

/// Total IBAN length per country (SWIFT IBAN registry).
#[rustfmt::skip]
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24), ("AE", 23), ("AL", 28), ("AT", 20), ("AZ", 28), ("BA", 20), ("BE", 16),
    ("BG", 22), ("BH", 22), ("BI", 27), ("BR", 29), ("BY", 28), ("CH", 21), ("CR", 22),
    ("CY", 28), ("CZ", 24), ("DE", 22), ("DJ", 27), ("DK", 18), ("DO", 28), ("EE", 20),
    ("EG", 29), ("ES", 24), ("FI", 18), ("FK", 18), ("FO", 18), ("FR", 27), ("GB", 22),
    ("GE", 22), ("GI", 23), ("GL", 18), ("GR", 27), ("GT", 28), ("HR", 21), ("HU", 28),
    ("IE", 22), ("IL", 23), ("IQ", 23), ("IS", 26), ("IT", 27), ("JO", 30), ("KW", 30),
    ("KZ", 20), ("LB", 28), ("LC", 32), ("LI", 21), ("LT", 20), ("LU", 20), ("LV", 21),
    ("LY", 25), ("MC", 27), ("MD", 24), ("ME", 22), ("MK", 19), ("MN", 20), ("MR", 27),
    ("MT", 31), ("MU", 30), ("NI", 28), ("NL", 18), ("NO", 15), ("OM", 23), ("PK", 24),
    ("PL", 28), ("PS", 29), ("PT", 25), ("QA", 29), ("RO", 24), ("RS", 22), ("RU", 33),
    ("SA", 24), ("SC", 31), ("SD", 18), ("SE", 24), ("SI", 19), ("SK", 24), ("SM", 27),
    ("SO", 23), ("ST", 25), ("SV", 28), ("TL", 23), ("TN", 24), ("TR", 26), ("UA", 29),
    ("VA", 22), ("VG", 24), ("XK", 20), ("YE", 30),
];

/// The IBAN length for `country`, `None` if the country does not use IBANs.
pub fn iban_length(country: &str) -> Option<usize> {
    IBAN_LENGTHS
        .iter()
        .find(|(code, _)| *code == country)
        .map(|(_, len)| *len)
}

/// Every country with a known IBAN length.
pub fn iban_countries() -> impl Iterator<Item = (&'static str, usize)> {
    IBAN_LENGTHS.iter().copied()
}

/// (country, offset in BBAN, length) of the national bank identifier, so an IBAN can
/// be matched to its bank without knowing the account. Italy starts at 1 because the
/// BBAN opens with the per-account CIN check letter.
#[rustfmt::skip]
const BANK_CODE_POSITIONS: &[(&str, usize, usize)] = &[
    ("AT", 0, 5), ("BE", 0, 3), ("CH", 0, 5), ("DE", 0, 8), ("DK", 0, 4), ("ES", 0, 4),
    ("FI", 0, 3), ("FR", 0, 5), ("GB", 0, 4), ("IE", 0, 4), ("IT", 1, 5), ("LU", 0, 3),
    ("NL", 0, 4), ("NO", 0, 4), ("PL", 0, 3), ("PT", 0, 4), ("SE", 0, 3),
];

/// Where the bank identifier sits in `country`'s BBAN (offset, length).
pub fn bank_code_position(country: &str) -> Option<(usize, usize)> {
    BANK_CODE_POSITIONS
        .iter()
        .find(|(code, _, _)| *code == country)
        .map(|(_, offset, len)| (*offset, *len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_consistent() {
        assert!(is_iso_country("US") && is_iso_country("XK") && is_iso_country("ZW"));
        assert!(!is_iso_country("ZZ") && !is_iso_country("us") && !is_iso_country("USA"));
        assert!(IBAN_LENGTHS.len() >= 40);
        for (code, len) in iban_countries() {
            assert!(is_iso_country(code), "{code}");
            assert!((15..=34).contains(&len), "{code}");
        }
        for (code, offset, len) in BANK_CODE_POSITIONS {
            let iban_len = iban_length(code).unwrap();
            assert!(offset + len <= iban_len - 4, "{code}");
        }
    }
}
