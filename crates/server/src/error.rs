//! Errors in OpenAI's shape: `{"error": {"message", "type", "param", "code"}}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::borrow::Cow;

/// An API error: the status, what went wrong and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// A sentence saying what was wrong and what to do.
    pub message: String,
    /// OpenAI's error type (`invalid_request_error`, `authentication_error`, …).
    pub kind: &'static str,
    /// The request parameter at fault, if one is.
    pub param: Option<Cow<'static, str>>,
    /// A machine-readable code.
    pub code: &'static str,
    /// Seconds to wait before trying again (429 and 503).
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// 400: a parameter is wrong.
    pub fn invalid(param: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
            kind: "invalid_request_error",
            param: Some(Cow::Borrowed(param)),
            code,
            retry_after: None,
        }
    }

    /// 400: the request as a whole cannot be read.
    pub fn malformed(message: impl Into<String>) -> Self {
        ApiError {
            param: None,
            ..ApiError::invalid("", "invalid_request", message)
        }
    }

    /// 401: no key or a wrong key.
    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            kind: "authentication_error",
            param: None,
            ..ApiError::invalid("", code, message)
        }
    }

    /// 404: no such video for this caller.
    pub fn video_not_found(id: &str) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            ..ApiError::invalid(
                "video_id",
                "video_not_found",
                format!(
                    "no video with id '{id}' belongs to this API key; list yours with GET /v1/videos"
                ),
            )
        }
    }

    /// 409: the video exists but is not in the state the request needs.
    pub fn not_ready(id: &str, status: &str) -> Self {
        ApiError {
            status: StatusCode::CONFLICT,
            ..ApiError::invalid(
                "video_id",
                "video_not_ready",
                format!("video '{id}' is {status}; wait until its status is completed"),
            )
        }
    }

    /// 400: a field of the wrong type (`"prompt": 123`); `shown` is the field as the
    /// message names it (`input_reference.image_url` for a field inside `param`).
    pub fn wrong_type(param: &'static str, shown: &str, want: &str, got: &str) -> Self {
        ApiError::invalid(
            param,
            "invalid_type",
            format!("'{shown}' must be {want}, not {got}"),
        )
    }

    /// 400: a field the route does not take, in OpenAI's words.
    pub fn unknown_parameter(name: &str) -> Self {
        ApiError {
            param: Some(Cow::Owned(name.to_string())),
            ..ApiError::invalid(
                "",
                "unknown_parameter",
                format!("Unrecognized request argument supplied: {name}"),
            )
        }
    }

    /// 408: the body did not arrive in time.
    pub fn body_timeout(times: crate::fields::BodyTimes) -> Self {
        ApiError {
            status: StatusCode::REQUEST_TIMEOUT,
            param: None,
            ..ApiError::invalid(
                "",
                "request_timeout",
                format!(
                    "the request body did not arrive in time (at most {} s in all and {} s without data); send it again over a steadier connection",
                    times.total.as_secs(),
                    times.idle.as_secs()
                ),
            )
        }
    }

    /// 415: a body neither JSON nor multipart.
    pub fn unsupported_media_type(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            param: None,
            ..ApiError::invalid("", "unsupported_media_type", message)
        }
    }

    /// 503: the server is busy or stopping; retry after `seconds`.
    pub fn unavailable(code: &'static str, message: impl Into<String>, seconds: u64) -> Self {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            kind: "server_error",
            param: None,
            retry_after: Some(seconds.max(1)),
            ..ApiError::invalid("", code, message)
        }
    }

    /// 413: the body is larger than the server accepts.
    pub fn too_large(limit: usize) -> Self {
        ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            param: None,
            ..ApiError::invalid(
                "",
                "request_too_large",
                format!(
                    "the request body is larger than {}; send a smaller input_reference image",
                    if limit >= 1024 * 1024 {
                        format!("{} MiB", limit / (1024 * 1024))
                    } else {
                        format!("{} KiB", limit / 1024)
                    }
                ),
            )
        }
    }

    /// 429: too many requests or jobs; retry after `seconds`.
    pub fn rate_limited(code: &'static str, message: impl Into<String>, seconds: u64) -> Self {
        ApiError {
            status: StatusCode::TOO_MANY_REQUESTS,
            kind: "rate_limit_error",
            param: None,
            retry_after: Some(seconds.max(1)),
            ..ApiError::invalid("", code, message)
        }
    }

    /// 500: the server failed; nothing the caller did.
    pub fn internal(what: impl std::fmt::Display) -> Self {
        tracing::error!(error = %what, "internal error");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            kind: "server_error",
            param: None,
            ..ApiError::invalid(
                "",
                "internal_error",
                "the server failed to handle the request; try again, and tell the operator if it persists",
            )
        }
    }
}

impl From<store::StoreError> for ApiError {
    fn from(e: store::StoreError) -> Self {
        ApiError::internal(e)
    }
}

impl From<store::ObjectError> for ApiError {
    fn from(e: store::ObjectError) -> Self {
        ApiError::internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "error": {
                "message": self.message,
                "type": self.kind,
                "param": self.param,
                "code": self.code,
            }
        });
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
