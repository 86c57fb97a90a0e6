//! `listAccounts`, `getAccount`, `listAccountBalances`, `listTransactions`
//! (spec §2.2 #1, #2, #3, #6; §5.2–5.4).

use super::query::{collection, paginate, Query};
use super::{base_url, wire, Caller, Problem};
use crate::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use polyfin_engine::bank::describe::{self, BankCategory};
use polyfin_engine::bank::{check_image as bank_check_image, CheckSide};
use polyfin_ledger::{
    parse_amount_range, parse_check_number_range, parse_date_range, parse_enum_list, parse_list,
    Account, AccountId, Allows, CustomerId, Ledger, ListRule, Location, ProductType,
    TransactionType, TransactionView,
};
use serde_json::{json, Value};

type JsonResult = Result<Json<Value>, Problem>;

fn account_json(account: &Account, customer: &CustomerId, full: bool) -> Value {
    let access = account.access(customer);
    let allows = access.map(|a| a.allows).unwrap_or(Allows::NONE);
    let mut body = json!({
        "id": account.id.as_str(),
        "title": account.title,
        "label": account.label(customer),
        "maskedNumber": account.masked_number,
        "allows": allows,
        "product": account.product,
        "location": account.location.as_str(),
    });
    if let Some(nickname) = access.and_then(|a| a.nickname.as_deref()) {
        body["nickname"] = nickname.into();
    }
    if full {
        body["electronicStatements"] = account.electronic_statements.into();
    }
    body
}

const ALLOW_NAMES: [&str; 7] = [
    "billPay",
    "transferFrom",
    "transferTo",
    "mobileCheckDeposit",
    "view",
    "viewCards",
    "manageCards",
];

fn allows_flag(allows: &Allows, name: &str) -> bool {
    match name {
        "billPay" => allows.bill_pay,
        "transferFrom" => allows.transfer_from,
        "transferTo" => allows.transfer_to,
        "mobileCheckDeposit" => allows.mobile_check_deposit,
        "view" => allows.view,
        "viewCards" => allows.view_cards,
        _ => allows.manage_cards,
    }
}

struct AccountFilter {
    types: Option<Vec<ProductType>>,
    location: Option<Location>,
    allows: Option<Vec<String>>,
}

fn account_filter(query: &Query) -> Result<AccountFilter, Problem> {
    let types = query
        .joined("productType", '|')
        .map(|raw| parse_enum_list("productType", &raw, &ListRule::PRODUCT_TYPES))
        .transpose()?;
    let location = match query.get("location") {
        None => None,
        Some("internal") => Some(Location::Internal),
        Some("external") => Some(Location::External),
        Some(other) => {
            return Err(Problem::param(
                "location",
                format!("`{other}` is not one of: internal, external"),
            ))
        }
    };
    let allows = match query.joined("allows", ',') {
        None => None,
        Some(raw) => {
            let names = parse_list("allows", &raw, &ListRule::ALLOWS)?;
            if let Some(bad) = names.iter().find(|n| !ALLOW_NAMES.contains(n)) {
                return Err(Problem::param(
                    "allows",
                    format!("`{bad}` is not one of: {}", ALLOW_NAMES.join(", ")),
                ));
            }
            Some(names.into_iter().map(str::to_owned).collect())
        }
    };
    Ok(AccountFilter {
        types,
        location,
        allows,
    })
}

impl AccountFilter {
    fn keeps(&self, account: &Account, customer: &CustomerId) -> bool {
        let allows = account
            .access(customer)
            .map(|a| a.allows)
            .unwrap_or(Allows::NONE);
        self.types
            .as_ref()
            .is_none_or(|t| t.contains(&account.product_type()))
            && self.location.is_none_or(|l| l == account.location)
            && self
                .allows
                .as_ref()
                .is_none_or(|names| names.iter().all(|n| allows_flag(&allows, n)))
    }
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> JsonResult {
    let query = Query::parse(raw.as_deref());
    let filter = account_filter(&query)?;
    let page = query.page()?;
    let customer = caller.session.customer.clone();
    let (items, primary) = state
        .engine
        .bank()
        .read(&caller.session.bank, |ledger, _| {
            let items: Vec<Value> = ledger
                .accounts_of(&customer)
                .filter(|a| filter.keeps(a, &customer))
                .map(|a| account_json(a, &customer, false))
                .collect();
            let primary = ledger
                .customer(&customer)
                .ok()
                .and_then(|c| c.primary_account.clone());
            (items, primary)
        })
        .await?;
    let (items, next) = paginate(items, &page);
    let url = format!("{}/accounts", base_url(&state));
    let mut body = collection(items, &page, next, &url, &query);
    if let Some(primary) = primary {
        body["primaryAccountId"] = primary.as_str().into();
    }
    Ok(Json(body))
}

/// An internal account the caller holds, else 404; without `allows.view`, 403.
pub(super) fn viewable<'a>(
    ledger: &'a Ledger,
    customer: &CustomerId,
    id: &str,
) -> Result<&'a Account, Problem> {
    let missing = || Problem::not_found(format!("No account {id}."));
    let id = AccountId::new(id).map_err(|_| missing())?;
    let account = ledger
        .account(&id)
        .ok()
        .filter(|a| a.access(customer).is_some() && a.is_internal())
        .ok_or_else(missing)?;
    if !account.access(customer).is_some_and(|a| a.allows.view) {
        return Err(Problem::new(
            403,
            "forbidden",
            "You may not view this account.",
        ));
    }
    Ok(account)
}

pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> JsonResult {
    let customer = caller.session.customer.clone();
    state
        .engine
        .bank()
        .read(&caller.session.bank, |ledger, _| {
            viewable(ledger, &customer, &id).map(|a| Json(account_json(a, &customer, true)))
        })
        .await?
}

struct TransactionFilter {
    posted_on: Option<polyfin_ledger::DateRange>,
    created_on: Option<polyfin_ledger::DateRange>,
    categories: Option<Vec<String>>,
    types: Option<Vec<TransactionType>>,
    amount: Option<polyfin_ledger::AmountRange>,
    check: Option<polyfin_ledger::CheckNumberRange>,
}

fn transaction_type(raw: &str) -> Option<TransactionType> {
    [
        TransactionType::Balance,
        TransactionType::Debit,
        TransactionType::Credit,
        TransactionType::Check,
    ]
    .into_iter()
    .find(|t| t.as_str() == raw)
}

fn transaction_filter(query: &Query) -> Result<TransactionFilter, Problem> {
    let types = match query.joined("type", '|') {
        None => None,
        Some(raw) => {
            let names = parse_list("type", &raw, &ListRule::TRANSACTION_TYPES)?;
            let parsed: Option<Vec<_>> = names.iter().map(|n| transaction_type(n)).collect();
            Some(parsed.ok_or_else(|| {
                Problem::param(
                    "type",
                    "each type must be one of: balance, debit, credit, check",
                )
            })?)
        }
    };
    let categories = query
        .joined("categories", '|')
        .map(|raw| {
            parse_list("categories", &raw, &ListRule::CATEGORIES)
                .map(|c| c.into_iter().map(str::to_owned).collect())
        })
        .transpose()?;
    Ok(TransactionFilter {
        posted_on: query
            .get("postedOn")
            .map(|r| parse_date_range("postedOn", r))
            .transpose()?,
        created_on: query
            .get("createdOn")
            .map(|r| parse_date_range("createdOn", r))
            .transpose()?,
        categories,
        types,
        amount: query
            .get("amount")
            .map(|r| parse_amount_range("amount", r))
            .transpose()?,
        check: query
            .get("checkNumber")
            .map(|r| parse_check_number_range("checkNumber", r))
            .transpose()?,
    })
}

impl TransactionFilter {
    /// `categories` matches the category label exactly (spec §6 #19).
    fn keeps(&self, row: &TransactionView, category: Option<&BankCategory>) -> bool {
        self.posted_on
            .as_ref()
            .is_none_or(|r| row.posted_on.is_some_and(|d| r.contains(&d)))
            && self
                .created_on
                .as_ref()
                .is_none_or(|r| r.contains(&row.created_on))
            && self
                .categories
                .as_ref()
                .is_none_or(|labels| category.is_some_and(|c| labels.contains(&c.label)))
            && self
                .types
                .as_ref()
                .is_none_or(|t| t.contains(&row.transaction_type))
            && self
                .amount
                .as_ref()
                .is_none_or(|r| r.contains_magnitude(row.amount))
            && self
                .check
                .as_ref()
                .is_none_or(|r| row.check_number.is_some_and(|n| r.contains(&n)))
    }
}

/// `images_base`: where this account's transactions live, for check image URLs.
fn transaction_json(
    images_base: &str,
    row: &TransactionView,
    category: Option<BankCategory>,
) -> Value {
    let mut body = json!({
        "id": row.id,
        "type": row.transaction_type.as_str(),
        "createdOn": wire::date(row.created_on),
        "amount": wire::amount(row.amount),
        "posted": row.posted,
    });
    if let Some(posted_on) = row.posted_on {
        body["postedOn"] = wire::date(posted_on).into();
    }
    if let Some(balance) = row.balance {
        body["balance"] = wire::amount(balance).into();
    }
    if let Some(memo) = &row.memo {
        body["memo"] = memo.clone().into();
    }
    if let Some(description) = &row.description {
        body["description"] = description.clone().into();
    }
    if let Some(category) = category {
        body["category"] = json!({"label": category.label, "id": category.id});
    }
    if let Some(merchant) = &row.merchant {
        let mut wire = json!({ "name": merchant.name });
        if let Some(url) = &merchant.website_url {
            wire["website_url"] = url.clone().into();
        }
        if let Some(url) = &merchant.logo_url {
            wire["logo_url"] = url.clone().into();
        }
        body["merchant"] = wire;
    }
    if let Some(number) = row.check_number {
        let image = |side: &str| format!("{images_base}/{}/images/{side}/content", row.id);
        body["check"] = json!({"number": number, "imageFront_url": image("front"), "imageBack_url": image("back")});
    }
    body
}

pub async fn transactions(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> JsonResult {
    let query = Query::parse(raw.as_deref());
    let filter = transaction_filter(&query)?;
    let page = query.page()?;
    let customer = caller.session.customer.clone();
    let url = format!("{}/accounts/{id}/transactions", base_url(&state));
    let rows = state
        .engine
        .bank()
        .read(&caller.session.bank, |ledger, now| {
            let account = viewable(ledger, &customer, &id)?;
            let rows = ledger.transactions(&account.id)?;
            // History covers the last 12 months (spec §5.3): older rows are clipped.
            let since = now
                .today
                .replace_year(now.today.year() - 1)
                .unwrap_or(now.today - time::Duration::days(365));
            let mut rows: Vec<_> = rows
                .into_iter()
                .filter(|row| row.posted_on.unwrap_or(row.created_on) >= since)
                .map(|row| {
                    let category = describe::bank_category(&row);
                    (row, category)
                })
                .filter(|(row, category)| filter.keeps(row, category.as_ref()))
                .collect();
            // Newest first: postedOn (pending rows count as newest), then createdOn.
            rows.reverse();
            rows.sort_by(|(a, _), (b, _)| {
                let key = |r: &TransactionView| (r.posted_on.is_none(), r.posted_on, r.created_on);
                key(b).cmp(&key(a))
            });
            Ok::<_, Problem>(
                rows.into_iter()
                    .map(|(row, category)| transaction_json(&url, &row, category))
                    .collect::<Vec<_>>(),
            )
        })
        .await??;
    let (items, next) = paginate(rows, &page);
    Ok(Json(collection(items, &page, next, &url, &query)))
}

/// A cleared check's front or back image (the `check` URLs of `listTransactions`).
pub async fn check_image(
    State(state): State<AppState>,
    caller: Caller,
    Path((account_id, transaction_id, side)): Path<(String, String, String)>,
) -> Result<Response, Problem> {
    let missing = || Problem::not_found(format!("No check image {transaction_id}/{side}."));
    let side = CheckSide::parse(&side).ok_or_else(missing)?;
    let bank = state.engine.bank();
    let info = bank.bank(&caller.session.bank).await?;
    let customer = caller.session.customer.clone();
    let svg = bank
        .read(&caller.session.bank, |ledger, _| {
            let account = viewable(ledger, &customer, &account_id)?;
            let rows = ledger.transactions(&account.id)?;
            let row = rows
                .iter()
                .find(|r| r.id == transaction_id && r.check_number.is_some())
                .ok_or_else(missing)?;
            Ok::<_, Problem>(bank_check_image(&info, account, row, side))
        })
        .await??;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}
