//! The one error shape for bad query parameters, so the API can answer with a
//! `problemResponse` that names the offending parameter.

/// Which HTTP status a bad parameter deserves. The spec (§1.4, §4.4) separates
/// "not well-formed" (400 `badRequest`) from "well-formed but inconsistent"
/// (422 `unprocessableEntity`), e.g. a range whose lower bound exceeds its upper bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamErrorKind {
    /// Grammar, pattern, length or enum violation: 400.
    Malformed,
    /// Parses, but the values contradict each other: 422.
    Unprocessable,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid query parameter `{parameter}`: {message}")]
pub struct ParamError {
    /// The query parameter's wire name, e.g. `postedOn`.
    pub parameter: String,
    pub message: String,
    pub kind: ParamErrorKind,
}

impl ParamError {
    pub fn malformed(parameter: &str, message: impl Into<String>) -> Self {
        Self {
            parameter: parameter.to_owned(),
            message: message.into(),
            kind: ParamErrorKind::Malformed,
        }
    }

    pub fn unprocessable(parameter: &str, message: impl Into<String>) -> Self {
        Self {
            parameter: parameter.to_owned(),
            message: message.into(),
            kind: ParamErrorKind::Unprocessable,
        }
    }

    /// The HTTP status the API should answer with.
    pub fn status(&self) -> u16 {
        match self.kind {
            ParamErrorKind::Malformed => 400,
            ParamErrorKind::Unprocessable => 422,
        }
    }

    /// The problem `type` name (spec §1.3) matching [`Self::status`].
    pub fn problem_type(&self) -> &'static str {
        match self.kind {
            ParamErrorKind::Malformed => "badRequest",
            ParamErrorKind::Unprocessable => "unprocessableEntity",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_the_kind() {
        let bad = ParamError::malformed("postedOn", "not a date");
        assert_eq!((bad.status(), bad.problem_type()), (400, "badRequest"));
        let odd = ParamError::unprocessable("postedOn", "lower > upper");
        assert_eq!(
            (odd.status(), odd.problem_type()),
            (422, "unprocessableEntity")
        );
        assert_eq!(
            bad.to_string(),
            "invalid query parameter `postedOn`: not a date"
        );
    }
}
