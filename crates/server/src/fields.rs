//! Request bodies: JSON objects or multipart forms, read with limits on size and time and
//! checked as strictly as OpenAI's API checks them (a field of the wrong type, an unknown
//! field or a field sent twice is refused, saying which and why).

use crate::error::ApiError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, header};
use bytes::Bytes;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// Fields a multipart form may have (no route takes more than five).
const MAX_FORM_FIELDS: usize = 16;

/// A body over this size waits for one of the places for large bodies.
const LARGE_BODY_BYTES: usize = 1024 * 1024;

/// A JSON body at least this large is parsed on the blocking pool.
const BLOCKING_JSON_BYTES: usize = 64 * 1024;

/// How long a body may take to arrive: in all, and between two pieces of it.
#[derive(Debug, Clone, Copy)]
pub struct BodyTimes {
    /// The whole body.
    pub total: Duration,
    /// The longest silence between two pieces.
    pub idle: Duration,
}

/// One field of a request body.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// A JSON value.
    Json(Value),
    /// A text part of a multipart form.
    Text(String),
    /// A file part of a multipart form.
    File(Bytes),
}

/// The fields of a request body, by name. A multipart form names nested fields the way
/// forms write them (`video[id]`); a JSON body keeps them nested.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Fields(HashMap<String, Field>);

/// What a route's body may hold: each top-level field, and for an object field the names
/// inside it.
pub type Allowed = &'static [(&'static str, &'static [&'static str])];

impl Fields {
    /// Reads a request's body (at most `limit` bytes, within `times`; a large one only
    /// when one of the `large` places is free) and parses it. The place is held until
    /// the returned permit is dropped, when the request is done with.
    pub async fn read(
        request: Request,
        limit: usize,
        times: BodyTimes,
        large: &Arc<Semaphore>,
    ) -> Result<(Fields, LargeBody), ApiError> {
        let (parts, body) = request.into_parts();
        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
        if declared.is_some_and(|n| n > limit.saturating_mul(4)) {
            return Err(ApiError::too_large(limit));
        }
        let mut permit = LargeBody(None);
        let deadline = Instant::now() + times.total;
        if declared.is_some_and(|n| n > LARGE_BODY_BYTES) {
            permit.take(large, deadline).await?;
        }
        let bytes = read_limited(body, limit, times, deadline, (&mut permit, large)).await?;
        Ok((Fields::parse(&parts.headers, bytes).await?, permit))
    }

    /// Parses a body by its content type: JSON (or no type), or multipart/form-data.
    pub async fn parse(headers: &HeaderMap, bytes: Bytes) -> Result<Fields, ApiError> {
        let kind = headers
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap_or("?"));
        let essence = kind.map(|k| {
            k.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
        match (essence.as_deref(), kind) {
            (Some("multipart/form-data"), Some(kind)) => Fields::parse_form(kind, bytes).await,
            (None | Some("application/json"), _) => Fields::parse_json(bytes).await,
            (Some(other), _) => Err(ApiError::unsupported_media_type(format!(
                "the body is sent as '{other}'; send application/json or multipart/form-data"
            ))),
        }
    }

    async fn parse_json(bytes: Bytes) -> Result<Fields, ApiError> {
        if bytes.is_empty() {
            return Ok(Fields::default());
        }
        let value = if bytes.len() >= BLOCKING_JSON_BYTES {
            crate::off_runtime(move || serde_json::from_slice::<Value>(&bytes)).await?
        } else {
            serde_json::from_slice::<Value>(&bytes)
        };
        let value = value.map_err(|e| {
            ApiError::malformed(format!(
                "the body is not valid JSON ({e}); send a JSON object or multipart/form-data"
            ))
        })?;
        let Value::Object(map) = value else {
            return Err(ApiError::malformed(format!(
                "the body is {}; send a JSON object",
                kind_of(&value)
            )));
        };
        Ok(Fields(
            map.into_iter().map(|(k, v)| (k, Field::Json(v))).collect(),
        ))
    }

    /// Parses a multipart form whose content type (with its boundary) is `kind`.
    async fn parse_form(kind: &str, bytes: Bytes) -> Result<Fields, ApiError> {
        let broken = |e: &dyn std::fmt::Display| {
            ApiError::malformed(format!("the multipart body cannot be read: {e}"))
        };
        let boundary = multer::parse_boundary(kind).map_err(|e| broken(&e))?;
        let body =
            futures::stream::once(async move { Ok::<Bytes, std::convert::Infallible>(bytes) });
        let mut form = multer::Multipart::new(body, boundary);
        let mut fields = HashMap::new();
        while let Some(field) = form.next_field().await.map_err(|e| broken(&e))? {
            let name = field.name().unwrap_or_default().to_string();
            let is_file = field.file_name().is_some();
            let data = field.bytes().await.map_err(|e| {
                ApiError::malformed(format!("the multipart field '{name}' cannot be read: {e}"))
            })?;
            let value = if is_file {
                Field::File(data)
            } else {
                Field::Text(String::from_utf8(data.to_vec()).map_err(|_| {
                    ApiError::malformed(format!("the multipart field '{name}' is not UTF-8 text"))
                })?)
            };
            if fields.contains_key(&name) {
                return Err(ApiError::malformed(format!(
                    "the multipart field '{name}' is sent more than once; send it once"
                )));
            }
            if fields.len() == MAX_FORM_FIELDS {
                return Err(ApiError::malformed(format!(
                    "the form has more than {MAX_FORM_FIELDS} fields; send only the fields of the request"
                )));
            }
            fields.insert(name, value);
        }
        Ok(Fields(fields))
    }

    /// Refuses a field the route does not take, as OpenAI does.
    pub fn only(&self, allowed: Allowed) -> Result<(), ApiError> {
        let mut names: Vec<&String> = self.0.keys().collect();
        names.sort();
        for name in names {
            let (top, inner) = match name.split_once('[') {
                Some((top, rest)) => (top, rest.strip_suffix(']')),
                None => (name.as_str(), None),
            };
            let Some((_, children)) = allowed.iter().find(|(n, _)| *n == top) else {
                return Err(ApiError::unknown_parameter(name));
            };
            // A field that is no object is not looked into: its accessor says it has the
            // wrong type.
            let inside: Vec<&str> = match (&self.0[name], inner) {
                (_, Some(child)) => vec![child],
                (Field::Json(Value::Object(map)), None) if !children.is_empty() => {
                    map.keys().map(String::as_str).collect()
                }
                _ => Vec::new(),
            };
            if let Some(child) = inside.into_iter().find(|c| !children.contains(c)) {
                return Err(ApiError::unknown_parameter(&format!("{top}.{child}")));
            }
        }
        Ok(())
    }

    /// A text field; `None` when absent (or JSON null).
    pub fn text(&self, name: &'static str) -> Result<Option<&str>, ApiError> {
        match self.0.get(name) {
            None | Some(Field::Json(Value::Null)) => Ok(None),
            Some(Field::Json(Value::String(s)) | Field::Text(s)) => Ok(Some(s)),
            Some(Field::Json(other)) => {
                Err(ApiError::wrong_type(name, name, "a string", kind_of(other)))
            }
            Some(Field::File(_)) => Err(ApiError::wrong_type(
                name,
                name,
                "a text field",
                "a file upload",
            )),
        }
    }

    /// A text field inside an object field: `parent.child` in JSON, `parent[child]` in a form.
    pub fn inner_text(
        &self,
        parent: &'static str,
        child: &'static str,
    ) -> Result<Option<&str>, ApiError> {
        match self.0.get(parent) {
            Some(Field::Json(Value::Object(map))) => match map.get(child) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s)),
                Some(other) => Err(ApiError::wrong_type(
                    parent,
                    &format!("{parent}.{child}"),
                    "a string",
                    kind_of(other),
                )),
            },
            _ => match self.0.get(&format!("{parent}[{child}]")) {
                None => Ok(None),
                Some(Field::Text(s)) => Ok(Some(s)),
                Some(_) => Err(ApiError::wrong_type(
                    parent,
                    parent,
                    "a text field",
                    "a file upload",
                )),
            },
        }
    }

    /// A file upload; `None` when absent.
    pub fn file(&self, name: &'static str) -> Option<&Bytes> {
        match self.0.get(name) {
            Some(Field::File(bytes)) => Some(bytes),
            _ => None,
        }
    }

    /// The field when it is something other than a file or a JSON object (or null): to
    /// say what was sent instead of one.
    pub fn other_than_object_or_file(&self, name: &str) -> Option<String> {
        match self.0.get(name)? {
            Field::File(_) | Field::Json(Value::Object(_) | Value::Null) => None,
            Field::Text(s) => Some(format!("the text {:?}", clip(s))),
            Field::Json(Value::String(s)) => Some(format!("the string {:?}", clip(s))),
            Field::Json(other) => Some(kind_of(other).to_string()),
        }
    }
}

fn clip(text: &str) -> String {
    text.chars().take(40).collect()
}

/// "a number", "an array" and so on, for error messages.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A place among those for large bodies, held while its request is handled.
#[derive(Debug)]
pub struct LargeBody(Option<OwnedSemaphorePermit>);

impl LargeBody {
    /// Waits for a place until the body's deadline.
    async fn take(&mut self, large: &Arc<Semaphore>, deadline: Instant) -> Result<(), ApiError> {
        let wait = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(wait, large.clone().acquire_owned()).await {
            Ok(Ok(permit)) => {
                self.0 = Some(permit);
                Ok(())
            }
            _ => Err(ApiError::unavailable(
                "too_many_uploads",
                "too many large uploads are arriving at once; send it again in a few seconds",
                5,
            )),
        }
    }
}

/// Reads a body of at most `limit` bytes by `deadline`, with at most `times.idle`
/// between two pieces; once it has grown past the large-body size it waits for a place
/// among the `large` ones. A longer body is read on (up to four times the limit) and
/// dropped, so that the client, still sending, gets the 413 rather than a broken
/// connection.
async fn read_limited(
    body: Body,
    limit: usize,
    times: BodyTimes,
    deadline: Instant,
    (place, large): (&mut LargeBody, &Arc<Semaphore>),
) -> Result<Bytes, ApiError> {
    use futures::StreamExt;
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    let mut seen = 0usize;
    loop {
        let wait = times
            .idle
            .min(deadline.saturating_duration_since(Instant::now()));
        let chunk = match tokio::time::timeout(wait, stream.next()).await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(_) => return Err(ApiError::body_timeout(times)),
        };
        let chunk =
            chunk.map_err(|e| ApiError::malformed(format!("the request body broke off: {e}")))?;
        seen += chunk.len();
        if seen > limit.saturating_mul(4) {
            break;
        }
        if seen <= limit {
            if seen > LARGE_BODY_BYTES && place.0.is_none() {
                place.take(large, deadline).await?;
            }
            bytes.extend_from_slice(&chunk);
        }
    }
    if seen > limit {
        return Err(ApiError::too_large(limit));
    }
    Ok(Bytes::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use proptest::prelude::*;

    const CREATE: Allowed = &[
        ("prompt", &[]),
        ("seconds", &[]),
        ("input_reference", &["image_url", "file_id"]),
    ];

    fn headers(kind: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_str(kind).unwrap());
        h
    }

    fn parse(kind: &str, body: &[u8]) -> Result<Fields, ApiError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(Fields::parse(&headers(kind), Bytes::copy_from_slice(body)))
    }

    #[test]
    fn wrong_types_unknown_fields_and_other_media_types_are_refused_by_name() {
        let f = parse("application/json", br#"{"prompt": 123}"#).unwrap();
        let e = f.text("prompt").unwrap_err();
        assert_eq!(e.param.as_deref(), Some("prompt"));
        assert!(
            e.message.contains("must be a string, not a number"),
            "{e:?}"
        );
        let f = parse("application/json", br#"{"prompt": ["a ball"]}"#).unwrap();
        assert!(f.text("prompt").unwrap_err().message.contains("an array"));
        let f = parse("application/json", br#"{"prompt": "a", "colour": "red"}"#).unwrap();
        let e = f.only(CREATE).unwrap_err();
        assert_eq!(e.message, "Unrecognized request argument supplied: colour");
        let f = parse(
            "application/json",
            br#"{"prompt": "a", "input_reference": {"url": "x"}}"#,
        )
        .unwrap();
        assert!(
            f.only(CREATE)
                .unwrap_err()
                .message
                .contains("input_reference.url")
        );
        let e = parse("application/x-www-form-urlencoded", b"prompt=a+ball").unwrap_err();
        assert_eq!(e.status, axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(
            e.message.contains("application/x-www-form-urlencoded"),
            "{e:?}"
        );
        let e = parse("application/json", b"[1]").unwrap_err();
        assert!(e.message.contains("an array"), "{e:?}");
    }

    #[test]
    fn a_form_field_sent_twice_or_a_file_for_text_is_refused() {
        let body = b"--X\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na\r\n\
--X\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nb\r\n--X--\r\n";
        let e = parse("multipart/form-data; boundary=X", body).unwrap_err();
        assert!(e.message.contains("more than once"), "{e:?}");
        let body = b"--X\r\nContent-Disposition: form-data; name=\"prompt\"; filename=\"p.txt\"\r\n\r\na\r\n--X--\r\n";
        let f = parse("multipart/form-data; boundary=X", body).unwrap();
        assert!(
            f.text("prompt")
                .unwrap_err()
                .message
                .contains("a file upload")
        );
        let body = b"--X\r\nContent-Disposition: form-data; name=\"input_reference[image_url]\"\r\n\r\ndata:\r\n--X--\r\n";
        let f = parse("multipart/form-data; boundary=X", body).unwrap();
        assert_eq!(
            f.inner_text("input_reference", "image_url").unwrap(),
            Some("data:")
        );
        f.only(CREATE).unwrap();
    }

    fn body_kinds() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("application/json".to_string()),
            Just("multipart/form-data; boundary=X".to_string()),
            Just("multipart/form-data".to_string()),
            Just("text/plain".to_string()),
            "[ -~]{0,40}",
        ]
    }

    /// Arbitrary JSON, nested a few levels.
    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            ".{0,20}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Value::from),
                prop::collection::hash_map("[a-z_\\[\\]]{0,12}", inner, 0..8)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Every accessor, so that each is run over what was parsed.
    fn use_all(f: &Fields) {
        let _ = f.only(CREATE);
        for name in ["prompt", "seconds", "model", "video", "input_reference"] {
            let _ = f.text(name);
            let _ = f.file(name);
            let _ = f.other_than_object_or_file(name);
        }
        let _ = f.inner_text("input_reference", "image_url");
        let _ = f.inner_text("video", "id");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn arbitrary_bytes_never_panic(kind in body_kinds(), body in prop::collection::vec(any::<u8>(), 0..2048)) {
            if let Ok(fields) = parse(&kind, &body) {
                use_all(&fields);
            }
        }

        #[test]
        fn arbitrary_multipart_never_panics(parts in prop::collection::vec(("[ -~]{0,16}", "[ -~\\r\\n]{0,64}", any::<bool>()), 0..24)) {
            let mut body = Vec::new();
            for (name, value, file) in &parts {
                let file = if *file { "; filename=\"f\"" } else { "" };
                body.extend_from_slice(format!("--X\r\nContent-Disposition: form-data; name=\"{name}\"{file}\r\n\r\n{value}\r\n").as_bytes());
            }
            body.extend_from_slice(b"--X--\r\n");
            if let Ok(fields) = parse("multipart/form-data; boundary=X", &body) {
                use_all(&fields);
            }
        }

        #[test]
        fn arbitrary_json_never_panics(value in json()) {
            let body = serde_json::to_vec(&value).unwrap();
            if let Ok(fields) = parse("application/json", &body) {
                use_all(&fields);
            }
        }
    }
}
