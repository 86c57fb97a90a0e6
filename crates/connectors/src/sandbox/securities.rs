//! The securities sandbox accounts hold, with their real tickers and CUSIPs, and a
//! made-up but steady market: a security's price on a day is the same for every
//! household, drifts in slow waves around a base price and moves a little each day.

use time::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SecurityType {
    Equity,
    Etf,
    MutualFund,
    MoneyMarket,
}

impl SecurityType {
    /// The MX `holding_type`.
    pub(crate) fn holding_type(self) -> &'static str {
        match self {
            Self::Equity => "EQUITY",
            Self::Etf => "ETF",
            Self::MutualFund => "MUTUAL_FUND",
            Self::MoneyMarket => "MONEY_MARKET",
        }
    }
}

#[derive(Debug)]
pub(crate) struct Security {
    pub(crate) symbol: &'static str,
    pub(crate) cusip: &'static str,
    pub(crate) description: &'static str,
    pub(crate) kind: SecurityType,
    /// The price the market waves around, in cents.
    pub(crate) base: i64,
    /// How far (basis points) the slow wave takes the price from its base.
    pub(crate) swing: i64,
}

const fn sec(
    symbol: &'static str,
    cusip: &'static str,
    description: &'static str,
    kind: SecurityType,
    base: i64,
    swing: i64,
) -> Security {
    Security {
        symbol,
        cusip,
        description,
        kind,
        base,
        swing,
    }
}

use SecurityType::{Equity, Etf, MoneyMarket, MutualFund};

#[rustfmt::skip]
pub(crate) const SECURITIES: &[Security] = &[
    sec("AAPL", "037833100", "Apple Inc.", Equity, 228_40, 1_400),
    sec("MSFT", "594918104", "Microsoft Corp.", Equity, 418_25, 1_200),
    sec("AMZN", "023135106", "Amazon.com Inc.", Equity, 198_70, 1_500),
    sec("GOOGL", "02079K305", "Alphabet Inc. Class A", Equity, 172_35, 1_400),
    sec("NVDA", "67066G104", "NVIDIA Corp.", Equity, 131_60, 2_200),
    sec("JNJ", "478160104", "Johnson & Johnson", Equity, 155_10, 600),
    sec("KO", "191216100", "The Coca-Cola Co.", Equity, 64_85, 500),
    sec("JPM", "46625H100", "JPMorgan Chase & Co.", Equity, 241_90, 1_000),
    sec("PG", "742718109", "Procter & Gamble Co.", Equity, 166_20, 500),
    sec("V", "92826C839", "Visa Inc. Class A", Equity, 301_45, 800),
    sec("HD", "437076102", "The Home Depot Inc.", Equity, 382_15, 900),
    sec("COST", "22160K105", "Costco Wholesale Corp.", Equity, 902_30, 1_000),
    sec("WMT", "931142103", "Walmart Inc.", Equity, 89_75, 800),
    sec("VTI", "922908769", "Vanguard Total Stock Market ETF", Etf, 289_55, 900),
    sec("VOO", "922908363", "Vanguard S&P 500 ETF", Etf, 521_80, 900),
    sec("VXUS", "921909768", "Vanguard Total International Stock ETF", Etf, 62_40, 800),
    sec("BND", "921937835", "Vanguard Total Bond Market ETF", Etf, 72_95, 250),
    sec("SCHD", "808524797", "Schwab US Dividend Equity ETF", Etf, 27_35, 600),
    sec("SPY", "78462F103", "SPDR S&P 500 ETF Trust", Etf, 571_20, 900),
    sec("QQQ", "46090E103", "Invesco QQQ Trust", Etf, 497_65, 1_200),
    sec("IVV", "464287200", "iShares Core S&P 500 ETF", Etf, 573_10, 900),
    sec("AGG", "464287226", "iShares Core U.S. Aggregate Bond ETF", Etf, 98_45, 250),
    sec("VNQ", "922908553", "Vanguard Real Estate ETF", Etf, 90_20, 900),
    sec("VIG", "921908844", "Vanguard Dividend Appreciation ETF", Etf, 195_30, 700),
    sec("VTSAX", "922908728", "Vanguard Total Stock Market Index Fund Admiral", MutualFund, 140_15, 900),
    sec("VFIAX", "922908710", "Vanguard 500 Index Fund Admiral", MutualFund, 523_40, 900),
    sec("FXAIX", "315911750", "Fidelity 500 Index Fund", MutualFund, 201_85, 900),
    sec("VBTLX", "921937603", "Vanguard Total Bond Market Index Fund Admiral", MutualFund, 9_71, 250),
    sec("VTIAX", "921909818", "Vanguard Total International Stock Index Fund Admiral", MutualFund, 34_20, 800),
    sec("VFIFX", "92202E862", "Vanguard Target Retirement 2050 Fund", MutualFund, 50_35, 700),
    sec("SWPPX", "808509855", "Schwab S&P 500 Index Fund", MutualFund, 90_15, 900),
    sec("VMFXX", "922906300", "Vanguard Federal Money Market Fund", MoneyMarket, 1_00, 0),
    sec("SPAXX", "31617H102", "Fidelity Government Money Market Fund", MoneyMarket, 1_00, 0),
];

pub(crate) fn find(symbol: &str) -> Option<&'static Security> {
    SECURITIES.iter().find(|s| s.symbol == symbol)
}

impl Security {
    /// The closing price on `day`, in cents. Money market funds hold $1.00.
    pub(crate) fn price(&self, day: Date) -> i64 {
        if self.kind == MoneyMarket {
            return self.base;
        }
        let hash = fnv(self.symbol.as_bytes());
        let period = 180 + i64::try_from(hash % 240).unwrap_or(0);
        let phase = i64::try_from((hash >> 16) % 1_000).unwrap_or(0);
        let position = (i64::from(day.to_julian_day()) + phase).rem_euclid(period);
        // A triangle wave in -swing..=swing over `period` days.
        let wave = self.swing - 4 * self.swing * (position - period / 2).abs() / period;
        let day_hash = fnv(&[self.symbol.as_bytes(), &day.to_julian_day().to_le_bytes()].concat());
        let noise = i64::try_from(day_hash % 101).unwrap_or(50) - 50;
        (self.base * (10_000 + wave + noise) / 10_000).max(1)
    }
}

/// FNV-1a: tiny and stable across Rust releases, unlike std's hasher.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::super::identifiers::is_valid_cusip;
    use super::*;
    use time::macros::date;
    use time::Duration;

    #[test]
    fn every_cusip_checks_and_symbols_are_unique() {
        for (i, s) in SECURITIES.iter().enumerate() {
            assert!(is_valid_cusip(s.cusip), "{} {}", s.symbol, s.cusip);
            assert!(SECURITIES[..i]
                .iter()
                .all(|o| o.symbol != s.symbol && o.cusip != s.cusip));
        }
    }

    #[test]
    fn prices_stay_near_their_base_and_move_gently() {
        let start = date!(2024 - 01 - 01);
        for s in SECURITIES {
            let mut previous = s.price(start);
            for d in 1..800 {
                let price = s.price(start + Duration::days(d));
                assert!(
                    price * 10 >= s.base * 7 && price * 10 <= s.base * 13,
                    "{}",
                    s.symbol
                );
                // At most about 2% a day: slow waves plus a little noise.
                assert!(
                    (price - previous).abs() * 50 <= previous + 100,
                    "{} day {d}",
                    s.symbol
                );
                previous = price;
            }
        }
    }
}
