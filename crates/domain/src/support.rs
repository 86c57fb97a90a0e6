//! Support requests an end user sends from the Connect widget ("Request institution",
//! "Get help"): kept for the operator, never logged, since the message is free text
//! that may hold anything the user chose to type.

use crate::ids::{ClientId, SupportTicketGuid, UserGuid};
use crate::text::{self, TextError};
use time::OffsetDateTime;

/// The longest message kept; the widget's form has no limit of its own.
pub const MAX_MESSAGE: usize = 10_000;

#[derive(Debug, Clone, PartialEq)]
pub struct SupportTicket {
    pub guid: SupportTicketGuid,
    pub client_id: ClientId,
    pub user_guid: UserGuid,
    pub email: Option<String>,
    pub title: String,
    pub message: String,
    pub created_at: OffsetDateTime,
}

/// What the widget sends: `{email, title, message}`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SupportRequest {
    pub email: Option<String>,
    pub title: Option<String>,
    pub message: Option<String>,
}

impl SupportRequest {
    /// Trims the fields and checks them; an empty email counts as not given (the
    /// widget omits it when the profile has one).
    pub fn checked(self) -> Result<(Option<String>, String, String), TextError> {
        let trimmed = |v: Option<String>| v.map(|s| s.trim().to_owned()).unwrap_or_default();
        let email = Some(trimmed(self.email)).filter(|e| !e.is_empty());
        if let Some(email) = &email {
            text::check_email("support_ticket.email", email)?;
        }
        let title = trimmed(self.title);
        if title.is_empty() {
            return Err(TextError::Empty {
                field: "support_ticket.title",
            });
        }
        text::check_len("support_ticket.title", &title, text::MAX_SHORT_TEXT)?;
        let message = trimmed(self.message);
        text::check_len("support_ticket.message", &message, MAX_MESSAGE)?;
        Ok((email, title, message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_trimmed_and_checked() {
        let request = SupportRequest {
            email: Some(" ".into()),
            title: Some(" Institution Request: Acme ".into()),
            message: Some("https://acme.example".into()),
        };
        let (email, title, message) = request.clone().checked().expect("valid");
        assert_eq!(email, None);
        assert_eq!(title, "Institution Request: Acme");
        assert_eq!(message, "https://acme.example");
        let no_title = SupportRequest {
            title: None,
            ..request.clone()
        };
        assert_eq!(
            no_title.checked(),
            Err(TextError::Empty {
                field: "support_ticket.title"
            })
        );
        let bad_email = SupportRequest {
            email: Some("not-an-email".into()),
            ..request.clone()
        };
        assert!(bad_email.checked().is_err());
        let long = SupportRequest {
            message: Some("x".repeat(MAX_MESSAGE + 1)),
            ..request
        };
        assert_eq!(
            long.checked(),
            Err(TextError::TooLong {
                field: "support_ticket.message",
                max: MAX_MESSAGE
            })
        );
    }
}
