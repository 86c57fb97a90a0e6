//! The sandbox connector's MX Bank login script (Atrium spec §4.2).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use polyfin_connectors::sandbox::SandboxConnector;
use polyfin_connectors::{Connector, ConnectorError, LoginStep, Session};
use polyfin_domain::challenge::{ChallengeAnswer, ChallengeKind};
use polyfin_domain::institution::{Catalogue, Institution};
use polyfin_domain::member::ConnectionStatus;
use std::collections::BTreeMap;

const CATALOGUE: &str = r##"{
  "favorites": [],
  "institutions": [
    {"code": "mxbank", "name": "MX Bank", "url": "https://www.mx.com", "brand_color": "#123456",
     "is_test": true,
     "credentials": [
       {"field_name": "LOGIN", "label": "Username", "field_type": "TEXT"},
       {"field_name": "PASSWORD", "label": "Password", "field_type": "PASSWORD"}]},
    {"code": "mt", "name": "M&T", "url": "https://mtb.com", "brand_color": "#000000",
     "credentials": [
       {"field_name": "BANKING_TYPE", "label": "Type", "field_type": "OPTIONS",
        "options": [{"label": "Personal", "value": "personal"}]},
       {"field_name": "USER_ID", "label": "User ID", "field_type": "TEXT"},
       {"field_name": "PASSCODE", "label": "Passcode", "field_type": "PASSWORD"}]},
    {"code": "plain", "name": "Plain CU", "url": "https://plain.example", "brand_color": "#000000",
     "credentials": [
       {"field_name": "MEMBER", "label": "Member number", "field_type": "TEXT"},
       {"field_name": "SECRET", "label": "Secret", "field_type": "TEXT"}]},
    {"code": "oauth_bank", "name": "OAuth Bank", "url": "https://oauth.example",
     "brand_color": "#000000", "supports_oauth": true}
  ]}"##;

fn institution(code: &str) -> Institution {
    let catalogue = Catalogue::from_json(CATALOGUE).expect("test catalogue");
    catalogue.get(code).expect("institution").clone()
}

fn creds(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

async fn login_with(code: &str, pairs: &[(&str, &str)], oauth: bool) -> LoginStep {
    let institution = institution(code);
    let credentials = creds(pairs);
    let session = Session {
        institution: &institution,
        credentials: &credentials,
        oauth_authorized: oauth,
        seed: "login",
    };
    SandboxConnector.login(&session).await.expect("login")
}

async fn mxbank(password: &str) -> LoginStep {
    login_with(
        "mxbank",
        &[("LOGIN", "test_atrium"), ("PASSWORD", password)],
        false,
    )
    .await
}

async fn answer(state: &str, guid: &str, value: &str) -> Result<LoginStep, ConnectorError> {
    let institution = institution("mxbank");
    let credentials = BTreeMap::new();
    let session = Session {
        institution: &institution,
        credentials: &credentials,
        oauth_authorized: false,
        seed: "login",
    };
    let answers = [ChallengeAnswer {
        guid: guid.to_owned(),
        value: value.to_owned(),
    }];
    SandboxConnector.answer(&session, state, &answers).await
}

/// The single challenge of a challenged step, with the state.
fn challenged(step: LoginStep) -> (polyfin_domain::challenge::Challenge, String) {
    match step {
        LoginStep::Challenged {
            mut challenges,
            state,
        } => {
            assert_eq!(challenges.len(), 1);
            (challenges.remove(0), state)
        }
        other => panic!("expected a challenge, got {other:?}"),
    }
}

const REJECTED: LoginStep = LoginStep::Failed(ConnectionStatus::Rejected);

#[tokio::test]
async fn every_scripted_password_gives_its_outcome() {
    use ConnectionStatus::{Denied, Failed, Impaired, Locked};
    for (password, want) in [
        ("password", LoginStep::Authenticated),
        ("anything-else", LoginStep::Authenticated),
        ("Challenge", LoginStep::Authenticated),
        ("BAD_REQUEST", LoginStep::Failed(Impaired)),
        ("UNAUTHORIZED", LoginStep::Failed(Denied)),
        ("INVALID", LoginStep::Failed(Denied)),
        ("LOCKED", LoginStep::Failed(Locked)),
        ("SERVER_ERROR", LoginStep::Failed(Failed)),
        ("UNAVAILABLE", LoginStep::Failed(Failed)),
        ("locked", LoginStep::Authenticated),
    ] {
        assert_eq!(mxbank(password).await, want, "password {password}");
    }
    for (password, kind) in [
        ("challenge", ChallengeKind::Text),
        ("options", ChallengeKind::Options),
        ("image", ChallengeKind::ImageData),
        ("image_options", ChallengeKind::ImageOptions),
        ("token", ChallengeKind::Token),
    ] {
        let (challenge, _) = challenged(mxbank(password).await);
        assert_eq!(challenge.kind, kind, "password {password}");
        assert!(!challenge.label.is_empty());
    }
}

#[tokio::test]
async fn missing_credentials_impair_the_member() {
    let impaired = LoginStep::Failed(ConnectionStatus::Impaired);
    assert_eq!(
        login_with("mxbank", &[("LOGIN", "u")], false).await,
        impaired
    );
    assert_eq!(
        login_with("mxbank", &[("PASSWORD", "password")], false).await,
        impaired
    );
    let blank = [("LOGIN", "  "), ("PASSWORD", "password")];
    assert_eq!(login_with("mxbank", &blank, false).await, impaired);
    assert_eq!(login_with("oauth_bank", &[], false).await, impaired);
}

#[tokio::test]
async fn oauth_needs_no_credentials() {
    assert_eq!(
        login_with("oauth_bank", &[], true).await,
        LoginStep::Authenticated
    );
    assert_eq!(
        login_with("mxbank", &[], true).await,
        LoginStep::Authenticated
    );
}

#[tokio::test]
async fn the_password_is_the_password_field_or_else_the_last_one() {
    let mt = [
        ("BANKING_TYPE", "personal"),
        ("USER_ID", "u"),
        ("PASSCODE", "LOCKED"),
    ];
    let locked = LoginStep::Failed(ConnectionStatus::Locked);
    assert_eq!(login_with("mt", &mt, false).await, locked);
    let plain = [("MEMBER", "123"), ("SECRET", "LOCKED")];
    assert_eq!(login_with("plain", &plain, false).await, locked);
}

#[tokio::test]
async fn text_mfa_takes_one_or_two_questions() {
    let (q1, state) = challenged(mxbank("challenge").await);
    assert_eq!(state, "text_q1");
    assert_eq!(q1.kind, ChallengeKind::Text);
    let q1_guid = q1.guid.as_str();
    assert_eq!(
        answer(&state, q1_guid, "correct").await.unwrap(),
        LoginStep::Authenticated
    );
    assert_eq!(answer(&state, q1_guid, "wrong").await.unwrap(), REJECTED);

    let (q2, state2) = challenged(answer(&state, q1_guid, "challenge").await.unwrap());
    assert_eq!(state2, "text_q2");
    assert_eq!(q2.kind, ChallengeKind::Text);
    assert_ne!(q2.guid, q1.guid);
    assert_ne!(q2.label, q1.label);
    let q2_guid = q2.guid.as_str();
    assert_eq!(
        answer(&state2, q2_guid, "correct").await.unwrap(),
        LoginStep::Authenticated
    );
    assert_eq!(
        answer(&state2, q2_guid, "challenge").await.unwrap(),
        REJECTED
    );
    // An answer to the first question does not answer the second.
    assert_eq!(answer(&state2, q1_guid, "correct").await.unwrap(), REJECTED);
}

#[tokio::test]
async fn option_challenges() {
    let (options, state) = challenged(mxbank("options").await);
    assert_eq!(options.options.len(), 3);
    let correct: Vec<_> = options
        .options
        .iter()
        .filter(|o| o.value == "correct")
        .collect();
    assert_eq!(correct.len(), 1);
    let guid = options.guid.as_str();
    assert_eq!(
        answer(&state, guid, "correct").await.unwrap(),
        LoginStep::Authenticated
    );
    assert_eq!(answer(&state, guid, "option_a").await.unwrap(), REJECTED);
}

#[tokio::test]
async fn image_and_token_challenges() {
    let (image, state) = challenged(mxbank("image").await);
    let data = image.image_data.expect("image data");
    assert!(
        data.starts_with("data:image/png;base64,iVBORw0KGgo"),
        "{data}"
    );
    let guid = image.guid.as_str();
    assert_eq!(
        answer(&state, guid, "correct").await.unwrap(),
        LoginStep::Authenticated
    );
    assert_eq!(answer(&state, guid, "a house").await.unwrap(), REJECTED);

    let (pictures, state) = challenged(mxbank("image_options").await);
    assert_eq!(pictures.options.len(), 3);
    assert!(pictures.options.iter().all(|o| o
        .data_uri
        .as_deref()
        .is_some_and(|d| d.starts_with("data:image/png;base64,"))));
    assert_eq!(
        pictures
            .options
            .iter()
            .filter(|o| o.value == "correct")
            .count(),
        1
    );
    let guid = pictures.guid.as_str();
    assert_eq!(
        answer(&state, guid, "correct").await.unwrap(),
        LoginStep::Authenticated
    );
    assert_eq!(answer(&state, guid, "option_c").await.unwrap(), REJECTED);

    let (token, state) = challenged(mxbank("token").await);
    let guid = token.guid.as_str();
    assert_eq!(
        answer(&state, guid, "123456").await.unwrap(),
        LoginStep::Authenticated
    );
    assert_eq!(
        answer(&state, guid, "correct").await.unwrap(),
        LoginStep::Authenticated
    );
    assert_eq!(answer(&state, guid, "000000").await.unwrap(), REJECTED);
}

#[tokio::test]
async fn challenge_guids_are_stable_and_answers_must_name_them() {
    let (first, state) = challenged(mxbank("challenge").await);
    let (again, _) = challenged(mxbank("challenge").await);
    assert_eq!(first.guid, again.guid);
    assert_eq!(
        answer(&state, "CRD-someone-else", "correct").await.unwrap(),
        REJECTED
    );
    assert!(matches!(
        answer("no_such_state", first.guid.as_str(), "correct").await,
        Err(ConnectorError::BadState)
    ));
}
