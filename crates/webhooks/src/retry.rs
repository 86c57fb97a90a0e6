//! When to try a webhook delivery again: exponential backoff, capped, with bounded jitter.
//!
//! Pure: the caller passes `now` and a [`JitterSource`], so a test moves a clock and gets
//! the same schedule every run.

use rand::Rng;
use time::{Duration, OffsetDateTime};

/// A receiver must answer 2xx within this long or the attempt counts as failed
/// (spec §3.1: "success = any 2xx within 10 s").
pub const DELIVERY_TIMEOUT: Duration = Duration::seconds(10);

/// The backoff schedule. Delay after attempt `n` (1-based) is
/// `min(first_delay × multiplier^(n-1), max_delay)`, then shortened by up to `jitter`
/// of itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    pub first_delay: Duration,
    pub multiplier: u32,
    pub max_delay: Duration,
    /// Attempts in total, the first included; after the last one the record is dead.
    pub max_attempts: u32,
    /// Fraction in `[0, 1]` by which a delay may be shortened. Jitter only ever
    /// *shortens*, so `max_delay` stays a hard cap and, with `multiplier × (1 − jitter)
    /// ≥ 1`, each uncapped delay is at least the previous one whatever the draws.
    pub jitter: f64,
}

impl Default for RetryPolicy {
    /// 30 s, 1 m, 2 m, 4 m … 2 h 8 m, then 4 h; 15 attempts, so the last retry comes about
    /// 24 h after the first attempt (spec §3.1: "retries over 24 h"), 20 % jitter so a
    /// receiver that was down is not hit by every queued webhook in the same second.
    fn default() -> Self {
        Self {
            first_delay: Duration::seconds(30),
            multiplier: 2,
            max_delay: Duration::hours(4),
            max_attempts: 15,
            jitter: 0.2,
        }
    }
}

/// A stream of numbers in `[0, 1)` that decides where in its jitter band each delay falls.
pub trait JitterSource {
    fn unit(&mut self) -> f64;
}

/// Always the nominal (longest) delay.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoJitter;

impl JitterSource for NoJitter {
    fn unit(&mut self) -> f64 {
        0.0
    }
}

/// The same draw every time; for tests that want a point inside the band.
#[derive(Debug, Clone, Copy)]
pub struct FixedJitter(pub f64);

impl JitterSource for FixedJitter {
    fn unit(&mut self) -> f64 {
        self.0
    }
}

/// Draws from any RNG; production passes a thread RNG, tests a seeded one.
#[derive(Debug, Clone)]
pub struct RngJitter<R>(pub R);

impl<R: Rng> JitterSource for RngJitter<R> {
    fn unit(&mut self) -> f64 {
        self.0.gen::<f64>()
    }
}

impl RetryPolicy {
    /// The un-jittered delay after attempt `attempt` (1-based), or `None` when no attempt
    /// follows it.
    pub fn nominal_delay(&self, attempt: u32) -> Option<Duration> {
        if attempt == 0 || attempt >= self.max_attempts {
            return None;
        }
        let mut delay = self.first_delay;
        // A multiplier below 1 would make later delays shorter; treat it as constant delay.
        let multiplier = i32::try_from(self.multiplier.max(1)).unwrap_or(i32::MAX);
        // Grow step by step and stop at the cap, so a large attempt number can't overflow.
        for _ in 1..attempt {
            if delay >= self.max_delay {
                break;
            }
            delay = delay.checked_mul(multiplier).unwrap_or(self.max_delay);
        }
        Some(delay.min(self.max_delay))
    }

    /// The shortest and longest delay jitter can produce after attempt `attempt`.
    pub fn delay_bounds(&self, attempt: u32) -> Option<(Duration, Duration)> {
        let nominal = self.nominal_delay(attempt)?;
        Some((shorten(nominal, self.jitter_fraction()), nominal))
    }

    /// When attempt `attempt + 1` should happen, given that attempt `attempt` just failed
    /// at `now`; `None` when `attempt` was the last one allowed. Attempt 0 (nothing tried
    /// yet) is due at once.
    pub fn next_attempt<J: JitterSource + ?Sized>(
        &self,
        attempt: u32,
        now: OffsetDateTime,
        jitter: &mut J,
    ) -> Option<OffsetDateTime> {
        if attempt == 0 {
            return (self.max_attempts > 0).then_some(now);
        }
        let nominal = self.nominal_delay(attempt)?;
        let draw = jitter.unit();
        // Clamp the draw: a misbehaving source must not push a delay past the cap or
        // below zero.
        let draw = if draw.is_finite() {
            draw.clamp(0.0, 1.0)
        } else {
            0.0
        };
        Some(now + shorten(nominal, self.jitter_fraction() * draw))
    }

    fn jitter_fraction(&self) -> f64 {
        if self.jitter.is_finite() {
            self.jitter.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
}

/// `delay × (1 − fraction)`, to the millisecond.
fn shorten(delay: Duration, fraction: f64) -> Duration {
    let millis = delay.whole_milliseconds() as f64 * (1.0 - fraction);
    Duration::milliseconds(millis.round() as i64)
}
