//! Who is asking: the session cookie, the CSRF token every state-changing request must
//! carry, and the extractors handlers use (`Visitor`, anyone; `Member`, logged in).

use crate::Web;
use crate::page::PageError;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::sync::Arc;
use store::Account;

/// The session cookie: a random token whose hash the database keeps.
pub const SESSION_COOKIE: &str = "diorama_session";
/// A visitor's CSRF token before they log in (double-submit: the cookie and the form
/// must agree).
const CSRF_COOKIE: &str = "diorama_csrf";
/// How long a session lasts.
pub const SESSION_SECONDS: i64 = 30 * 24 * 3600;
/// The largest form (not a file upload) read: a prompt of the most characters allowed,
/// each percent-encoded from four bytes of UTF-8, fits.
const MAX_FORM_BYTES: usize = 512 * 1024;

/// Whoever is asking: a member, or someone not logged in.
#[derive(Debug, Clone)]
pub struct Visitor {
    /// The member, when logged in.
    pub account: Option<Account>,
    /// The token their forms carry.
    pub csrf: String,
    /// Notifications they have not seen.
    pub unread: i64,
}

impl Visitor {
    /// The member's user id, if logged in.
    pub fn user_id(&self) -> Option<&str> {
        self.account.as_ref().map(|a| a.user.id.as_str())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Visitor>()
            .cloned()
            .ok_or_else(|| PageError::internal("the session layer did not run"))
    }
}

/// A logged-in member; anyone else is sent to log in (and brought back afterwards).
#[derive(Debug, Clone)]
pub struct Member {
    /// Their account.
    pub account: Account,
    /// The visitor, for rendering.
    pub visitor: Visitor,
}

/// Why a member-only route refused.
pub enum NotMember {
    /// A page: log in first.
    LogIn(String),
    /// The session layer did not run.
    Broken(PageError),
}

impl IntoResponse for NotMember {
    fn into_response(self) -> Response {
        match self {
            NotMember::LogIn(next) => {
                let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
                Redirect::to(&format!("/login?next={next}")).into_response()
            }
            NotMember::Broken(e) => e.into_response(),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Member {
    type Rejection = NotMember;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let visitor = Visitor::from_request_parts(parts, state)
            .await
            .map_err(NotMember::Broken)?;
        match visitor.account.clone() {
            Some(account) => Ok(Member { account, visitor }),
            None => {
                let back = if parts.method == Method::GET {
                    parts.uri.path_and_query().map_or("/", |p| p.as_str())
                } else {
                    "/"
                };
                Err(NotMember::LogIn(back.to_string()))
            }
        }
    }
}

/// The fields of a urlencoded form, read once by the session layer (which needs the
/// CSRF token from it) and handed to the handler.
#[derive(Debug, Clone, Default)]
pub struct Form(pub Vec<(String, String)>);

impl Form {
    /// A field's value (the first, if sent more than once).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A field's value, or empty.
    pub fn text(&self, name: &str) -> &str {
        self.get(name).unwrap_or_default()
    }

    /// Every value of a field sent more than once, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Form {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Form>().cloned().unwrap_or_default())
    }
}

/// A cookie's value from the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, for the whole site, Secure over TLS.
pub fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("invalid=1; Max-Age=0"))
}

fn random_token() -> String {
    format!("{:032x}", rand::random::<u128>())
}

/// Whether a token can only be one this server made (32 to 64 hex digits), so that
/// nothing else reaches the database.
fn well_formed(token: &str) -> bool {
    (32..=64).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Finds who is asking, and refuses a state-changing request (anything but GET and
/// HEAD) whose CSRF token is missing or wrong, or that comes from another site.
pub async fn layer(State(web): State<Arc<Web>>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let session = cookie(&parts.headers, SESSION_COOKIE)
        .filter(|t| well_formed(t))
        .map(str::to_string);
    let found = match &session {
        Some(token) => match web.db().session(token).await {
            Ok(found) => found,
            Err(e) => return PageError::from(e).into_response(),
        },
        None => None,
    };
    let anonymous_csrf = cookie(&parts.headers, CSRF_COOKIE)
        .filter(|t| well_formed(t))
        .map(str::to_string);
    let mut new_csrf_cookie = None;
    // Only a page shows the unread count (not media, scripts or JSON).
    let is_page = parts.method == Method::GET
        && parts
            .headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
    let visitor = match found {
        Some((account, csrf)) => {
            let unread = if is_page {
                match web.db().unread_notifications(&account.user.id).await {
                    Ok(n) => n,
                    Err(e) => return PageError::from(e).into_response(),
                }
            } else {
                0
            };
            Visitor {
                account: Some(account),
                csrf,
                unread,
            }
        }
        None => {
            let csrf = anonymous_csrf.clone().unwrap_or_else(|| {
                let token = random_token();
                new_csrf_cookie = Some(token.clone());
                token
            });
            Visitor {
                account: None,
                csrf,
                unread: 0,
            }
        }
    };
    let body = if parts.method == Method::GET || parts.method == Method::HEAD {
        body
    } else {
        let public_url = web.settings.public_url.as_deref();
        match check_csrf(&mut parts, body, &visitor.csrf, public_url).await {
            Ok(body) => body,
            Err(refusal) => return refusal.into_response(),
        }
    };
    parts.extensions.insert(visitor);
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if let Some(token) = new_csrf_cookie {
        response.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(CSRF_COOKIE, &token, SESSION_SECONDS, web.secure()),
        );
    }
    response
}

/// Whether a request's `Origin` is this site: the host it asked for, or the address the
/// operator gave as `--public-url` (behind a proxy that changes the Host).
fn same_site(origin: &str, host: &str, public_url: Option<&str>) -> bool {
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or_default();
    (!origin_host.is_empty() && origin_host == host)
        || public_url.is_some_and(|url| url.trim_end_matches('/') == origin)
}

/// Checks a state-changing request: it must come from this site (its Origin, when
/// sent, names the Host) and carry the visitor's CSRF token in `X-CSRF-Token`, the
/// form's `csrf` field, or (for file uploads) the query's `csrf`. A urlencoded form is
/// read here and left for the handler as `Form`.
async fn check_csrf(
    parts: &mut Parts,
    body: Body,
    expected: &str,
    public_url: Option<&str>,
) -> Result<Body, PageError> {
    let refused = || {
        PageError::forbidden(
            "This form has expired or did not come from this site. Reload the page and try again.",
        )
    };
    if let Some(origin) = parts.headers.get(header::ORIGIN) {
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default();
        if !same_site(origin.to_str().unwrap_or_default(), host, public_url) {
            return Err(refused());
        }
    }
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let (body, form) = if is_form {
        let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
            .await
            .map_err(|_| {
                PageError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "That form is too long. Shorten what you wrote and send it again.",
                )
            })?;
        let fields: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
        (Body::empty(), Form(fields))
    } else {
        (body, Form::default())
    };
    let query_token = parts.uri.query().and_then(|q| {
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.into_owned())
    });
    let sent = parts
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| form.get("csrf").map(str::to_string))
        .or(query_token)
        .unwrap_or_default();
    if !server::same_secret(&sent, expected) {
        return Err(refused());
    }
    parts.extensions.insert(form);
    Ok(body)
}

/// The client's address (behind the operator's trusted proxies, the one they name).
pub fn client_address(
    web: &Web,
    parts_headers: &HeaderMap,
    extensions: &axum::http::Extensions,
) -> std::net::IpAddr {
    server::client_ip(extensions, parts_headers, &web.app.config().trusted_proxies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_site_is_the_same_site() {
        assert!(same_site("http://127.0.0.1:8080", "127.0.0.1:8080", None));
        assert!(same_site(
            "https://diorama.example",
            "10.0.0.2:8080",
            Some("https://diorama.example/")
        ));
        for other in ["http://evil.example", "null", "", "https://127.0.0.1:8081"] {
            assert!(!same_site(other, "127.0.0.1:8080", None), "{other}");
        }
        assert!(!same_site(
            "http://diorama.example",
            "x",
            Some("https://diorama.example")
        ));
    }

    #[test]
    fn cookies_are_read_by_name_and_only_tokens_of_ours_are_looked_up() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; diorama_session=abc; b=2"),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&headers, "missing"), None);
        assert!(!well_formed("abc"));
        assert!(!well_formed(&"g".repeat(32)));
        assert!(well_formed(&"a1".repeat(32)));
        let set = set_cookie(SESSION_COOKIE, "tok", 60, true);
        let set = set.to_str().unwrap();
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.ends_with("Secure")
        );
        assert!(
            !set_cookie(SESSION_COOKIE, "tok", 60, false)
                .to_str()
                .unwrap()
                .contains("Secure")
        );
    }
}
