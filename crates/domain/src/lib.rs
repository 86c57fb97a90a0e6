//! Polyfin's domain model. Nothing here does I/O: the types, the wire names of every
//! enum and the rules that several dialects share live here once.

pub mod account;
pub mod category;
pub mod challenge;
pub mod clock;
pub mod discovery;
pub mod ids;
pub mod institution;
pub mod member;
pub mod micro_deposit;
pub mod origin;
pub mod page;
pub mod pfm;
pub mod premium;
pub mod routing;
pub mod supplied;
pub mod support;
pub mod text;
pub mod transaction;
pub mod user;
pub mod widget;

pub use clock::{Clock, ManualClock, SystemClock};
pub use rust_decimal::Decimal;
pub use time::{Date, OffsetDateTime};
