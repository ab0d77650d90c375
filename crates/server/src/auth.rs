//! Bearer-key authentication and per-key rate limits.

use crate::{App, error::ApiError};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use store::User;

/// How long a looked-up key is trusted before the database is asked again.
const KEY_TTL: Duration = Duration::from_secs(60);

/// Recently seen keys and their users, so that each request does not hit the database.
#[derive(Default)]
pub struct KeyCache(Mutex<HashMap<String, (User, Instant)>>);

impl KeyCache {
    async fn user(&self, app: &App, key: &str) -> Result<Option<User>, ApiError> {
        if let Some((user, at)) = self.0.lock().expect("lock").get(key)
            && at.elapsed() < KEY_TTL
        {
            return Ok(Some(user.clone()));
        }
        let user = app.db.user_for_key(key).await?;
        if let Some(user) = &user {
            self.0
                .lock()
                .expect("lock")
                .insert(key.to_string(), (user.clone(), Instant::now()));
        }
        Ok(user)
    }
}

/// A token bucket per key: `rate` requests a second on average, `burst` at once.
pub struct Limiter {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl Limiter {
    pub fn new(rate: f64, burst: f64) -> Limiter {
        Limiter {
            rate,
            burst: burst.max(1.0),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from the key's bucket, or says how many seconds until one is free.
    fn take(&self, key: &str) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().expect("lock");
        let now = Instant::now();
        let (tokens, last) = buckets.entry(key.to_string()).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * self.rate).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / self.rate).ceil().max(1.0) as u64)
        }
    }
}

/// The authenticated caller of a request.
pub struct Caller(pub User);

impl FromRequestParts<Arc<App>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let Some(key) = header.strip_prefix("Bearer ").map(str::trim) else {
            return Err(ApiError::unauthorized(
                "missing_api_key",
                "no API key was sent; send 'Authorization: Bearer <key>' (make a key with `diorama keys create USER`)",
            ));
        };
        let Some(user) = app.keys.user(app, key).await? else {
            let shown: String = key.chars().take(15).collect();
            return Err(ApiError::unauthorized(
                "invalid_api_key",
                format!(
                    "the API key '{shown}…' is not known to this server; check it or make one with `diorama keys create USER`"
                ),
            ));
        };
        app.limiter.take(key).map_err(|seconds| {
            ApiError::rate_limited(
                "rate_limit_exceeded",
                format!(
                    "this API key is limited to {} requests per second; wait {seconds} s and retry",
                    app.config.requests_per_second
                ),
                seconds,
            )
        })?;
        Ok(Caller(user))
    }
}
