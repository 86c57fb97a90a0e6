//! The Connect widget's calls on the user's own data: completing and correcting a
//! micro-deposit (`updateMicrodeposit`), institutions discovered in the user's
//! transactions, and support tickets kept for the operator.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod connect_page;
mod support;

use connect_page::{open_session, open_session_for, Page};
use polyfin_domain::Clock;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::spawn_app;

fn message(body: &Value) -> String {
    body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn update(page: &Page<'_>, guid: &str, body: Value) -> (StatusCode, Value) {
    let path = page.users(&format!("/micro_deposits/{guid}"));
    page.call(Method::PUT, &path, Some(json!({ "micro_deposit": body })))
        .await
}

#[tokio::test]
async fn a_pre_initiated_micro_deposit_is_completed_then_locked_once_sent() {
    let app = spawn_app().await;
    let page = open_session(&app, json!({"mode": "verification"})).await;
    // The partner pre-initiates it through the MX API with the person only.
    let person = json!({"micro_deposit": {"email": "w@example.com", "first_name": "Wanda", "last_name": "Wu"}});
    let created = app
        .post_json(&format!("/users/{}/micro_deposits", page.user), person)
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text);
    let pre = &created.body["micro_deposit"][0];
    assert_eq!(pre["status"], json!("PREINITIATED"));
    let guid = pre["guid"].as_str().expect("guid").to_owned();

    // What the widget's confirm step sends (ConfirmDetails in 2.10.1).
    let account = json!({"account_name": "Savings", "account_number": "987654321",
        "account_type": 2, "routing_number": "091000019", "user_guid": page.user});
    let (status, bad) = update(
        &page,
        &guid,
        json!({"account_number": "987654321", "account_type": 2, "routing_number": "123456789"}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    assert!(message(&bad).contains("routing_number"), "{bad}");
    let (status, bad) = update(&page, &guid, json!({"account_type": 7})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    assert!(message(&bad).contains("account_type"), "{bad}");
    let (status, missing) = update(
        &page,
        "MIC-00000000-0000-0000-0000-000000000000",
        account.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");

    let (status, updated) = update(&page, &guid, account.clone()).await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    let md = &updated["micro_deposit"];
    assert_eq!(md["guid"], json!(guid));
    assert_eq!(md["status"], json!(0), "INITIATED: {md}");
    assert_eq!(md["account_type"], json!(2));
    assert_eq!(md["account_number"], json!("*****4321"));
    assert_eq!(md["first_name"], json!("Wanda"), "the person is kept");
    assert!(md["deposit_expected_at"].is_number(), "{md}");

    // The MX API sees the same micro-deposit, initiated, with the full number.
    let read = app
        .get(&format!("/users/{}/micro_deposits/{guid}", page.user))
        .await;
    let mx = &read.body["micro_deposit"][0];
    assert_eq!(
        (&mx["status"], &mx["account_number"], &mx["account_type"]),
        (&json!("INITIATED"), &json!("987654321"), &json!("SAVINGS"))
    );

    // A correction before the deposits are sent is still taken.
    let (status, fixed) = update(&page, &guid, json!({"account_number": "1122334455"})).await;
    assert_eq!(status, StatusCode::OK, "{fixed}");
    assert_eq!(
        fixed["micro_deposit"]["account_number"],
        json!("******4455")
    );

    // Once they have landed, the details are final: a 422 that says why (in a new
    // session: the days that pass outlive the first one).
    app.clock.advance(time::Duration::days(4));
    app.app_engine.run_sweeps().await.expect("sweeps");
    let page = open_session_for(&app, page.user.clone(), json!({"mode": "verification"})).await;
    let (status, refused) = update(&page, &guid, account).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(message(&refused).contains("already been sent"), "{refused}");
    let (_, read) = page
        .get(&page.users(&format!("/micro_deposits/{guid}")))
        .await;
    assert_eq!(
        read["micro_deposit"]["status"],
        json!(2),
        "DEPOSITED, unchanged"
    );
    assert_eq!(read["micro_deposit"]["account_number"], json!("******4455"));
}

/// A manual account holding transactions with these descriptions, dated today.
async fn transactions(page: &Page<'_>, descriptions: &[&str]) {
    let app = page.app;
    let account = json!({"account": {"name": "Checking", "account_type": "CHECKING"}});
    let made = app
        .post_json(&format!("/users/{}/accounts", page.user), account)
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.text);
    let a = made.body["account"]["guid"].as_str().expect("guid");
    let today = polyfin_domain::clock::format_date(app.clock.now().date());
    for description in descriptions {
        let body = json!({"transaction": {"amount": 125, "date": today,
            "description": description, "type": "DEBIT"}});
        let path = format!("/users/{}/accounts/{a}/transactions", page.user);
        let created = app.post_json(&path, body).await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.text);
    }
}

async fn discovered(page: &Page<'_>) -> Vec<Value> {
    let (status, body) = page
        .get(&page.users("/institutions/discovered?iso_country_code=US"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["institutions"]
        .as_array()
        .expect("institutions")
        .clone()
}

fn codes(institutions: &[Value]) -> Vec<&str> {
    institutions
        .iter()
        .map(|i| i["code"].as_str().unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn institutions_paid_from_the_users_accounts_are_discovered() {
    let app = spawn_app().await;
    let page = open_session(&app, json!({})).await;
    assert!(discovered(&page).await.is_empty(), "no data, no discovery");
    transactions(
        &page,
        &[
            "CHASE CREDIT CRD AUTOPAY PPD ID: 4760039224",
            "AMEX EPAYMENT ACH PMT W7721",
            "CHASE CREDIT CRD AUTOPAY PPD ID: 4760039224",
            "CHASE FIELD CONCESSIONS PHOENIX AZ",
            "STARBUCKS STORE 1234",
        ],
    )
    .await;
    let found = discovered(&page).await;
    assert_eq!(
        codes(&found),
        ["chase", "american_express"],
        "most paid first"
    );
    assert!(found[0]["guid"]
        .as_str()
        .unwrap_or_default()
        .starts_with("INS-"));
    assert!(found[0]["instructional_data"].is_object(), "{}", found[0]);

    // Once the user has Chase (here a partner-managed member), it is not offered.
    let managed = json!({"member": {"institution_code": "chase", "name": "Chase"}});
    let made = app
        .post_json(&format!("/users/{}/managed_members", page.user), managed)
        .await;
    assert_eq!(made.status, StatusCode::ACCEPTED, "{}", made.text);
    assert_eq!(codes(&discovered(&page).await), ["american_express"]);

    // Another user's discoveries are not this session's to read.
    let other = app.create_user(json!({})).await;
    let (status, _) = page
        .get(&format!("/users/{other}/institutions/discovered"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn support_tickets_are_kept_for_their_user_only() {
    let app = spawn_app().await;
    let page = open_session(&app, json!({})).await;
    let path = page.users("/support_tickets");
    let ticket = json!({"support_ticket": {"email": "w@example.com",
        "title": "Institution Request: Acme Credit Union",
        "message": "Website: https://acme.example\nLogin page: https://acme.example/login"}});
    let (status, _) = page.call(Method::POST, &path, Some(ticket)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, bad) = page
        .call(
            Method::POST,
            &path,
            Some(json!({"support_ticket": {"message": "help"}})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    assert!(message(&bad).contains("support_ticket.title"), "{bad}");

    let engine = &app.app_engine;
    let client = polyfin_domain::ids::ClientId::parse(&app.client_id).expect("client");
    let user = engine.users().get(&client, &page.user).await.expect("user");
    let every = polyfin_domain::page::PageRequest {
        page: 1,
        per_page: 100,
    };
    let kept = engine.support().list(&user, every).await.expect("tickets");
    assert_eq!(kept.total, 1, "the refused one was not kept");
    let t = &kept.items[0];
    assert_eq!(t.title, "Institution Request: Acme Credit Union");
    assert!(t.message.contains("acme.example/login"));
    assert_eq!(t.email.as_deref(), Some("w@example.com"));
    assert_eq!(t.client_id, client);
    assert!(t.guid.as_str().starts_with("SPT-"));

    // Another user of the same client sees none of them.
    let other = open_session(&app, json!({})).await;
    let stranger = engine
        .users()
        .get(&client, &other.user)
        .await
        .expect("user");
    let none = engine
        .support()
        .list(&stranger, every)
        .await
        .expect("tickets");
    assert_eq!(none.total, 0);
}
