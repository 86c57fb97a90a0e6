//! The Connect widget's backend (`/connect/api`): sessions from one-time widget URLs,
//! the widget's integer shapes, and its member, MFA and job calls on the engine. The
//! real widget drives the same routes in the browser tests (`e2e/`).

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod connect_page;
mod support;

use connect_page::{open_session, Page};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::spawn_app;

async fn mx_bank(page: &Page<'_>) -> (String, Vec<Value>) {
    let (status, body) = page.get("/institutions/mxbank").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let institution = body["institution"].clone();
    assert!(institution["instructional_data"].is_object());
    let guid = institution["guid"].as_str().expect("guid").to_owned();
    let (_, creds) = page.get(&format!("/institutions/{guid}/credentials")).await;
    let fields = creds["credentials"]
        .as_array()
        .expect("credentials")
        .clone();
    assert_eq!(fields[1]["field_type"], json!(1), "PASSWORD is 1: {creds}");
    (guid, fields)
}

async fn add_member(page: &Page<'_>, login: &str, password: &str) -> (StatusCode, Value) {
    let (institution, fields) = mx_bank(page).await;
    let credentials = json!([
        {"guid": fields[0]["guid"], "value": login},
        {"guid": fields[1]["guid"], "value": password},
    ]);
    page.call(
        Method::POST,
        &page.users("/members"),
        Some(json!({"member": {"institution_guid": institution, "credentials": credentials}})),
    )
    .await
}

/// Polls the member as the widget does until no job runs (or it is challenged).
async fn settle(page: &Page<'_>, member: &str) -> Value {
    for _ in 0..500 {
        let (_, body) = page.get(&page.users(&format!("/members/{member}"))).await;
        let m = body["member"].clone();
        if m["is_being_aggregated"] == false || m["connection_status"] == json!(3) {
            return m;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("member never settled");
}

#[tokio::test]
async fn a_member_connects_through_the_widget_calls() {
    let app = spawn_app().await;
    let page = open_session(&app, json!({})).await;
    let (status, body) = add_member(&page, "wanda", "password").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let member = &body["member"];
    assert_eq!(
        member["connection_status"],
        json!(0),
        "CREATED waits for runJob"
    );
    assert_eq!(member["is_being_aggregated"], json!(false));
    let guid = member["guid"].as_str().expect("guid").to_owned();
    let jobs = page.users(&format!("/members/{guid}/jobs"));
    let (status, started) = page
        .call(Method::POST, &jobs, Some(json!({"job_type": 0})))
        .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    assert_eq!(started["job"]["job_type"], json!(0));
    // The same job type again is the running job, not a conflict.
    let (again, _) = page
        .call(Method::POST, &jobs, Some(json!({"job_type": 0})))
        .await;
    assert_eq!(again, StatusCode::OK);
    let settled = settle(&page, &guid).await;
    assert_eq!(settled["connection_status"], json!(6), "{settled}");
    let job_guid = settled["most_recent_job_guid"].as_str().expect("job");
    let (_, job) = page.get(&page.users(&format!("/jobs/{job_guid}"))).await;
    assert_eq!(job["job"]["job_type"], json!(0));
    assert!(job["job"]["finished_at"].is_i64());

    // The same login again is "member already exists", naming that member.
    let (status, exists) = add_member(&page, "wanda", "password").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(exists["existing_member_guid"], json!(guid));
    let (_, members) = page.get(&page.users("/members")).await;
    assert_eq!(members["members"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn mfa_answers_resume_the_same_job_and_errors_are_localised() {
    let app = spawn_app().await;
    let page = open_session(&app, json!({})).await;
    let (_, body) = add_member(&page, "olga", "options").await;
    let guid = body["member"]["guid"].as_str().expect("guid").to_owned();
    let jobs = page.users(&format!("/members/{guid}/jobs"));
    page.call(Method::POST, &jobs, Some(json!({"job_type": 0})))
        .await;
    let challenged = settle(&page, &guid).await;
    assert_eq!(challenged["connection_status"], json!(3));
    let question = &challenged["mfa"]["credentials"][0];
    assert_eq!(question["field_type"], json!(2), "OPTIONS");
    let option = question["options"]
        .as_array()
        .expect("options")
        .iter()
        .find(|o| o["guid"] == json!("correct"))
        .expect("an option");
    assert_eq!(option["credential_guid"], question["guid"]);
    let answer =
        json!({"member": {"challenges": [{"guid": question["guid"], "value": option["guid"]}]}});
    let (status, resumed) = page
        .call(
            Method::PUT,
            &page.users(&format!("/members/{guid}/resume")),
            Some(answer),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{resumed}");
    assert_eq!(resumed["member"]["connection_status"], json!(18));
    assert_eq!(
        resumed["member"]["most_recent_job_guid"],
        challenged["most_recent_job_guid"]
    );
    assert_eq!(settle(&page, &guid).await["connection_status"], json!(6));

    let (_, body) = add_member(&page, "lars", "LOCKED").await;
    let locked_guid = body["member"]["guid"].as_str().expect("guid").to_owned();
    let jobs = page.users(&format!("/members/{locked_guid}/jobs"));
    page.call(Method::POST, &jobs, Some(json!({"job_type": 0})))
        .await;
    let locked = settle(&page, &locked_guid).await;
    assert_eq!(locked["connection_status"], json!(5));
    let message = locked["error"]["user_message"].as_str().unwrap_or_default();
    assert!(message.contains("bloqueada"), "Spanish: {message}");
}

#[tokio::test]
async fn sessions_are_bound_to_their_user_and_bad_input_names_the_field() {
    let app = spawn_app().await;
    let page = open_session(&app, json!({"mode": "verification"})).await;
    let other = app.create_user(json!({})).await;
    let (status, _) = page.get(&format!("/users/{other}/members")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another user's members");

    let anonymous = app
        .http
        .get(format!(
            "{}/connect/api{}",
            app.base_url,
            page.users("/members")
        ))
        .send()
        .await
        .expect("request");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    // The last two characters changed (to "00", or "11" when they were "00").
    let (kept, last) = page.token.split_at(page.token.len() - 2);
    let tampered = Page {
        app: &app,
        token: format!("{kept}{}", if last == "00" { "11" } else { "00" }),
        user: page.user.clone(),
    };
    assert_eq!(
        tampered.get(&page.users("/members")).await.0,
        StatusCode::UNAUTHORIZED
    );

    let (status, body) = page
        .call(
            Method::POST,
            &page.users("/members"),
            Some(json!({"member": {}})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("institution_guid"));
    let (status, body) = page
        .call(
            Method::POST,
            &page.users("/members/MBR-x/jobs"),
            Some(json!({"job_type": 11})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // Verification mode offers only institutions that verify accounts.
    let (_, found) = page
        .get("/institutions?search_name=bank&page=1&per_page=25")
        .await;
    let institutions = found["institutions"].as_array().expect("list");
    assert!(!institutions.is_empty());
    assert!(institutions
        .iter()
        .all(|i| i["account_verification_is_enabled"] == json!(true)));

    // The session ends with its lifetime.
    app.clock.advance(time::Duration::hours(3));
    assert_eq!(
        page.get(&page.users("/members")).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn manual_accounts_micro_deposits_and_the_small_calls() {
    let app = spawn_app().await;
    let page = open_session(&app, json!({})).await;
    let account = json!({"account": {"account_type": 2, "user_name": "Rainy day", "balance": "1,250.50", "is_personal": true}});
    let (status, body) = page
        .call(Method::POST, &page.users("/accounts"), Some(account))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["account"]["account_type"], json!(2));
    let institution = body["account"]["institution_guid"].as_str().expect("guid");
    assert!(institution.starts_with("INS-MANUAL"), "{body}");
    let (status, manual) = page.get(&format!("/institutions/{institution}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(manual["institution"]["instructional_data"].is_object());
    let (_, members) = page.get(&page.users("/members")).await;
    assert_eq!(members["members"][0]["is_manual"], json!(true));

    let (_, allowed) = page.get("/routing_numbers/091000019").await;
    assert_eq!(allowed, json!({}));
    let (_, blocked) = page.get("/routing_numbers/123456789").await;
    assert_eq!(blocked["blocked_routing_number"]["reason"], json!(0));

    let details = json!({"micro_deposit": {"account_name": "Checking", "account_number": "1234567890",
        "account_type": 1, "routing_number": "091000019", "email": "w@example.com",
        "first_name": "Wanda", "last_name": "Wu", "user_guid": page.user}});
    let (status, created) = page
        .call(Method::POST, &page.users("/micro_deposits"), Some(details))
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let md = &created["micro_deposit"];
    assert_eq!(md["status"], json!(0), "INITIATED");
    assert_eq!(md["account_number"], json!("******7890"));
    let guid = md["guid"].as_str().expect("guid");
    let (status, _) = page
        .call(
            Method::POST,
            &page.users(&format!("/micro_deposits/{guid}/refresh")),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, bad) = page
        .call(
            Method::PUT,
            &format!("/micro_deposits/{guid}/verify"),
            Some(json!({"micro_deposit": {"deposit_amount_1": "5x", "deposit_amount_2": "07"}})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    assert!(bad["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("deposit_amount_1"));

    let ticket = json!({"support_ticket": {"email": "w@example.com", "title": "Institution Request: Acme", "message": "please"}});
    let (status, _) = page
        .call(Method::POST, &page.users("/support_tickets"), Some(ticket))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, profile) = page
        .call(
            Method::PUT,
            &page.users("/user_profile"),
            Some(json!({"user_profile": {"too_small_modal_dismissed_at": 1_700_000_000}})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        profile["user_profile"]["too_small_modal_dismissed_at"],
        json!(1_700_000_000)
    );
}
