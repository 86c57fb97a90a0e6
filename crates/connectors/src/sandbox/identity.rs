//! The household's account holders (identity): one or two adults at one address.
//! Everything is plainly fictional though it reads like real data: streets named
//! after placeholders, e-mail at the reserved example domains (RFC 2606) and phone
//! numbers in 555-0100..0199, the range set aside for fiction.

use super::places::City;
use super::profile::Household;
use super::rng::{chance, pick, premium_rng};
use crate::FetchedOwner;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

const FIRST_NAMES: &[&str] = &[
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Isabella", "Lucas",
    "Mia", "Logan", "Harper", "Elijah", "Amelia", "Daniel", "Evelyn", "Mateo", "Abigail", "Henry",
    "Grace", "Samuel", "Chloe", "Owen", "Nora", "Caleb", "Riley", "Julian", "Zoe", "Aaron", "Leah",
    "Adrian", "Maya", "Isaac", "Priya", "Andre", "Mei", "Omar",
];

const LAST_NAMES: &[&str] = &[
    "Harper",
    "Whitfield",
    "Castillo",
    "Nakamura",
    "Okafor",
    "Lindqvist",
    "Brennan",
    "Delgado",
    "Ashworth",
    "Moreau",
    "Patel",
    "Kowalski",
    "Fairbanks",
    "Reyes",
    "Thornton",
    "Nguyen",
    "Calloway",
    "Iverson",
    "Mercer",
    "Santos",
    "Holloway",
    "Kim",
    "Pemberton",
    "Duarte",
];

/// Street names nobody would mistake for a real address.
const STREETS: &[&str] = &[
    "Sandbox Way",
    "Example Avenue",
    "Placeholder Lane",
    "Fictional Street",
    "Testing Terrace",
    "Demo Drive",
    "Specimen Court",
    "Imaginary Boulevard",
    "Synthetic Road",
    "Make Believe Place",
];

const EMAIL_DOMAINS: &[&str] = &["example.com", "example.org"];

/// One holder, before being attached to an account.
#[derive(Debug, Clone)]
pub(crate) struct Owner {
    first_name: String,
    last_name: String,
    email: String,
    phone: String,
    address: String,
    city: String,
    state: String,
    postal_code: String,
}

impl Owner {
    pub(crate) fn for_account(&self, account_external_id: &str) -> FetchedOwner {
        FetchedOwner {
            account_external_id: account_external_id.to_owned(),
            owner_name: format!("{} {}", self.first_name, self.last_name),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            address: self.address.clone(),
            city: self.city.clone(),
            state: self.state.clone(),
            postal_code: self.postal_code.clone(),
            country: "US".to_owned(),
        }
    }
}

/// The household's holders: the primary first. A second adult joins a third of the
/// households, and usually shares the last name.
pub(crate) fn owners(household: &Household) -> Vec<Owner> {
    let mut rng = premium_rng(&household.seed, "owners", "");
    let home = household.home;
    let (prefix, area) = zip_and_area(home);
    let address = street_address(&mut rng);
    let postal_code = format!("{prefix}{:02}", rng.gen_range(1..=60));
    let primary_last = pick(&mut rng, LAST_NAMES).copied().unwrap_or("Harper");
    let mut names = vec![(first_name(&mut rng, None), primary_last)];
    if chance(&mut rng, 333) {
        let last = if chance(&mut rng, 700) {
            primary_last
        } else {
            pick(&mut rng, LAST_NAMES).copied().unwrap_or(primary_last)
        };
        let first = first_name(&mut rng, names.first().map(|(f, _)| *f));
        names.push((first, last));
    }
    let mut phones_used = Vec::new();
    names
        .into_iter()
        .map(|(first, last)| Owner {
            first_name: first.to_owned(),
            last_name: last.to_owned(),
            email: email(&mut rng, first, last),
            phone: phone(&mut rng, area, &mut phones_used),
            address: address.clone(),
            city: title_case(home.name),
            state: home.state.to_owned(),
            postal_code: postal_code.clone(),
        })
        .collect()
}

/// A first name different from `other` (two holders never share one).
fn first_name(rng: &mut ChaCha8Rng, other: Option<&str>) -> &'static str {
    loop {
        let name = pick(rng, FIRST_NAMES).copied().unwrap_or("Alex");
        if Some(name) != other {
            return name;
        }
    }
}

fn street_address(rng: &mut ChaCha8Rng) -> String {
    let number = rng.gen_range(100..=9899);
    let street = pick(rng, STREETS).copied().unwrap_or("Sandbox Way");
    if chance(rng, 450) {
        let unit = rng.gen_range(1..=24);
        let letter = char::from(b'A' + rng.gen_range(0..6u8));
        format!("{number} {street} Apt {unit}{letter}")
    } else {
        format!("{number} {street}")
    }
}

fn email(rng: &mut ChaCha8Rng, first: &str, last: &str) -> String {
    let domain = pick(rng, EMAIL_DOMAINS).copied().unwrap_or("example.com");
    let (first, last) = (first.to_lowercase(), last.to_lowercase());
    match rng.gen_range(0..3) {
        0 => format!("{first}.{last}@{domain}"),
        1 => format!("{}{last}{}@{domain}", &first[..1], rng.gen_range(10..=99)),
        _ => format!("{first}_{last}{}@{domain}", rng.gen_range(1..=9)),
    }
}

/// A number in the fictional 555-0100..0199 block, distinct within the household.
fn phone(rng: &mut ChaCha8Rng, area: u16, used: &mut Vec<u8>) -> String {
    loop {
        let line = rng.gen_range(0..100u8);
        if !used.contains(&line) {
            used.push(line);
            return format!("{area}-555-01{line:02}");
        }
    }
}

/// The first three ZIP digits and the area code of the household's city.
fn zip_and_area(city: &City) -> (&'static str, u16) {
    match city.name {
        "NEW YORK" => ("100", 212),
        "BROOKLYN" => ("112", 718),
        "SAN FRANCISCO" => ("941", 415),
        "LOS ANGELES" => ("900", 213),
        "CHICAGO" => ("606", 312),
        "AUSTIN" => ("787", 512),
        "SEATTLE" => ("981", 206),
        "DENVER" => ("802", 303),
        "BOSTON" => ("021", 617),
        "ATLANTA" => ("303", 404),
        "MIAMI" => ("331", 305),
        "PHOENIX" => ("850", 602),
        "MINNEAPOLIS" => ("554", 612),
        "PHILADELPHIA" => ("191", 215),
        "SALT LAKE CITY" => ("841", 801),
        "PORTLAND" => ("972", 503),
        "CHARLOTTE" => ("282", 704),
        _ => ("100", 212),
    }
}

/// "SALT LAKE CITY" → "Salt Lake City": feeds shout, addresses do not.
fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cities_read_in_title_case() {
        assert_eq!(title_case("SALT LAKE CITY"), "Salt Lake City");
        assert_eq!(title_case("NEW YORK"), "New York");
    }

    #[test]
    fn owners_are_fictional_and_stable() {
        for i in 0..40 {
            let household = Household::from_seed(&format!("owner-{i}"));
            let owners = owners(&household);
            assert!((1..=2).contains(&owners.len()));
            for o in &owners {
                let account = o.for_account("a");
                assert!(
                    account.email.ends_with("@example.com")
                        || account.email.ends_with("@example.org")
                );
                assert!(
                    account.phone[3..].starts_with("-555-01"),
                    "{}",
                    account.phone
                );
                assert_eq!(account.postal_code.len(), 5);
            }
            let again = super::owners(&household);
            assert_eq!(format!("{owners:?}"), format!("{again:?}"));
        }
    }
}
