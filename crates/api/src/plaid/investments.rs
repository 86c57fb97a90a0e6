//! `/investments/transactions/get`.

use super::data::{date, integer, item_and_accounts};
use super::products::{investment_account, security};
use super::wire::{self, money};
use super::{handler, object, Call, PlaidError};
use crate::AppState;
use polyfin_domain::clock::format_date;
use polyfin_engine::plaid_items::{PlaidAccount, PlaidInvestmentTransaction};
use serde_json::{json, Map, Value};

type Answer = Result<Map<String, Value>, PlaidError>;

handler!(transactions, transactions_inner);

fn investment_transaction(t: &PlaidInvestmentTransaction) -> Value {
    json!({
        "investment_transaction_id": t.investment_transaction_id,
        "account_id": t.account_id,
        "security_id": t.security_id,
        "date": format_date(t.date),
        "transaction_datetime": null,
        "name": t.name,
        "quantity": money(t.quantity),
        "amount": money(t.amount),
        "price": money(t.price),
        "fees": null,
        "type": t.kind,
        "subtype": t.subtype,
        "iso_currency_code": t.iso_currency_code,
        "unofficial_currency_code": null,
        "cancel_transaction_id": null,
    })
}

async fn transactions_inner(state: &AppState, call: &Call) -> Answer {
    let start = date(call, "start_date")?;
    let end = date(call, "end_date")?;
    let options = call.options();
    let count = integer(&options, "count", 100, (1, 500))?;
    let offset = integer(&options, "offset", 0, (0, u64::from(u32::MAX)))?;
    let (item, accounts) = item_and_accounts(state, call).await?;
    let investment: Vec<PlaidAccount> = accounts
        .into_iter()
        .filter(|a| a.kind == "investment")
        .collect();
    let items = state.engine.plaid_items();
    let (_, securities) = items.holdings(&item, &investment).await?;
    let window = (count as usize, offset as usize);
    let (list, total) = items
        .investment_transactions(&item, &investment, &securities, (start, end), window)
        .await?;
    Ok(object(json!({
        "item": wire::item(&items, &item, &investment, false),
        "accounts": investment.iter().map(investment_account).collect::<Vec<_>>(),
        "securities": securities.iter().map(security).collect::<Vec<_>>(),
        "investment_transactions": list.iter().map(investment_transaction).collect::<Vec<_>>(),
        "total_investment_transactions": total,
        "is_investments_fallback_item": false,
    })))
}
