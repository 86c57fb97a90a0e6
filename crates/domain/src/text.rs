//! Limits on free text that partners send, shared by every dialect.

/// Partner ids, emails, names and other short strings.
pub const MAX_SHORT_TEXT: usize = 255;
/// `metadata` is opaque partner text (often JSON); generous but bounded.
pub const MAX_METADATA: usize = 16 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("{field} must be at most {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("{field} must not be empty")]
    Empty { field: &'static str },
    #[error("{field} is not a valid email address")]
    InvalidEmail { field: &'static str },
}

pub fn check_len(field: &'static str, value: &str, max: usize) -> Result<(), TextError> {
    if value.chars().count() > max {
        return Err(TextError::TooLong { field, max });
    }
    Ok(())
}

/// A partner id: non-empty, short.
pub fn check_partner_id(field: &'static str, value: &str) -> Result<(), TextError> {
    if value.trim().is_empty() {
        return Err(TextError::Empty { field });
    }
    check_len(field, value, MAX_SHORT_TEXT)
}

/// Deliberately loose: one `@` with text on both sides and no spaces.
pub fn check_email(field: &'static str, value: &str) -> Result<(), TextError> {
    check_len(field, value, MAX_SHORT_TEXT)?;
    let mut parts = value.split('@');
    let valid = matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(local), Some(domain), None)
            if !local.is_empty() && !domain.is_empty() && !value.contains(char::is_whitespace)
    );
    if valid {
        Ok(())
    } else {
        Err(TextError::InvalidEmail { field })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(check_email("email", "a@b.co").is_ok());
        for bad in ["", "a", "a@", "@b", "a@b@c", "a b@c"] {
            assert!(check_email("email", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lengths_count_characters() {
        assert!(check_len("x", &"é".repeat(255), 255).is_ok());
        assert_eq!(
            check_len("x", &"a".repeat(256), 255),
            Err(TextError::TooLong {
                field: "x",
                max: 255
            })
        );
    }
}
