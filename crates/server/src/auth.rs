//! Bearer-key authentication, per-user rate limits (across all of a user's keys), and a
//! limit on failed authentication per client address, checked before the database is.

use crate::{App, error::ApiError};
use axum::extract::FromRequestParts;
use axum::extract::connect_info::ConnectInfo;
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap};
use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use store::User;

/// How long a looked-up key is trusted before the database is asked again.
const KEY_TTL: Duration = Duration::from_secs(60);
/// Buckets kept before the full ones are forgotten.
const PRUNE_AT: usize = 10_000;
/// What every key `diorama keys create` makes looks like: the prefix and 48 hex digits.
const KEY_PREFIX: &str = "sk-diorama-";
const KEY_DIGITS: usize = 48;

/// Recently seen keys and their users, so that each request does not hit the database.
#[derive(Default)]
pub struct KeyCache(Mutex<HashMap<String, (User, Instant)>>);

impl KeyCache {
    /// The user of a key looked up less than `KEY_TTL` ago.
    fn cached(&self, key: &str) -> Option<User> {
        let cache = self.0.lock().expect("lock");
        let (user, at) = cache.get(key)?;
        (at.elapsed() < KEY_TTL).then(|| user.clone())
    }

    /// Forgets a user's cached keys, so that a revoked key stops working at once.
    pub fn forget_user(&self, user_id: &str) {
        self.0
            .lock()
            .expect("lock")
            .retain(|_, (user, _)| user.id != user_id);
    }

    /// Asks the database for a key's user (a key that cannot be one is refused first).
    async fn look_up(&self, app: &App, key: &str) -> Result<Option<User>, ApiError> {
        if !looks_like_a_key(key) {
            return Ok(None);
        }
        let user = app.db.user_for_key(key).await?;
        let mut cache = self.0.lock().expect("lock");
        if cache.len() > PRUNE_AT {
            cache.retain(|_, (_, at)| at.elapsed() < KEY_TTL);
        }
        if let Some(user) = &user {
            cache.insert(key.to_string(), (user.clone(), Instant::now()));
        }
        Ok(user)
    }
}

/// Whether two secrets are equal, taking the same time wherever they differ.
pub fn same_secret(sent: &str, expected: &str) -> bool {
    sent.len() == expected.len()
        && sent
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

/// Whether a string could be a key at all (no database lookup needed to refuse it).
fn looks_like_a_key(key: &str) -> bool {
    key.strip_prefix(KEY_PREFIX)
        .is_some_and(|hex| hex.len() == KEY_DIGITS && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A token bucket per name: `rate` a second on average, `burst` at once. Buckets that
/// have filled up again are forgotten once there are many, so memory stays bounded
/// however many names are seen.
pub struct Limiter<K> {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<K, (f64, Instant)>>,
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    pub fn new(rate: f64, burst: f64) -> Limiter<K> {
        Limiter {
            rate,
            burst: burst.max(1.0),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one from the bucket, or says how many seconds until one is free.
    pub fn take(&self, name: &K) -> Result<(), u64> {
        self.with_bucket(name, |tokens| {
            if *tokens >= 1.0 {
                *tokens -= 1.0;
                true
            } else {
                false
            }
        })
    }

    /// Whether the bucket is empty (without taking from it), and if so for how long.
    pub fn empty(&self, name: &K) -> Result<(), u64> {
        self.with_bucket(name, |tokens| *tokens >= 1.0)
    }

    fn with_bucket(&self, name: &K, go: impl FnOnce(&mut f64) -> bool) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().expect("lock");
        let now = Instant::now();
        if buckets.len() >= PRUNE_AT && !buckets.contains_key(name) {
            let (rate, burst) = (self.rate, self.burst);
            buckets.retain(|_, (tokens, last)| {
                *tokens + now.duration_since(*last).as_secs_f64() * rate < burst
            });
        }
        let (tokens, last) = buckets.entry(name.clone()).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * self.rate).min(self.burst);
        *last = now;
        if go(tokens) {
            Ok(())
        } else {
            Err(((1.0 - *tokens) / self.rate).ceil().max(1.0) as u64)
        }
    }
}

/// The address a request came from: the connection's, or when that is one of the
/// `trusted` proxies, the nearest address in `X-Forwarded-For` that is not a trusted proxy
/// (the ones before it could be written by the client). Loopback when not known.
pub fn client_ip(extensions: &Extensions, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let peer = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |c| c.0.ip());
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<IpAddr>().ok())
        .collect::<Vec<_>>();
    forwarded
        .into_iter()
        .rev()
        .find(|a| !trusted.contains(a))
        .unwrap_or(peer)
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
        let user = match app.keys.cached(key) {
            Some(user) => user,
            None => {
                let ip = client_ip(
                    &parts.extensions,
                    &parts.headers,
                    &app.config.trusted_proxies,
                );
                look_up(app, key, ip).await?
            }
        };
        app.limiter.take(&user.id).map_err(|seconds| {
            ApiError::rate_limited(
                "rate_limit_exceeded",
                format!(
                    "your account is limited to {} requests per second across all its API keys; wait {seconds} s and retry",
                    app.config.requests_per_second
                ),
                seconds,
            )
        })?;
        Ok(Caller(user))
    }
}

/// A key not seen lately, looked up unless its address has had too many wrong keys; a
/// wrong key costs the address one try.
async fn look_up(app: &App, key: &str, ip: IpAddr) -> Result<User, ApiError> {
    app.failed_auth.empty(&ip).map_err(|seconds| {
        ApiError::rate_limited(
            "too_many_failed_authentications",
            format!(
                "too many requests from your address had a wrong API key; wait {seconds} s, then send a valid key"
            ),
            seconds,
        )
    })?;
    match app.keys.look_up(app, key).await? {
        Some(user) => Ok(user),
        None => {
            let _ = app.failed_auth.take(&ip);
            let shown: String = key.chars().take(15).collect();
            Err(ApiError::unauthorized(
                "invalid_api_key",
                format!(
                    "the API key '{shown}…' is not known to this server; check it or make one with `diorama keys create USER`"
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_refill_and_full_ones_are_forgotten() {
        let limiter: Limiter<u32> = Limiter::new(1000.0, 2.0);
        assert_eq!(limiter.take(&1), Ok(()));
        assert_eq!(limiter.take(&1), Ok(()));
        assert_eq!(limiter.take(&1), Err(1));
        assert_eq!(limiter.empty(&1), Err(1));
        for n in 2..(PRUNE_AT as u32 + 10) {
            limiter.empty(&n).unwrap();
        }
        std::thread::sleep(Duration::from_millis(5));
        limiter.empty(&u32::MAX).unwrap();
        assert!(limiter.buckets.lock().unwrap().len() < 20);
    }

    #[test]
    fn a_trusted_proxy_passes_on_the_clients_address_and_no_one_else_does() {
        let request = |peer: &str, forwarded: &str| {
            let (mut parts, ()) = axum::http::Request::builder()
                .header("x-forwarded-for", forwarded)
                .body(())
                .unwrap()
                .into_parts();
            parts
                .extensions
                .insert(ConnectInfo(SocketAddr::new(peer.parse().unwrap(), 5000)));
            parts
        };
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        // A client may write anything before the proxy's entry: the last one counts.
        let of = |p: &Parts, trusted: &[IpAddr]| client_ip(&p.extensions, &p.headers, trusted);
        let parts = request("10.0.0.1", "6.6.6.6, 203.0.113.7");
        assert_eq!(of(&parts, &[proxy]), ip("203.0.113.7"));
        let parts = request("10.0.0.1", "203.0.113.7, 10.0.0.1");
        assert_eq!(of(&parts, &[proxy]), ip("203.0.113.7"));
        // From anyone else the header is ignored.
        let parts = request("198.51.100.2", "203.0.113.7");
        assert_eq!(of(&parts, &[proxy]), ip("198.51.100.2"));
        assert_eq!(of(&parts, &[]), ip("198.51.100.2"));
        // Nothing usable in the header: the proxy itself.
        let parts = request("10.0.0.1", "not an address");
        assert_eq!(of(&parts, &[proxy]), proxy);
    }

    #[test]
    fn only_well_formed_keys_are_looked_up() {
        assert!(looks_like_a_key(&format!("sk-diorama-{}", "a".repeat(48))));
        assert!(!looks_like_a_key("sk-diorama-wrong"));
        assert!(!looks_like_a_key(&format!("sk-diorama-{}", "g".repeat(48))));
    }
}
