#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The hosted bank's transaction kinds — a card purchase with merchant and MCC, a
//! cleared check with its images, an executed transfer — as Apiture shows them
//! (categories, merchant, check image URLs that Polyfin serves) and as an MX member
//! aggregates them (raw text + MCC categorized by the enrichment).
mod banking_support;
mod support;

use banking_support::*;
use polyfin_ledger::AccountId;
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{spawn_app, TestApp};
use time::Duration;

/// Card purchase, check and a transfer of 125.40 from checking to savings.
async fn activity(app: &TestApp, bank: &Bank) {
    let checking = AccountId::new(bank.checking.clone()).unwrap();
    let banking = app.app_engine.bank();
    banking
        .card_purchase(
            BANK,
            &checking,
            dec("12.40"),
            "Joe's Corner Diner",
            Some(5814),
        )
        .await
        .unwrap();
    banking
        .clear_check(
            BANK,
            &checking,
            1042,
            dec("89.99"),
            Some("City Water Dept".into()),
        )
        .await
        .unwrap();
    let on = today(app) + Duration::days(2);
    let created = post(
        app,
        &bank.token,
        "/transfers",
        transfer(&bank.checking, &bank.savings, "125.40", on),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    advance_to_business_day(app, 2).await;
}

fn find<'a>(items: &'a [Value], key: &str, value: &str) -> &'a Value {
    items
        .iter()
        .find(|t| t[key] == value)
        .unwrap_or_else(|| panic!("no {key}={value} in {items:?}"))
}

#[tokio::test]
async fn apiture_shows_categories_merchants_and_check_images() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    activity(&app, &bank).await;
    let token = token(&app, "max", PASSWORD).await;
    let path = format!("/accounts/{}/transactions", bank.checking);
    let reply = get(&app, &token, &path).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let items = reply.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 4, "{}", reply.text);

    let card = find(items, "amount", "-12.40");
    assert_eq!(card["type"], "debit");
    assert_eq!(card["merchant"], json!({"name": "Joe's Corner Diner"}));
    assert_eq!(card["category"]["label"], "Fast Food");
    let id = card["category"]["id"].as_str().unwrap();
    assert!((2..=32).contains(&id.len()), "{id}");

    let check = find(items, "type", "check");
    assert_eq!(check["amount"], "-89.99");
    assert_eq!(check["check"]["number"], 1042);
    assert_eq!(check["category"]["label"], "Check");
    assert_eq!(check["memo"], "City Water Dept");

    let moved = find(items, "amount", "-125.40");
    assert_eq!(moved["type"], "debit");
    assert_eq!(moved["category"]["label"], "Transfer");
    assert!(
        moved["description"]
            .as_str()
            .unwrap()
            .starts_with("Transfer to Savings *"),
        "{moved}"
    );
    let opening = find(items, "type", "balance");
    assert!(opening.get("category").is_none());

    let fast_food = get(
        &app,
        &token,
        &format!("{path}?categories=Fast%20Food%7CGroceries"),
    )
    .await;
    assert_eq!(fast_food.status, StatusCode::OK, "{}", fast_food.text);
    let only = fast_food.body["items"].as_array().unwrap();
    assert_eq!(only.len(), 1, "{}", fast_food.text);
    assert_eq!(only[0]["amount"], "-12.40");

    // The check's images are served, to the account's holders only.
    for (side, expect) in [
        ("imageFront_url", "City Water Dept"),
        ("imageBack_url", "PAID"),
    ] {
        let url = check["check"][side].as_str().unwrap();
        assert!(
            url.starts_with(&format!("{}/banking/accounts/", app.base_url)),
            "{url}"
        );
        let image = app.http.get(url).bearer_auth(&token).send().await.unwrap();
        assert_eq!(image.status(), StatusCode::OK);
        assert_eq!(image.headers()["content-type"], "image/svg+xml");
        let svg = image.text().await.unwrap();
        assert!(svg.starts_with("<svg") && svg.contains(expect), "{svg}");
        if side == "imageFront_url" {
            assert!(svg.contains("1042") && svg.contains("$89.99"), "{svg}");
        }
        let other = customer(&app, "Ann Other", &format!("ann-{side}"), "10.00").await;
        let hidden = app
            .http
            .get(url)
            .bearer_auth(&other.token)
            .send()
            .await
            .unwrap();
        assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    }
    let no_check = format!(
        "{path}/{}/images/front/content",
        card["id"].as_str().unwrap()
    );
    assert_problem(&get(&app, &token, &no_check).await, 404, "notFound");
    let no_side = format!(
        "{path}/{}/images/side/content",
        check["id"].as_str().unwrap()
    );
    assert_problem(&get(&app, &token, &no_side).await, 404, "notFound");
}

#[tokio::test]
async fn mx_aggregation_categorizes_the_hosted_banks_transactions() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    activity(&app, &bank).await;
    let user = app.create_user(json!({"id": "bank-categories"})).await;
    let credentials = app.credentials_for("polyfin", &["max", PASSWORD]).await;
    let created = app
        .post_json(
            &format!("/users/{user}/members"),
            json!({"member": {"institution_code": "polyfin", "credentials": credentials}}),
        )
        .await;
    assert_eq!(created.status, StatusCode::ACCEPTED, "{}", created.text);
    let member = created.body["member"]["guid"].as_str().unwrap().to_owned();
    assert_eq!(
        app.settle(&user, &member).await["connection_status"],
        "CONNECTED"
    );

    let listed = app
        .get(&format!(
            "/users/{user}/members/{member}/transactions?records_per_page=100"
        ))
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    let rows = listed.body["transactions"].as_array().unwrap();
    let amount = |value: f64, kind: &str| {
        rows.iter()
            .find(|t| t["amount"].as_f64() == Some(value) && t["type"] == kind)
            .unwrap_or_else(|| panic!("no {kind} {value}: {}", listed.text))
    };
    let card = amount(12.40, "DEBIT");
    assert_eq!(card["category"], "Fast Food", "{card}");
    assert_eq!(card["merchant_category_code"], 5814);
    assert_eq!(
        card["original_description"],
        "DEBIT CARD PURCHASE JOE'S CORNER DINER"
    );
    let check = amount(89.99, "DEBIT");
    assert_eq!(check["category"], "Check", "{check}");
    assert_eq!(check["check_number_string"], "1042", "{check}");
    let out = amount(125.40, "DEBIT");
    let into = amount(125.40, "CREDIT");
    assert_eq!(out["category"], "Transfer", "{out}");
    assert_eq!(into["category"], "Transfer", "{into}");
    assert_ne!(out["account_guid"], into["account_guid"]);
    assert_eq!(out["description"], "Transfer to Savings", "{out}");
    assert_eq!(into["description"], "Transfer from Checking", "{into}");
}
