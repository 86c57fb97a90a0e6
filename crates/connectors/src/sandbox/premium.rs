//! Premium data for the accounts a fetch returns: full account and routing numbers,
//! owners, investment holdings and monthly statements. Each part is generated only
//! when the request's extras ask for it, from its own seeded streams (see
//! `rng::premium_rng`), so it never disturbs the accounts or transactions.

use super::accounts::{AccountSpec, Kind};
use super::figures::View;
use super::identifiers::aba_check_digit;
use super::ledger::Book;
use super::profile::Household;
use super::rng::{digits, premium_rng};
use super::{holdings, identity, statements};
use crate::{FetchRequest, FetchedAccountNumber, FetchedData};
use rand::Rng;

/// Fills the premium vectors of `data` that `request.extras` asks for. Only accounts
/// already in `data.accounts` (those that exist at `now`) get premium data.
pub(crate) fn extend(
    household: &Household,
    books: &[Book],
    request: &FetchRequest,
    data: &mut FetchedData,
) {
    let extras = request.extras;
    let present: Vec<(&AccountSpec, &Book)> = household
        .accounts
        .iter()
        .zip(books)
        .filter(|(spec, _)| {
            data.accounts
                .iter()
                .any(|a| a.external_id == spec.external_id)
        })
        .collect();
    if extras.account_numbers {
        let routing = routing_number(household);
        for (spec, _) in &present {
            if let Some(number) = account_number(household, spec, &routing) {
                data.account_numbers.push(number);
            }
        }
    }
    if extras.owners {
        let owners = identity::owners(household);
        for (spec, _) in &present {
            data.owners
                .extend(owners.iter().map(|o| o.for_account(&spec.external_id)));
        }
    }
    for (spec, book) in &present {
        let view = View {
            spec,
            book,
            now: request.now,
        };
        if extras.holdings {
            data.holdings.extend(holdings::holdings(household, &view));
        }
        if extras.statements {
            data.statements.extend(statements::statements(&view));
        }
    }
}

/// The bank's routing number: one per seed (the sandbox plays one bank per login).
/// The first two digits are the Federal Reserve district of the household's city, as
/// a real local bank's would be; the rest is random, then the ABA check digit.
pub(crate) fn routing_number(household: &Household) -> String {
    let mut rng = premium_rng(&household.seed, "routing", "");
    let district = fed_district(household.home.state);
    let mut first8 = format!("{district:02}{}", rng.gen_range(0..=8));
    first8.push_str(&digits(&mut rng, 5));
    // Eight ASCII digits always have a check digit; '0' keeps the type total.
    let check = aba_check_digit(&first8).unwrap_or(0);
    first8.push(char::from(b'0' + check));
    first8
}

/// The Federal Reserve district (1 Boston … 12 San Francisco) serving a state.
fn fed_district(state: &str) -> u8 {
    match state {
        "MA" => 1,
        "NY" => 2,
        "PA" => 3,
        "NC" => 5,
        "GA" | "FL" => 6,
        "IL" => 7,
        "MN" => 9,
        "CO" => 10,
        "TX" => 11,
        _ => 12,
    }
}

/// Full numbers for deposit accounts, the ones a payment can be drawn on (what
/// verification is for). The number ends in the account's mask, and its length is
/// one per bank (per seed), as a real bank's numbering scheme would be.
fn account_number(
    household: &Household,
    spec: &AccountSpec,
    routing: &str,
) -> Option<FetchedAccountNumber> {
    if !matches!(spec.kind, Kind::Checking | Kind::Savings { .. }) {
        return None;
    }
    let length = premium_rng(&household.seed, "account-number-length", "").gen_range(10..=12_usize);
    let mut rng = premium_rng(&household.seed, "account-number", &spec.external_id);
    let lead = char::from(b'1' + rng.gen_range(0..9u8));
    let middle = digits(&mut rng, length.saturating_sub(1 + spec.mask.len()));
    Some(FetchedAccountNumber {
        account_external_id: spec.external_id.clone(),
        account_number: format!("{lead}{middle}{}", spec.mask),
        routing_number: Some(routing.to_owned()),
        institution_number: None,
        transit_number: None,
    })
}
