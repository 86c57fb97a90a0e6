//! An item's investment holdings, account owners and liabilities, in Plaid's terms.

use super::data::PlaidAccount;
use super::mapping::{self, SecurityKind};
use super::{Item, PlaidFailure, PlaidItems, PlaidResult};
use crate::jobs::JobOptions;
use crate::premium::Within;
use polyfin_domain::member::JobKind;
use polyfin_domain::page::PageRequest;
use polyfin_domain::premium::AccountOwner;
use polyfin_domain::{Date, Decimal};

const ALL: PageRequest = PageRequest {
    page: 1,
    per_page: 1_000_000,
};

#[derive(Debug, Clone)]
pub struct PlaidHolding {
    pub account_id: String,
    pub security_id: String,
    pub quantity: Decimal,
    pub institution_price: Decimal,
    pub institution_value: Decimal,
    pub cost_basis: Option<Decimal>,
    pub iso_currency_code: String,
}

#[derive(Debug, Clone)]
pub struct PlaidSecurity {
    pub security_id: String,
    pub name: String,
    pub ticker_symbol: Option<String>,
    pub cusip: Option<String>,
    pub kind: SecurityKind,
    pub close_price: Decimal,
    pub iso_currency_code: String,
}

/// A credit card's liability figures (spec §6.7).
#[derive(Debug, Clone)]
pub struct CreditLiability {
    pub account_id: String,
    pub apr: Option<Decimal>,
    pub is_overdue: Option<bool>,
    pub last_payment_amount: Option<Decimal>,
    pub last_payment_date: Option<Date>,
    pub last_statement_balance: Option<Decimal>,
    pub minimum_payment_amount: Option<Decimal>,
    pub next_payment_due_date: Option<Date>,
}

/// A mortgage's or student loan's figures (spec §6.7).
#[derive(Debug, Clone)]
pub struct LoanLiability {
    pub account_id: String,
    pub account_number: Option<String>,
    pub interest_rate: Option<Decimal>,
    pub minimum_payment_amount: Option<Decimal>,
    pub next_payment_due_date: Option<Date>,
    pub last_payment_amount: Option<Decimal>,
    pub last_payment_date: Option<Date>,
    pub origination_principal_amount: Option<Decimal>,
    pub origination_date: Option<Date>,
    pub maturity_date: Option<Date>,
    pub is_overdue: Option<bool>,
}

#[derive(Debug, Clone, Default)]
pub struct Liabilities {
    pub credit: Vec<CreditLiability>,
    pub mortgage: Vec<LoanLiability>,
    pub student: Vec<LoanLiability>,
}

impl PlaidItems<'_> {
    fn within(item: &Item) -> Within<'_> {
        Within {
            member_guid: Some(item.member.guid.as_str()),
            account_guid: None,
        }
    }

    /// Holdings of the given (investment) accounts and the securities they hold, one
    /// security per CUSIP/ticker.
    pub async fn holdings(
        &self,
        item: &Item,
        accounts: &[PlaidAccount],
    ) -> PlaidResult<(Vec<PlaidHolding>, Vec<PlaidSecurity>)> {
        self.ensure_ready(item)?;
        let page = self
            .engine()
            .premium()
            .holdings(&item.user, Self::within(item), ALL)
            .await?;
        let mut holdings = Vec::new();
        let mut securities: Vec<PlaidSecurity> = Vec::new();
        for h in page.items {
            let account_id = mapping::derive_id("account", h.owner.account_guid.as_str());
            if !accounts.iter().any(|a| a.account_id == account_id) {
                continue;
            }
            let security_id =
                mapping::security_id(h.cusip.as_deref(), h.symbol.as_deref(), &h.description);
            let price = if h.current_price.is_zero() && !h.quantity.is_zero() {
                h.market_value / h.quantity
            } else {
                h.current_price
            };
            if !securities.iter().any(|s| s.security_id == security_id) {
                securities.push(PlaidSecurity {
                    security_id: security_id.clone(),
                    name: h.description.clone(),
                    ticker_symbol: h.symbol.clone(),
                    cusip: h.cusip.clone(),
                    kind: mapping::security_kind(&h.holding_type),
                    close_price: price,
                    iso_currency_code: h.currency_code.clone(),
                });
            }
            holdings.push(PlaidHolding {
                account_id,
                security_id,
                quantity: h.quantity,
                institution_price: price,
                institution_value: h.market_value,
                cost_basis: Some(h.cost_basis),
                iso_currency_code: h.currency_code,
            });
        }
        Ok((holdings, securities))
    }

    pub(super) async fn member_owners(&self, item: &Item) -> PlaidResult<Vec<AccountOwner>> {
        let page = self
            .engine()
            .premium()
            .account_owners(&item.user, Self::within(item), ALL)
            .await?;
        Ok(page.items)
    }

    /// The owners of each given account, by account id. Without any owners yet, runs
    /// an identification first; still none → PRODUCT_NOT_READY.
    pub async fn owners(
        &self,
        item: &Item,
        accounts: &[PlaidAccount],
    ) -> PlaidResult<Vec<(String, Vec<AccountOwner>)>> {
        self.ensure_ready(item)?;
        let mut owners = self.member_owners(item).await?;
        if owners.is_empty() {
            let guid = item.member.guid.as_str();
            self.engine()
                .jobs()
                .start_by_guid(
                    &item.user,
                    guid,
                    JobKind::Identification,
                    JobOptions::default(),
                )
                .await?;
            self.wait_idle(&item.user, guid).await?;
            owners = self.member_owners(item).await?;
        }
        if owners.is_empty() {
            return Err(PlaidFailure::ProductNotReady);
        }
        Ok(accounts
            .iter()
            .map(|a| {
                let mine = owners
                    .iter()
                    .filter(|o| a.account.guid == o.owner.account_guid)
                    .cloned()
                    .collect();
                (a.account_id.clone(), mine)
            })
            .collect())
    }

    /// Credit card, mortgage and student loan figures of the given accounts.
    pub fn liabilities(&self, item: &Item, accounts: &[PlaidAccount]) -> PlaidResult<Liabilities> {
        self.ensure_ready(item)?;
        let today = self.now().date();
        let mut out = Liabilities::default();
        for a in accounts {
            let f = &a.account.figures;
            let due = f.payment_due_at.map(|d| d.date());
            let paid = f.last_payment_at.map(|d| d.date());
            let overdue = mapping::is_overdue(due, paid, today);
            match (a.kind, a.subtype) {
                ("credit", Some("credit card")) => out.credit.push(CreditLiability {
                    account_id: a.account_id.clone(),
                    apr: f.apr,
                    is_overdue: overdue,
                    last_payment_amount: f.last_payment,
                    last_payment_date: paid,
                    last_statement_balance: f.statement_balance,
                    minimum_payment_amount: f.minimum_payment,
                    next_payment_due_date: due,
                }),
                ("loan", Some(sub @ ("mortgage" | "student"))) => {
                    let loan = LoanLiability {
                        account_id: a.account_id.clone(),
                        account_number: a.mask.clone(),
                        interest_rate: f.interest_rate,
                        minimum_payment_amount: f.minimum_payment,
                        next_payment_due_date: due,
                        last_payment_amount: f.last_payment,
                        last_payment_date: paid,
                        origination_principal_amount: f.original_balance,
                        origination_date: f.started_on,
                        maturity_date: f.matures_on,
                        is_overdue: overdue,
                    };
                    if sub == "mortgage" {
                        out.mortgage.push(loan);
                    } else {
                        out.student.push(loan);
                    }
                }
                _ => {}
            }
        }
        Ok(out)
    }
}
