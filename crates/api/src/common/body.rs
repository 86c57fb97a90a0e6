//! JSON request bodies. Errors name the field that was wrong (`user.is_disabled`), and
//! a body that is not JSON is refused with 415 only when it says so in Content-Type.

use super::{ApiError, ErrorKind};
use axum::http::{header, HeaderMap};
use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::marker::PhantomData;

/// A value that must be a JSON object. serde's derived structs also accept arrays
/// (`[{"user":…}]` would deserialize field by position); wrapping a struct in
/// `Object` refuses that while keeping the field path for nested errors.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Object<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = Object<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Object)
            }
        }

        deserializer.deserialize_map(ObjectVisitor(PhantomData))
    }
}

/// Parses `bytes` as `T`. An empty body parses as `{}`, so a missing envelope is
/// reported as the missing field it is.
pub fn parse_json<T: DeserializeOwned>(headers: &HeaderMap, bytes: &[u8]) -> Result<T, ApiError> {
    let blank = bytes.iter().all(u8::is_ascii_whitespace);
    if !blank {
        check_content_type(headers)?;
    }
    let text: &[u8] = if blank { b"{}" } else { bytes };
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let Object(value) = serde_path_to_error::deserialize(&mut deserializer).map_err(describe)?;
    deserializer
        .end()
        .map_err(|e| ApiError::bad_request("body", format!("Malformed JSON body: {e}")))?;
    Ok(value)
}

fn check_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(content_type) = headers.get(header::CONTENT_TYPE) else {
        return Ok(());
    };
    let json = content_type
        .to_str()
        .map(|v| v.to_ascii_lowercase().contains("json"))
        .unwrap_or(false);
    if json {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorKind::UnsupportedMediaType,
            "Content-Type must be application/json.",
        ))
    }
}

fn describe(error: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = error.path().to_string();
    let inner = error.inner();
    if inner.is_syntax() || inner.is_eof() {
        return ApiError::bad_request("body", format!("Malformed JSON body: {inner}"));
    }
    let detail = strip_position(&inner.to_string());
    if path == "." || path.is_empty() {
        // Top-level problems (e.g. "missing field `user`") already name the field.
        let field = missing_field(&detail).unwrap_or("body").to_owned();
        return ApiError::bad_request(field, format!("Invalid request body: {detail}"));
    }
    let field = match missing_field(&detail) {
        Some(missing) => format!("{path}.{missing}"),
        None => path,
    };
    ApiError::bad_request(field.clone(), format!("Invalid {field}: {detail}"))
}

fn missing_field(detail: &str) -> Option<&str> {
    detail
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
}

/// serde_json appends " at line 1 column 24", which means nothing to a partner.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Envelope {
        user: Object<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        is_disabled: Option<bool>,
        metadata: Option<String>,
    }

    fn parse(body: &str) -> Result<Envelope, ApiError> {
        parse_json(&HeaderMap::new(), body.as_bytes())
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (r#"{"user":{"is_disabled":"yes"}}"#, "user.is_disabled"),
            (r#"{"user":{"metadata":{"a":1}}}"#, "user.metadata"),
            (r#"{}"#, "user"),
            ("", "user"),
            (r#"{"user":[]}"#, "user"),
            (r#"{"user":[null, "x"]}"#, "user"),
            (r#"[{"user":{}}]"#, "body"),
            (r#"{"user":null}"#, "user"),
            (r#"{"user":"#, "body"),
            (r#"{"user":{}} trailing"#, "body"),
        ];
        for (body, field) in cases {
            let error = parse(body).expect_err(body);
            assert_eq!(error.kind, ErrorKind::BadRequest, "{body}");
            assert_eq!(error.field.as_deref(), Some(field), "{body}");
            assert!(
                error.message.contains(field) || field == "body",
                "{body}: {}",
                error.message
            );
        }
    }

    #[test]
    fn non_json_content_type_is_415() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, "text/plain".parse().expect("header"));
        let error = parse_json::<Envelope>(&headers, br#"{"user":{}}"#).expect_err("415");
        assert_eq!(error.kind, ErrorKind::UnsupportedMediaType);
        headers.insert(
            header::CONTENT_TYPE,
            "application/vnd.mx.api.v1+json".parse().expect("header"),
        );
        assert!(parse_json::<Envelope>(&headers, br#"{"user":{}}"#).is_ok());
    }
}
