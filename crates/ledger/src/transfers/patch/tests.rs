use super::*;
use serde_json::json;
use time::macros::date;

fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

fn acct(id: &str) -> AccountId {
    AccountId::new(id).unwrap()
}

fn base() -> NewTransfer {
    parse_new_transfer(&json!({
        "amount": "275.00",
        "sourceAccount": {"id": "bd9b7af2-6f9b", "label": "ignored"},
        "targetAccount": {"id": "88b1ca3e-d0f3"},
        "memo": "Cover check for car repair",
        "schedule": {"scheduledOn": "2022-06-28", "frequency": "monthly", "count": 3},
        "state": "processed",
        "id": "ignored-read-only"
    }))
    .unwrap()
}

#[test]
fn new_transfer_reads_the_spec_sample() {
    let draft = base();
    assert_eq!(draft.amount, dec("275.00"));
    assert_eq!(draft.from, acct("bd9b7af2-6f9b"));
    assert_eq!(draft.to, acct("88b1ca3e-d0f3"));
    assert_eq!(draft.schedule.scheduled_on, date!(2022 - 06 - 28));
    assert_eq!(draft.schedule.frequency, Frequency::Monthly);
    assert_eq!(draft.schedule.count, Some(3));
    let legacy = parse_new_transfer(&json!({
        "amount": "1.00",
        "sourceAccount": {"id": "bd9b7af2-6f9b"},
        "destinationAccount": {"id": "88b1ca3e-d0f3"},
        "schedule": {"scheduledOn": "2022-06-28", "frequency": "once"}
    }))
    .unwrap();
    assert_eq!(legacy.to, acct("88b1ca3e-d0f3"));
}

#[test]
fn new_transfer_requires_its_members() {
    let missing = parse_new_transfer(&json!({
        "amount": "1.00",
        "sourceAccount": {"id": "bd9b7af2-6f9b"},
        "targetAccount": {"id": "88b1ca3e-d0f3"},
        "schedule": {"frequency": "once"}
    }))
    .unwrap_err();
    assert_eq!(missing.status(), 400);
    assert!(missing.to_string().contains("schedule.scheduledOn"));
    assert!(parse_new_transfer(&json!({"amount": "1.00"})).is_err());
}

#[test]
fn merge_patch_keeps_clears_and_sets() {
    let patch = parse_patch(&json!({
        "amount": "300.00",
        "memo": null,
        "targetAccount": {"label": "no id: keep the account"},
        "schedule": {"count": null, "endsOn": "2022-12-31"},
        "updatedBy": "ignored"
    }))
    .unwrap();
    let merged = patch.apply_to(base());
    assert_eq!(merged.amount, dec("300.00"));
    assert_eq!(merged.memo, None);
    assert_eq!(merged.to, acct("88b1ca3e-d0f3"));
    assert_eq!(merged.schedule.count, None);
    assert_eq!(merged.schedule.ends_on, Some(date!(2022 - 12 - 31)));
    assert_eq!(merged.schedule.scheduled_on, date!(2022 - 06 - 28));
    assert_eq!(parse_patch(&json!({})).unwrap().apply_to(base()), base());
}

#[test]
fn spec_patch_sample_applies() {
    let patch = parse_patch(&json!({
        "amount": "275.00",
        "targetAccount": {"id": "c8396f59-624b"},
        "schedule": {"scheduledOn": "2022-07-05"}
    }))
    .unwrap();
    let merged = patch.apply_to(base());
    assert_eq!(merged.to, acct("c8396f59-624b"));
    assert_eq!(merged.schedule.scheduled_on, date!(2022 - 07 - 05));
    assert_eq!(
        merged.schedule.count,
        Some(3),
        "schedule merged member-wise"
    );
}

#[test]
fn malformed_patches_are_400_naming_the_member() {
    let cases = [
        (json!([]), "body"),
        (json!({"amount": null}), "amount"),
        (json!({"amount": 275.0}), "amount"),
        (json!({"amount": "275.0"}), "amount"),
        (json!({"amount": "-1.00"}), "amount"),
        (json!({"sourceAccount": null}), "sourceAccount"),
        (json!({"sourceAccount": {"id": null}}), "sourceAccount.id"),
        (json!({"sourceAccount": {"id": "x"}}), "sourceAccount.id"),
        (
            json!({"targetAccount": {"id": "88b1ca3e-d0f3"}, "destinationAccount": {"id": "88b1ca3e-d0f3"}}),
            "targetAccount",
        ),
        (json!({"memo": "m".repeat(81)}), "memo"),
        (json!({"schedule": null}), "schedule"),
        (
            json!({"schedule": {"frequency": null}}),
            "schedule.frequency",
        ),
        (
            json!({"schedule": {"frequency": "fortnightly"}}),
            "schedule.frequency",
        ),
        (
            json!({"schedule": {"scheduledOn": "2022-02-30"}}),
            "schedule.scheduledOn",
        ),
        (json!({"schedule": {"count": 0}}), "schedule.count"),
        (
            json!({"schedule": {"amountLimit": "0.50"}}),
            "schedule.amountLimit",
        ),
        (
            json!({"schedule": {"recurrenceType": "sometimes"}}),
            "schedule.recurrenceType",
        ),
    ];
    for (body, field) in cases {
        match parse_patch(&body) {
            Err(TransferError::BadRequest { field: got, .. }) => assert_eq!(got, field, "{body}"),
            other => panic!("{body}: {other:?}"),
        }
    }
}

#[test]
fn amount_limit_accepts_integers_and_money_strings() {
    let patch = parse_patch(&json!({"schedule": {"amountLimit": 500}})).unwrap();
    assert_eq!(
        patch.schedule.unwrap().amount_limit,
        Field::Set(Decimal::from(500))
    );
    let patch = parse_patch(&json!({"schedule": {"amountLimit": "500.00"}})).unwrap();
    assert_eq!(
        patch.schedule.unwrap().amount_limit,
        Field::Set(dec("500.00"))
    );
}
