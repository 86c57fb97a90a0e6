//! Correcting a micro-deposit's details (`updateMicrodeposit` in the Connect widget):
//! allowed until the deposits are sent, checked like a new one, and a change of bank
//! details sends the deposits again.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use polyfin_domain::ids::{ClientId, MicroDepositGuid, UserGuid};
use polyfin_domain::micro_deposit::{
    deposits_land_at, ChangeRefused, MicroDeposit, MicroDepositDetails, MicroDepositStatus,
};
use time::macros::datetime;
use time::Duration;

fn preinitiated() -> MicroDeposit {
    let now = datetime!(2024-06-07 10:00 UTC);
    MicroDeposit {
        guid: MicroDepositGuid::generate(),
        client_id: ClientId::generate(),
        user_guid: UserGuid::generate(),
        account_name: None,
        account_number: None,
        account_type: None,
        routing_number: None,
        email: Some("a@b.co".into()),
        first_name: Some("Ann".into()),
        last_name: Some("Bee".into()),
        status: MicroDepositStatus::Preinitiated,
        attempts: 0,
        error_message: None,
        deposit_expected_at: None,
        verified_at: None,
        created_at: now,
        updated_at: now,
    }
}

#[test]
fn details_change_until_the_deposits_are_sent() {
    let mut md = preinitiated();
    let now = md.created_at + Duration::hours(2);
    let bank = MicroDepositDetails {
        account_number: Some("987654321".into()),
        account_type: Some("savings".into()),
        routing_number: Some("091000019".into()),
        email: Some(String::new()),
        ..Default::default()
    };
    md.apply(bank, now).expect("bank details complete it");
    assert_eq!(md.status, MicroDepositStatus::Initiated);
    assert_eq!(md.account_type.as_deref(), Some("SAVINGS"));
    assert_eq!(
        md.email.as_deref(),
        Some("a@b.co"),
        "empty keeps the stored email"
    );
    assert_eq!(md.deposit_expected_at, Some(deposits_land_at(now)));

    // A new name only: the deposits keep their day.
    let later = now + Duration::hours(1);
    let name = MicroDepositDetails {
        first_name: Some("Anne".into()),
        ..Default::default()
    };
    md.apply(name, later).expect("name");
    assert_eq!(md.first_name.as_deref(), Some("Anne"));
    assert_eq!(md.deposit_expected_at, Some(deposits_land_at(now)));
    assert_eq!(md.updated_at, later);

    // A bad routing number is refused, naming the field, and changes nothing.
    let before = md.clone();
    let bad = MicroDepositDetails {
        routing_number: Some("123456789".into()),
        ..Default::default()
    };
    match md.apply(bad, later) {
        Err(ChangeRefused::Invalid(e)) => assert_eq!(e.field, "micro_deposit.routing_number"),
        other => panic!("expected an invalid field, got {other:?}"),
    }
    assert_eq!(md, before);

    // A corrected account number after ERRORED sends the deposits again.
    md.status = MicroDepositStatus::Errored;
    md.error_message = Some("The account was closed.".into());
    let fixed = MicroDepositDetails {
        account_number: Some("55554444".into()),
        ..Default::default()
    };
    md.apply(fixed, later).expect("retry");
    assert_eq!(md.status, MicroDepositStatus::Initiated);
    assert_eq!(md.error_message, None);
    assert_eq!(md.deposit_expected_at, Some(deposits_land_at(later)));

    // Once deposited, nothing changes.
    assert!(md.land(later + Duration::days(3)));
    assert_eq!(
        md.apply(MicroDepositDetails::default(), later + Duration::days(3)),
        Err(ChangeRefused::NotChangeable(MicroDepositStatus::Deposited))
    );
}
