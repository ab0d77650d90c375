//! Rendering pages: the templates (built into the binary, HTML-escaped by default),
//! error pages, redirects and the security headers every response carries.

use crate::session::Visitor;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::{Environment, Value, context};
use std::sync::LazyLock;

/// The templates, by name; `.html` ones escape everything they are given.
static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    for (name, source) in [
        ("base.html", include_str!("../templates/base.html")),
        ("macros.html", include_str!("../templates/macros.html")),
        ("feed.html", include_str!("../templates/feed.html")),
        ("slides.html", include_str!("../templates/slides.html")),
        ("signup.html", include_str!("../templates/signup.html")),
        ("login.html", include_str!("../templates/login.html")),
        ("create.html", include_str!("../templates/create.html")),
        ("drafts.html", include_str!("../templates/drafts.html")),
        ("video.html", include_str!("../templates/video.html")),
        ("profile.html", include_str!("../templates/profile.html")),
        (
            "notifications.html",
            include_str!("../templates/notifications.html"),
        ),
        ("settings.html", include_str!("../templates/settings.html")),
        ("offline.html", include_str!("../templates/offline.html")),
        ("error.html", include_str!("../templates/error.html")),
    ] {
        if let Err(e) = env.add_template(name, source) {
            panic!("template {name} does not parse: {e:#}");
        }
    }
    env
});

/// A page that could not be shown: its status and what to tell the person.
#[derive(Debug)]
pub struct PageError {
    /// HTTP status.
    pub status: StatusCode,
    /// What went wrong and what to do, in words.
    pub message: String,
    /// Seconds to wait, for a 429.
    pub retry_after: Option<u64>,
}

impl PageError {
    /// A page with this status and message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> PageError {
        PageError {
            status,
            message: message.into(),
            retry_after: None,
        }
    }

    /// Nothing here (or nothing this visitor may see: the same answer, so that private
    /// things do not show they exist).
    pub fn not_found() -> PageError {
        PageError::new(
            StatusCode::NOT_FOUND,
            "There is nothing here. It may have been deleted, or it is not yours to see.",
        )
    }

    /// A request that is not allowed for this visitor.
    pub fn forbidden(message: impl Into<String>) -> PageError {
        PageError::new(StatusCode::FORBIDDEN, message)
    }

    /// A form that was filled in wrongly.
    pub fn bad_request(message: impl Into<String>) -> PageError {
        PageError::new(StatusCode::BAD_REQUEST, message)
    }

    /// Something failed on the server; the cause goes to the log, not the page.
    pub fn internal(cause: impl std::fmt::Display) -> PageError {
        tracing::error!(error = %cause, "a page failed");
        PageError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong on our side. Try again in a moment.",
        )
    }
}

impl From<store::StoreError> for PageError {
    fn from(e: store::StoreError) -> Self {
        PageError::internal(e)
    }
}

impl From<store::ObjectError> for PageError {
    fn from(e: store::ObjectError) -> Self {
        PageError::internal(e)
    }
}

impl From<server::ApiError> for PageError {
    fn from(e: server::ApiError) -> Self {
        if e.status.is_server_error() {
            return PageError::internal(e.message);
        }
        PageError {
            status: e.status,
            message: e.message,
            retry_after: e.retry_after,
        }
    }
}

impl From<minijinja::Error> for PageError {
    fn from(e: minijinja::Error) -> Self {
        PageError::internal(format!("{e:#}"))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let title = match self.status {
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::FORBIDDEN => "Not allowed",
            StatusCode::TOO_MANY_REQUESTS => "Slow down",
            s if s.is_server_error() => "Something went wrong",
            _ => "That did not work",
        };
        let body = TEMPLATES
            .get_template("error.html")
            .and_then(|t| {
                t.render(context! {
                    title, message => self.message, status => self.status.as_u16(),
                    asset_version => crate::assets::VERSION.as_str(),
                })
            })
            .unwrap_or_else(|_| "Something went wrong.".to_string());
        let mut response = (self.status, Html(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Renders a template with the visitor (for the header, tab bar and forms' CSRF token)
/// and the page's own values.
pub fn render(template: &str, visitor: &Visitor, values: Value) -> Result<Response, PageError> {
    let me = visitor.account.as_ref().map(|a| {
        context! { handle => &a.user.name, display_name => &a.display_name, tier => a.tier.as_str() }
    });
    let html = TEMPLATES.get_template(template)?.render(context! {
        me,
        csrf => &visitor.csrf,
        unread => visitor.unread,
        asset_version => crate::assets::VERSION.as_str(),
        ..values
    })?;
    Ok(Html(html).into_response())
}

/// Renders a template without the page around it (a piece the feed loads as it scrolls).
pub fn render_piece(template: &str, values: Value) -> Result<String, PageError> {
    Ok(TEMPLATES.get_template(template)?.render(values)?)
}

/// Sends the browser to a page after a form (303, so it is fetched with GET).
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// A local path to return to after logging in; anything else (another site, `//host`)
/// is replaced by the feed.
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_string(),
        _ => "/".to_string(),
    }
}

/// 404 for every path the app does not have.
pub async fn not_found(request: Request) -> PageError {
    server::record_unmatched(request.method());
    PageError::not_found()
}

/// The Content-Security-Policy: scripts, styles and media only from this site (no
/// inline script), no framing, no plugins.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; \
    font-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds the security headers to every response of the app.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(self), microphone=(self), geolocation=()"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-cache"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_returned_to_after_logging_in() {
        assert_eq!(local_path(Some("/v/video_1?x=1")), "/v/video_1?x=1");
        for outside in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "evil",
        ] {
            assert_eq!(local_path(Some(outside)), "/", "{outside}");
        }
        assert_eq!(local_path(None), "/");
    }

    #[test]
    fn every_template_parses() {
        assert!(TEMPLATES.templates().count() >= 14);
    }
}
