//! Product types (`productType`, spec §3.1) with their capabilities and balance rules.
//!
//! # Sign convention (the one place it is defined)
//!
//! Every amount in this crate — postings, balances, holds' effect — is signed the way
//! the spec's `creditOrDebitValue` is (§1.8, §5.3): **seen from the account holder,
//! positive = credit (the bank owes the holder more), negative = debit (the holder
//! owes the bank more)**. So
//!
//! * deposit products (savings, checking, cd, ira) normally carry balances `≥ 0`;
//! * liability products (loan, creditCard) normally carry balances `≤ 0`: a card with
//!   $500.00 owed has balance `-500.00`; a purchase posts a debit (`-`), a payment
//!   posts a credit (`+`);
//! * a transaction's `amount` is exactly its posting (debit/check negative, credit
//!   positive), for every product type, so no per-product flipping is ever needed;
//! * the bank's own accounts take the opposite side of every movement, hence every
//!   entry sums to zero and so does the whole journal.
//!
//! Each account has a **floor**: the lowest value `posted − holds` may reach through a
//! debit. Deposits: `minimum_balance − overdraft_limit` (overdraft only for checking);
//! liabilities: `−credit_limit`. A loan also has a **ceiling** of zero, since paying
//! more than the payoff would turn the loan into a deposit.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{decimal_str, is_cents};
use crate::schedule::UnknownValue;

/// `productType` (spec §3.1), all six values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ProductType {
    Savings,
    Checking,
    Cd,
    Ira,
    Loan,
    CreditCard,
}

/// Whether the product holds the customer's money or the customer's debt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Nature {
    /// Customer's asset (the bank's liability): balances normally `≥ 0`.
    Deposit,
    /// Customer's debt (the bank's asset): balances normally `≤ 0`.
    Liability,
}

impl ProductType {
    pub const ALL: [ProductType; 6] = [
        ProductType::Savings,
        ProductType::Checking,
        ProductType::Cd,
        ProductType::Ira,
        ProductType::Loan,
        ProductType::CreditCard,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProductType::Savings => "savings",
            ProductType::Checking => "checking",
            ProductType::Cd => "cd",
            ProductType::Ira => "ira",
            ProductType::Loan => "loan",
            ProductType::CreditCard => "creditCard",
        }
    }

    pub fn nature(self) -> Nature {
        match self {
            ProductType::Loan | ProductType::CreditCard => Nature::Liability,
            _ => Nature::Deposit,
        }
    }

    /// Checks are drawn on checking accounts only (spec §3.5 `transactionType.check`).
    pub fn writes_checks(self) -> bool {
        self == ProductType::Checking
    }

    /// Card purchases: debit cards on checking, and credit cards.
    pub fn takes_card_purchases(self) -> bool {
        matches!(self, ProductType::Checking | ProductType::CreditCard)
    }

    /// Default capabilities of an internal account of this type for its holder. The
    /// spec leaves them to the FI; these follow its fixtures (§7: checking may receive
    /// transfers, a CD is view-only) and common practice: money leaves only checking
    /// and savings online; IRAs take contributions, loans and cards take payments.
    pub fn default_allows(self) -> Allows {
        let view_only = Allows {
            view: true,
            ..Allows::NONE
        };
        match self {
            ProductType::Checking => Allows::ALL,
            ProductType::Savings => Allows {
                transfer_from: true,
                transfer_to: true,
                mobile_check_deposit: true,
                ..view_only
            },
            ProductType::Cd => view_only,
            ProductType::Ira | ProductType::Loan => Allows {
                transfer_to: true,
                ..view_only
            },
            ProductType::CreditCard => Allows {
                transfer_to: true,
                view_cards: true,
                manage_cards: true,
                ..view_only
            },
        }
    }
}

impl FromStr for ProductType {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ProductType::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| UnknownValue {
                value: s.to_owned(),
                allowed: "savings, checking, cd, ira, loan, creditCard",
            })
    }
}

impl fmt::Display for ProductType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `accountLocation` (spec §3.1). Only `internal` accounts are on this ledger's books;
/// `external` ones are linked accounts at other FIs reached through ACH clearing;
/// `outside` ones (brokerage, funds) never take part in transfers (spec §5.5 [R]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Location {
    Internal,
    External,
    Outside,
}

impl Location {
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Internal => "internal",
            Location::External => "external",
            Location::Outside => "outside",
        }
    }
}

/// `accountPermissions` (spec §3.1): the caller's capabilities on an account. The two
/// transfer flags follow their names, not the seed's swapped prose (spec §6 #7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Allows {
    pub bill_pay: bool,
    pub transfer_from: bool,
    pub transfer_to: bool,
    pub mobile_check_deposit: bool,
    pub view: bool,
    pub view_cards: bool,
    pub manage_cards: bool,
}

impl Allows {
    pub const NONE: Allows = Allows {
        bill_pay: false,
        transfer_from: false,
        transfer_to: false,
        mobile_check_deposit: false,
        view: false,
        view_cards: false,
        manage_cards: false,
    };

    pub const ALL: Allows = Allows {
        bill_pay: true,
        transfer_from: true,
        transfer_to: true,
        mobile_check_deposit: true,
        view: true,
        view_cards: true,
        manage_cards: true,
    };

    /// Defaults for a holder. "Most flags can be true only for internal accounts"
    /// (§5.4): a linked external account can only move money in and out.
    pub fn default_for(product: ProductType, location: Location) -> Allows {
        match location {
            Location::Internal => product.default_allows(),
            Location::External => Allows {
                transfer_from: true,
                transfer_to: true,
                ..Allows::NONE
            },
            Location::Outside => Allows::NONE,
        }
    }
}

/// `productReference` (spec §3.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    #[serde(rename = "type")]
    pub product_type: ProductType,
    /// ≤16, FI-unique (e.g. `DDA`, `CDA`).
    pub code: String,
    /// ≤48 (e.g. `Business Checking`).
    pub label: String,
    /// ≤400, markdown.
    pub description: String,
}

/// An account's balance limits. All three are non-negative magnitudes; which ones a
/// product may use is checked by [`Terms::check`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Terms {
    /// Deposit products: balance that must stay in the account.
    #[serde(with = "decimal_str")]
    pub minimum_balance: Decimal,
    /// Checking only: how far below `minimum_balance` debits may go.
    #[serde(with = "decimal_str")]
    pub overdraft_limit: Decimal,
    /// Loan and creditCard only: the most the customer may owe.
    #[serde(with = "decimal_str")]
    pub credit_limit: Decimal,
}

/// Terms a product cannot have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid terms for a {product} account: {reason}")]
pub struct TermsError {
    pub product: ProductType,
    pub reason: &'static str,
}

impl Terms {
    pub fn check(&self, product: ProductType) -> Result<(), TermsError> {
        let fail = |reason| Err(TermsError { product, reason });
        let amounts = [
            self.minimum_balance,
            self.overdraft_limit,
            self.credit_limit,
        ];
        if amounts.iter().any(|a| a.is_sign_negative() && !a.is_zero()) {
            return fail("limits are non-negative amounts");
        }
        if !amounts.into_iter().all(is_cents) {
            return fail("limits are whole cents");
        }
        if !self.overdraft_limit.is_zero() && product != ProductType::Checking {
            return fail("only checking accounts may overdraw");
        }
        let liability = product.nature() == Nature::Liability;
        if !self.credit_limit.is_zero() && !liability {
            return fail("only loans and credit cards have a credit limit");
        }
        if !self.minimum_balance.is_zero() && liability {
            return fail("loans and credit cards have no minimum balance");
        }
        Ok(())
    }

    /// Lowest allowed `posted − holds` (see the module docs).
    pub fn floor(&self, product: ProductType) -> Decimal {
        match product.nature() {
            Nature::Deposit => self.minimum_balance - self.overdraft_limit,
            Nature::Liability => -self.credit_limit,
        }
    }

    /// Highest allowed posted balance: a loan cannot be overpaid.
    pub fn ceiling(&self, product: ProductType) -> Option<Decimal> {
        (product == ProductType::Loan).then_some(Decimal::ZERO)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip() {
        for product in ProductType::ALL {
            assert_eq!(product.as_str().parse::<ProductType>(), Ok(product));
            assert_eq!(serde_json::to_value(product).unwrap(), product.as_str());
        }
        assert!("credit_card".parse::<ProductType>().is_err());
        let allows = serde_json::to_value(Allows::ALL).unwrap();
        assert_eq!(allows["mobileCheckDeposit"], true);
        assert_eq!(allows.as_object().unwrap().len(), 7);
    }

    #[test]
    fn capabilities_per_product() {
        let from = |p: ProductType| p.default_allows().transfer_from;
        let to = |p: ProductType| p.default_allows().transfer_to;
        assert!(from(ProductType::Checking) && from(ProductType::Savings));
        for p in [ProductType::Cd, ProductType::Ira, ProductType::Loan] {
            assert!(!from(p));
        }
        assert!(!from(ProductType::CreditCard) && to(ProductType::CreditCard));
        assert!(!to(ProductType::Cd) && to(ProductType::Loan));
        assert!(ProductType::ALL.iter().all(|p| p.default_allows().view));
        assert_eq!(
            Allows::default_for(ProductType::Checking, Location::Outside),
            Allows::NONE
        );
        assert!(ProductType::Checking.writes_checks() && !ProductType::Savings.writes_checks());
    }

    #[test]
    fn floors_and_ceilings() {
        let hundred = Decimal::new(10000, 2);
        let terms = Terms {
            overdraft_limit: hundred,
            ..Terms::default()
        };
        assert_eq!(terms.check(ProductType::Checking), Ok(()));
        assert_eq!(terms.floor(ProductType::Checking), -hundred);
        assert!(terms.check(ProductType::Savings).is_err());
        let card = Terms {
            credit_limit: hundred,
            ..Terms::default()
        };
        assert_eq!(card.check(ProductType::CreditCard), Ok(()));
        assert_eq!(card.floor(ProductType::CreditCard), -hundred);
        assert!(card.check(ProductType::Checking).is_err());
        assert_eq!(card.ceiling(ProductType::Loan), Some(Decimal::ZERO));
        assert_eq!(card.ceiling(ProductType::CreditCard), None);
        let negative = Terms {
            minimum_balance: -hundred,
            ..Terms::default()
        };
        assert!(negative.check(ProductType::Savings).is_err());
    }
}
