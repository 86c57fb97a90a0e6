//! What every dialect shares: the error type, body and query parsing, authentication
//! and content negotiation. Dialects render `ApiError` in their own body shape.

pub mod auth;
pub mod body;
pub mod credentials;
pub mod error;
pub mod negotiate;
pub mod query;

pub use error::{ApiError, ErrorKind};
