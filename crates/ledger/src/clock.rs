//! The moment an operation happens, as the engine's clock reports it. The ledger never
//! reads a clock itself, so replays and tests are deterministic.

use time::{Date, OffsetDateTime};

/// "Now" for one ledger call: the instant (for `createdAt`/`postedAt` stamps) and the
/// institution's business date (spec §1.7: "today" is in the FI's time zone, which
/// only the caller knows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    pub at: OffsetDateTime,
    pub today: Date,
}

impl Now {
    pub fn new(at: OffsetDateTime, today: Date) -> Self {
        Self { at, today }
    }

    /// For callers (and tests) whose institution keeps UTC.
    pub fn utc(at: OffsetDateTime) -> Self {
        let at = at.to_offset(time::UtcOffset::UTC);
        Self {
            at,
            today: at.date(),
        }
    }

    /// Noon UTC on `today`: a convenient stamp for tests and for replaying a day.
    pub fn on(today: Date) -> Self {
        Self {
            at: today
                .with_time(time::Time::MIDNIGHT + time::Duration::hours(12))
                .assume_utc(),
            today,
        }
    }
}
