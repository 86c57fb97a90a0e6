//! The sandbox connector: MX Bank's scripted logins (Atrium spec §4.2) and a
//! deterministic, realistic household behind every seed. It serves `mxbank` and every
//! catalogue institution without a connector of its own.
//!
//! Data is a pure function of `session.seed` and `request.now`: the household's
//! history is simulated from its accounts' opening days (fixed relative to an epoch,
//! not to `now`), with one seeded random stream per day. So a day's transactions are
//! the same in every window, and a pending transaction keeps its id, amount and text
//! when a later fetch returns it posted.

// Amounts are written in cents grouped as dollars and cents: 1_500_00 is $1,500.00.
#![allow(clippy::inconsistent_digit_grouping)]

mod accounts;
mod debts;
mod figures;
mod holdings;
mod household;
pub mod identifiers;
mod identity;
mod ledger;
mod login;
mod places;
mod premium;
mod profile;
mod rng;
mod securities;
mod shops;
mod statements;

use crate::{
    Connector, ConnectorError, FetchRequest, FetchedAccount, FetchedData, FetchedTransaction,
    LoginStep, Session,
};
use async_trait::async_trait;
use figures::View;
use ledger::Event;
use polyfin_domain::challenge::ChallengeAnswer;
use polyfin_domain::transaction::TransactionStatus;
use polyfin_domain::Decimal;
use profile::Household;
use time::Date;

/// Simulation stops here whatever `now` says, so an absurd clock cannot make a fetch
/// run for minutes.
const LAST_SIMULATED_DAY: Date = time::macros::date!(2099 - 12 - 31);

#[derive(Debug, Default)]
pub struct SandboxConnector;

#[async_trait]
impl Connector for SandboxConnector {
    async fn login(&self, session: &Session<'_>) -> Result<LoginStep, ConnectorError> {
        Ok(login::login(session))
    }

    async fn answer(
        &self,
        _session: &Session<'_>,
        state: &str,
        answers: &[ChallengeAnswer],
    ) -> Result<LoginStep, ConnectorError> {
        login::answer(state, answers)
    }

    async fn fetch(
        &self,
        session: &Session<'_>,
        request: &FetchRequest,
    ) -> Result<FetchedData, ConnectorError> {
        Ok(generate(session.seed, request))
    }
}

/// The household's accounts and transactions as seen at `request.now`: what `fetch`
/// returns, without a session (the data depends on the seed alone).
pub fn generate(seed: &str, request: &FetchRequest) -> FetchedData {
    let household = Household::from_seed(seed);
    let today = request.now.date().min(LAST_SIMULATED_DAY);
    let texts_from = if request.include_transactions {
        request.from
    } else {
        Date::MAX
    };
    let books = ledger::simulate(&household, today, texts_from);
    let mut data = FetchedData::default();
    for (spec, book) in household.accounts.iter().zip(&books) {
        // Accounts opened after `now` do not exist yet; checking always does.
        if spec.opened > today && spec.index != 0 {
            continue;
        }
        let view = View {
            spec,
            book,
            now: request.now,
        };
        data.accounts.push(FetchedAccount {
            external_id: spec.external_id.clone(),
            name: spec.name.to_owned(),
            account_type: spec.account_type.to_owned(),
            subtype: spec.subtype.map(str::to_owned),
            account_number_mask: Some(spec.mask.clone()),
            currency_code: "USD".to_owned(),
            figures: figures::figures(&view),
            is_closed: false,
        });
        if request.include_transactions {
            data.transactions.extend(transactions(&view, request.from));
        }
    }
    premium::extend(&household, &books, request, &mut data);
    data
}

fn transactions(view: &View<'_>, from: Date) -> Vec<FetchedTransaction> {
    let mut events: Vec<&Event> = view
        .book
        .events
        .iter()
        .filter(|e| e.day >= from && view.is_visible(e))
        .collect();
    events.sort_by_key(|e| (e.day, e.seconds, e.seq));
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        let purchase = transaction(view, event);
        if let Some(hold) = authorization_hold(event, &purchase) {
            out.push(hold);
        }
        out.push(purchase);
    }
    out
}

/// Fuel pumps, hotels and ride apps place a hold before the final charge; the bank reports it as
/// a pending debit of its own, and it vanishes (it never posts) when the charge it
/// guarded posts. The one kind of transaction an institution deletes, so the place
/// where removals come from.
fn authorization_hold(event: &Event, purchase: &FetchedTransaction) -> Option<FetchedTransaction> {
    let cents = figures::hold_cents(event.mcc, event.cents)?;
    if purchase.status != TransactionStatus::Pending
        || purchase.kind != polyfin_domain::transaction::TransactionKind::Debit
    {
        return None;
    }
    Some(FetchedTransaction {
        external_id: format!("{}-HOLD", purchase.external_id),
        amount: figures::money(cents),
        raw_description: format!("AUTH HOLD {}", purchase.raw_description),
        check_number: None,
        ..purchase.clone()
    })
}

fn transaction(view: &View<'_>, event: &Event) -> FetchedTransaction {
    let posted = view.is_posted(event);
    let (year, month, day) = event.day.to_calendar_date();
    let month = u8::from(month);
    let degrees = |millionths: i64| Decimal::new(millionths, 6);
    FetchedTransaction {
        external_id: format!(
            "{}-{year:04}{month:02}{day:02}-{}",
            view.spec.external_id, event.seq
        ),
        account_external_id: view.spec.external_id.clone(),
        amount: figures::money(event.cents),
        kind: event.kind,
        status: if posted {
            TransactionStatus::Posted
        } else {
            TransactionStatus::Pending
        },
        transacted_at: figures::transacted_at(event),
        posted_at: posted.then(|| figures::posted_at(event)),
        raw_description: event.raw.clone(),
        memo: None,
        merchant_category_code: event.mcc,
        check_number: event.check_number.map(|n| n.to_string()),
        latitude: event.geo.map(|(lat, _)| degrees(lat)),
        longitude: event.geo.map(|(_, lon)| degrees(lon)),
        currency_code: "USD".to_owned(),
    }
}
