//! A household's day: pay, rent and bills out of checking, and everyday purchases on
//! the debit card or the credit card.

use super::accounts::Kind;
use super::ledger::{Book, Draft};
use super::places::{City, DESTINATIONS, PEOPLE};
use super::profile::Household;
use super::rng::{cents, chance, code_if, digits_if, pick};
use super::shops::{
    Layout, Shop, AIRLINES, FAST_FOOD, GAS, HOTELS, PHARMACIES, RESTAURANTS, RIDES, SHOPPING,
};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use time::Date;

const CHECKING: usize = 0;
const H: u32 = 3600;

/// Where a habit buys.
enum Shops<'a> {
    Table(&'static [Shop]),
    Regular(&'a [&'static Shop]),
}

impl Shops<'_> {
    fn pick(&self, rng: &mut ChaCha8Rng) -> Option<&'static Shop> {
        match self {
            Self::Table(table) => pick(rng, table),
            Self::Regular(list) => pick(rng, list).copied(),
        }
    }

    /// The mean purchase, in cents, before the household's scale.
    fn mean(&self) -> i64 {
        let (sum, n) = match self {
            Self::Table(table) => (
                table.iter().map(|s| s.min + s.max).sum::<i64>(),
                table.len(),
            ),
            Self::Regular(list) => (list.iter().map(|s| s.min + s.max).sum::<i64>(), list.len()),
        };
        sum / 2 / i64::try_from(n.max(1)).unwrap_or(1)
    }
}

/// A kind of purchase: where, and the daily chance (per mille).
struct Habit<'a> {
    shops: Shops<'a>,
    per_mille: u32,
    /// Baskets grow with the budget; a coffee costs what it costs.
    elastic: bool,
    /// Bought for a trip: hotels print the destination city.
    away: bool,
}

fn habits(h: &Household) -> [Habit<'_>; 10] {
    let habit = |shops, per_mille, elastic| Habit {
        shops,
        per_mille,
        elastic,
        away: false,
    };
    [
        habit(Shops::Regular(&h.groceries), 280, true),
        habit(Shops::Table(RESTAURANTS), 150, true),
        habit(Shops::Table(FAST_FOOD), 120, false),
        habit(
            Shops::Regular(std::slice::from_ref(&h.coffee)),
            h.coffee_per_mille,
            false,
        ),
        habit(Shops::Table(GAS), if h.drives { 110 } else { 0 }, false),
        habit(Shops::Table(RIDES), if h.drives { 50 } else { 150 }, false),
        habit(Shops::Table(PHARMACIES), 50, false),
        habit(Shops::Table(SHOPPING), 200, true),
        habit(Shops::Table(AIRLINES), 4, true),
        Habit {
            shops: Shops::Table(HOTELS),
            per_mille: 4,
            elastic: true,
            away: true,
        },
    ]
}

/// How the budget scale (per mille) splits: elastic amounts take up to ±40%,
/// and how often the household buys takes the rest.
fn amount_scale(scale: i64) -> i64 {
    scale.clamp(700, 1_400)
}

fn frequency(habit: &Habit<'_>, scale: i64) -> u32 {
    let factor = scale * 1_000 / amount_scale(scale);
    let scaled = i64::from(habit.per_mille) * factor / 1_000;
    u32::try_from(scaled.clamp(0, 950)).unwrap_or(950)
}

/// The average discretionary spend per month at scale 1000, in cents.
pub(crate) fn expected_monthly_spend(h: &Household) -> i64 {
    let daily: i64 = habits(h)
        .iter()
        .map(|habit| i64::from(habit.per_mille) * habit.shops.mean() / 1_000)
        .sum();
    daily * 3_044 / 100
}

pub(crate) fn day(
    h: &Household,
    day: Date,
    books: &mut [Book],
    rng: &mut ChaCha8Rng,
    next_check: &mut u32,
    bills: Vec<Draft>,
    texts: bool,
) {
    let Some(checking) = h.account(CHECKING) else {
        return;
    };
    if day < checking.opened {
        return;
    }
    let card = h
        .accounts
        .iter()
        .find(|a| matches!(a.kind, Kind::Card(_)) && a.opened <= day)
        .map(|a| a.index);
    let mut out = Day {
        day,
        books,
        card,
        texts,
    };
    for bill in bills {
        out.checking(bill);
    }
    scheduled(h, &mut out);
    purchases(h, rng, &mut out);
    cash_and_people(h, rng, &mut out, next_check);
}

/// Routes drafts to the day's books.
struct Day<'a> {
    day: Date,
    books: &'a mut [Book],
    card: Option<usize>,
    /// Whether the day's descriptions are written (see `ledger::simulate`).
    texts: bool,
}

impl Day<'_> {
    /// `make`'s text when the day's texts are written, else an empty one.
    fn text(&self, make: impl FnOnce() -> String) -> String {
        if self.texts {
            make()
        } else {
            String::new()
        }
    }

    fn checking(&mut self, draft: Draft) {
        self.to(CHECKING, draft);
    }

    fn to(&mut self, index: usize, draft: Draft) {
        if let Some(book) = self.books.get_mut(index) {
            book.push(self.day, draft);
        }
    }
}

/// Pay, rent, utilities, phone, subscriptions: the same days every month.
fn scheduled(h: &Household, out: &mut Day<'_>) {
    let day = out.day;
    let dom = day.day();
    if h.is_payday(day) {
        out.checking(Draft::credit(h.pay, h.payroll.clone()).at(10 * H));
    }
    let fixed = |bill: &super::profile::Bill, cents: i64, out: &mut Day<'_>| {
        if bill.day == dom {
            out.checking(Draft::debit(cents, bill.raw.clone()).at(15 * H));
        }
    };
    if let Some(rent) = &h.rent {
        fixed(rent, rent.cents, out);
    }
    // The utility bill follows the season; phone and internet do not.
    fixed(&h.utility, seasonal(h.utility.cents, day), out);
    for bill in &h.bills {
        fixed(bill, bill.cents, out);
    }
    if let Some(gym) = &h.gym {
        if gym.day == dom {
            out.checking(Draft::debit(gym.cents, gym.raw.clone()).mcc(7997).at(9 * H));
        }
    }
    for sub in h.subscriptions.iter().filter(|s| s.day == dom) {
        let draft = Draft::debit(sub.cents, sub.plan.raw.to_owned())
            .mcc(sub.plan.mcc)
            .at(8 * H);
        match out.card {
            Some(card) => out.to(card, draft),
            None => out.checking(draft),
        }
    }
    let month_end = day
        .next_day()
        .is_none_or(|next| next.month() != day.month());
    if month_end && h.service_fee {
        out.checking(Draft::debit(12_00, "MONTHLY SERVICE FEE".to_owned()).at(23 * H));
    }
}

/// Heating and cooling months cost more.
fn seasonal(base: i64, day: Date) -> i64 {
    let percent = match u8::from(day.month()) {
        1 | 2 | 12 => 135,
        7 | 8 => 125,
        4 | 5 | 10 => 80,
        _ => 100,
    };
    base * percent / 100 + i64::from(day.ordinal() % 7) * 37
}

fn purchases(h: &Household, rng: &mut ChaCha8Rng, out: &mut Day<'_>) {
    for habit in habits(h) {
        if !chance(rng, frequency(&habit, h.scale)) {
            continue;
        }
        let Some(shop) = habit.shops.pick(rng) else {
            continue;
        };
        let city = if habit.away {
            pick(rng, DESTINATIONS).unwrap_or(h.home)
        } else {
            h.home
        };
        let scale = if habit.elastic {
            amount_scale(h.scale)
        } else {
            1_000
        };
        let amount = (cents(rng, shop.min, shop.max) * scale / 1_000).max(99);
        let text = shop_text(h, shop, city, rng, out.texts);
        let seconds = rng.gen_range(13 * H..24 * H);
        let mut draft = Draft::debit(amount, String::new())
            .mcc(shop.mcc)
            .at(seconds);
        if in_store(shop) && chance(rng, 600) {
            draft.geo = Some(store_location(h, shop, city));
        }
        match out.card.filter(|_| chance(rng, h.card_share)) {
            Some(card) => {
                draft.raw = text;
                out.to(card, draft);
            }
            None => {
                draft.raw = debit_text(h, out.day, &text, rng, out.texts);
                out.checking(draft);
            }
        }
    }
}

fn in_store(shop: &Shop) -> bool {
    matches!(shop.layout, Layout::Hash | Layout::Number | Layout::Local)
}

/// ATM, checks, Venmo and Zelle, and the odd overdraft: checking only.
fn cash_and_people(h: &Household, rng: &mut ChaCha8Rng, out: &mut Day<'_>, next_check: &mut u32) {
    let seconds = rng.gen_range(14 * H..23 * H);
    let home = h.home;
    if chance(rng, 25) {
        let amount = [40_00, 60_00, 80_00, 100_00, 120_00, 200_00, 300_00][rng.gen_range(0..7)];
        let number = digits_if(out.texts, rng, 6);
        let raw = out.text(|| format!("ATM WITHDRAWAL {number} {} {}", home.name, home.state));
        let mut draft = Draft::debit(amount, raw).mcc(6011).at(seconds);
        draft.geo = Some((
            home.lat * 100 + rng.gen_range(-60_000..=60_000),
            home.lon * 100 + rng.gen_range(-60_000..=60_000),
        ));
        out.checking(draft);
        if chance(rng, 400) {
            let fee = if chance(rng, 500) { 3_00 } else { 3_50 };
            let raw = out.text(|| "NON-NETWORK ATM FEE".to_owned());
            out.checking(Draft::debit(fee, raw).at(seconds));
        }
    }
    if chance(rng, 10) {
        let amount = cents(rng, 40_00, 900_00);
        let raw = out.text(|| format!("CHECK {next_check}"));
        let mut draft = Draft::debit(amount, raw).at(17 * H);
        draft.check_number = Some(*next_check);
        *next_check += 1;
        out.checking(draft);
    }
    let scaled =
        |rng: &mut ChaCha8Rng, min, max| cents(rng, min, max) * amount_scale(h.scale) / 1_000;
    if chance(rng, 30) {
        let id = digits_if(out.texts, rng, 10);
        let raw = out.text(|| format!("VENMO PAYMENT {id} WEB ID: 3264681992"));
        out.checking(Draft::debit(scaled(rng, 10_00, 150_00), raw).at(seconds));
    }
    if chance(rng, 8) {
        let raw = out.text(|| "VENMO CASHOUT PPD ID: 5264681992".to_owned());
        out.checking(Draft::credit(scaled(rng, 20_00, 200_00), raw).at(11 * H));
    }
    let person = pick(rng, PEOPLE).copied().unwrap_or("JOHN SMITH");
    if chance(rng, 10) {
        let reference = code_if(out.texts, rng, 11);
        let raw = out.text(|| format!("ZELLE PAYMENT TO {person} {reference}"));
        out.checking(Draft::debit(scaled(rng, 20_00, 300_00), raw).at(seconds));
    }
    if chance(rng, 8) {
        let reference = code_if(out.texts, rng, 11);
        let raw = out.text(|| format!("ZELLE PAYMENT FROM {person} {reference}"));
        out.checking(Draft::credit(scaled(rng, 20_00, 250_00), raw).at(seconds));
    }
    if chance(rng, 2) {
        let raw = out.text(|| "OVERDRAFT ITEM FEE".to_owned());
        out.checking(Draft::debit(35_00, raw).at(23 * H));
    }
}

/// How a purchase reads in a feed, at home or away; empty unless `wanted`, but with
/// the same draws either way.
pub(crate) fn shop_text(
    h: &Household,
    shop: &Shop,
    city: &City,
    rng: &mut ChaCha8Rng,
    wanted: bool,
) -> String {
    let random = match shop.layout {
        Layout::Coded(_) => code_if(wanted, rng, 6),
        Layout::Ticket(_) => digits_if(wanted, rng, 13),
        _ => String::new(),
    };
    if !wanted {
        return String::new();
    }
    let place = format!("{} {}", city.name, city.state);
    match shop.layout {
        Layout::Hash => format!("{} #{} {place}", shop.brand, store_number(h, shop, city, 4)),
        Layout::Number => format!("{} {} {place}", shop.brand, store_number(h, shop, city, 5)),
        Layout::Local => format!("{} {place}", shop.brand),
        Layout::Online(suffix) => format!("{} {suffix}", shop.brand),
        Layout::Coded(suffix) => format!("{}{random} {suffix}", shop.brand),
        Layout::Ticket(suffix) => format!("{} {random} {suffix}", shop.brand),
    }
}

/// The household's usual store of a chain in a city: the same for every visit.
fn store_hash(h: &Household, shop: &Shop, city: &City) -> u64 {
    // FNV-1a: a tiny stable hash (std's hasher is not stable across releases).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in h
        .tag
        .bytes()
        .chain(shop.brand.bytes())
        .chain(city.name.bytes())
    {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn store_number(h: &Household, shop: &Shop, city: &City, width: usize) -> String {
    let modulus = 10u64.pow(u32::try_from(width).unwrap_or(4));
    format!("{:0width$}", store_hash(h, shop, city) % modulus)
}

/// The store's coordinates, in millionths of a degree: within about 6 km of the
/// city centre, and the same on every visit.
fn store_location(h: &Household, shop: &Shop, city: &City) -> (i64, i64) {
    const SPREAD: u64 = 120_001;
    let hash = store_hash(h, shop, city);
    let offset = |bits: u64| i64::try_from(bits % SPREAD).unwrap_or(0) - 60_000;
    (
        city.lat * 100 + offset(hash),
        city.lon * 100 + offset(hash >> 32),
    )
}

/// Debit-card purchases carry the bank's own wording around the merchant; empty
/// unless `wanted`, but with the same draws either way.
fn debit_text(h: &Household, day: Date, text: &str, rng: &mut ChaCha8Rng, wanted: bool) -> String {
    let random = match h.debit_style {
        3 => digits_if(wanted, rng, 15),
        4 => digits_if(wanted, rng, 23),
        _ => String::new(),
    };
    if !wanted {
        return String::new();
    }
    let (month, dom) = (u8::from(day.month()), day.day());
    match h.debit_style {
        1 => format!("POS DEBIT {text}"),
        2 => format!("DEBIT CARD PURCHASE - {text}"),
        3 => format!(
            "PURCHASE AUTHORIZED ON {month:02}/{dom:02} {text} S{random} CARD {}",
            h.debit_last4
        ),
        4 => format!("CHECKCARD {month:02}{dom:02} {text} {random}"),
        _ => text.to_owned(),
    }
}
