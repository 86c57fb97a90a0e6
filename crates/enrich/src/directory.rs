//! The merchant directory: feed patterns → merchant, website and MX category.
//!
//! Patterns are normalised token runs (see `words`); when several entries match a
//! description, the longest pattern wins, so "UBER EATS" beats "UBER" and
//! "AMAZON PRIME" beats "AMAZON" whatever the table order.

use crate::words::Words;

/// What kind of charge a merchant usually sends, beyond its category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trait {
    Plain,
    /// Streaming, software and gym memberships billed on a fixed day.
    Subscription,
    /// Utilities, phone and insurance billers paid as bills.
    Bill,
    /// Earned-wage and payroll advance apps.
    Advance,
}

#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) name: &'static str,
    pub(crate) website: &'static str,
    pub(crate) category: &'static str,
    pub(crate) kind: Trait,
    pub(crate) patterns: &'static [&'static str],
}

const fn m(
    name: &'static str,
    website: &'static str,
    category: &'static str,
    kind: Trait,
    patterns: &'static [&'static str],
) -> Entry {
    Entry {
        name,
        website,
        category,
        kind,
        patterns,
    }
}

use Trait::{Advance as A, Bill as B, Plain as P, Subscription as S};

#[rustfmt::skip]
pub(crate) const DIRECTORY: &[Entry] = &[
    // Groceries
    m("Whole Foods", "https://www.wholefoodsmarket.com", "Groceries", P, &["WHOLEFDS", "WHOLE FOODS", "WHOLEFOODS"]),
    m("Trader Joe's", "https://www.traderjoes.com", "Groceries", P, &["TRADER JOE S", "TRADER JOES"]),
    m("Safeway", "https://www.safeway.com", "Groceries", P, &["SAFEWAY"]),
    m("Kroger", "https://www.kroger.com", "Groceries", P, &["KROGER"]),
    m("Publix", "https://www.publix.com", "Groceries", P, &["PUBLIX"]),
    m("H-E-B", "https://www.heb.com", "Groceries", P, &["H E B", "HEB"]),
    m("Aldi", "https://www.aldi.us", "Groceries", P, &["ALDI"]),
    m("Costco", "https://www.costco.com", "Groceries", P, &["COSTCO"]),
    m("Wegmans", "https://www.wegmans.com", "Groceries", P, &["WEGMANS"]),
    m("Albertsons", "https://www.albertsons.com", "Groceries", P, &["ALBERTSONS"]),
    m("Sprouts Farmers Market", "https://www.sprouts.com", "Groceries", P, &["SPROUTS FARMERS", "SPROUTS"]),
    m("Stop & Shop", "https://stopandshop.com", "Groceries", P, &["STOP SHOP"]),
    m("Instacart", "https://www.instacart.com", "Groceries", P, &["INSTACART"]),
    // Restaurants and fast food
    m("The Cheesecake Factory", "https://www.thecheesecakefactory.com", "Restaurants", P, &["CHEESECAKE FACTORY"]),
    m("Olive Garden", "https://www.olivegarden.com", "Restaurants", P, &["OLIVE GARDEN"]),
    m("P.F. Chang's", "https://www.pfchangs.com", "Restaurants", P, &["P F CHANG S", "PF CHANGS"]),
    m("Sweetgreen", "https://www.sweetgreen.com", "Restaurants", P, &["SWEETGREEN"]),
    m("Applebee's", "https://www.applebees.com", "Restaurants", P, &["APPLEBEES", "APPLEBEE S"]),
    m("Chili's", "https://www.chilis.com", "Restaurants", P, &["CHILIS", "CHILI S"]),
    m("Outback Steakhouse", "https://www.outback.com", "Restaurants", P, &["OUTBACK"]),
    m("DoorDash", "https://www.doordash.com", "Restaurants", P, &["DOORDASH", "DD DOORDASH"]),
    m("Uber Eats", "https://www.ubereats.com", "Restaurants", P, &["UBER EATS", "UBEREATS"]),
    m("Grubhub", "https://www.grubhub.com", "Restaurants", P, &["GRUBHUB"]),
    m("Shake Shack", "https://www.shakeshack.com", "Fast Food", P, &["SHAKE SHACK", "SHAKESHACK"]),
    m("McDonald's", "https://www.mcdonalds.com", "Fast Food", P, &["MCDONALD S", "MCDONALDS"]),
    m("Chipotle", "https://www.chipotle.com", "Fast Food", P, &["CHIPOTLE"]),
    m("Chick-fil-A", "https://www.chick-fil-a.com", "Fast Food", P, &["CHICK FIL A", "CHICKFILA"]),
    m("Taco Bell", "https://www.tacobell.com", "Fast Food", P, &["TACO BELL"]),
    m("Subway", "https://www.subway.com", "Fast Food", P, &["SUBWAY"]),
    m("Panera Bread", "https://www.panerabread.com", "Fast Food", P, &["PANERA"]),
    m("Wendy's", "https://www.wendys.com", "Fast Food", P, &["WENDYS", "WENDY S"]),
    m("Domino's", "https://www.dominos.com", "Fast Food", P, &["DOMINO S", "DOMINOS"]),
    m("Burger King", "https://www.bk.com", "Fast Food", P, &["BURGER KING"]),
    m("Five Guys", "https://www.fiveguys.com", "Fast Food", P, &["FIVE GUYS"]),
    m("Panda Express", "https://www.pandaexpress.com", "Fast Food", P, &["PANDA EXPRESS"]),
    m("Pizza Hut", "https://www.pizzahut.com", "Fast Food", P, &["PIZZA HUT"]),
    m("Tim Hortons", "https://www.timhortons.com", "Coffee Shops", P, &["TIM HORTONS"]),
    m("Starbucks", "https://www.starbucks.com", "Coffee Shops", P, &["STARBUCKS"]),
    m("Dunkin'", "https://www.dunkindonuts.com", "Coffee Shops", P, &["DUNKIN"]),
    m("Peet's Coffee", "https://www.peets.com", "Coffee Shops", P, &["PEET S", "PEETS"]),
    m("Blue Bottle Coffee", "https://bluebottlecoffee.com", "Coffee Shops", P, &["BLUE BOTTLE"]),
    m("Dutch Bros", "https://www.dutchbros.com", "Coffee Shops", P, &["DUTCH BROS"]),
    // Gas and transport
    m("Shell", "https://www.shell.us", "Gas", P, &["SHELL OIL", "SHELL SERVICE", "SHELL"]),
    m("Chevron", "https://www.chevron.com", "Gas", P, &["CHEVRON"]),
    m("ExxonMobil", "https://www.exxon.com", "Gas", P, &["EXXONMOBIL", "EXXON", "MOBIL"]),
    m("BP", "https://www.bp.com", "Gas", P, &["BP"]),
    m("Speedway", "https://www.speedway.com", "Gas", P, &["SPEEDWAY"]),
    m("Wawa", "https://www.wawa.com", "Gas", P, &["WAWA"]),
    m("7-Eleven", "https://www.7-eleven.com", "Gas", P, &["7 ELEVEN", "7ELEVEN"]),
    m("Sunoco", "https://www.sunoco.com", "Gas", P, &["SUNOCO"]),
    m("Circle K", "https://www.circlek.com", "Gas", P, &["CIRCLE K"]),
    m("Valero", "https://www.valero.com", "Gas", P, &["VALERO"]),
    m("Uber", "https://www.uber.com", "Rental Car & Taxi", P, &["UBER"]),
    m("Lyft", "https://www.lyft.com", "Rental Car & Taxi", P, &["LYFT"]),
    m("MTA", "https://new.mta.info", "Public Transportation", P, &["MTA NYCT", "MTA"]),
    m("SpotHero", "https://spothero.com", "Parking", P, &["SPOTHERO"]),
    m("E-ZPass", "https://www.e-zpassiag.com", "Auto & Transport", P, &["E ZPASS", "EZPASS"]),
    // Health
    m("CVS Pharmacy", "https://www.cvs.com", "Pharmacy", P, &["CVS PHARMACY", "CVS"]),
    m("Walgreens", "https://www.walgreens.com", "Pharmacy", P, &["WALGREENS"]),
    m("Rite Aid", "https://www.riteaid.com", "Pharmacy", P, &["RITE AID"]),
    m("Planet Fitness", "https://www.planetfitness.com", "Gym", S, &["PLANET FITNESS", "PLANET FIT"]),
    m("Equinox", "https://www.equinox.com", "Gym", S, &["EQUINOX"]),
    m("Peloton", "https://www.onepeloton.com", "Gym", S, &["PELOTON"]),
    // Shopping
    m("Amazon", "https://www.amazon.com", "Shopping", P, &["AMAZON MKTPL", "AMAZON MKTPLACE", "AMZN MKTP", "AMAZON COM", "AMZN", "AMAZON"]),
    m("Amazon Prime", "https://www.amazon.com/prime", "Shopping", S, &["AMAZON PRIME", "PRIME VIDEO"]),
    m("Target", "https://www.target.com", "Shopping", P, &["TARGET"]),
    m("Walmart", "https://www.walmart.com", "Shopping", P, &["WAL MART", "WALMART", "WM SUPERCENTER"]),
    m("The Home Depot", "https://www.homedepot.com", "Home Improvement", P, &["HOME DEPOT", "HOMEDEPOT"]),
    m("Lowe's", "https://www.lowes.com", "Home Improvement", P, &["LOWE S", "LOWES"]),
    m("Best Buy", "https://www.bestbuy.com", "Electronics & Software", P, &["BEST BUY", "BESTBUY"]),
    m("IKEA", "https://www.ikea.com", "Furnishings", P, &["IKEA"]),
    m("Wayfair", "https://www.wayfair.com", "Furnishings", P, &["WAYFAIR"]),
    m("Old Navy", "https://oldnavy.gap.com", "Clothing", P, &["OLD NAVY"]),
    m("Gap", "https://www.gap.com", "Clothing", P, &["GAP"]),
    m("Nordstrom", "https://www.nordstrom.com", "Clothing", P, &["NORDSTROM"]),
    m("TJ Maxx", "https://tjmaxx.tjx.com", "Clothing", P, &["TJ MAXX", "TJMAXX"]),
    m("Macy's", "https://www.macys.com", "Clothing", P, &["MACY S", "MACYS"]),
    m("Kohl's", "https://www.kohls.com", "Clothing", P, &["KOHL S", "KOHLS"]),
    m("Nike", "https://www.nike.com", "Clothing", P, &["NIKE"]),
    m("Barnes & Noble", "https://www.barnesandnoble.com", "Books", P, &["BARNES NOBLE", "BARNES AND NOBLE"]),
    m("Apple Store", "https://www.apple.com/retail", "Electronics & Software", P, &["APPLE STORE"]),
    m("Sephora", "https://www.sephora.com", "Personal Care", P, &["SEPHORA"]),
    m("PetSmart", "https://www.petsmart.com", "Pet Food & Supplies", P, &["PETSMART"]),
    m("Chewy", "https://www.chewy.com", "Pet Food & Supplies", P, &["CHEWY"]),
    m("Etsy", "https://www.etsy.com", "Shopping", P, &["ETSY"]),
    m("eBay", "https://www.ebay.com", "Shopping", P, &["EBAY"]),
    m("Dollar Tree", "https://www.dollartree.com", "Shopping", P, &["DOLLAR TREE", "DOLLARTREE"]),
    // Travel
    m("Delta Air Lines", "https://www.delta.com", "Air Travel", P, &["DELTA AIR"]),
    m("United Airlines", "https://www.united.com", "Air Travel", P, &["UNITED AIRLINES", "UNITED AIR"]),
    m("Southwest Airlines", "https://www.southwest.com", "Air Travel", P, &["SOUTHWEST AIRLINES", "SOUTHWEST AIR", "SOUTHWES"]),
    m("American Airlines", "https://www.aa.com", "Air Travel", P, &["AMERICAN AIRLINES", "AMERICAN AIR"]),
    m("JetBlue", "https://www.jetblue.com", "Air Travel", P, &["JETBLUE"]),
    m("Alaska Airlines", "https://www.alaskaair.com", "Air Travel", P, &["ALASKA AIR"]),
    m("Marriott", "https://www.marriott.com", "Hotel", P, &["MARRIOTT"]),
    m("Hilton", "https://www.hilton.com", "Hotel", P, &["HILTON"]),
    m("Hyatt", "https://www.hyatt.com", "Hotel", P, &["HYATT"]),
    m("Hampton Inn", "https://www.hilton.com/en/hampton", "Hotel", P, &["HAMPTON INN"]),
    m("Airbnb", "https://www.airbnb.com", "Hotel", P, &["AIRBNB"]),
    m("Booking.com", "https://www.booking.com", "Hotel", P, &["BOOKING COM"]),
    m("Expedia", "https://www.expedia.com", "Travel", P, &["EXPEDIA"]),
    m("Hertz", "https://www.hertz.com", "Rental Car & Taxi", P, &["HERTZ"]),
    m("Enterprise Rent-A-Car", "https://www.enterprise.com", "Rental Car & Taxi", P, &["ENTERPRISE RENT A CAR", "ENTERPRISE RENT"]),
    // Subscriptions and entertainment
    m("Netflix", "https://www.netflix.com", "Movies & DVDs", S, &["NETFLIX"]),
    m("Spotify", "https://www.spotify.com", "Music", S, &["SPOTIFY"]),
    m("Apple", "https://www.apple.com/bill", "Electronics & Software", S, &["APPLE COM BILL", "APPLE COM"]),
    m("Hulu", "https://www.hulu.com", "Movies & DVDs", S, &["HULU"]),
    m("Disney+", "https://www.disneyplus.com", "Movies & DVDs", S, &["DISNEY PLUS", "DISNEYPLUS"]),
    m("YouTube Premium", "https://www.youtube.com/premium", "Movies & DVDs", S, &["YOUTUBEPREMIUM", "YOUTUBE PREMIUM", "GOOGLE YOUTUBE"]),
    m("Max", "https://www.max.com", "Movies & DVDs", S, &["MAX COM", "HBO MAX", "HBOMAX"]),
    m("Paramount+", "https://www.paramountplus.com", "Movies & DVDs", S, &["PARAMOUNT PLUS", "PARAMOUNT"]),
    m("Adobe", "https://www.adobe.com", "Electronics & Software", S, &["ADOBE"]),
    m("Microsoft 365", "https://www.microsoft.com/microsoft-365", "Electronics & Software", S, &["MICROSOFT 365", "MSFT"]),
    m("The New York Times", "https://www.nytimes.com", "Newspapers & Magazines", S, &["NYTIMES", "NY TIMES", "NYT"]),
    m("Audible", "https://www.audible.com", "Books", S, &["AUDIBLE"]),
    m("Dropbox", "https://www.dropbox.com", "Electronics & Software", S, &["DROPBOX"]),
    m("Google One", "https://one.google.com", "Electronics & Software", S, &["GOOGLE STORAGE", "GOOGLE ONE"]),
    m("Xbox", "https://www.xbox.com", "Amusement", S, &["XBOX"]),
    m("PlayStation Network", "https://www.playstation.com", "Amusement", S, &["PLAYSTATION NETWORK", "PLAYSTATION"]),
    m("AMC Theatres", "https://www.amctheatres.com", "Movies & DVDs", P, &["AMC"]),
    m("Regal Cinemas", "https://www.regmovies.com", "Movies & DVDs", P, &["REGAL CINEMAS", "REGAL"]),
    m("Ticketmaster", "https://www.ticketmaster.com", "Entertainment", P, &["TICKETMASTER"]),
    m("Steam", "https://store.steampowered.com", "Amusement", P, &["STEAMGAMES", "STEAM PURCHASE"]),
    // Bills: utilities, phone, internet, insurance
    m("Con Edison", "https://www.coned.com", "Utilities", B, &["CON EDISON", "CON ED"]),
    m("PG&E", "https://www.pge.com", "Utilities", B, &["PG E", "PGANDE"]),
    m("LADWP", "https://www.ladwp.com", "Utilities", B, &["LADWP"]),
    m("ComEd", "https://www.comed.com", "Utilities", B, &["COMED"]),
    m("Austin Energy", "https://austinenergy.com", "Utilities", B, &["AUSTIN ENERGY"]),
    m("Seattle City Light", "https://www.seattle.gov/city-light", "Utilities", B, &["SEATTLE CITY LIGHT"]),
    m("Xcel Energy", "https://www.xcelenergy.com", "Utilities", B, &["XCEL ENERGY"]),
    m("Eversource", "https://www.eversource.com", "Utilities", B, &["EVERSOURCE"]),
    m("Georgia Power", "https://www.georgiapower.com", "Utilities", B, &["GEORGIA POWER"]),
    m("Florida Power & Light", "https://www.fpl.com", "Utilities", B, &["FPL"]),
    m("APS", "https://www.aps.com", "Utilities", B, &["APS ELECTRIC", "ARIZONA PUBLIC SERVICE"]),
    m("PECO", "https://www.peco.com", "Utilities", B, &["PECO"]),
    m("Rocky Mountain Power", "https://www.rockymountainpower.net", "Utilities", B, &["ROCKY MOUNTAIN POWER"]),
    m("Portland General Electric", "https://portlandgeneral.com", "Utilities", B, &["PORTLAND GENERAL"]),
    m("Duke Energy", "https://www.duke-energy.com", "Utilities", B, &["DUKE ENERGY"]),
    m("National Grid", "https://www.nationalgridus.com", "Utilities", B, &["NATIONAL GRID", "NATIONALGRID"]),
    m("Verizon Wireless", "https://www.verizon.com", "Mobile Phone", B, &["VERIZON WIRELESS", "VZWRLSS", "VERIZON"]),
    m("AT&T", "https://www.att.com", "Mobile Phone", B, &["AT T", "ATT"]),
    m("T-Mobile", "https://www.t-mobile.com", "Mobile Phone", B, &["T MOBILE", "TMOBILE"]),
    m("Xfinity", "https://www.xfinity.com", "Internet", B, &["COMCAST XFINITY", "COMCAST", "XFINITY"]),
    m("Spectrum", "https://www.spectrum.com", "Internet", B, &["SPECTRUM", "CHARTER COMM"]),
    m("Verizon Fios", "https://www.verizon.com/home/fios", "Internet", B, &["VERIZON FIOS", "FIOS"]),
    m("Google Fiber", "https://fiber.google.com", "Internet", B, &["GOOGLE FIBER"]),
    m("GEICO", "https://www.geico.com", "Auto Insurance", B, &["GEICO"]),
    m("Progressive", "https://www.progressive.com", "Auto Insurance", B, &["PROGRESSIVE"]),
    m("State Farm", "https://www.statefarm.com", "Auto Insurance", B, &["STATE FARM"]),
    m("Allstate", "https://www.allstate.com", "Auto Insurance", B, &["ALLSTATE"]),
    m("Lemonade", "https://www.lemonade.com", "Home Insurance", B, &["LEMONADE INS", "LEMONADE"]),
    // Housing
    m("Greystar", "https://www.greystar.com", "Mortgage & Rent", P, &["GREYSTAR"]),
    m("AvalonBay Communities", "https://www.avaloncommunities.com", "Mortgage & Rent", P, &["AVALONBAY", "AVALON COMMUNITIES"]),
    m("Equity Residential", "https://www.equityapartments.com", "Mortgage & Rent", P, &["EQUITY RESIDENTIAL"]),
    m("Camden Property Trust", "https://www.camdenliving.com", "Mortgage & Rent", P, &["CAMDEN PROPERTY", "CAMDEN LIVING"]),
    m("Bilt Rent", "https://www.biltrewards.com", "Mortgage & Rent", P, &["BILT RENT", "BILT"]),
    // Money movement
    m("Venmo", "https://venmo.com", "Transfer", P, &["VENMO"]),
    m("Zelle", "https://www.zellepay.com", "Transfer", P, &["ZELLE"]),
    m("Cash App", "https://cash.app", "Transfer", P, &["CASH APP", "SQUARE CASH"]),
    m("PayPal", "https://www.paypal.com", "Transfer", P, &["PAYPAL"]),
    m("Earnin", "https://www.earnin.com", "Transfer", A, &["EARNIN", "ACTIVEHOURS"]),
    m("Dave", "https://dave.com", "Transfer", A, &["DAVE INC", "DAVE COM"]),
    m("Brigit", "https://www.hellobrigit.com", "Transfer", A, &["BRIGIT"]),
    m("MoneyLion", "https://www.moneylion.com", "Transfer", A, &["MONEYLION"]),
    // Government and charity
    m("IRS", "https://www.irs.gov", "Federal Tax", P, &["IRS USATAXPYMT", "IRS TREAS", "IRS"]),
    m("American Red Cross", "https://www.redcross.org", "Charity", P, &["RED CROSS", "REDCROSS"]),
];

/// The directory entry whose longest pattern matches, if any.
pub(crate) fn lookup(words: &Words) -> Option<&'static Entry> {
    DIRECTORY
        .iter()
        .filter_map(|entry| {
            entry
                .patterns
                .iter()
                .filter(|p| words.has(p))
                .map(|p| p.len())
                .max()
                .map(|len| (len, entry))
        })
        // On a tie the earlier entry wins, which keeps the result table-ordered.
        .fold(
            None,
            |best: Option<(usize, &Entry)>, (len, entry)| match best {
                Some((best_len, _)) if best_len >= len => best,
                _ => Some((len, entry)),
            },
        )
        .map(|(_, entry)| entry)
}

pub(crate) fn by_name(name: &str) -> Option<&'static Entry> {
    let name = name.trim();
    DIRECTORY.iter().find(|e| e.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::is_normalised;
    use polyfin_domain::category::Taxonomy;
    use std::collections::HashSet;

    #[test]
    fn patterns_are_normalised_and_categories_exist() {
        for entry in DIRECTORY {
            assert!(
                Taxonomy::standard().get_by_name(entry.category).is_some(),
                "{}: unknown category {}",
                entry.name,
                entry.category
            );
            assert!(!entry.patterns.is_empty(), "{}", entry.name);
            for p in entry.patterns {
                assert!(is_normalised(p), "{}: pattern {p:?}", entry.name);
            }
            assert!(entry.website.starts_with("https://"), "{}", entry.name);
        }
    }

    #[test]
    fn names_are_unique() {
        let names: HashSet<_> = DIRECTORY.iter().map(|e| e.name.to_lowercase()).collect();
        assert_eq!(names.len(), DIRECTORY.len());
    }

    #[test]
    fn longest_pattern_wins() {
        let pick = |raw: &str| lookup(&Words::new(raw)).map(|e| e.name);
        assert_eq!(pick("UBER *EATS HELP.UBER.COM CA"), Some("Uber Eats"));
        assert_eq!(pick("UBER *TRIP HELP.UBER.COM CA"), Some("Uber"));
        assert_eq!(
            pick("AMAZON PRIME*2K3 AMZN.COM/BILL WA"),
            Some("Amazon Prime")
        );
        assert_eq!(pick("VERIZON FIOS ONLINE PMT"), Some("Verizon Fios"));
        assert_eq!(pick("SOMETHING ELSE ENTIRELY"), None);
    }
}
