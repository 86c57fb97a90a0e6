//! AUTH webhooks from real micro-deposits, on the engine's clock: a micro-deposit
//! naming the account and routing numbers of an account in a Plaid item announces
//! AUTOMATICALLY_VERIFIED when the right pair is submitted and VERIFICATION_EXPIRED
//! when it is left unverified for seven days after landing (the sweep expires it to
//! ERRORED), each for that item and account, written with the change. A micro-deposit
//! for other numbers, or for an item without a webhook destination, announces nothing.
//!
//! On PostgreSQL when `POLYFIN_TEST_DATABASE_URL` is set, else on a SQLite file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use polyfin_domain::member::JobKind;
use polyfin_domain::micro_deposit::{MicroDepositDetails, MicroDepositStatus};
use polyfin_domain::page::PageRequest;
use polyfin_domain::user::User;
use polyfin_domain::{Clock, ManualClock};
use polyfin_engine::jobs::JobOptions;
use polyfin_engine::plaid_items::mapping::derive_id;
use polyfin_engine::premium::Within;
use polyfin_engine::{Engine, EngineConfig};
use std::sync::Arc;
use time::Duration;

/// Refused by the default allow-list, so nothing leaves the machine: the rows die
/// at their first attempt, with their payload kept.
const HOOK: &str = "http://127.0.0.1:9/auth";

/// A member at MX Bank with its account numbers fetched; the item of it, with a
/// webhook URL when `webhook`. Returns the member guid, the item id and the
/// (account guid, account number, routing number) of one account.
async fn linked_member(
    engine: &Engine,
    user: &User,
    webhook: Option<&str>,
) -> (String, String, (String, String, String)) {
    let new = support::mx_bank_member("auth-hooks", "password");
    let guid = engine
        .members()
        .create(user, new)
        .await
        .expect("member")
        .member
        .guid
        .to_string();
    support::run_jobs(engine).await;
    engine
        .jobs()
        .start_by_guid(user, &guid, JobKind::Verification, JobOptions::default())
        .await
        .expect("verification");
    support::run_jobs(engine).await;
    let member = engine.members().get(user, &guid).await.expect("member");
    let item = engine
        .plaid_items()
        .ensure_item(user, &member, webhook.map(str::to_owned))
        .await
        .expect("item");
    let within = Within {
        member_guid: Some(&guid),
        account_guid: None,
    };
    let numbers = engine
        .premium()
        .account_numbers(user, within, PageRequest::from_query(None, None, 100))
        .await
        .expect("numbers");
    let first = numbers
        .items
        .first()
        .expect("the verification fetched numbers");
    let account = (
        first.owner.account_guid.to_string(),
        first.account_number.clone(),
        first.routing_number.clone().expect("a routing number"),
    );
    (guid, item.item_id, account)
}

fn details(number: &str, routing: &str) -> MicroDepositDetails {
    MicroDepositDetails {
        account_number: Some(number.to_owned()),
        account_type: Some("CHECKING".to_owned()),
        routing_number: Some(routing.to_owned()),
        ..MicroDepositDetails::default()
    }
}

fn body(row: &polyfin_store::OutboxRow) -> serde_json::Value {
    serde_json::from_str(&row.payload).expect("JSON body")
}

#[tokio::test]
async fn verified_and_expired_micro_deposits_announce_auth_webhooks() {
    let db = support::fresh_database().await;
    let clock = ManualClock::default();
    let engine = db
        .engine(
            Arc::new(clock.clone()),
            &support::mx_bank_catalogue(r#""supports_account_verification": true, "#),
            EngineConfig::default(),
        )
        .await;
    let (client, user) = support::client_and_user(&engine).await;
    let (member, item_id, (account, number, routing)) =
        linked_member(&engine, &user, Some(HOOK)).await;
    let last = || async { engine.webhooks().last_row(&member).await.expect("row") };
    let before = last().await.expect("the link announced its data");
    let account_id = derive_id("account", &account);

    // Verified with the right pair: AUTOMATICALLY_VERIFIED for that item and account.
    let verified = engine
        .micro_deposits()
        .create(&user, details(&number, &routing))
        .await
        .expect("created");
    clock.advance(Duration::days(4));
    engine.run_sweeps().await.expect("sweep");
    let (a, b) = verified.amounts();
    let done = engine
        .micro_deposits()
        .verify(&client, verified.guid.as_str(), (Some(a), Some(b)))
        .await
        .expect("verified");
    assert_eq!(done.status, MicroDepositStatus::Verified);
    let row = last().await.expect("a row");
    assert_ne!(row.id, before.id);
    assert_eq!(
        body(&row),
        serde_json::json!({"webhook_type": "AUTH", "webhook_code": "AUTOMATICALLY_VERIFIED",
                           "item_id": item_id, "account_id": account_id,
                           "environment": "sandbox"})
    );

    // Other numbers name no item account: the micro-deposit's outcome announces nothing.
    let stranger = engine
        .micro_deposits()
        .create(&user, details("99887766", &routing))
        .await
        .expect("created");
    clock.advance(Duration::days(4));
    engine.run_sweeps().await.expect("sweep");
    let (a, b) = stranger.amounts();
    engine
        .micro_deposits()
        .verify(&client, stranger.guid.as_str(), (Some(a), Some(b)))
        .await
        .expect("verified");
    let unchanged = last().await.expect("a row");
    assert_eq!(unchanged.id, row.id);

    // Landed, then left unverified: six days on it still waits; seven, it expires.
    let left = engine
        .micro_deposits()
        .create(&user, details(&number, &routing))
        .await
        .expect("created");
    clock.advance(Duration::days(4));
    let landed = engine.run_sweeps().await.expect("sweep");
    assert_eq!(landed.deposits_landed, 1, "{landed:?}");
    let landed_at = engine
        .micro_deposits()
        .get(&user, left.guid.as_str())
        .await
        .expect("read")
        .deposit_expected_at
        .expect("landing time");
    clock.advance(landed_at + Duration::days(6) - clock.now());
    assert_eq!(
        engine.run_sweeps().await.expect("sweep").deposits_expired,
        0
    );
    assert_eq!(last().await.expect("a row").id, row.id);
    clock.advance(landed_at + Duration::days(7) - clock.now());
    let report = engine.run_sweeps().await.expect("sweep");
    assert_eq!(report.deposits_expired, 1, "{report:?}");
    let expired = engine
        .micro_deposits()
        .get(&user, left.guid.as_str())
        .await
        .expect("read");
    assert_eq!(expired.status, MicroDepositStatus::Errored);
    assert!(expired.error_message.is_some());
    let row = last().await.expect("a row");
    assert_eq!(
        body(&row),
        serde_json::json!({"webhook_type": "AUTH", "webhook_code": "VERIFICATION_EXPIRED",
                           "item_id": item_id, "account_id": account_id,
                           "environment": "sandbox"})
    );
    assert_eq!(
        engine.run_sweeps().await.expect("sweep").deposits_expired,
        0
    );
    assert_eq!(last().await.expect("a row").id, row.id, "announced once");
}

#[tokio::test]
async fn an_item_without_a_webhook_gets_no_auth_webhook() {
    let db = support::fresh_database().await;
    let clock = ManualClock::default();
    let engine = db
        .engine(
            Arc::new(clock.clone()),
            &support::mx_bank_catalogue(r#""supports_account_verification": true, "#),
            EngineConfig::default(),
        )
        .await;
    let (client, user) = support::client_and_user(&engine).await;
    let (member, _, (_, number, routing)) = linked_member(&engine, &user, None).await;
    let created = engine
        .micro_deposits()
        .create(&user, details(&number, &routing))
        .await
        .expect("created");
    clock.advance(Duration::days(4));
    let (a, b) = created.amounts();
    let done = engine
        .micro_deposits()
        .verify(&client, created.guid.as_str(), (Some(a), Some(b)))
        .await
        .expect("verified");
    assert_eq!(done.status, MicroDepositStatus::Verified);
    assert_eq!(
        engine.webhooks().last_row(&member).await.expect("rows"),
        None
    );
}
