//! The household behind a seed: where it lives, what it earns and spends, and which
//! accounts it holds. Everything here is fixed for the seed; only days vary.

use super::accounts::{self, AccountSpec};
use super::places::{
    City, EMPLOYERS, HOMES, INSURERS, INTERNET, LANDLORDS, PAYROLL_STYLES, PHONES,
};
use super::rng::{cents, chance, digits, pick, profile_rng, seed_tag};
use super::shops::{Plan, Shop, COFFEE, GROCERIES, GYM, SUBSCRIPTIONS};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use time::macros::date;
use time::{Date, Duration, Weekday};

/// Every household's history is laid out relative to this day, never to `now`, so the
/// same seed gives the same past whenever it is fetched.
pub(crate) const EPOCH: Date = date!(2023 - 01 - 01);

/// A fixed monthly payment: payee text, amount (cents) and day of month.
#[derive(Debug, Clone)]
pub(crate) struct Bill {
    pub(crate) raw: String,
    pub(crate) cents: i64,
    pub(crate) day: u8,
}

#[derive(Debug, Clone)]
pub(crate) struct Subscription {
    pub(crate) plan: &'static Plan,
    pub(crate) cents: i64,
    pub(crate) day: u8,
}

#[derive(Debug)]
pub(crate) struct Household {
    pub(crate) seed: String,
    /// A short hex tag of the seed, for ids and store numbers.
    pub(crate) tag: String,
    pub(crate) home: &'static City,
    /// Payroll raw text (employer, style and company id) and the net pay per check.
    pub(crate) payroll: String,
    pub(crate) pay: i64,
    /// The first payday; paydays repeat every 14 days.
    pub(crate) first_payday: Date,
    pub(crate) rent: Option<Bill>,
    pub(crate) utility: Bill,
    pub(crate) bills: Vec<Bill>,
    pub(crate) subscriptions: Vec<Subscription>,
    pub(crate) gym: Option<Bill>,
    /// The regular grocery stores and coffee shop.
    pub(crate) groceries: Vec<&'static Shop>,
    pub(crate) coffee: &'static Shop,
    pub(crate) coffee_per_mille: u32,
    pub(crate) drives: bool,
    /// How debit-card purchases read in this bank's feed (see `household::debit_text`).
    pub(crate) debit_style: u8,
    pub(crate) debit_last4: String,
    /// Share (per mille) of card-eligible purchases that go on the credit card.
    pub(crate) card_share: u32,
    /// Discretionary amounts are scaled by this (per mille) to fit the income.
    pub(crate) scale: i64,
    pub(crate) service_fee: bool,
    pub(crate) first_check: u32,
    pub(crate) accounts: Vec<AccountSpec>,
}

impl Household {
    pub(crate) fn from_seed(seed: &str) -> Self {
        let mut rng = profile_rng(seed);
        let tag = seed_tag(seed);
        let home = pick(&mut rng, HOMES).unwrap_or(&HOMES_FALLBACK);
        let pay = cents(&mut rng, 1_900_00, 3_900_00);
        let accounts = accounts::generate(&mut rng, &tag, pay);
        let checking_opened = accounts.first().map_or(EPOCH, |a| a.opened);
        let owns_home = accounts.iter().any(AccountSpec::is_home_debt);
        let drives = chance(&mut rng, 700);
        let mut household = Household {
            seed: seed.to_owned(),
            home,
            payroll: payroll_text(&mut rng),
            pay,
            first_payday: first_friday(checking_opened, &mut rng),
            rent: (!owns_home).then(|| rent(&mut rng, pay)),
            utility: Bill {
                raw: format!("ONLINE PMT {}", home.utility),
                cents: cents(&mut rng, 6_000, 14_000),
                day: rng.gen_range(5..=25),
            },
            bills: bills(&mut rng, drives),
            subscriptions: subscriptions(&mut rng),
            gym: chance(&mut rng, 350).then(|| Bill {
                raw: format!("{} {} {}", GYM.raw, home.name, home.state),
                cents: GYM.prices.choose(&mut rng).copied().unwrap_or(1_000),
                day: rng.gen_range(1..=28),
            }),
            groceries: regulars(&mut rng, GROCERIES, 3),
            coffee: pick(&mut rng, COFFEE).unwrap_or(&COFFEE_FALLBACK),
            coffee_per_mille: rng.gen_range(50..=550),
            drives,
            debit_style: rng.gen_range(0..5),
            debit_last4: digits(&mut rng, 4),
            card_share: rng.gen_range(550..=900),
            scale: 1_000,
            service_fee: chance(&mut rng, 150),
            first_check: rng.gen_range(1001..=1500),
            accounts,
            tag,
        };
        household.scale = household.budget_scale();
        household
    }

    /// Scales discretionary spending so that, on average, about an eighth of what
    /// is left after fixed costs is saved: balances then drift up slowly, never away.
    fn budget_scale(&self) -> i64 {
        let monthly_income = self.pay * 26 / 12;
        let fixed = self.fixed_monthly_costs();
        let spare = (monthly_income - fixed).max(monthly_income / 5);
        let discretionary = super::household::expected_monthly_spend(self).max(1);
        (spare * 880 / discretionary).clamp(350, 2_200)
    }

    fn fixed_monthly_costs(&self) -> i64 {
        let bills: i64 = self.bills.iter().map(|b| b.cents).sum();
        let subs: i64 = self.subscriptions.iter().map(|s| s.cents).sum();
        let debts: i64 = self.accounts.iter().map(AccountSpec::monthly_payment).sum();
        self.rent.as_ref().map_or(0, |r| r.cents)
            + self.utility.cents
            + bills
            + subs
            + self.gym.as_ref().map_or(0, |g| g.cents)
            + debts
    }

    pub(crate) fn is_payday(&self, day: Date) -> bool {
        let since = (day - self.first_payday).whole_days();
        since >= 0 && since % 14 == 0
    }

    pub(crate) fn account(&self, index: usize) -> Option<&AccountSpec> {
        self.accounts.get(index)
    }
}

const HOMES_FALLBACK: City = City {
    name: "NEW YORK",
    state: "NY",
    lat: 407128,
    lon: -740060,
    utility: "CON EDISON",
};

const COFFEE_FALLBACK: Shop = Shop {
    brand: "STARBUCKS STORE",
    layout: super::shops::Layout::Number,
    mcc: 5814,
    min: 345,
    max: 980,
};

fn payroll_text(rng: &mut ChaCha8Rng) -> String {
    let employer = pick(rng, EMPLOYERS).copied().unwrap_or("ACME CORP");
    let style = pick(rng, PAYROLL_STYLES).copied().unwrap_or("PAYROLL");
    format!("{employer} {style} PPD ID: {}", digits(rng, 10))
}

fn first_friday(from: Date, rng: &mut ChaCha8Rng) -> Date {
    // Start in the first or second week, so paydays differ between households.
    let mut day = from + Duration::days(rng.gen_range(0..7));
    while day.weekday() != Weekday::Friday {
        day += Duration::days(1);
    }
    day
}

fn rent(rng: &mut ChaCha8Rng, pay: i64) -> Bill {
    let landlord = pick(rng, LANDLORDS).copied().unwrap_or("RENT PMT");
    let cents = pay * rng.gen_range(50..=70) / 100 / 500 * 500;
    Bill {
        raw: format!("{landlord} WEB ID: {}", digits(rng, 10)),
        cents,
        day: 1,
    }
}

fn bills(rng: &mut ChaCha8Rng, drives: bool) -> Vec<Bill> {
    let mut out = Vec::new();
    let mut fixed = |rng: &mut ChaCha8Rng, table: &[(&str, i64, i64)]| {
        if let Some(&(raw, min, max)) = pick(rng, table) {
            out.push(Bill {
                raw: raw.to_owned(),
                cents: cents(rng, min, max),
                day: rng.gen_range(1..=28),
            });
        }
    };
    fixed(rng, PHONES);
    fixed(rng, INTERNET);
    if drives {
        fixed(rng, INSURERS);
    }
    out
}

fn subscriptions(rng: &mut ChaCha8Rng) -> Vec<Subscription> {
    let count = rng.gen_range(2..=5);
    SUBSCRIPTIONS
        .choose_multiple(rng, count)
        .collect::<Vec<_>>()
        .into_iter()
        .map(|plan| Subscription {
            plan,
            cents: plan.prices.choose(rng).copied().unwrap_or(999),
            day: rng.gen_range(1..=28),
        })
        .collect()
}

fn regulars(rng: &mut ChaCha8Rng, shops: &'static [Shop], n: usize) -> Vec<&'static Shop> {
    shops.choose_multiple(rng, n).collect()
}
