//! The backoff schedule: doubling from 30 s, capped, bounded jitter, a last attempt.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use polyfin_webhooks::retry::{FixedJitter, JitterSource, NoJitter, RetryPolicy, RngJitter};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2024-03-01 08:00:00 UTC);

#[test]
fn default_schedule_doubles_from_thirty_seconds_to_a_four_hour_cap() {
    let policy = RetryPolicy::default();
    let delays: Vec<i64> = (1..policy.max_attempts)
        .map(|n| policy.nominal_delay(n).unwrap().whole_seconds())
        .collect();
    assert_eq!(
        delays,
        [30, 60, 120, 240, 480, 960, 1920, 3840, 7680, 14400, 14400, 14400, 14400, 14400]
    );
    let window: i64 = delays.iter().sum();
    // The last retry lands about 24 h after the first attempt.
    assert!((23 * 3600..=25 * 3600).contains(&window), "{window}");
}

#[test]
fn next_attempt_without_jitter_is_now_plus_nominal() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.next_attempt(0, NOW, &mut NoJitter), Some(NOW));
    assert_eq!(
        policy.next_attempt(1, NOW, &mut NoJitter),
        Some(NOW + Duration::seconds(30))
    );
    assert_eq!(
        policy.next_attempt(4, NOW, &mut NoJitter),
        Some(NOW + Duration::minutes(4))
    );
}

#[test]
fn no_attempt_after_the_last() {
    let policy = RetryPolicy::default();
    assert!(policy.next_attempt(14, NOW, &mut NoJitter).is_some());
    assert_eq!(policy.next_attempt(15, NOW, &mut NoJitter), None);
    assert_eq!(policy.next_attempt(u32::MAX, NOW, &mut NoJitter), None);
    let never = RetryPolicy {
        max_attempts: 0,
        ..RetryPolicy::default()
    };
    assert_eq!(never.next_attempt(0, NOW, &mut NoJitter), None);
}

#[test]
fn monotonic_and_capped_for_any_fixed_draw() {
    let policy = RetryPolicy::default();
    for draw in [0.0, 0.25, 0.5, 0.999] {
        let mut previous = Duration::ZERO;
        for attempt in 1..policy.max_attempts {
            let at = policy
                .next_attempt(attempt, NOW, &mut FixedJitter(draw))
                .unwrap();
            let delay = at - NOW;
            assert!(delay >= previous, "draw {draw} attempt {attempt}");
            assert!(delay <= policy.max_delay);
            previous = delay;
        }
    }
}

#[test]
fn jitter_bands_do_not_overlap_before_the_cap() {
    // Whatever the draws, an uncapped delay is never shorter than the one before.
    let policy = RetryPolicy::default();
    for attempt in 1..policy.max_attempts - 1 {
        let (_, high) = policy.delay_bounds(attempt).unwrap();
        let (low_next, high_next) = policy.delay_bounds(attempt + 1).unwrap();
        if high_next < policy.max_delay {
            assert!(low_next >= high, "attempt {attempt}");
        }
        assert!(high_next <= policy.max_delay);
    }
}

#[test]
fn random_jitter_stays_within_bounds_and_is_reproducible() {
    let policy = RetryPolicy::default();
    let run = |seed| {
        let mut jitter = RngJitter(ChaCha20Rng::seed_from_u64(seed));
        (1..policy.max_attempts)
            .map(|n| policy.next_attempt(n, NOW, &mut jitter).unwrap())
            .collect::<Vec<_>>()
    };
    let first = run(11);
    assert_eq!(first, run(11));
    assert_ne!(first, run(12));
    for (index, at) in first.iter().enumerate() {
        let (low, high) = policy.delay_bounds(index as u32 + 1).unwrap();
        let delay = *at - NOW;
        assert!(low <= delay && delay <= high, "attempt {}", index + 1);
    }
}

#[test]
fn misbehaving_jitter_sources_are_clamped() {
    struct Wild(f64);
    impl JitterSource for Wild {
        fn unit(&mut self) -> f64 {
            self.0
        }
    }
    let policy = RetryPolicy::default();
    for draw in [-5.0, 7.0, f64::NAN, f64::INFINITY] {
        let delay = policy.next_attempt(3, NOW, &mut Wild(draw)).unwrap() - NOW;
        let (low, high) = policy.delay_bounds(3).unwrap();
        assert!(low <= delay && delay <= high, "{draw}");
    }
}

#[test]
fn huge_attempt_counts_do_not_overflow() {
    let policy = RetryPolicy {
        max_attempts: u32::MAX,
        multiplier: 1000,
        ..RetryPolicy::default()
    };
    assert_eq!(policy.nominal_delay(1_000_000), Some(policy.max_delay));
}
