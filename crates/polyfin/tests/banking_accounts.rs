#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `/banking` accounts, balances, transactions, institutions and transfer schedules.
mod banking_support;
mod support;

use banking_support::*;
use reqwest::StatusCode;
use serde_json::Value;
use support::spawn_app;

#[tokio::test]
async fn list_accounts_filters_and_pages() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    let reply = get(&app, &bank.token, "/accounts").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.body["limit"], 100);
    let items = reply.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert!(reply.body.get("nextPage_url").is_none());
    let checking = items
        .iter()
        .find(|a| a["id"] == bank.checking.as_str())
        .unwrap();
    assert_eq!(checking["title"], "Max Pike");
    assert_eq!(checking["location"], "internal");
    assert_eq!(checking["product"]["type"], "checking");
    assert_eq!(checking["allows"]["transferFrom"], true);
    let masked = checking["maskedNumber"].as_str().unwrap();
    assert_eq!(checking["label"], format!("Checking {masked}"));
    assert!(checking.get("electronicStatements").is_none());

    let only = get(&app, &bank.token, "/accounts?productType=savings%7Ccd").await;
    assert_eq!(only.body["items"].as_array().unwrap().len(), 2);
    let movable = get(&app, &bank.token, "/accounts?allows=transferFrom,view").await;
    assert_eq!(movable.body["items"].as_array().unwrap().len(), 2);

    // Paging: two pages of 2 and 1, following nextPage_url.
    let first = get(&app, &bank.token, "/accounts?limit=2").await;
    assert_eq!(first.body["items"].as_array().unwrap().len(), 2);
    let next = first.body["nextPage_url"].as_str().unwrap();
    assert!(
        next.starts_with(&format!("{}/banking/accounts?", app.base_url)),
        "{next}"
    );
    let second = app.send(app.http.get(next).bearer_auth(&bank.token)).await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.text);
    assert_eq!(second.body["items"].as_array().unwrap().len(), 1);
    assert!(second.body["start"].is_string());
    assert!(second.body.get("nextPage_url").is_none());
    let empty = get(&app, &bank.token, "/accounts?limit=0").await;
    assert_eq!(empty.body["items"], Value::Array(vec![]));

    for bad in [
        "/accounts?productType=stocks",
        "/accounts?productType=cd%7Ccd",
        "/accounts?allows=fly",
        "/accounts?location=outside",
        "/accounts?limit=1001",
        "/accounts?start=garbage!",
    ] {
        assert_problem(&get(&app, &bank.token, bad).await, 400, "badRequest");
    }
}

#[tokio::test]
async fn get_account_is_private_to_its_holders() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    let other = customer(&app, "Ann Other", "ann", "10.00").await;
    let reply = get(&app, &bank.token, &format!("/accounts/{}", bank.checking)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.body["electronicStatements"], false);
    assert_problem(
        &get(&app, &other.token, &format!("/accounts/{}", bank.checking)).await,
        404,
        "notFound",
    );
    assert_problem(
        &get(&app, &bank.token, "/accounts/nope").await,
        404,
        "notFound",
    );
    assert_problem(
        &get(&app, &bank.token, "/accounts/unknown-account").await,
        404,
        "notFound",
    );
}

#[tokio::test]
async fn balances_are_two_decimal_strings() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    let path = format!(
        "/accountBalances?accounts={},{}",
        bank.savings, bank.checking
    );
    let reply = get(&app, &bank.token, &path).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let items = reply.body["items"].as_array().unwrap();
    assert_eq!(items[0]["id"], bank.savings.as_str());
    assert_eq!(items[0]["available"], "250.00");
    assert_eq!(items[1]["available"], "1000.00");
    assert_eq!(items[1]["currentWithPending"], "1000.00");
    assert_eq!(items[1]["incomplete"], false);
    assert!(items[1]["updatedAt"].as_str().unwrap().ends_with('Z'));
    // All viewable accounts when `accounts` is omitted.
    let all = get(&app, &bank.token, "/accountBalances").await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 3);

    let other = customer(&app, "Ann Other", "ann", "10.00").await;
    let foreign = format!("/accountBalances?accounts={}", other.checking);
    assert_problem(
        &get(&app, &bank.token, &foreign).await,
        422,
        "invalidAccountId",
    );
    assert_problem(
        &get(&app, &bank.token, "/accountBalances?accounts=unknown-id").await,
        422,
        "invalidAccountId",
    );
    for bad in [
        "/accountBalances?accounts=a,b",
        "/accountBalances?retryCount=11",
        &format!("/accountBalances?accounts={0},{0}", bank.checking),
    ] {
        assert_problem(&get(&app, &bank.token, bad).await, 400, "badRequest");
    }
}

#[tokio::test]
async fn transactions_filter_with_the_range_grammars() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    let account = polyfin_ledger::AccountId::new(bank.checking.clone()).unwrap();
    for amount in ["12.50", "1070.25"] {
        app.app_engine
            .bank()
            .deposit(BANK, &account, dec(amount))
            .await
            .unwrap();
    }
    let path = format!("/accounts/{}/transactions", bank.checking);
    let reply = get(&app, &bank.token, &path).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let items = reply.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    // Newest first, with running balances.
    assert_eq!(items[0]["amount"], "1070.25");
    assert_eq!(items[0]["type"], "credit");
    assert_eq!(items[0]["balance"], "2082.75");
    assert_eq!(items[2]["type"], "balance");
    assert_eq!(items[2]["amount"], "0.00");
    assert_eq!(items[2]["balance"], "1000.00");
    let today = iso(today(&app));

    let cases = [
        ("?amount=%5B1000.00,1100.00)", 1),
        ("?amount=12.5", 1),
        ("?type=balance%7Ccredit", 3),
        ("?type=credit", 2),
        (&format!("?postedOn={today}") as &str, 3),
        (&format!("?createdOn=(,{today})"), 0),
        ("?checkNumber=%5B1,%5D", 0),
        ("?categories=Shopping", 0),
        ("?limit=1", 1),
    ];
    for (query, expected) in cases {
        let reply = get(&app, &bank.token, &format!("{path}{query}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.text);
        assert_eq!(
            reply.body["items"].as_array().unwrap().len(),
            expected,
            "{query}"
        );
    }
    for bad in [
        "?postedOn=2022-02-30",
        "?amount=abc",
        "?type=debit%7Cdebit",
        "?checkNumber=x",
    ] {
        assert_problem(
            &get(&app, &bank.token, &format!("{path}{bad}")).await,
            400,
            "badRequest",
        );
    }
    let reversed = format!("{path}?postedOn=%5B2022-06-01,2022-05-01%5D");
    assert_problem(
        &get(&app, &bank.token, &reversed).await,
        422,
        "unprocessableEntity",
    );
    assert_problem(
        &get(&app, &bank.token, "/accounts/unknown-account/transactions").await,
        404,
        "notFound",
    );
}

#[tokio::test]
async fn institutions_by_locator() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    let reply = get(
        &app,
        &bank.token,
        "/institutionByLocator?locator=503000206&locatorType=abaRoutingNumber&countryCode=US",
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.body["found"], true);
    assert_eq!(reply.body["institution"]["locator"], "503000206");
    let missing = get(
        &app,
        &bank.token,
        "/institutionByLocator?locator=011000015&locatorType=abaRoutingNumber&countryCode=US",
    )
    .await;
    assert_eq!(missing.status, StatusCode::OK, "{}", missing.text);
    let invalid =
        "/institutionByLocator?locator=503000207&locatorType=abaRoutingNumber&countryCode=US";
    assert_problem(
        &get(&app, &bank.token, invalid).await,
        422,
        "invalidLocator",
    );
    let wrong_type = "/institutionByLocator?locator=503000206&locatorType=routing&countryCode=US";
    assert_problem(&get(&app, &bank.token, wrong_type).await, 400, "badRequest");
    let absent = "/institutionByLocator?locatorType=abaRoutingNumber&countryCode=US";
    assert_problem(&get(&app, &bank.token, absent).await, 400, "badRequest");
}

#[tokio::test]
async fn transfer_schedule_follows_the_spec_example() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    let path = "/institutions/POLYFIN/transferSchedule?startsOn=2022-06-27&direction=debit&frequency=weekly";
    let reply = get(&app, &bank.token, path).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let items = reply.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 6);
    assert_eq!(items[1]["scheduledOn"], "2022-07-04");
    assert_eq!(items[1]["effectiveOn"], "2022-07-05");
    assert_eq!(items[5]["effectiveOn"], "2022-08-01");
    let once = get(&app, &bank.token, "/institutions/POLYFIN/transferSchedule?startsOn=2022-07-04&direction=credit&frequency=once").await;
    assert_eq!(once.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(once.body["items"][0]["effectiveOn"], "2022-07-01");

    let unknown =
        "/institutions/NOPE/transferSchedule?startsOn=2022-06-27&direction=debit&frequency=weekly";
    assert_problem(&get(&app, &bank.token, unknown).await, 404, "notFound");
    for bad in [
        "?startsOn=2022-06-27&direction=debit&frequency=weekly&count=13",
        "?startsOn=2022-06-27&direction=up&frequency=weekly",
        "?direction=debit&frequency=weekly",
    ] {
        let reply = get(
            &app,
            &bank.token,
            &format!("/institutions/POLYFIN/transferSchedule{bad}"),
        )
        .await;
        assert_problem(&reply, 400, "badRequest");
    }
    let backwards = "/institutions/POLYFIN/transferSchedule?startsOn=2022-06-27&endsOn=2022-06-01&direction=debit&frequency=weekly";
    assert_problem(
        &get(&app, &bank.token, backwards).await,
        422,
        "unprocessableEntity",
    );
}
