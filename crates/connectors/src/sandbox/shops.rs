//! Merchants the sandbox household buys from, with real merchant category codes and
//! plausible amount ranges (cents).

/// How a merchant's location part reads in the feed.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Layout {
    /// "BRAND #1234 CITY ST"
    Hash,
    /// "BRAND 01234 CITY ST"
    Number,
    /// "BRAND CITY ST"
    Local,
    /// "BRAND SUFFIX": online merchants print a phone number or website instead.
    Online(&'static str),
    /// "BRAND<CODE> SUFFIX": an order code glued to the brand ("AMAZON.COM*2K3L8").
    Coded(&'static str),
    /// "BRAND 0062345678901 SUFFIX": an airline ticket number.
    Ticket(&'static str),
}

#[derive(Debug)]
pub(crate) struct Shop {
    pub(crate) brand: &'static str,
    pub(crate) layout: Layout,
    pub(crate) mcc: u32,
    pub(crate) min: i64,
    pub(crate) max: i64,
}

const fn s(brand: &'static str, layout: Layout, mcc: u32, min: i64, max: i64) -> Shop {
    Shop {
        brand,
        layout,
        mcc,
        min,
        max,
    }
}

use Layout::{Coded, Hash, Local, Number, Online, Ticket};

#[rustfmt::skip]
pub(crate) const GROCERIES: &[Shop] = &[
    s("WHOLEFDS", Hash, 5411, 1_800, 19_000),
    s("TRADER JOE S", Hash, 5411, 1_500, 12_000),
    s("SAFEWAY", Hash, 5411, 1_200, 16_000),
    s("KROGER", Hash, 5411, 1_200, 16_000),
    s("PUBLIX", Hash, 5411, 1_200, 15_000),
    s("H-E-B", Hash, 5411, 1_500, 17_000),
    s("ALDI", Number, 5411, 1_000, 9_000),
    s("COSTCO WHSE", Hash, 5300, 6_000, 32_000),
    s("WEGMANS", Hash, 5411, 1_500, 18_000),
];

#[rustfmt::skip]
pub(crate) const RESTAURANTS: &[Shop] = &[
    s("CHEESECAKE FACTORY", Hash, 5812, 3_500, 14_000),
    s("OLIVE GARDEN", Number, 5812, 3_000, 11_000),
    s("P.F. CHANG'S", Hash, 5812, 3_000, 12_000),
    s("SWEETGREEN", Local, 5812, 1_200, 2_200),
    s("TST* BLUE RIBBON BRASSERIE", Local, 5812, 4_500, 16_000),
    s("SQ *MAMAS KITCHEN", Local, 5812, 1_800, 6_000),
    s("TST* THE CORNER BISTRO", Local, 5812, 2_500, 9_000),
    s("SQ *TAQUERIA EL SOL", Local, 5812, 1_200, 4_000),
    s("TST* SAKURA SUSHI", Local, 5812, 3_000, 11_000),
    s("UBER *EATS", Online("HELP.UBER.COM CA"), 5812, 1_800, 6_500),
    s("DD *DOORDASH", Online("855-973-1040 CA"), 5812, 2_000, 7_000),
];

#[rustfmt::skip]
pub(crate) const FAST_FOOD: &[Shop] = &[
    s("MCDONALD'S", Number, 5814, 600, 1_800),
    s("CHIPOTLE", Number, 5814, 1_000, 2_400),
    s("CHICK-FIL-A", Hash, 5814, 800, 2_200),
    s("TACO BELL", Hash, 5814, 600, 1_800),
    s("SUBWAY", Number, 5814, 700, 1_600),
    s("PANERA BREAD", Hash, 5814, 900, 2_200),
    s("WENDYS", Hash, 5814, 600, 1_700),
    s("SHAKE SHACK", Number, 5814, 1_200, 3_200),
    s("DOMINO'S", Number, 5814, 1_400, 3_800),
];

#[rustfmt::skip]
pub(crate) const COFFEE: &[Shop] = &[
    s("STARBUCKS STORE", Number, 5814, 345, 980),
    s("DUNKIN", Hash, 5814, 250, 900),
    s("PEET'S COFFEE", Number, 5814, 375, 950),
    s("SQ *BLUE BOTTLE COFFEE", Local, 5814, 450, 1_100),
    s("TST* LOCAL GROUNDS COFFEE", Local, 5814, 400, 1_000),
];

#[rustfmt::skip]
pub(crate) const GAS: &[Shop] = &[
    s("SHELL OIL", Number, 5541, 2_500, 7_800),
    s("CHEVRON", Number, 5541, 2_500, 7_800),
    s("EXXONMOBIL", Number, 5541, 2_500, 7_500),
    s("BP", Hash, 5541, 2_500, 7_500),
    s("SPEEDWAY", Number, 5541, 2_000, 7_000),
    s("WAWA", Number, 5542, 2_000, 7_000),
];

#[rustfmt::skip]
pub(crate) const RIDES: &[Shop] = &[
    s("UBER *TRIP", Online("HELP.UBER.COM CA"), 4121, 800, 4_800),
    s("LYFT *RIDE", Online("LYFT.COM CA"), 4121, 800, 4_200),
];

#[rustfmt::skip]
pub(crate) const PHARMACIES: &[Shop] = &[
    s("CVS/PHARMACY", Hash, 5912, 500, 6_500),
    s("WALGREENS", Hash, 5912, 500, 6_000),
    s("RITE AID", Number, 5912, 500, 5_000),
];

#[rustfmt::skip]
pub(crate) const SHOPPING: &[Shop] = &[
    s("AMAZON MKTPL*", Coded("AMZN.COM/BILL WA"), 5942, 800, 14_000),
    s("AMAZON.COM*", Coded("AMZN.COM/BILL WA"), 5942, 800, 12_000),
    s("TARGET", Number, 5310, 1_500, 14_000),
    s("WAL-MART", Hash, 5311, 1_200, 12_000),
    s("THE HOME DEPOT", Hash, 5200, 1_200, 26_000),
    s("LOWE'S", Hash, 5200, 1_200, 22_000),
    s("BEST BUY", Number, 5732, 1_500, 48_000),
    s("IKEA", Local, 5712, 2_000, 40_000),
    s("OLD NAVY US", Number, 5651, 1_500, 9_000),
    s("NORDSTROM", Hash, 5651, 4_000, 26_000),
    s("TJ MAXX", Hash, 5651, 1_500, 11_000),
    s("BARNES & NOBLE", Hash, 5942, 1_000, 6_000),
    s("SEPHORA", Number, 5977, 1_800, 12_000),
    s("PETSMART", Hash, 5995, 1_200, 9_000),
    s("CHEWY.COM", Online("800-672-4399 FL"), 5995, 2_500, 11_000),
    s("AMC", Number, 7832, 1_200, 4_500),
];

#[rustfmt::skip]
pub(crate) const AIRLINES: &[Shop] = &[
    s("DELTA AIR", Ticket("ATLANTA GA"), 3058, 18_000, 65_000),
    s("UNITED AIRLINES", Ticket("800-932-2732 TX"), 3000, 18_000, 65_000),
    s("SOUTHWEST AIRLINES", Ticket("800-435-9792 TX"), 3066, 12_000, 45_000),
    s("AMERICAN AIR", Ticket("FORT WORTH TX"), 3001, 18_000, 60_000),
    s("JETBLUE", Ticket("SALT LAKE CTY UT"), 3174, 12_000, 45_000),
];

/// Hotels print the destination city; amounts are per stay.
#[rustfmt::skip]
pub(crate) const HOTELS: &[Shop] = &[
    s("MARRIOTT", Local, 3509, 18_000, 82_000),
    s("HILTON HOTELS", Local, 3504, 16_000, 76_000),
    s("HYATT HOTELS", Local, 3640, 18_000, 80_000),
    s("HAMPTON INN", Local, 3665, 12_000, 48_000),
    s("AIRBNB * HM", Coded("AIRBNB.COM CA"), 7011, 22_000, 95_000),
];

/// Purchases abroad; the suffix carries the foreign city and country.
#[rustfmt::skip]
pub(crate) const ABROAD: &[Shop] = &[
    s("PRET A MANGER", Online("LONDON GBR"), 5812, 800, 2_500),
    s("MARKS & SPENCER", Online("LONDON GBR"), 5311, 1_000, 9_000),
    s("CAFE DE FLORE", Online("PARIS FRA"), 5812, 2_000, 8_000),
    s("UBER *TRIP", Online("PARIS FRA"), 4121, 900, 4_000),
    s("TIM HORTONS #4512", Online("TORONTO ON CAN"), 5814, 400, 1_500),
    s("EL CORTE INGLES", Online("MADRID ESP"), 5311, 2_500, 18_000),
    s("OXXO SUC CENTRO", Online("CANCUN MEX"), 5499, 300, 3_000),
];

/// A monthly subscription: raw text, MCC and the price options (cents).
#[derive(Debug)]
pub(crate) struct Plan {
    pub(crate) raw: &'static str,
    pub(crate) mcc: u32,
    pub(crate) prices: &'static [i64],
}

const fn p(raw: &'static str, mcc: u32, prices: &'static [i64]) -> Plan {
    Plan { raw, mcc, prices }
}

#[rustfmt::skip]
pub(crate) const SUBSCRIPTIONS: &[Plan] = &[
    p("NETFLIX.COM NETFLIX.COM CA", 4899, &[699, 1_549, 2_299]),
    p("SPOTIFY USA 877-7781161 NY", 5815, &[1_199, 1_699, 1_999]),
    p("APPLE.COM/BILL 866-712-7753 CA", 5818, &[99, 299, 999]),
    p("HULU 877-8244858 CA", 4899, &[799, 1_799]),
    p("DISNEY PLUS 888-905-7888 CA", 4899, &[999, 1_399]),
    p("GOOGLE *YOUTUBEPREMIUM G.CO/HELPPAY# CA", 5815, &[1_399]),
    p("AMAZON PRIME*RT4Y12 AMZN.COM/BILL WA", 5968, &[1_499]),
    p("MAX.COM 855-442-6629 NY", 4899, &[999, 1_699]),
    p("ADOBE *CREATIVE CLOUD 408-536-6000 CA", 5734, &[2_299, 5_999]),
    p("MICROSOFT*365 MSBILL.INFO WA", 5734, &[999]),
    p("NYTIMES*NYTDIGITALSUBSCRIP NY", 5994, &[425, 1_700]),
    p("AUDIBLE*TD2H71 AMZN.COM/BILL NJ", 5942, &[1_495]),
    p("DROPBOX*8KZ2Q DB.TT/CCHELP CA", 5734, &[1_199]),
    p("PARAMOUNT+ 888-274-5343 CA", 4899, &[799, 1_299]),
    p("PELOTON* MEMBERSHIP 866-679-9129 NY", 7997, &[4_400]),
];

/// Gym memberships print the home city; billed to checking.
pub(crate) const GYM: Plan = p("PLANET FITNESS", 7997, &[1_000, 2_499]);
