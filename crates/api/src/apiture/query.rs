//! Query strings: repeated keys, `limit`/`start` paging with opaque cursors, and
//! `nextPage_url`.

use super::Problem;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

const MAX_LIMIT: i64 = 1000;
const DEFAULT_LIMIT: usize = 100;
const MAX_START: usize = 256;

#[derive(Debug, Clone, Default)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    pub fn parse(raw: Option<&str>) -> Self {
        let pairs = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Self { pairs }
    }

    /// The value of `name`; a repeated key's values joined by `separator`.
    pub fn joined(&self, name: &str, separator: char) -> Option<String> {
        let values: Vec<&str> = self
            .pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(&separator.to_string()))
    }

    /// A single-valued parameter: its last value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn boolean(&self, name: &str) -> Result<Option<bool>, Problem> {
        match self.get(name) {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(other) => Err(Problem::param(
                name,
                format!("`{other}` is not `true` or `false`"),
            )),
        }
    }

    pub fn page(&self) -> Result<PageRequest, Problem> {
        let limit = match self.get("limit") {
            None => DEFAULT_LIMIT,
            Some(raw) => match raw.parse::<i64>() {
                Ok(n) if (0..=MAX_LIMIT).contains(&n) => n.unsigned_abs() as usize,
                _ => {
                    return Err(Problem::param(
                        "limit",
                        "must be an integer between 0 and 1000",
                    ))
                }
            },
        };
        let start = self.get("start").unwrap_or("").to_owned();
        let offset = decode_cursor(&start)?;
        Ok(PageRequest {
            limit,
            start,
            offset,
        })
    }

    /// This query with `start` replaced, as a string.
    pub fn with_start(&self, start: &str, limit: usize) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in self
            .pairs
            .iter()
            .filter(|(k, _)| k != "start" && k != "limit")
        {
            out.append_pair(k, v);
        }
        out.append_pair("limit", &limit.to_string());
        out.append_pair("start", start);
        out.finish()
    }
}

#[derive(Debug, Clone)]
pub struct PageRequest {
    pub limit: usize,
    pub start: String,
    pub offset: usize,
}

fn decode_cursor(start: &str) -> Result<usize, Problem> {
    if start.is_empty() {
        return Ok(0);
    }
    let bad = || Problem::param("start", "not a cursor this API handed out");
    if start.len() > MAX_START {
        return Err(bad());
    }
    let bytes = URL_SAFE_NO_PAD.decode(start).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    text.strip_prefix("o:")
        .and_then(|n| n.parse().ok())
        .ok_or_else(bad)
}

pub fn encode_cursor(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("o:{offset}"))
}

/// One page of `items`, and the `start` of the next page if there is one.
pub fn paginate<T>(items: Vec<T>, page: &PageRequest) -> (Vec<T>, Option<String>) {
    let total = items.len();
    let end = page.offset.saturating_add(page.limit).min(total);
    let next = (page.limit > 0 && end < total).then(|| encode_cursor(end));
    let items = items
        .into_iter()
        .skip(page.offset)
        .take(page.limit)
        .collect();
    (items, next)
}

/// Adds `limit`, `start` (when not empty) and `nextPage_url` to a collection body.
pub fn collection(
    items: Vec<serde_json::Value>,
    page: &PageRequest,
    next: Option<String>,
    url: &str,
    query: &Query,
) -> serde_json::Value {
    let mut body = serde_json::json!({ "limit": page.limit, "items": items });
    if !page.start.is_empty() {
        body["start"] = page.start.clone().into();
    }
    if let Some(next) = next {
        body["nextPage_url"] = format!("{url}?{}", query.with_start(&next, page.limit)).into();
    }
    body
}
