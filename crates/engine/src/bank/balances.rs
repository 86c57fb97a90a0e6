//! Balance inquiries behind `listAccountBalances` (spec §1.10). Most accounts are on
//! the ledger and answer at once. An account serviced by a separate core (its
//! `core_delay_seconds` is set) answers asynchronously: the first request starts an
//! inquiry, whose answer is in `core_delay_seconds` later by the engine's clock; until
//! then the balance is incomplete and the client is told when to retry. An answer
//! stays fresh for [`FRESH_FOR`], after which the next request inquires again.

use super::{BankResult, Banking};
use polyfin_ledger::{AccountId, Balances};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use time::{Duration, OffsetDateTime};

/// How many times a client may retry an incomplete balance request (spec §1.10
/// default 3, at most 10): the 202 answering `retryCount=3` ends the protocol.
pub const BALANCE_RETRY_LIMIT: u8 = 3;

/// How long a slow core's answer is reused before it is asked again.
const FRESH_FOR: Duration = Duration::seconds(60);

#[derive(Debug, Clone, Copy)]
pub(super) struct Inquiry {
    ready_at: OffsetDateTime,
}

pub(super) type Inquiries = Arc<Mutex<HashMap<(String, AccountId), Inquiry>>>;

/// One account's balance as `listAccountBalances` can report it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BalanceReading {
    pub account: AccountId,
    /// `None` while the account's core has not answered.
    pub balances: Option<Balances>,
    /// When the values were last refreshed from the account's core.
    pub updated_at: OffsetDateTime,
    /// When an incomplete balance is expected, from now (whole seconds, ≥ 1).
    pub retry_after: Option<Duration>,
}

impl Banking<'_> {
    /// Readings for `accounts` (already checked to be the caller's, internal and
    /// viewable), in the same order.
    pub async fn balance_readings(
        &self,
        bank: &str,
        accounts: &[AccountId],
    ) -> BankResult<Vec<BalanceReading>> {
        let loaded = self.load(bank).await?;
        let now = self.now();
        let inquiries = self.engine.banks.inquiries.clone();
        let readings = loaded.ledger.with(|ledger| {
            let mut open = inquiries.lock().unwrap_or_else(|e| e.into_inner());
            accounts
                .iter()
                .map(|id| {
                    let balances = ledger.balances(id, now.today)?;
                    let delay = ledger.account(id)?.core_delay_seconds.unwrap_or(0);
                    let key = (bank.to_owned(), id.clone());
                    Ok(reading(id, balances, delay, open.entry(key), now.at))
                })
                .collect::<Result<Vec<_>, polyfin_ledger::LedgerError>>()
        })?;
        Ok(readings)
    }
}

fn reading(
    id: &AccountId,
    balances: Balances,
    delay: u32,
    inquiry: std::collections::hash_map::Entry<'_, (String, AccountId), Inquiry>,
    now: OffsetDateTime,
) -> BalanceReading {
    let complete = |updated_at| BalanceReading {
        account: id.clone(),
        balances: Some(balances),
        updated_at,
        retry_after: None,
    };
    if delay == 0 {
        return complete(now);
    }
    let fresh = |i: &Inquiry| now < i.ready_at + FRESH_FOR;
    let inquiry = match inquiry {
        std::collections::hash_map::Entry::Occupied(mut held) => {
            if !fresh(held.get()) {
                held.insert(Inquiry {
                    ready_at: now + Duration::seconds(delay.into()),
                });
            }
            *held.get()
        }
        std::collections::hash_map::Entry::Vacant(slot) => *slot.insert(Inquiry {
            ready_at: now + Duration::seconds(delay.into()),
        }),
    };
    if inquiry.ready_at <= now {
        return complete(inquiry.ready_at);
    }
    let wait = inquiry.ready_at - now;
    // Whole seconds, rounded up, so a client that waits exactly this long succeeds.
    let seconds = (wait.whole_milliseconds() + 999) / 1000;
    BalanceReading {
        account: id.clone(),
        balances: None,
        updated_at: now,
        retry_after: Some(Duration::seconds(
            i64::try_from(seconds.max(1)).unwrap_or(i64::MAX),
        )),
    }
}
