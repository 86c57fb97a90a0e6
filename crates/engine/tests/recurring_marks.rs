//! A member's first history gets its recurring marks before it is written (they are
//! all of its transactions); a later aggregation recomputes them from what is stored.
//! Both ways must agree, to the transaction.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use polyfin_domain::member::JobKind;
use polyfin_domain::ManualClock;
use polyfin_engine::jobs::{JobOptions, Started};
use polyfin_engine::EngineConfig;
use std::collections::BTreeMap;
use std::sync::Arc;

mod support;

#[tokio::test]
async fn first_history_marks_match_the_marks_recomputed_from_storage() {
    let db = support::fresh_database().await;
    let clock = ManualClock::default();
    let engine = db
        .engine(
            Arc::new(clock.clone()),
            &support::mx_bank_catalogue(r#""is_test": true, "#),
            EngineConfig::default(),
        )
        .await;
    let (client, user) = support::client_and_user(&engine).await;
    let store = db.open().await;
    let marks = || async {
        store
            .user_transactions(&client, &user.guid)
            .await
            .expect("transactions")
            .into_iter()
            .map(|t| (t.guid.as_str().to_owned(), t.flags.is_recurring))
            .collect::<BTreeMap<_, _>>()
    };

    for login in ["marks-a", "marks-b", "marks-c"] {
        let member = engine
            .members()
            .create(&user, support::mx_bank_member(login, "password"))
            .await
            .expect("member")
            .member;
        support::run_jobs(&engine).await;
        let first = marks().await;
        let recurring = first.values().filter(|&&r| r).count();
        assert!(
            recurring > 0 && recurring < first.len(),
            "{login}: {recurring} of {} recurring",
            first.len()
        );

        // The same day's fetch again: nothing new, so the job recomputes the marks of
        // what is stored, which must change nothing.
        let started = engine
            .jobs()
            .start_by_guid(
                &user,
                member.guid.as_str(),
                JobKind::Aggregation,
                JobOptions::default(),
            )
            .await
            .expect("aggregation");
        assert!(matches!(started, Started::Job(_)), "{started:?}");
        support::run_jobs(&engine).await;
        assert_eq!(marks().await, first, "{login}");
    }
}
