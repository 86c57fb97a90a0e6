//! The fallback description: the raw feed text without the card-network noise
//! (purchase prefixes, store and card numbers, dates, city and state), in title case.

use crate::words::title_case;

/// Leading phrases that say how the card was used, not where.
const PREFIXES: &[&str] = &[
    "RECURRING PAYMENT AUTHORIZED ON",
    "PURCHASE AUTHORIZED ON",
    "DEBIT CARD PURCHASE",
    "DEBIT PURCHASE",
    "POS DEBIT",
    "POS PURCHASE",
    "POS WITHDRAWAL",
    "CHECKCARD",
    "CHECK CARD",
    "VISA DEBIT",
    "PURCHASE",
    "POS",
    "SQ",
    "TST",
    "SP",
    "DD",
];

/// Words that carry reference data rather than a name.
const NOISE: &[&str] = &["CARD", "REF", "CONF"];

/// US states (and DC): a trailing one ends a "CITY ST" suffix.
const STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY",
];

/// Non-US countries as card networks print them (ISO 3166 alpha-3).
pub(crate) const COUNTRIES: &[&str] = &[
    "GBR", "FRA", "DEU", "ITA", "ESP", "PRT", "NLD", "BEL", "CHE", "AUT", "IRL", "DNK", "SWE",
    "NOR", "FIN", "POL", "CZE", "GRC", "TUR", "CAN", "MEX", "BRA", "ARG", "CHL", "COL", "PER",
    "CRI", "DOM", "JPN", "KOR", "CHN", "HKG", "SGP", "THA", "VNM", "IND", "ARE", "ISR", "AUS",
    "NZL", "ZAF", "ISL",
];

/// Canadian provinces, which come between the city and "CAN".
const PROVINCES: &[&str] = &["ON", "BC", "QC", "AB", "MB", "NS", "NB", "NL", "PE", "SK"];

/// Multi-word cities, so "SAN FRANCISCO CA" goes as a whole (one-word cities need no list).
const CITIES: &[&str] = &[
    "NEW YORK",
    "SAN FRANCISCO",
    "LOS ANGELES",
    "SALT LAKE CITY",
    "SALT LAKE CTY",
    "LAS VEGAS",
    "SAN DIEGO",
    "SAN JOSE",
    "SAN ANTONIO",
    "NEW ORLEANS",
    "KANSAS CITY",
    "ST LOUIS",
    "SAINT LOUIS",
    "FORT WORTH",
    "EL PASO",
    "OKLAHOMA CITY",
    "LONG BEACH",
    "VIRGINIA BEACH",
    "JERSEY CITY",
    "SANTA MONICA",
    "WEST HOLLYWOOD",
    "MIAMI BEACH",
    "LONG ISLAND CITY",
    "MEXICO CITY",
    "BUENOS AIRES",
    "RIO DE JANEIRO",
    "HONG KONG",
    "TEL AVIV",
];

/// A clean, human description of `raw`.
pub(crate) fn describe(raw: &str) -> String {
    let raw = ach_company(raw);
    let words: Vec<String> = raw
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, '*' | '#' | ',' | ':' | '-' | '.')))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    let mut words: Vec<&str> = words.iter().map(String::as_str).collect();
    strip_prefixes(&mut words);
    words.retain(|w| !is_noise(w) && !NOISE.contains(w));
    // Only the "ID" of an ACH id goes: a trailing "ID" may be Idaho.
    drop_ach_ids(&mut words);
    strip_place(&mut words);
    if words.is_empty() {
        return title_case(raw.trim());
    }
    title_case(&words.join(" "))
}

/// The company of an ACH entry printed with its NACHA fields: "CON ED OF NY DES:INTELL
/// CK ID:… INDN:…" and "ORIG CO NAME:DUKE ENERGY ORIG ID:… CO ENTRY DESCR:…".
fn ach_company(raw: &str) -> &str {
    if let Some(rest) = raw.strip_prefix("ORIG CO NAME:") {
        return rest.split(" ORIG ID").next().unwrap_or(rest).trim();
    }
    match raw.find(" DES:") {
        Some(at) if at > 0 => &raw[..at],
        _ => raw,
    }
}

fn strip_prefixes(words: &mut Vec<&str>) {
    loop {
        // Dates and card numbers sit between prefixes ("PURCHASE AUTHORIZED ON 03/02 SQ …").
        while words.len() > 1 && words.first().is_some_and(|w| is_noise(w)) {
            words.remove(0);
        }
        let matched = PREFIXES.iter().find_map(|p| {
            let p: Vec<&str> = p.split(' ').collect();
            let hit = words.len() > p.len() && words.iter().zip(&p).all(|(w, p)| w == p);
            hit.then_some(p.len())
        });
        match matched {
            Some(n) => {
                words.drain(..n);
            }
            None => return,
        }
    }
}

/// "PPD ID", "WEB ID" and "CCD ID" introduce an ACH company id, not a place.
fn drop_ach_ids(words: &mut Vec<&str>) {
    let mut kept: Vec<&str> = Vec::with_capacity(words.len());
    for word in words.iter() {
        let after_ach = kept.last().is_some_and(|w| ACH.contains(w));
        if *word == "ID" && after_ach {
            continue;
        }
        kept.push(word);
    }
    kept.retain(|w| !ACH.contains(w));
    *words = kept;
}

const ACH: &[&str] = &["PPD", "WEB", "CCD"];

/// Digits (store, card and reference numbers, dates), masked numbers and web addresses.
fn is_noise(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
        || word.starts_with("XX")
        || word.contains(".COM")
        || word.contains('/')
}

/// Drops a trailing "CITY ST" or "CITY [PROVINCE] COUNTRY", keeping at least one word.
fn strip_place(words: &mut Vec<&str>) {
    let Some(last) = words.last().copied() else {
        return;
    };
    let is_place_end = STATES.contains(&last) || COUNTRIES.contains(&last);
    if !is_place_end || words.len() < 2 {
        return;
    }
    words.pop();
    if last == "CAN" && words.len() >= 2 && words.last().is_some_and(|w| PROVINCES.contains(w)) {
        words.pop();
    }
    let city = CITIES
        .iter()
        .map(|c| c.split(' ').collect::<Vec<_>>())
        .find(|c| c.len() < words.len() && words.ends_with(c))
        .map_or(1, |c| c.len());
    if words.len() > city {
        words.truncate(words.len() - city);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_prefixes_numbers_and_places() {
        for (raw, want) in [
            (
                "TST* BLUE RIBBON BRASSERIE NEW YORK NY",
                "Blue Ribbon Brasserie",
            ),
            ("SQ *MAMAS KITCHEN AUSTIN TX", "Mamas Kitchen"),
            ("POS DEBIT JOE'S PIZZA #12 BROOKLYN NY", "Joe's Pizza"),
            (
                "PURCHASE AUTHORIZED ON 03/02 CORNER DELI S386061123456 CARD 1234",
                "Corner Deli",
            ),
            ("CAFE DE FLORE PARIS FRA", "Cafe De Flore"),
            ("LE CROISSANT 22 MONTREAL QC CAN", "Le Croissant"),
            ("12345", "12345"),
            (
                "FRANCHISE TAX BD DES:CASTTAXRFD ID:XXXXX1234 INDN:JOHN DOE CO ID:X PPD",
                "Franchise Tax Bd",
            ),
            (
                "ORIG CO NAME:RENTCAFE ORIG ID:1234567890 DESC DATE: CO ENTRY DESCR:RENT",
                "Rentcafe",
            ),
            ("VILLAGE HARDWARE", "Village Hardware"),
        ] {
            assert_eq!(describe(raw), want, "{raw}");
        }
    }
}
