//! AUTH webhooks from micro-deposits (spec §3.2). A micro-deposit belongs to the
//! accounts whose account and routing numbers it names: when one of those accounts
//! is in a live Plaid item with a webhook destination, the micro-deposit's outcome is
//! announced for that item and account, written with the micro-deposit's change.

use super::events::destination_of;
use super::{outbox_row, AuthEvent, WebhookEvent};
use crate::plaid_items::mapping;
use crate::{Engine, Result};
use polyfin_domain::micro_deposit::MicroDeposit;
use polyfin_domain::page::PageRequest;
use polyfin_store::{DataScope, OutboxRow};

/// Which AUTH webhook a micro-deposit's change announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthOutcome {
    /// The right pair of amounts was submitted: AUTOMATICALLY_VERIFIED.
    Verified,
    /// The window passed without the right pair: VERIFICATION_EXPIRED.
    Expired,
}

/// Account numbers of a user looked at, at most (a household has a handful).
const NUMBERS_PAGE: u32 = 1000;

/// The outbox rows announcing `outcome` for every item account the micro-deposit
/// names; none when its numbers are in no live item with a webhook destination.
pub(crate) async fn micro_deposit_rows(
    engine: &Engine,
    micro_deposit: &MicroDeposit,
    outcome: AuthOutcome,
) -> Result<Vec<OutboxRow>> {
    let (Some(number), Some(routing)) = (
        micro_deposit.account_number.as_deref(),
        micro_deposit.routing_number.as_deref(),
    ) else {
        return Ok(Vec::new());
    };
    let scope = DataScope {
        user: micro_deposit.user_guid.clone(),
        member: None,
        account: None,
    };
    let page = PageRequest {
        page: 1,
        per_page: NUMBERS_PAGE,
    };
    let numbers = engine
        .store
        .list_account_numbers(&micro_deposit.client_id, &scope, page)
        .await?;
    let now = engine.clock.now();
    let mut rows = Vec::new();
    for found in numbers
        .items
        .iter()
        .filter(|n| n.account_number == number && n.routing_number.as_deref() == Some(routing))
    {
        let Some(item) = engine
            .store
            .plaid_item_of_member(&found.owner.member_guid)
            .await?
            .filter(|item| item.client_id == micro_deposit.client_id)
        else {
            continue;
        };
        let Some(to) = destination_of(engine, &item).await? else {
            continue;
        };
        let item_id = item.item_id.clone();
        let account_id = mapping::derive_id("account", found.owner.account_guid.as_str());
        let event = match outcome {
            AuthOutcome::Verified => AuthEvent::AutomaticallyVerified {
                item_id,
                account_id,
            },
            AuthOutcome::Expired => AuthEvent::VerificationExpired {
                item_id,
                account_id,
            },
        };
        rows.extend(outbox_row(&to, WebhookEvent::Auth(event), now));
    }
    Ok(rows)
}
