//! Investments holdings, identity and liabilities.

use super::wire::{self, money};
use super::{handler, object, Call, PlaidError};
use crate::AppState;
use polyfin_domain::clock::format_date;
use polyfin_domain::premium::AccountOwner;
use polyfin_domain::{Date, Decimal};
use polyfin_engine::plaid_items::{
    CreditLiability, LoanLiability, PlaidAccount, PlaidHolding, PlaidSecurity,
};
use serde_json::{json, Map, Value};

type Answer = Result<Map<String, Value>, PlaidError>;

handler!(holdings, holdings_inner);
handler!(identity, identity_inner);
handler!(liabilities, liabilities_inner);

fn opt_money(amount: Option<Decimal>) -> Value {
    amount.map_or(Value::Null, money)
}

fn opt_date(date: Option<Date>) -> Value {
    date.map_or(Value::Null, |d| json!(format_date(d)))
}

/// An investment account: AccountBase plus the required `margin_loan_amount`.
pub(super) fn investment_account(a: &PlaidAccount) -> Value {
    let mut value = wire::account(a, false);
    value["balances"]["margin_loan_amount"] = Value::Null;
    value
}

fn holding(h: &PlaidHolding) -> Value {
    json!({
        "account_id": h.account_id,
        "security_id": h.security_id,
        "quantity": money(h.quantity),
        "institution_price": money(h.institution_price),
        "institution_price_as_of": null,
        "institution_price_datetime": null,
        "institution_value": money(h.institution_value),
        "cost_basis": opt_money(h.cost_basis),
        "iso_currency_code": h.iso_currency_code,
        "unofficial_currency_code": null,
        "vested_quantity": null,
        "vested_value": null,
    })
}

pub(super) fn security(s: &PlaidSecurity) -> Value {
    json!({
        "security_id": s.security_id,
        "isin": null,
        "cusip": s.cusip,
        "sedol": null,
        "institution_security_id": null,
        "institution_id": null,
        "proxy_security_id": null,
        "name": s.name,
        "ticker_symbol": s.ticker_symbol,
        "is_cash_equivalent": s.kind.is_cash_equivalent,
        "type": s.kind.plaid_type,
        "close_price": money(s.close_price),
        "close_price_as_of": null,
        "update_datetime": null,
        "iso_currency_code": s.iso_currency_code,
        "unofficial_currency_code": null,
        "market_identifier_code": null,
        "sector": null,
        "industry": null,
        "cfi_code": null,
        "figi": null,
        "option_contract": null,
        "fixed_income": null,
    })
}

async fn holdings_inner(state: &AppState, call: &Call) -> Answer {
    let (item, accounts) = super::data::item_and_accounts(state, call).await?;
    let investment: Vec<PlaidAccount> = accounts
        .into_iter()
        .filter(|a| a.kind == "investment")
        .collect();
    let items = state.engine.plaid_items();
    let (holdings, securities) = items.holdings(&item, &investment).await?;
    Ok(object(json!({
        "accounts": investment.iter().map(investment_account).collect::<Vec<_>>(),
        "holdings": holdings.iter().map(holding).collect::<Vec<_>>(),
        "securities": securities.iter().map(security).collect::<Vec<_>>(),
        "item": wire::item(&items, &item, &investment, false),
        "is_investments_fallback_item": false,
    })))
}

fn present(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

fn owner(o: &AccountOwner) -> Value {
    let name = present(&o.owner_name)
        .map(str::to_owned)
        .unwrap_or_else(|| {
            format!("{} {}", o.first_name, o.last_name)
                .trim()
                .to_owned()
        });
    let phones: Vec<Value> = present(&o.phone)
        .map(|p| json!({"data": p, "primary": true, "type": "home"}))
        .into_iter()
        .collect();
    let emails: Vec<Value> = present(&o.email)
        .map(|e| json!({"data": e, "primary": true, "type": "primary"}))
        .into_iter()
        .collect();
    let has_address = [&o.address, &o.city, &o.state, &o.postal_code]
        .iter()
        .any(|f| present(f).is_some());
    let addresses: Vec<Value> = if has_address {
        vec![json!({
            "data": {
                "street": present(&o.address),
                "city": present(&o.city),
                "region": present(&o.state),
                "postal_code": present(&o.postal_code),
                "country": present(&o.country),
            },
            "primary": true,
        })]
    } else {
        Vec::new()
    };
    json!({
        "names": [name],
        "phone_numbers": phones,
        "emails": emails,
        "addresses": addresses,
    })
}

async fn identity_inner(state: &AppState, call: &Call) -> Answer {
    let (item, accounts) = super::data::item_and_accounts(state, call).await?;
    let items = state.engine.plaid_items();
    let owners = items.owners(&item, &accounts).await?;
    let list: Vec<Value> = accounts
        .iter()
        .map(|a| {
            let mut value = wire::account(a, false);
            let mine: Vec<Value> = owners
                .iter()
                .filter(|(id, _)| id == &a.account_id)
                .flat_map(|(_, list)| list.iter().map(owner))
                .collect();
            value["owners"] = Value::Array(mine);
            value
        })
        .collect();
    Ok(object(json!({
        "accounts": list,
        "item": wire::item(&items, &item, &accounts, false),
    })))
}

fn credit(c: &CreditLiability) -> Value {
    let aprs: Vec<Value> = c
        .apr
        .map(|apr| {
            json!({"apr_percentage": money(apr), "apr_type": "purchase_apr",
                   "balance_subject_to_apr": null, "interest_charge_amount": null})
        })
        .into_iter()
        .collect();
    json!({
        "account_id": c.account_id,
        "aprs": aprs,
        "is_overdue": c.is_overdue,
        "last_payment_amount": opt_money(c.last_payment_amount),
        "last_payment_date": opt_date(c.last_payment_date),
        "last_statement_issue_date": null,
        "last_statement_balance": opt_money(c.last_statement_balance),
        "minimum_payment_amount": opt_money(c.minimum_payment_amount),
        "next_payment_due_date": opt_date(c.next_payment_due_date),
    })
}

fn mortgage(m: &LoanLiability) -> Value {
    json!({
        "account_id": m.account_id,
        "account_number": m.account_number,
        "current_late_fee": null,
        "escrow_balance": null,
        "has_pmi": null,
        "has_prepayment_penalty": null,
        "interest_rate": {"percentage": opt_money(m.interest_rate), "type": null},
        "last_payment_amount": opt_money(m.last_payment_amount),
        "last_payment_date": opt_date(m.last_payment_date),
        "loan_type_description": null,
        "loan_term": null,
        "maturity_date": opt_date(m.maturity_date),
        "next_monthly_payment": opt_money(m.minimum_payment_amount),
        "next_payment_due_date": opt_date(m.next_payment_due_date),
        "origination_date": opt_date(m.origination_date),
        "origination_principal_amount": opt_money(m.origination_principal_amount),
        "past_due_amount": null,
        "property_address": {"city": null, "country": null, "postal_code": null,
                             "region": null, "street": null},
        "ytd_interest_paid": null,
        "ytd_principal_paid": null,
    })
}

fn student(s: &LoanLiability) -> Value {
    json!({
        "account_id": s.account_id,
        "account_number": s.account_number,
        "disbursement_dates": null,
        "expected_payoff_date": opt_date(s.maturity_date),
        "guarantor": null,
        "interest_rate_percentage": money(s.interest_rate.unwrap_or_default()),
        "is_overdue": s.is_overdue,
        "last_payment_amount": opt_money(s.last_payment_amount),
        "last_payment_date": opt_date(s.last_payment_date),
        "last_statement_issue_date": null,
        "loan_name": null,
        "loan_status": {"end_date": null, "type": null},
        "minimum_payment_amount": opt_money(s.minimum_payment_amount),
        "next_payment_due_date": opt_date(s.next_payment_due_date),
        "origination_date": opt_date(s.origination_date),
        "origination_principal_amount": opt_money(s.origination_principal_amount),
        "outstanding_interest_amount": null,
        "payment_reference_number": null,
        "pslf_status": {"estimated_eligibility_date": null, "payments_made": null,
                        "payments_remaining": null},
        "repayment_plan": {"description": null, "type": null},
        "sequence_number": null,
        "servicer_address": {"city": null, "region": null, "street": null,
                             "postal_code": null, "country": null},
        "ytd_interest_paid": null,
        "ytd_principal_paid": null,
    })
}

async fn liabilities_inner(state: &AppState, call: &Call) -> Answer {
    let (item, accounts) = super::data::item_and_accounts(state, call).await?;
    let items = state.engine.plaid_items();
    let found = items.liabilities(&item, &accounts)?;
    Ok(object(json!({
        "accounts": wire::accounts(&accounts, false),
        "item": wire::item(&items, &item, &accounts, false),
        "liabilities": {
            "credit": found.credit.iter().map(credit).collect::<Vec<_>>(),
            "mortgage": found.mortgage.iter().map(mortgage).collect::<Vec<_>>(),
            "student": found.student.iter().map(student).collect::<Vec<_>>(),
        },
    })))
}
