//! Positions in investment accounts. The account's balance is the truth (the ledger
//! only knows contributions and dividends), so the positions are sized from it: the
//! securities take their share of the invested part at today's prices, in whole or
//! fractional units rounded down, and a cash position takes the rest. So the market
//! values add up to `holdings_value` to the cent and cash never goes negative.

use super::accounts::{Investment, Kind};
use super::figures::{money, View};
use super::profile::Household;
use super::rng::premium_rng;
use super::securities::{self, Security, SecurityType};
use crate::FetchedHolding;
use polyfin_domain::Decimal;
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use time::Duration;

const PLAN_401K_POOL: &[&str] = &[
    "VFIAX", "FXAIX", "VTSAX", "VBTLX", "VTIAX", "VFIFX", "SWPPX",
];
const IRA_POOL: &[&str] = &[
    "VTI", "VOO", "VXUS", "BND", "SCHD", "QQQ", "VTSAX", "VFIFX", "VIG", "VNQ", "AGG",
];
const BROKERAGE_POOL: &[&str] = &[
    "AAPL", "MSFT", "AMZN", "GOOGL", "NVDA", "JNJ", "KO", "JPM", "PG", "V", "HD", "COST", "WMT",
    "VOO", "SPY", "QQQ", "IVV", "VTI", "SCHD",
];

/// One security position, in integer units before it is dressed as a holding.
struct Position {
    security: &'static Security,
    /// Quantity in units of 10^-`decimals`.
    units: i64,
    decimals: u32,
    /// Today's and yesterday's prices, in cents.
    price: i64,
    previous: i64,
    /// The average purchase price, in cents.
    purchase: i64,
}

impl Position {
    /// `round(quantity × price)` in cents, halves away from zero.
    fn value_at(&self, price: i64) -> i64 {
        let scale = 10_i128.pow(self.decimals);
        let exact = i128::from(self.units) * i128::from(price);
        i64::try_from((exact * 2 + scale) / (scale * 2)).unwrap_or(i64::MAX)
    }
}

pub(crate) fn holdings(household: &Household, view: &View<'_>) -> Vec<FetchedHolding> {
    let Kind::Investment(plan) = &view.spec.kind else {
        return Vec::new();
    };
    let account = &view.spec.external_id;
    let mut rng = premium_rng(&household.seed, "holdings", account);
    let balance = view.balance();
    // The same uninvested share the account's `cash_balance` figure reports.
    let cash_target = balance.max(0) * plan.cash_share / 10_000;
    let picks = choose(&mut rng, plan, view.spec.subtype);
    let positions = size(&mut rng, &picks, balance - cash_target, view);
    let invested: i64 = positions.iter().map(|p| p.value_at(p.price)).sum();
    let mut out: Vec<FetchedHolding> = positions.iter().map(|p| holding(account, p)).collect();
    out.push(cash(
        &mut rng,
        account,
        view.spec.subtype,
        balance - invested,
    ));
    out
}

/// The account's securities: the funds its dividends already come from, then picks
/// from its kind's usual menu, three to seven in all.
fn choose(
    rng: &mut ChaCha8Rng,
    plan: &Investment,
    subtype: Option<&str>,
) -> Vec<&'static Security> {
    let mut picks: Vec<&'static Security> = plan
        .funds
        .iter()
        .filter_map(|fund| fund.split(' ').next().and_then(securities::find))
        .collect();
    let pool = match subtype {
        Some("PLAN_401_K") => PLAN_401K_POOL,
        Some("ROTH_IRA") => IRA_POOL,
        _ => BROKERAGE_POOL,
    };
    let wanted = rng.gen_range(3..=7).max(picks.len());
    let mut menu: Vec<&str> = pool.to_vec();
    menu.shuffle(rng);
    for symbol in menu {
        if picks.len() >= wanted {
            break;
        }
        if let Some(security) = securities::find(symbol) {
            if !picks.iter().any(|p| p.symbol == symbol) {
                picks.push(security);
            }
        }
    }
    picks
}

/// Splits `invested` cents over the picks by random weights. Units round down, so
/// the positions never cost more than their share.
fn size(
    rng: &mut ChaCha8Rng,
    picks: &[&'static Security],
    invested: i64,
    view: &View<'_>,
) -> Vec<Position> {
    let today = view.now.date();
    let yesterday = today.checked_sub(Duration::days(1)).unwrap_or(today);
    let weights: Vec<i64> = picks.iter().map(|_| rng.gen_range(10..=40)).collect();
    let total: i64 = weights.iter().sum::<i64>().max(1);
    let mut positions = Vec::new();
    for (security, weight) in picks.iter().zip(weights) {
        let share = invested.max(0) * weight / total;
        let price = security.price(today);
        // Brokerages trade whole shares of stocks and ETFs unless the amount is
        // small; fund companies keep fund shares to three decimals.
        let decimals = match security.kind {
            SecurityType::MutualFund => 3,
            _ if share >= 5 * price => 0,
            _ => 4,
        };
        let scale = i128::from(10_i64.pow(decimals));
        let units = i128::from(share) * scale / i128::from(price.max(1));
        let units = i64::try_from(units).unwrap_or(0);
        // Bought at a lower price than today's, mostly: markets rose since. Volatile
        // securities may have risen a lot, bond funds barely moved.
        let purchase = price * rng.gen_range(100 - security.swing / 40..=104) / 100;
        if units > 0 {
            positions.push(Position {
                security,
                units,
                decimals,
                price,
                previous: security.price(yesterday),
                purchase: purchase.max(1),
            });
        }
    }
    positions
}

fn holding(account: &str, p: &Position) -> FetchedHolding {
    let value = p.value_at(p.price);
    FetchedHolding {
        external_id: format!("{account}-hold-{}", p.security.symbol),
        account_external_id: account.to_owned(),
        symbol: Some(p.security.symbol.to_owned()),
        cusip: Some(p.security.cusip.to_owned()),
        description: p.security.description.to_owned(),
        holding_type: p.security.kind.holding_type().to_owned(),
        currency_code: "USD".to_owned(),
        quantity: Decimal::new(p.units, p.decimals),
        current_price: money(p.price),
        market_value: money(value),
        cost_basis: money(p.value_at(p.purchase)),
        purchase_price: money(p.purchase),
        daily_change: money(value - p.value_at(p.previous)),
    }
}

/// The uninvested rest, as a sweep money market fund or plain cash (401(k) plans).
fn cash(rng: &mut ChaCha8Rng, account: &str, subtype: Option<&str>, cents: i64) -> FetchedHolding {
    let fund = match subtype {
        Some("PLAN_401_K") => None,
        _ => ["VMFXX", "SPAXX"]
            .choose(rng)
            .and_then(|symbol| securities::find(symbol)),
    };
    let amount = money(cents);
    FetchedHolding {
        external_id: format!("{account}-hold-{}", fund.map_or("CASH", |f| f.symbol)),
        account_external_id: account.to_owned(),
        symbol: fund.map(|f| f.symbol.to_owned()),
        cusip: fund.map(|f| f.cusip.to_owned()),
        description: fund.map_or("Cash", |f| f.description).to_owned(),
        holding_type: fund.map_or("CASH", |f| f.kind.holding_type()).to_owned(),
        currency_code: "USD".to_owned(),
        quantity: amount,
        current_price: money(1_00),
        market_value: amount,
        cost_basis: amount,
        purchase_price: money(1_00),
        daily_change: money(0),
    }
}
