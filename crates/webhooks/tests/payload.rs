//! Every webhook of spec §3.2 serialises to the seed's example plus the SDK's required
//! keys (`environment`, `display_message`, `cancelled_investments_transactions`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use polyfin_webhooks::payload::{
    AssetReportType, AssetsEvent, AuthEvent, CancelledCount, Environment, HoldingsEvent,
    InvestmentsTransactionsEvent, ItemEvent, LiabilitiesEvent, TransactionsEvent, WebhookError,
    WebhookEvent, WebhookPayload,
};
use serde_json::{json, Value};
use time::macros::datetime;

const ITEM: &str = "wz666MBjYWTp2PDzzggYhM6oWWmBb";

fn production(event: WebhookEvent) -> WebhookPayload {
    WebhookPayload::new(event, Environment::Production)
}

/// Compare as values (so a missing, extra or mistyped key fails with a readable diff),
/// then check the wire order: both tags first, `environment` last.
fn assert_wire(payload: &WebhookPayload, expected: Value) {
    let bytes = payload.to_json_bytes().unwrap();
    let actual: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(actual, expected);
    let text = String::from_utf8(bytes).unwrap();
    let prefix = format!(
        "{{\"webhook_type\":\"{}\",\"webhook_code\":\"{}\",",
        payload.webhook_type(),
        payload.webhook_code()
    );
    assert!(text.starts_with(&prefix), "{text}");
    assert!(
        text.ends_with(&format!(
            "\"environment\":\"{}\"}}",
            expected["environment"].as_str().unwrap()
        )),
        "{text}"
    );
    // The type/code accessors agree with what was written.
    assert_eq!(expected["webhook_type"], payload.webhook_type());
    assert_eq!(expected["webhook_code"], payload.webhook_code());
}

#[test]
fn item_error() {
    let payload = production(WebhookEvent::Item(ItemEvent::Error {
        item_id: ITEM.to_owned(),
        error: WebhookError::item_login_required(),
    }));
    assert_wire(
        &payload,
        json!({
            "webhook_type": "ITEM", "webhook_code": "ERROR", "item_id": ITEM,
            "error": {
                "display_message": null,
                "error_code": "ITEM_LOGIN_REQUIRED",
                "error_message": "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information. use Link's update mode to restore the item to a good state",
                "error_type": "ITEM_ERROR",
                "status": 400
            },
            "environment": "production"
        }),
    );
}

#[test]
fn item_pending_expiration() {
    let payload = production(WebhookEvent::Item(ItemEvent::PendingExpiration {
        item_id: ITEM.to_owned(),
        consent_expiration_time: datetime!(2020-01-15 13:25:17.766 UTC),
    }));
    assert_wire(
        &payload,
        json!({
            "webhook_type": "ITEM", "webhook_code": "PENDING_EXPIRATION", "item_id": ITEM,
            "consent_expiration_time": "2020-01-15T13:25:17.766Z",
            "environment": "production"
        }),
    );
}

#[test]
fn item_user_permission_revoked_has_a_null_display_message() {
    let item = "gAXlMgVEw5uEGoQnnXZ6tn9E7Mn3LBc4PJVKZ";
    let payload = production(WebhookEvent::Item(ItemEvent::UserPermissionRevoked {
        item_id: item.to_owned(),
        error: WebhookError::user_permission_revoked(),
    }));
    assert_wire(
        &payload,
        json!({
            "webhook_type": "ITEM", "webhook_code": "USER_PERMISSION_REVOKED",
            "error": {
                "error_code": "USER_PERMISSION_REVOKED",
                "error_message": "the holder of this account has revoked their permission for your application to access it",
                "error_type": "ITEM_ERROR",
                "display_message": null,
                "status": 400
            },
            "item_id": item,
            "environment": "production"
        }),
    );
}

#[test]
fn item_webhook_update_acknowledged() {
    let payload = production(WebhookEvent::Item(ItemEvent::WebhookUpdateAcknowledged {
        item_id: ITEM.to_owned(),
        error: None,
        new_webhook_url: "https://plaid.com/example/webhook".to_owned(),
    }));
    assert_wire(
        &payload,
        json!({
            "webhook_type": "ITEM", "webhook_code": "WEBHOOK_UPDATE_ACKNOWLEDGED",
            "item_id": ITEM, "error": null,
            "new_webhook_url": "https://plaid.com/example/webhook",
            "environment": "production"
        }),
    );
}

#[test]
fn item_login_repaired_and_new_accounts_available() {
    let repaired = production(WebhookEvent::Item(ItemEvent::LoginRepaired {
        item_id: ITEM.to_owned(),
    }));
    assert_wire(
        &repaired,
        json!({
            "webhook_type": "ITEM", "webhook_code": "LOGIN_REPAIRED", "item_id": ITEM,
            "environment": "production"
        }),
    );
    let new_accounts = WebhookPayload::new(
        WebhookEvent::Item(ItemEvent::NewAccountsAvailable {
            item_id: ITEM.to_owned(),
            error: None,
        }),
        Environment::Sandbox,
    );
    assert_wire(
        &new_accounts,
        json!({
            "webhook_type": "ITEM", "webhook_code": "NEW_ACCOUNTS_AVAILABLE", "item_id": ITEM,
            "error": null, "environment": "sandbox"
        }),
    );
}

/// Builds one of the three count-carrying TRANSACTIONS events.
type MakeUpdate = fn(String, u64) -> TransactionsEvent;

#[test]
fn transactions_initial_historical_and_default_updates() {
    let cases: [(MakeUpdate, &str, u64); 3] = [
        (
            |item_id, n| TransactionsEvent::InitialUpdate {
                item_id,
                error: None,
                new_transactions: n,
            },
            "INITIAL_UPDATE",
            19,
        ),
        (
            |item_id, n| TransactionsEvent::HistoricalUpdate {
                item_id,
                error: None,
                new_transactions: n,
            },
            "HISTORICAL_UPDATE",
            231,
        ),
        (
            |item_id, n| TransactionsEvent::DefaultUpdate {
                item_id,
                error: None,
                new_transactions: n,
            },
            "DEFAULT_UPDATE",
            3,
        ),
    ];
    for (make, code, count) in cases {
        let payload = production(WebhookEvent::Transactions(make(ITEM.to_owned(), count)));
        assert_wire(
            &payload,
            json!({
                "webhook_type": "TRANSACTIONS", "webhook_code": code, "item_id": ITEM,
                "error": null, "new_transactions": count, "environment": "production"
            }),
        );
    }
}

#[test]
fn spec_example_is_byte_identical() {
    // Spec §3.2's example, with our key order (environment last).
    let payload = production(WebhookEvent::Transactions(
        TransactionsEvent::DefaultUpdate {
            item_id: ITEM.to_owned(),
            error: None,
            new_transactions: 3,
        },
    ));
    assert_eq!(
        String::from_utf8(payload.to_json_bytes().unwrap()).unwrap(),
        r#"{"webhook_type":"TRANSACTIONS","webhook_code":"DEFAULT_UPDATE","item_id":"wz666MBjYWTp2PDzzggYhM6oWWmBb","error":null,"new_transactions":3,"environment":"production"}"#
    );
}

#[test]
fn transactions_removed_uses_type_transactions() {
    let payload = production(WebhookEvent::Transactions(
        TransactionsEvent::TransactionsRemoved {
            item_id: ITEM.to_owned(),
            removed_transactions: vec![
                "yBVBEwrPyJs8GvR77N7QTxnGg6wG74H7dEDN6".to_owned(),
                "kgygNvAVPzSX9KkddNdWHaVGRVex1MHm3k9no".to_owned(),
            ],
            error: None,
        },
    ));
    assert_wire(
        &payload,
        json!({
            "webhook_type": "TRANSACTIONS", "webhook_code": "TRANSACTIONS_REMOVED", "item_id": ITEM,
            "removed_transactions": ["yBVBEwrPyJs8GvR77N7QTxnGg6wG74H7dEDN6", "kgygNvAVPzSX9KkddNdWHaVGRVex1MHm3k9no"],
            "error": null, "environment": "production"
        }),
    );
}

#[test]
fn transactions_sync_updates_available() {
    let payload = production(WebhookEvent::Transactions(
        TransactionsEvent::SyncUpdatesAvailable {
            item_id: ITEM.to_owned(),
            initial_update_complete: true,
            historical_update_complete: false,
        },
    ));
    assert_wire(
        &payload,
        json!({
            "webhook_type": "TRANSACTIONS", "webhook_code": "SYNC_UPDATES_AVAILABLE", "item_id": ITEM,
            "initial_update_complete": true, "historical_update_complete": false,
            "environment": "production"
        }),
    );
}

#[test]
fn holdings_default_update() {
    let payload = production(WebhookEvent::Holdings(HoldingsEvent::DefaultUpdate {
        item_id: ITEM.to_owned(),
        error: None,
        new_holdings: 19,
        updated_holdings: 0,
    }));
    assert_wire(
        &payload,
        json!({
            "webhook_type": "HOLDINGS", "webhook_code": "DEFAULT_UPDATE", "item_id": ITEM,
            "error": null, "new_holdings": 19, "updated_holdings": 0, "environment": "production"
        }),
    );
}

#[test]
fn investments_transactions_carries_both_spellings() {
    let payload = production(WebhookEvent::InvestmentsTransactions(
        InvestmentsTransactionsEvent::DefaultUpdate {
            item_id: ITEM.to_owned(),
            error: None,
            new_investments_transactions: 16,
            cancelled_investments_transactions: CancelledCount(2),
        },
    ));
    assert_wire(
        &payload,
        json!({
            "webhook_type": "INVESTMENTS_TRANSACTIONS", "webhook_code": "DEFAULT_UPDATE", "item_id": ITEM,
            "error": null, "new_investments_transactions": 16,
            "canceled_investments_transactions": 2, "cancelled_investments_transactions": 2,
            "environment": "production"
        }),
    );
}

#[test]
fn liabilities_default_update() {
    let updated = BTreeMap::from([(
        "XMBvvyMGQ1UoLbKByoMqH3nXMj84ALSdE5B58".to_owned(),
        vec!["past_amount_due".to_owned()],
    )]);
    let payload = production(WebhookEvent::Liabilities(LiabilitiesEvent::DefaultUpdate {
        item_id: ITEM.to_owned(),
        error: None,
        account_ids_with_new_liabilities: vec![
            "XMBvvyMGQ1UoLbKByoMqH3nXMj84ALSdE5B58".to_owned(),
            "BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp".to_owned(),
        ],
        account_ids_with_updated_liabilities: updated,
    }));
    assert_wire(
        &payload,
        json!({
            "webhook_type": "LIABILITIES", "webhook_code": "DEFAULT_UPDATE", "item_id": ITEM,
            "error": null,
            "account_ids_with_new_liabilities": ["XMBvvyMGQ1UoLbKByoMqH3nXMj84ALSdE5B58", "BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp"],
            "account_ids_with_updated_liabilities": {"XMBvvyMGQ1UoLbKByoMqH3nXMj84ALSdE5B58": ["past_amount_due"]},
            "environment": "production"
        }),
    );
}

#[test]
fn auth_automatically_verified_and_verification_expired() {
    let item = "eVBnVMp7zdTJLkRNr33Rs6zr7KNJqBFL9DrE6";
    let verified = production(WebhookEvent::Auth(AuthEvent::AutomaticallyVerified {
        item_id: item.to_owned(),
        account_id: "dVzbVMLjrxTnLjX4G66XUp5GLklm4oiZy88yK".to_owned(),
    }));
    assert_wire(
        &verified,
        json!({
            "webhook_type": "AUTH", "webhook_code": "AUTOMATICALLY_VERIFIED", "item_id": item,
            "account_id": "dVzbVMLjrxTnLjX4G66XUp5GLklm4oiZy88yK", "environment": "production"
        }),
    );
    let expired = production(WebhookEvent::Auth(AuthEvent::VerificationExpired {
        item_id: item.to_owned(),
        account_id: "BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp".to_owned(),
    }));
    assert_wire(
        &expired,
        json!({
            "webhook_type": "AUTH", "webhook_code": "VERIFICATION_EXPIRED", "item_id": item,
            "account_id": "BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp", "environment": "production"
        }),
    );
}

#[test]
fn assets_product_ready_and_error() {
    let id = "1f414183-220c-44f5-b0c8-bc0e6d4053bb";
    let ready = production(WebhookEvent::Assets(AssetsEvent::ProductReady {
        asset_report_id: id.to_owned(),
        report_type: Some(AssetReportType::Full),
    }));
    assert_wire(
        &ready,
        json!({
            "webhook_type": "ASSETS", "webhook_code": "PRODUCT_READY", "asset_report_id": id,
            "report_type": "FULL", "environment": "production"
        }),
    );
    let unknown_type = production(WebhookEvent::Assets(AssetsEvent::ProductReady {
        asset_report_id: id.to_owned(),
        report_type: None,
    }));
    assert_wire(
        &unknown_type,
        json!({
            "webhook_type": "ASSETS", "webhook_code": "PRODUCT_READY", "asset_report_id": id,
            "environment": "production"
        }),
    );
    let failed = production(WebhookEvent::Assets(AssetsEvent::Error {
        asset_report_id: id.to_owned(),
        error: WebhookError::new(
            "ASSET_REPORT_ERROR",
            "ASSET_REPORT_GENERATION_FAILED",
            "generation failed",
        ),
    }));
    assert_wire(
        &failed,
        json!({
            "webhook_type": "ASSETS", "webhook_code": "ERROR", "asset_report_id": id,
            "error": {"error_type": "ASSET_REPORT_ERROR", "error_code": "ASSET_REPORT_GENERATION_FAILED",
                      "error_message": "generation failed", "display_message": null, "status": 400},
            "environment": "production"
        }),
    );
}

#[test]
fn an_error_can_ride_on_an_update() {
    let payload = production(WebhookEvent::Transactions(
        TransactionsEvent::DefaultUpdate {
            item_id: ITEM.to_owned(),
            error: Some(WebhookError::new(
                "INSTITUTION_ERROR",
                "INSTITUTION_DOWN",
                "down",
            )),
            new_transactions: 0,
        },
    ));
    let value: Value = serde_json::from_slice(&payload.to_json_bytes().unwrap()).unwrap();
    assert_eq!(value["error"]["error_code"], "INSTITUTION_DOWN");
    assert_eq!(value["error"]["display_message"], Value::Null);
    assert_eq!(value["new_transactions"], 0);
}
