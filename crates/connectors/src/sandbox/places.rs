//! Where the sandbox household lives and whom it deals with: cities, employers,
//! landlords, billers and people. Raw texts imitate US bank feeds.

/// A US city; coordinates are in ten-thousandths of a degree.
#[derive(Debug)]
pub(crate) struct City {
    pub(crate) name: &'static str,
    pub(crate) state: &'static str,
    pub(crate) lat: i64,
    pub(crate) lon: i64,
    /// The electric utility as its bill-pay payee reads.
    pub(crate) utility: &'static str,
}

const fn city(
    name: &'static str,
    state: &'static str,
    lat: i64,
    lon: i64,
    utility: &'static str,
) -> City {
    City {
        name,
        state,
        lat,
        lon,
        utility,
    }
}

#[rustfmt::skip]
pub(crate) const HOMES: &[City] = &[
    city("NEW YORK", "NY", 407128, -740060, "CON EDISON"),
    city("BROOKLYN", "NY", 406782, -739442, "CON EDISON"),
    city("SAN FRANCISCO", "CA", 377749, -1224194, "PG&E"),
    city("LOS ANGELES", "CA", 340522, -1182437, "LADWP"),
    city("CHICAGO", "IL", 418781, -876298, "COMED"),
    city("AUSTIN", "TX", 302672, -977431, "AUSTIN ENERGY"),
    city("SEATTLE", "WA", 476062, -1223321, "SEATTLE CITY LIGHT"),
    city("DENVER", "CO", 397392, -1049903, "XCEL ENERGY"),
    city("BOSTON", "MA", 423601, -710589, "EVERSOURCE"),
    city("ATLANTA", "GA", 337490, -843880, "GEORGIA POWER"),
    city("MIAMI", "FL", 257617, -801918, "FPL"),
    city("PHOENIX", "AZ", 334484, -1120740, "APS ELECTRIC"),
    city("MINNEAPOLIS", "MN", 449778, -932650, "XCEL ENERGY"),
    city("PHILADELPHIA", "PA", 399526, -751652, "PECO"),
    city("SALT LAKE CITY", "UT", 407608, -1118910, "ROCKY MOUNTAIN POWER"),
    city("PORTLAND", "OR", 455152, -1226784, "PORTLAND GENERAL"),
    city("CHARLOTTE", "NC", 352271, -808431, "DUKE ENERGY"),
];

/// Trip destinations: hotels and meals away from home.
#[rustfmt::skip]
pub(crate) const DESTINATIONS: &[City] = &[
    city("LAS VEGAS", "NV", 361699, -1151398, ""),
    city("ORLANDO", "FL", 285383, -813792, ""),
    city("HONOLULU", "HI", 213069, -1578583, ""),
    city("NASHVILLE", "TN", 361627, -867816, ""),
    city("SAN DIEGO", "CA", 327157, -1171611, ""),
    city("NEW ORLEANS", "LA", 299511, -900715, ""),
    city("CHICAGO", "IL", 418781, -876298, ""),
    city("NEW YORK", "NY", 407128, -740060, ""),
];

pub(crate) const EMPLOYERS: &[&str] = &[
    "ACME CORP",
    "GLOBEX CORP",
    "INITECH INC",
    "UMBRELLA HEALTH",
    "HOOLI INC",
    "WAYNE ENTERPRISES",
    "STARK INDUSTRIES",
    "CYBERDYNE SYSTEMS",
    "MASSIVE DYNAMIC",
    "PIED PIPER INC",
];

/// Payroll styles: the employer comes first, as in most ACH company names.
pub(crate) const PAYROLL_STYLES: &[&str] = &["PAYROLL", "DIR DEP", "PAYROLL DIR DEP"];

/// Rent payees (raw text before the reference number).
pub(crate) const LANDLORDS: &[&str] = &[
    "GREYSTAR RENT PMT",
    "AVALONBAY RENT",
    "EQUITY RESIDENTIAL RENT",
    "BILT RENT PMT",
    "CAMDEN PROPERTY RENT",
];

/// Mobile phone autopay: raw text, and the monthly amount range in cents.
pub(crate) const PHONES: &[(&str, i64, i64)] = &[
    (
        "VERIZON WIRELESS PAYMENTS PPD ID: 2223344556",
        6_500,
        16_000,
    ),
    ("ATT PAYMENT PPD ID: 9864031004", 6_000, 14_500),
    ("T-MOBILE PCS SVC PPD ID: 0000450304", 5_000, 14_000),
];

/// Internet bill-pay payees.
pub(crate) const INTERNET: &[(&str, i64, i64)] = &[
    ("ONLINE PMT COMCAST XFINITY", 5_500, 9_900),
    ("ONLINE PMT SPECTRUM", 4_999, 8_999),
    ("ONLINE PMT VERIZON FIOS", 4_999, 8_999),
    ("ONLINE PMT GOOGLE FIBER", 7_000, 7_000),
];

/// Auto insurance autopay, for households that drive.
pub(crate) const INSURERS: &[(&str, i64, i64)] = &[
    ("GEICO AUTO PAYMENT PPD ID: 5300000000", 9_000, 17_500),
    ("PROGRESSIVE INS PREM PPD ID: 4311231234", 8_500, 19_000),
    ("STATE FARM RO 27 SFPP PPD ID: 9000313004", 9_500, 18_000),
];

pub(crate) const PEOPLE: &[&str] = &[
    "JOHN SMITH",
    "MARIA GARCIA",
    "DAVID LEE",
    "SARAH JOHNSON",
    "MICHAEL BROWN",
    "EMILY DAVIS",
    "JAMES WILSON",
    "JESSICA MARTINEZ",
    "KEVIN NGUYEN",
    "PRIYA PATEL",
];

/// Funds an investment account pays dividends from.
pub(crate) const FUNDS: &[&str] = &[
    "VTI VANGUARD TOTAL STOCK MKT ETF",
    "VXUS VANGUARD TOTAL INTL STOCK ETF",
    "SCHD SCHWAB US DIVIDEND EQUITY ETF",
    "FXAIX FIDELITY 500 INDEX FUND",
    "BND VANGUARD TOTAL BOND MARKET ETF",
];
