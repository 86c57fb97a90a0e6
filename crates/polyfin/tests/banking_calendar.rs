#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `listTransferSchedule` over HTTP around the holidays the issue names, checked by
//! hand: Independence Day 2026 falls on a Saturday (the Fed stays open on Friday
//! 2026-07-03), Thanksgiving 2026 is Thursday 11-26, Christmas 2027 is a Saturday.
mod banking_support;
mod support;

use banking_support::*;
use reqwest::StatusCode;
use support::spawn_app;

/// (startsOn, direction, frequency, count, expected (scheduledOn, effectiveOn) pairs)
type Case = (
    &'static str,
    &'static str,
    &'static str,
    u8,
    &'static [(&'static str, &'static str)],
);

#[tokio::test]
async fn holiday_schedules_match_the_hand_checked_dates() {
    let app = spawn_app().await;
    let bank = setup(&app).await;
    let cases: [Case; 8] = [
        (
            "2026-07-03",
            "debit",
            "once",
            1,
            &[("2026-07-03", "2026-07-03")],
        ),
        (
            "2026-07-03",
            "credit",
            "once",
            1,
            &[("2026-07-03", "2026-07-03")],
        ),
        (
            "2026-07-04",
            "debit",
            "once",
            1,
            &[("2026-07-04", "2026-07-06")],
        ),
        (
            "2026-07-04",
            "credit",
            "once",
            1,
            &[("2026-07-04", "2026-07-03")],
        ),
        (
            "2026-11-19",
            "debit",
            "weekly",
            3,
            &[
                ("2026-11-19", "2026-11-19"),
                ("2026-11-26", "2026-11-27"),
                ("2026-12-03", "2026-12-03"),
            ],
        ),
        (
            "2026-11-19",
            "credit",
            "weekly",
            2,
            &[("2026-11-19", "2026-11-19"), ("2026-11-26", "2026-11-25")],
        ),
        (
            "2027-12-25",
            "debit",
            "once",
            1,
            &[("2027-12-25", "2027-12-27")],
        ),
        (
            "2027-11-25",
            "credit",
            "monthly",
            2,
            &[("2027-11-25", "2027-11-24"), ("2027-12-25", "2027-12-24")],
        ),
    ];
    for (starts, direction, frequency, count, expected) in cases {
        let path = format!(
            "/institutions/POLYFIN/transferSchedule?startsOn={starts}&direction={direction}&frequency={frequency}&count={count}"
        );
        let reply = get(&app, &bank.token, &path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text);
        let got: Vec<(String, String)> = reply.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["scheduledOn"].as_str().unwrap().to_owned(),
                    i["effectiveOn"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(s, e)| ((*s).to_owned(), (*e).to_owned()))
            .collect();
        assert_eq!(got, want, "{path}");
    }
}
