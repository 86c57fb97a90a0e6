//! The MX Bank login script (Atrium spec §4.2): the password picks the outcome.

use crate::{ConnectorError, LoginStep, Session};
use polyfin_domain::challenge::{Challenge, ChallengeAnswer, ChallengeKind, ChallengeOption};
use polyfin_domain::ids::CredentialGuid;
use polyfin_domain::institution::{CredentialField, FieldType};
use polyfin_domain::member::ConnectionStatus;

/// A 16×16 PNG of a house, for IMAGE_DATA.
const HOUSE_PNG: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAARklEQVR42mNoP/GLJMRAHQ0n5OSAiFgNENW49DDgUY1VDwN+1Zh6GAiqRtPDQIxqZD0IG1bl2eBBWJxEXw02GiJANGw1AAB3ur6WpJ0B1QAAAABJRU5ErkJggg==";
/// 8×8 solid squares, for IMAGE_OPTIONS.
const RED_PNG: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR42mO4o6GBFTEMLQkAe3tLAYZNzu4AAAAASUVORK5CYII=";
const GREEN_PNG: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR42mPQWGWDFTEMLQkAW05DgWijYgIAAAAASUVORK5CYII=";
const BLUE_PNG: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR42mPQiLqDFTEMLQkAA8ZXgSBaYNkAAAAASUVORK5CYII=";

/// The answer every challenge accepts.
const CORRECT: &str = "correct";
/// At the first text question, this answer asks a second one (spec §4.2, both readings).
const FOLLOW_UP: &str = "challenge";
/// Token challenges also accept a code that looks like one.
const TOKEN_CODE: &str = "123456";

/// MFA states; each is also the `state` string handed back to the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    TextQ1,
    TextQ2,
    Options,
    Image,
    ImageOptions,
    Token,
}

impl Step {
    const ALL: [Step; 6] = [
        Step::TextQ1,
        Step::TextQ2,
        Step::Options,
        Step::Image,
        Step::ImageOptions,
        Step::Token,
    ];

    fn state(self) -> &'static str {
        match self {
            Self::TextQ1 => "text_q1",
            Self::TextQ2 => "text_q2",
            Self::Options => "options",
            Self::Image => "image",
            Self::ImageOptions => "image_options",
            Self::Token => "token",
        }
    }

    fn parse(state: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.state() == state)
    }

    fn challenged(self) -> LoginStep {
        LoginStep::Challenged {
            challenges: vec![self.challenge()],
            state: self.state().to_owned(),
        }
    }

    fn challenge(self) -> Challenge {
        let (kind, field_name, label) = match self {
            Self::TextQ1 => (
                ChallengeKind::Text,
                "TEXT_Q1",
                "What city were you born in?",
            ),
            Self::TextQ2 => (
                ChallengeKind::Text,
                "TEXT_Q2",
                "What was the name of your first pet?",
            ),
            Self::Options => (
                ChallengeKind::Options,
                "OPTIONS",
                "Where should we send your one-time code?",
            ),
            Self::Image => (
                ChallengeKind::ImageData,
                "IMAGE_DATA",
                "What is shown in the image?",
            ),
            Self::ImageOptions => (
                ChallengeKind::ImageOptions,
                "IMAGE_OPTIONS",
                "Which image did you choose as your security image?",
            ),
            Self::Token => (
                ChallengeKind::Token,
                "TOKEN",
                "Enter the code we sent to your phone.",
            ),
        };
        Challenge {
            guid: guid(self),
            field_name: field_name.to_owned(),
            label: label.to_owned(),
            kind,
            options: self.options(),
            image_data: (self == Self::Image).then(|| HOUSE_PNG.to_owned()),
        }
    }

    fn options(self) -> Vec<ChallengeOption> {
        let option = |label: &str, value: &str, data_uri: Option<&str>| ChallengeOption {
            label: label.to_owned(),
            value: value.to_owned(),
            data_uri: data_uri.map(str::to_owned),
        };
        match self {
            Self::Options => vec![
                option("Text me at xxx-xxx-1234", "option_a", None),
                option("Call me at xxx-xxx-5678", CORRECT, None),
                option("Email me at j***@example.com", "option_c", None),
            ],
            Self::ImageOptions => vec![
                option("Red square", "option_a", Some(RED_PNG)),
                option("Green square", CORRECT, Some(GREEN_PNG)),
                option("Blue square", "option_c", Some(BLUE_PNG)),
            ],
            _ => Vec::new(),
        }
    }

    /// Where an answer leads from this step.
    fn next(self, answer: &str) -> LoginStep {
        let answer = answer.trim();
        let is = |word: &str| answer.eq_ignore_ascii_case(word);
        match self {
            Self::TextQ1 if is(FOLLOW_UP) => Self::TextQ2.challenged(),
            Self::Token if is(TOKEN_CODE) => LoginStep::Authenticated,
            // Option values are machine values: they must match exactly.
            Self::Options | Self::ImageOptions if answer == CORRECT => LoginStep::Authenticated,
            Self::TextQ1 | Self::TextQ2 | Self::Image | Self::Token if is(CORRECT) => {
                LoginStep::Authenticated
            }
            _ => LoginStep::Failed(ConnectionStatus::Rejected),
        }
    }
}

fn guid(step: Step) -> CredentialGuid {
    CredentialGuid::derived(&format!("sandbox/{}", step.state()))
}

/// The first step of a login.
pub(crate) fn login(session: &Session<'_>) -> LoginStep {
    if session.oauth_authorized {
        return LoginStep::Authenticated;
    }
    let value = |field: Option<&CredentialField>| {
        field
            .and_then(|f| session.credentials.get(&f.field_name))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    };
    let fields = &session.institution.credentials;
    let password_field = fields
        .iter()
        .find(|f| f.field_type == FieldType::Password)
        .or_else(|| fields.last());
    let username_field = fields.iter().find(|f| {
        matches!(f.field_type, FieldType::Text | FieldType::Login)
            && Some(&f.field_name) != password_field.map(|p| &p.field_name)
    });
    let password = value(password_field);
    let username_missing = username_field.is_some() && value(username_field).is_none();
    let Some(password) = password.filter(|_| !username_missing) else {
        return LoginStep::Failed(ConnectionStatus::Impaired);
    };
    outcome(password)
}

fn outcome(password: &str) -> LoginStep {
    use ConnectionStatus as S;
    match password {
        "challenge" => Step::TextQ1.challenged(),
        "options" => Step::Options.challenged(),
        "image" => Step::Image.challenged(),
        "image_options" => Step::ImageOptions.challenged(),
        "token" => Step::Token.challenged(),
        "BAD_REQUEST" => LoginStep::Failed(S::Impaired),
        "UNAUTHORIZED" | "INVALID" => LoginStep::Failed(S::Denied),
        "LOCKED" => LoginStep::Failed(S::Locked),
        "SERVER_ERROR" | "UNAVAILABLE" => LoginStep::Failed(S::Failed),
        _ => LoginStep::Authenticated,
    }
}

/// The step after MFA answers for `state`.
pub(crate) fn answer(
    state: &str,
    answers: &[ChallengeAnswer],
) -> Result<LoginStep, ConnectorError> {
    let step = Step::parse(state).ok_or(ConnectorError::BadState)?;
    let guid = guid(step);
    let given = answers.iter().find(|a| a.guid == guid.as_str());
    Ok(match given {
        Some(answer) => step.next(&answer.value),
        None => LoginStep::Failed(ConnectionStatus::Rejected),
    })
}
