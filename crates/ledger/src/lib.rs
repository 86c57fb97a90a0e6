//! Pure rules behind the hosted bank's Apiture Digital Banking API: the business-day
//! calendar, `listTransferSchedule`, the financial-institution directory behind
//! `lookUpInstitutionByLocator`, the query-parameter grammars (`dateRange`,
//! `amountRange`, `checkNumberRange`, pipe/comma lists), and the bank itself: products,
//! accounts, a double-entry journal with holds, and transfers with their state machine
//! and execution (`bank::Ledger`). Nothing here does I/O, so storage can persist and
//! replay these types and the HTTP layer can stay a thin translation into responses.
//! Sign conventions for money are defined once, in [`products`].

pub mod accounts;
pub mod bank;
pub mod calendar;
pub mod clock;
pub mod error;
pub mod fi;
pub mod ids;
pub mod journal;
pub mod money;
pub mod products;
pub mod ranges;
pub mod schedule;
pub mod transfers;

pub use accounts::{Access, Account, AccountError, Customer};
pub use bank::{Balances, Ledger, LedgerError, LedgerState, Outcome, Policy, SharedLedger};
pub use calendar::{Calendar, Holiday};
pub use clock::Now;
pub use error::{ParamError, ParamErrorKind};
pub use fi::{
    validate_aba, validate_bic, validate_iban, Directory, DirectoryError, Institution,
    InstitutionLookupResult, LocatorError, LocatorQuery, LocatorType, SimpleInstitution,
};
pub use ids::{AccountId, CustomerId, EntryId, HoldId, IdError, SystemAccount, TransferId};
pub use journal::{
    Entry, EntryData, EntryKind, Hold, Holds, Journal, JournalError, Merchant, Posting,
    TransactionType, TransactionView,
};
pub use products::{Allows, Location, Nature, Product, ProductType, Terms, TermsError};
pub use ranges::{
    parse_amount_range, parse_check_number_range, parse_date_range, parse_enum_list, parse_list,
    AmountRange, CheckNumberRange, DateRange, ListRule, ValueRange,
};
pub use schedule::{
    scheduled_dates, transfer_schedule, Direction, Frequency, ScheduleItem, ScheduleRequest,
    TransferSchedules,
};
pub use transfers::{
    parse_new_transfer, parse_patch, FailureReason, NewTransfer, Occurrence, OccurrenceRecord,
    OccurrenceResult, RecurrenceType, Transfer, TransferError, TransferPatch, TransferSchedule,
    TransferState,
};
