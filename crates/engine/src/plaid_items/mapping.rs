//! Pure MX → Plaid mapping rules (spec §6): ids, account types, amount signs and
//! categories. Every Plaid-facing surface uses these, once.

use polyfin_domain::category::Category;
use polyfin_domain::transaction::{Transaction, TransactionKind};
use polyfin_domain::{Date, Decimal};
use sha2::{Digest, Sha256};

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A stable, opaque 37-character Plaid id derived from an internal guid.
pub fn derive_id(kind: &str, guid: &str) -> String {
    let first = Sha256::digest(format!("{kind}:{guid}").as_bytes());
    let second = Sha256::digest(first);
    first
        .iter()
        .chain(second.iter())
        .take(37)
        .map(|b| char::from(BASE62[usize::from(*b) % 62]))
        .collect()
}

/// Plaid `type` and `subtype` of an MX account type and subtype.
pub fn account_type(
    mx_type: &str,
    mx_subtype: Option<&str>,
) -> (&'static str, Option<&'static str>) {
    let sub = mx_subtype.unwrap_or("").to_ascii_uppercase();
    match mx_type.to_ascii_uppercase().as_str() {
        "CHECKING" => ("depository", Some("checking")),
        "SAVINGS" => match sub.as_str() {
            "MONEY_MARKET" => ("depository", Some("money market")),
            "CERTIFICATE_OF_DEPOSIT" => ("depository", Some("cd")),
            _ => ("depository", Some("savings")),
        },
        "PREPAID" => ("depository", Some("prepaid")),
        "CREDIT_CARD" => ("credit", Some("credit card")),
        "LINE_OF_CREDIT" => match sub.as_str() {
            "HELOC" | "HOME_EQUITY" => ("loan", Some("home equity")),
            _ => ("loan", Some("line of credit")),
        },
        "LOAN" => ("loan", Some(loan_subtype(&sub))),
        "MORTGAGE" => ("loan", Some("mortgage")),
        "INVESTMENT" => ("investment", Some(investment_subtype(&sub))),
        "INSURANCE" => match sub.as_str() {
            "WHOLE_LIFE" | "TERM_LIFE" | "UNIVERSAL_LIFE" | "VARIABLE_UNIVERSAL_LIFE" => {
                ("investment", Some("life insurance"))
            }
            _ => ("investment", Some("other insurance")),
        },
        _ => ("other", Some("other")),
    }
}

fn loan_subtype(sub: &str) -> &'static str {
    match sub {
        "AUTO" => "auto",
        "STUDENT" => "student",
        "SMALL_BUSINESS" => "business",
        "HOME_EQUITY" | "HELOC" => "home equity",
        "PERSONAL" | "PERSONAL_WITH_COLLATERAL" | "BOAT" | "POWERSPORTS" | "RV" => "consumer",
        _ => "loan",
    }
}

fn investment_subtype(sub: &str) -> &'static str {
    match sub {
        "PLAN_401_K" => "401k",
        "PLAN_ROTH_401_K" => "roth 401k",
        "PLAN_401_A" => "401a",
        "PLAN_403_B" => "403B",
        "PLAN_457" => "457b",
        "PLAN_529" => "529",
        "IRA" | "ROLLOVER_IRA" | "SPOUSAL_IRA" | "INHERITED_TRADITIONAL_IRA" | "SEPP_IRA" => "ira",
        "ROTH_IRA" | "SPOUSAL_ROTH_IRA" | "INHERITED_ROTH_IRA" | "ROTH_CONVERSION" => "roth",
        "SIMPLE_IRA" => "simple ira",
        "SIMPLIFIED_EMPLOYEE_PENSION" => "sep ira",
        "PENSION" | "DEFINED_BENEFIT_PLAN" => "pension",
        "HSA" => "hsa",
        "UNIFORM_GIFTS_TO_MINORS_ACT" => "ugma",
        "UNIFORM_TRANSFER_TO_MINORS_ACT" => "utma",
        "TRUST" | "IRREVOCABLE_TRUST" | "LIVING_TRUST" | "REVOCABLE_TRUST" => "trust",
        "COVERDELL" | "EDUCATIONAL" => "education savings account",
        "CASH_MANAGEMENT_ACCOUNT" => "cash management",
        "NON_TAXABLE" => "non-taxable brokerage account",
        _ => "brokerage",
    }
}

/// Plaid's sign: positive is money out of the account (DEBIT), negative money in.
pub fn signed_amount(t: &Transaction) -> Decimal {
    match t.kind {
        TransactionKind::Debit => t.amount.abs(),
        TransactionKind::Credit => -t.amount.abs(),
    }
}

/// A Plaid legacy category: its id, group and full hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegacyCategory {
    pub id: &'static str,
    pub group: &'static str,
    pub hierarchy: &'static [&'static str],
}

const fn place(id: &'static str, hierarchy: &'static [&'static str]) -> LegacyCategory {
    LegacyCategory {
        id,
        group: "place",
        hierarchy,
    }
}

const fn special(id: &'static str, hierarchy: &'static [&'static str]) -> LegacyCategory {
    LegacyCategory {
        id,
        group: "special",
        hierarchy,
    }
}

/// MX (sub)category name → legacy category and PFC detailed (spec §6.4).
const TABLE: &[(&str, LegacyCategory, &str)] = &[
    (
        "Auto & Transport",
        place("22006000", &["Travel", "Car Service"]),
        "TRANSPORTATION_OTHER_TRANSPORTATION",
    ),
    (
        "Auto Insurance",
        place("18030000", &["Service", "Insurance"]),
        "GENERAL_SERVICES_INSURANCE",
    ),
    (
        "Auto Payment",
        special("16003000", &["Payment", "Loan"]),
        "LOAN_PAYMENTS_CAR_PAYMENT",
    ),
    (
        "Gas",
        place("22009000", &["Travel", "Gas Stations"]),
        "TRANSPORTATION_GAS",
    ),
    (
        "Parking",
        place("22013000", &["Travel", "Parking"]),
        "TRANSPORTATION_PARKING",
    ),
    (
        "Public Transportation",
        place("22014000", &["Travel", "Public Transportation Services"]),
        "TRANSPORTATION_PUBLIC_TRANSIT",
    ),
    (
        "Bills & Utilities",
        place("18068000", &["Service", "Utilities"]),
        "RENT_AND_UTILITIES_GAS_AND_ELECTRICITY",
    ),
    (
        "Utilities",
        place("18068000", &["Service", "Utilities"]),
        "RENT_AND_UTILITIES_GAS_AND_ELECTRICITY",
    ),
    (
        "Mobile Phone",
        place("18063000", &["Service", "Telecommunication Services"]),
        "RENT_AND_UTILITIES_TELEPHONE",
    ),
    (
        "Home Phone",
        place("18063000", &["Service", "Telecommunication Services"]),
        "RENT_AND_UTILITIES_TELEPHONE",
    ),
    (
        "Internet",
        place("18031000", &["Service", "Internet Services"]),
        "RENT_AND_UTILITIES_INTERNET_AND_CABLE",
    ),
    (
        "Television",
        place("18009000", &["Service", "Cable"]),
        "RENT_AND_UTILITIES_INTERNET_AND_CABLE",
    ),
    (
        "Education",
        place("12008000", &["Community", "Education"]),
        "GENERAL_SERVICES_EDUCATION",
    ),
    (
        "Entertainment",
        place("17001000", &["Recreation", "Arts and Entertainment"]),
        "ENTERTAINMENT_OTHER_ENTERTAINMENT",
    ),
    (
        "Fees & Charges",
        special("10000000", &["Bank Fees"]),
        "BANK_FEES_OTHER_BANK_FEES",
    ),
    (
        "ATM Fee",
        special("10002000", &["Bank Fees", "ATM"]),
        "BANK_FEES_ATM_FEES",
    ),
    (
        "Finance Charge",
        special("15002000", &["Interest", "Interest Charged"]),
        "BANK_FEES_INTEREST_CHARGE",
    ),
    (
        "Late Fee",
        special("10003000", &["Bank Fees", "Late Payment"]),
        "BANK_FEES_OTHER_BANK_FEES",
    ),
    (
        "Financial",
        place("18020000", &["Service", "Financial"]),
        "GENERAL_SERVICES_ACCOUNTING_AND_FINANCIAL_PLANNING",
    ),
    (
        "Food & Dining",
        place("13005000", &["Food and Drink", "Restaurants"]),
        "FOOD_AND_DRINK_RESTAURANT",
    ),
    (
        "Restaurants",
        place("13005000", &["Food and Drink", "Restaurants"]),
        "FOOD_AND_DRINK_RESTAURANT",
    ),
    (
        "Alcohol & Bars",
        place("13001000", &["Food and Drink", "Bar"]),
        "FOOD_AND_DRINK_BEER_WINE_AND_LIQUOR",
    ),
    (
        "Coffee Shops",
        place(
            "13005043",
            &["Food and Drink", "Restaurants", "Coffee Shop"],
        ),
        "FOOD_AND_DRINK_COFFEE",
    ),
    (
        "Fast Food",
        place("13005032", &["Food and Drink", "Restaurants", "Fast Food"]),
        "FOOD_AND_DRINK_FAST_FOOD",
    ),
    (
        "Groceries",
        place("19047000", &["Shops", "Supermarkets and Groceries"]),
        "FOOD_AND_DRINK_GROCERIES",
    ),
    (
        "Gifts & Donations",
        place(
            "12015003",
            &[
                "Community",
                "Organizations and Associations",
                "Charities and Non-Profits",
            ],
        ),
        "GOVERNMENT_AND_NON_PROFIT_DONATIONS",
    ),
    (
        "Health & Fitness",
        place("14001000", &["Healthcare", "Healthcare Services"]),
        "MEDICAL_OTHER_MEDICAL",
    ),
    (
        "Pharmacy",
        place("19043000", &["Shops", "Pharmacies"]),
        "MEDICAL_PHARMACIES_AND_SUPPLEMENTS",
    ),
    (
        "Gym",
        place("17018000", &["Recreation", "Gyms and Fitness Centers"]),
        "PERSONAL_CARE_GYMS_AND_FITNESS_CENTERS",
    ),
    (
        "Home",
        place("18024000", &["Service", "Home Improvement"]),
        "HOME_IMPROVEMENT_OTHER_HOME_IMPROVEMENT",
    ),
    (
        "Mortgage & Rent",
        special("16002000", &["Payment", "Rent"]),
        "RENT_AND_UTILITIES_RENT",
    ),
    (
        "Income",
        special("21009000", &["Transfer", "Payroll"]),
        "INCOME_WAGES",
    ),
    (
        "Paycheck",
        special("21009000", &["Transfer", "Payroll"]),
        "INCOME_WAGES",
    ),
    (
        "Interest Income",
        special("15001000", &["Interest", "Interest Earned"]),
        "INCOME_INTEREST_EARNED",
    ),
    (
        "Investments",
        place(
            "18020007",
            &["Service", "Financial", "Financial Planning and Investments"],
        ),
        "TRANSFER_OUT_INVESTMENT_AND_RETIREMENT_FUNDS",
    ),
    (
        "Personal Care",
        place("18045000", &["Service", "Personal Care"]),
        "PERSONAL_CARE_HAIR_AND_BEAUTY",
    ),
    (
        "Pets",
        place("19042000", &["Shops", "Pets"]),
        "GENERAL_MERCHANDISE_PET_SUPPLIES",
    ),
    (
        "Shopping",
        place("19000000", &["Shops"]),
        "GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE",
    ),
    (
        "Clothing",
        place("19012000", &["Shops", "Clothing and Accessories"]),
        "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES",
    ),
    (
        "Electronics & Software",
        place("19013000", &["Shops", "Computers and Electronics"]),
        "GENERAL_MERCHANDISE_ELECTRONICS",
    ),
    (
        "Taxes",
        special("20002000", &["Tax", "Payment"]),
        "GOVERNMENT_AND_NON_PROFIT_TAX_PAYMENT",
    ),
    (
        "Transfer",
        special("21000000", &["Transfer"]),
        "TRANSFER_OUT_ACCOUNT_TRANSFER",
    ),
    (
        "Credit Card Payment",
        special("16001000", &["Payment", "Credit Card"]),
        "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT",
    ),
    (
        "Mortgage Payment",
        place("18020004", &["Service", "Financial", "Loans and Mortgages"]),
        "LOAN_PAYMENTS_MORTGAGE_PAYMENT",
    ),
    (
        "Transfer for Cash Spending",
        special("21012002", &["Transfer", "Withdrawal", "ATM"]),
        "TRANSFER_OUT_WITHDRAWAL",
    ),
    (
        "Travel",
        place("22000000", &["Travel"]),
        "TRAVEL_OTHER_TRAVEL",
    ),
    (
        "Air Travel",
        place("22001000", &["Travel", "Airlines and Aviation Services"]),
        "TRAVEL_FLIGHTS",
    ),
    (
        "Hotel",
        place("22012000", &["Travel", "Lodging"]),
        "TRAVEL_LODGING",
    ),
    (
        "Rental Car & Taxi",
        place("22005000", &["Travel", "Car and Truck Rentals"]),
        "TRAVEL_RENTAL_CARS",
    ),
];

const PRIMARIES: [&str; 16] = [
    "INCOME",
    "TRANSFER_IN",
    "TRANSFER_OUT",
    "LOAN_PAYMENTS",
    "BANK_FEES",
    "ENTERTAINMENT",
    "FOOD_AND_DRINK",
    "GENERAL_MERCHANDISE",
    "HOME_IMPROVEMENT",
    "MEDICAL",
    "PERSONAL_CARE",
    "GENERAL_SERVICES",
    "GOVERNMENT_AND_NON_PROFIT",
    "TRANSPORTATION",
    "TRAVEL",
    "RENT_AND_UTILITIES",
];

/// A transaction's categories in Plaid terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaidCategory {
    pub legacy: LegacyCategory,
    pub pfc_primary: String,
    pub pfc_detailed: String,
}

/// The Plaid categories of an MX category (by its own name, else its top level's);
/// `None` for Uncategorized and unknown names. Transfer-like rows follow the sign.
pub fn category(category: &Category, amount: Decimal) -> Option<PlaidCategory> {
    let row = TABLE
        .iter()
        .find(|(name, _, _)| *name == category.name)
        .or_else(|| {
            TABLE
                .iter()
                .find(|(name, _, _)| *name == category.top_level_name)
        })?;
    let (_, legacy, detailed) = *row;
    let detailed = if amount < Decimal::ZERO {
        detailed.replacen("TRANSFER_OUT_", "TRANSFER_IN_", 1)
    } else {
        detailed.to_owned()
    };
    let primary = PRIMARIES
        .iter()
        .filter(|p| detailed.starts_with(*p))
        .max_by_key(|p| p.len())
        .copied()
        .unwrap_or("GENERAL_SERVICES");
    Some(PlaidCategory {
        legacy,
        pfc_primary: primary.to_owned(),
        pfc_detailed: detailed,
    })
}

/// The category of a transaction from the standard taxonomy.
/// Every legacy category we emit, with its parents: what `/categories/get` serves.
pub fn legacy_categories() -> Vec<LegacyCategory> {
    let mut out: Vec<LegacyCategory> = Vec::new();
    for (_, legacy, _) in TABLE {
        if !out.iter().any(|c| c.id == legacy.id) {
            out.push(*legacy);
        }
    }
    out.sort_by(|a, b| a.id.cmp(b.id));
    out
}

/// Plaid's security `type`, and whether it is a cash equivalent (spec §6.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityKind {
    pub plaid_type: &'static str,
    pub is_cash_equivalent: bool,
}

/// The Plaid security type of an MX `holding_type`.
pub fn security_kind(holding_type: &str) -> SecurityKind {
    let (plaid_type, cash) = match holding_type.to_ascii_uppercase().as_str() {
        "EQUITY" | "STOCK" => ("equity", false),
        "ETF" | "EXCHANGE_TRADED_FUND" => ("etf", false),
        "MUTUAL_FUND" => ("mutual fund", false),
        "MONEY_MARKET" | "CASH" => ("cash", true),
        "BOND" => ("fixed income", false),
        "OPTIONS" => ("derivative", false),
        "CRYPTOCURRENCY" => ("cryptocurrency", false),
        _ => ("other", false),
    };
    SecurityKind {
        plaid_type,
        is_cash_equivalent: cash,
    }
}

/// A security id shared across accounts: from the CUSIP, else the ticker, else the name.
pub fn security_id(cusip: Option<&str>, symbol: Option<&str>, description: &str) -> String {
    let key = match (cusip, symbol) {
        (Some(c), _) if !c.is_empty() => format!("cusip:{c}"),
        (_, Some(s)) if !s.is_empty() => format!("ticker:{s}"),
        _ => format!("name:{description}"),
    };
    derive_id("security", &key)
}

/// Overdue: the due date has passed with no payment on or after it; unknown without
/// a due date.
pub fn is_overdue(due: Option<Date>, last_paid: Option<Date>, today: Date) -> Option<bool> {
    let due = due?;
    Some(due < today && last_paid.is_none_or(|paid| paid < due))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_37_stable_characters() {
        let a = derive_id("item", "MBR-1");
        assert_eq!(a.len(), 37);
        assert_eq!(a, derive_id("item", "MBR-1"));
        assert_ne!(a, derive_id("account", "MBR-1"));
    }

    #[test]
    fn account_types_follow_the_table() {
        assert_eq!(
            account_type("CHECKING", None),
            ("depository", Some("checking"))
        );
        assert_eq!(
            account_type("CREDIT_CARD", None),
            ("credit", Some("credit card"))
        );
        assert_eq!(account_type("LOAN", Some("AUTO")), ("loan", Some("auto")));
        assert_eq!(
            account_type("INVESTMENT", Some("ROTH_IRA")),
            ("investment", Some("roth"))
        );
    }

    #[test]
    fn security_types_and_ids() {
        assert_eq!(security_kind("EQUITY").plaid_type, "equity");
        assert_eq!(security_kind("ETF").plaid_type, "etf");
        assert_eq!(security_kind("MUTUAL_FUND").plaid_type, "mutual fund");
        assert!(security_kind("MONEY_MARKET").is_cash_equivalent);
        assert!(security_kind("CASH").is_cash_equivalent);
        assert_eq!(security_kind("ANNUITY").plaid_type, "other");
        let by_cusip = security_id(Some("922908769"), Some("VTSAX"), "x");
        assert_eq!(by_cusip, security_id(Some("922908769"), None, "y"));
        assert_ne!(by_cusip, security_id(None, Some("VTSAX"), "x"));
        assert_eq!(by_cusip.len(), 37);
    }

    #[test]
    fn overdue_needs_a_passed_unpaid_due_date() {
        let day = |d| time::Date::from_calendar_date(2026, time::Month::March, d).unwrap();
        assert_eq!(is_overdue(None, None, day(10)), None);
        assert_eq!(is_overdue(Some(day(5)), None, day(10)), Some(true));
        assert_eq!(is_overdue(Some(day(5)), Some(day(6)), day(10)), Some(false));
        assert_eq!(is_overdue(Some(day(15)), None, day(10)), Some(false));
    }
}
