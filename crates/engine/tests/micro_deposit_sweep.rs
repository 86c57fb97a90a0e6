//! Micro-deposits land through the sweep on the engine's clock, without anyone
//! reading them: INITIATED stays until a business day has passed, then DEPOSITED.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use polyfin_domain::micro_deposit::{MicroDepositDetails, MicroDepositStatus};
use polyfin_domain::ManualClock;
use polyfin_engine::EngineConfig;
use std::sync::Arc;

mod support;

const CATALOGUE: &str = r##"{"favorites": [], "institutions": [
  {"code": "bank", "name": "Bank", "url": "https://bank.example", "brand_color": "#333333",
   "credentials": [{"field_name": "LOGIN", "label": "Username", "field_type": "TEXT"}]}]}"##;

#[tokio::test]
async fn the_sweep_lands_deposits_after_a_business_day() {
    let db = support::fresh_database().await;
    let clock = ManualClock::default();
    let engine = db
        .engine(Arc::new(clock.clone()), CATALOGUE, EngineConfig::default())
        .await;
    let (_, user) = support::client_and_user(&engine).await;
    let details = MicroDepositDetails {
        account_number: Some("12345678".into()),
        account_type: Some("CHECKING".into()),
        routing_number: Some("021000021".into()),
        ..MicroDepositDetails::default()
    };
    let created = engine
        .micro_deposits()
        .create(&user, details)
        .await
        .expect("created");
    let guid = created.guid.to_string();

    assert_eq!(engine.run_sweeps().await.expect("sweep").deposits_landed, 0);
    clock.advance(time::Duration::days(4));
    let report = engine.run_sweeps().await.expect("sweep");
    assert_eq!(report.deposits_landed, 1, "{report:?}");
    assert_eq!(engine.run_sweeps().await.expect("sweep").deposits_landed, 0);
    let landed = engine
        .micro_deposits()
        .get(&user, &guid)
        .await
        .expect("read");
    assert_eq!(landed.status, MicroDepositStatus::Deposited);
}
