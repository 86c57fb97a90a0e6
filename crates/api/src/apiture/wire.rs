//! Wire formatting: two-decimal string amounts, dates, millisecond timestamps.

use rust_decimal::Decimal;
use time::{Date, OffsetDateTime, UtcOffset};

pub fn amount(value: Decimal) -> String {
    polyfin_ledger::money::format_amount(value)
}

pub fn date(value: Date) -> String {
    polyfin_domain::clock::format_date(value)
}

/// `YYYY-MM-DDThh:mm:ss.sssZ` (spec §1.7).
pub fn timestamp(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!(
        "{}T{:02}:{:02}:{:02}.{:03}Z",
        date(at.date()),
        at.hour(),
        at.minute(),
        at.second(),
        at.millisecond()
    )
}
