//! Signing up with an invite, logging in and out.

use crate::Web;
use crate::page::{PageError, local_path, render, see_other};
use crate::session::{
    Form, SESSION_COOKIE, SESSION_SECONDS, Visitor, client_address, cookie, set_cookie,
};
use argon2::password_hash::{PasswordHash, SaltString, rand_core::OsRng};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use minijinja::context;
use serde::Deserialize;
use std::sync::{Arc, LazyLock};
use store::{NewAccount, SignUpError};

/// Handles that would be confusing or impersonate the platform.
const RESERVED: &[&str] = &[
    "admin",
    "administrator",
    "diorama",
    "support",
    "help",
    "moderator",
    "staff",
    "official",
    "root",
    "system",
    "api",
    "app",
];

/// The youngest age allowed to sign up.
pub const MIN_AGE: i64 = 13;

/// A password's length limits, in characters.
const PASSWORD_CHARS: std::ops::RangeInclusive<usize> = 10..=200;

/// A hash to check passwords against when the handle is unknown, so that a wrong
/// handle takes as long as a wrong password.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("not a real password").unwrap_or_default());

/// The argon2id hash of a password in PHC form.
fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Hashes or checks passwords on the blocking pool (argon2 takes tens of milliseconds).
async fn off_runtime<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, PageError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(PageError::internal)
}

/// What is wrong with a handle, if anything.
pub fn handle_problem(handle: &str) -> Option<String> {
    let n = handle.chars().count();
    if !(2..=30).contains(&n) {
        return Some("A handle has 2 to 30 characters.".into());
    }
    if !handle
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Some("A handle uses only the letters a to z, digits and _.".into());
    }
    if RESERVED.contains(&handle) {
        return Some(format!("The handle {handle} is reserved; choose another."));
    }
    None
}

/// 429: `what` was tried too often; it says when to try again.
fn too_many(wait: u64, what: &str) -> PageError {
    PageError {
        retry_after: Some(wait),
        ..PageError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!("{what} {wait} seconds."),
        )
    }
}

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
    invite: Option<String>,
}

/// GET /signup
pub async fn signup_page(visitor: Visitor, Query(q): Query<Next>) -> Result<Response, PageError> {
    render(
        "signup.html",
        &visitor,
        context! { title => "Sign up", invite => q.invite, min_age => MIN_AGE },
    )
}

/// The sign-up form's fields, checked; the first problem found otherwise.
fn check_signup(form: &Form) -> Result<(String, String, String, i64), String> {
    let handle = form
        .text("handle")
        .trim()
        .trim_start_matches('@')
        .to_ascii_lowercase();
    if let Some(problem) = handle_problem(&handle) {
        return Err(problem);
    }
    let display_name = form.text("display_name").trim().to_string();
    if display_name.is_empty() || display_name.chars().count() > 50 {
        return Err("Give a display name of 1 to 50 characters.".into());
    }
    let password = form.text("password");
    if !PASSWORD_CHARS.contains(&password.chars().count()) {
        return Err("A password has 10 to 200 characters.".into());
    }
    let age = match form.text("age").trim().parse::<i64>() {
        Ok(age) if (MIN_AGE..=120).contains(&age) => age,
        Ok(age) if age < MIN_AGE => {
            return Err(format!("You must be {MIN_AGE} or older to use Diorama."));
        }
        _ => return Err("Give your age in years, as a number.".into()),
    };
    Ok((handle, display_name, password.to_string(), age))
}

/// POST /signup
pub async fn signup(
    State(web): State<Arc<Web>>,
    visitor: Visitor,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    form: Form,
) -> Result<Response, PageError> {
    let again = |message: String| {
        let mut page = render(
            "signup.html",
            &visitor,
            context! {
                title => "Sign up", error => message, min_age => MIN_AGE,
                invite => form.get("invite"), handle => form.get("handle"),
                display_name => form.get("display_name"), age => form.get("age"),
            },
        )?;
        *page.status_mut() = StatusCode::BAD_REQUEST;
        Ok(page)
    };
    let ip = client_address(&web, &headers, &extensions);
    web.signups_by_address
        .take(&ip)
        .map_err(|wait| too_many(wait, "Too many sign-ups from here. Try again in"))?;
    let (handle, display_name, password, age) = match check_signup(&form) {
        Ok(fields) => fields,
        Err(problem) => return again(problem),
    };
    let invite = form.text("invite").trim().to_string();
    if invite.is_empty() {
        return again("Sign-up is by invitation: enter the invite code you were given.".into());
    }
    let hash = off_runtime(move || hash_password(&password))
        .await?
        .map_err(PageError::internal)?;
    let new = NewAccount {
        invite: &invite,
        handle: &handle,
        display_name: &display_name,
        password_hash: &hash,
        age,
    };
    let account = match web.db().sign_up(&new).await {
        Ok(account) => account,
        Err(SignUpError::Invite) => {
            return again(
                "That invite code is unknown or already used. Check it, or ask for another.".into(),
            );
        }
        Err(SignUpError::HandleTaken) => {
            return again(format!("The handle {handle} is taken; choose another."));
        }
        Err(SignUpError::Store(e)) => return Err(e.into()),
    };
    tracing::info!(user = %account.user.name, "member signed up");
    start_session(&web, &account.user.id, "/").await
}

/// Starts a session and sends the browser on to `to`.
async fn start_session(web: &Web, user_id: &str, to: &str) -> Result<Response, PageError> {
    let (token, _csrf) = web.db().create_session(user_id, SESSION_SECONDS).await?;
    let mut response = see_other(to);
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, &token, SESSION_SECONDS, web.secure()),
    );
    Ok(response)
}

/// GET /login
pub async fn login_page(visitor: Visitor, Query(q): Query<Next>) -> Result<Response, PageError> {
    if visitor.account.is_some() {
        return Ok(see_other(&local_path(q.next.as_deref())));
    }
    render(
        "login.html",
        &visitor,
        context! { title => "Log in", next => local_path(q.next.as_deref()) },
    )
}

/// POST /login: limited per client address, and per handle after failures.
pub async fn login(
    State(web): State<Arc<Web>>,
    visitor: Visitor,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    form: Form,
) -> Result<Response, PageError> {
    let handle = form
        .text("handle")
        .trim()
        .trim_start_matches('@')
        .to_ascii_lowercase();
    let next = local_path(form.get("next"));
    let ip = client_address(&web, &headers, &extensions);
    let refused = |wait| too_many(wait, "Too many attempts to log in. Try again in");
    web.logins_by_address.take(&ip).map_err(refused)?;
    web.failures_by_handle.empty(&handle).map_err(refused)?;
    let found = web.db().account_for_login(&handle).await?;
    let password = form.text("password").to_string();
    let (account, hash) = match found {
        Some((account, hash)) => (Some(account), hash),
        None => (None, DUMMY_HASH.clone()),
    };
    let matches = off_runtime(move || password_matches(&password, &hash)).await?;
    match account {
        Some(account) if matches => start_session(&web, &account.user.id, &next).await,
        _ => {
            let _ = web.failures_by_handle.take(&handle);
            let mut page = render(
                "login.html",
                &visitor,
                context! {
                    title => "Log in", next, handle => form.get("handle"),
                    error => "That handle and password do not match. Check them and try again.",
                },
            )?;
            *page.status_mut() = StatusCode::UNAUTHORIZED;
            Ok(page)
        }
    }
}

/// POST /logout
pub async fn logout(
    State(web): State<Arc<Web>>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        web.db().end_session(token).await?;
    }
    let mut response = see_other("/");
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, web.secure()),
    );
    Ok(response)
}

/// Whether a password is the member's (for deleting an account).
pub async fn check_password(web: &Web, handle: &str, password: &str) -> Result<bool, PageError> {
    let Some((_, hash)) = web.db().account_for_login(handle).await? else {
        return Ok(false);
    };
    let password = password.to_string();
    off_runtime(move || password_matches(&password, &hash)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_short_lower_case_and_not_reserved() {
        assert_eq!(handle_problem("alice_2"), None);
        for bad in ["a", "Alice", "al ice", "<b>", "diorama", &"x".repeat(31)] {
            assert!(handle_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn passwords_are_hashed_with_argon2id_and_checked() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(password_matches("correct horse battery", &hash));
        assert!(!password_matches("correct horse batter", &hash));
        assert!(!password_matches("anything", "not a hash"));
    }
}
