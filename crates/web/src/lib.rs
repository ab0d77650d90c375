//! The app: a mobile-first social web app served by `diorama serve` beside the Videos
//! API, on the same database and media store. Server-rendered pages (minijinja
//! templates built into the binary) with a little plain JavaScript; the same data as
//! JSON under `/app/api/`.
//!
//! Every page and route checks who is asking (`session`): members sign up with an
//! invite, log in to a session cookie, and every state-changing request carries the
//! session's CSRF token. Videos are made through `server::videos`, so the app and the
//! API share one set of checks, limits and queue.

mod account;
mod assets;
mod captions;
mod create;
mod export;
mod feed;
mod json;
mod media;
mod page;
mod profile;
mod session;
mod settings;
mod social;
mod video;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use server::{App, Limiter};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};

pub use assets::assets;
pub use page::PageError;

/// How the app runs.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The address people reach the app at (`https://diorama.example`): share links and
    /// OpenGraph tags use it, and cookies are marked Secure when it is `https`. Without
    /// it, links use the request's Host.
    pub public_url: Option<String>,
}

/// The app's shared state.
pub struct Web {
    app: Arc<App>,
    settings: Settings,
    /// Login attempts per client address.
    logins_by_address: Limiter<IpAddr>,
    /// Failed logins per handle.
    failures_by_handle: Limiter<String>,
    /// Sign-ups per client address.
    signups_by_address: Limiter<IpAddr>,
    /// What each video's C2PA manifest says, read once.
    manifests: Mutex<HashMap<String, Arc<video::Provenance>>>,
    /// Each viewer's ranked feed (by viewer and tag), worked out at most every
    /// `feed::FRESH_FOR`, so that scrolling pages through it does not rank it again.
    feeds: feed::Feeds,
}

impl Web {
    fn db(&self) -> &store::Database {
        self.app.db()
    }

    /// Whether cookies must be Secure (the app is served over TLS).
    fn secure(&self) -> bool {
        self.settings
            .public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}

/// Gzip for pages, scripts, styles and JSON when the browser accepts it; never for
/// video (it is compressed already, and byte ranges must stay byte ranges), images,
/// zips or server-sent events.
fn compression() -> CompressionLayer<impl Predicate> {
    let predicate = DefaultPredicate::new()
        .and(NotForContentType::const_new("video/"))
        .and(NotForContentType::const_new("application/zip"));
    CompressionLayer::new().compress_when(predicate)
}

/// The app's routes, for `server::start_with`.
pub fn router(app: Arc<App>, settings: Settings) -> Router {
    let web = Arc::new(Web {
        app,
        settings,
        logins_by_address: Limiter::new(10.0 / 60.0, 10.0),
        failures_by_handle: Limiter::new(1.0 / 60.0, 5.0),
        signups_by_address: Limiter::new(1.0 / 60.0, 5.0),
        manifests: Mutex::new(HashMap::new()),
        feeds: feed::Feeds::default(),
    });
    Router::new()
        .route("/", get(feed::home))
        .route("/signup", get(account::signup_page).post(account::signup))
        .route("/login", get(account::login_page).post(account::login))
        .route("/logout", post(account::logout))
        .route("/create", get(create::page).post(create::submit))
        .route("/drafts", get(create::drafts))
        .route("/v/{id}", get(video::page))
        .route("/v/{id}/captions.vtt", get(captions::vtt))
        .route("/v/{id}/progress", get(create::progress))
        .route("/v/{id}/post", post(create::post))
        .route("/v/{id}/delete", post(create::delete))
        .route("/v/{id}/remix", post(create::remix))
        .route("/v/{id}/extend", post(create::extend))
        .route("/v/{id}/edit", post(create::edit))
        .route("/v/{id}/collaborators", post(create::invite_collaborator))
        .route("/v/{id}/like", post(social::like))
        .route("/v/{id}/comments", post(social::comment))
        .route("/comments/{id}/delete", post(social::delete_comment))
        .route("/media/{id}/{file}", get(media::file))
        .route("/avatars/{handle}", get(media::avatar))
        .route("/notifications", get(social::notifications))
        .route("/settings", get(settings::page))
        .route("/settings/profile", post(settings::profile))
        .route("/settings/keys", post(settings::create_key))
        .route("/settings/keys/{id}/revoke", post(settings::revoke_key))
        .route("/settings/export", get(export::download))
        .route("/settings/delete", post(settings::delete_account))
        .route("/offline", get(assets::offline))
        .route("/manifest.webmanifest", get(assets::manifest))
        .route("/sw.js", get(assets::service_worker))
        .route("/static/{file}", get(assets::file))
        .route("/app/api/feed", get(json::feed))
        .route("/app/api/me", get(json::me))
        .route("/app/api/drafts", get(json::drafts))
        .route("/app/api/notifications", get(json::notifications))
        .route("/app/api/videos/{id}", get(json::video))
        .route("/app/api/users/{handle}", get(json::user))
        .route("/{name}", get(profile::page))
        .route("/{name}/follow", post(profile::follow))
        .route("/{name}/block", post(profile::block))
        .fallback(page::not_found)
        .layer(axum::middleware::from_fn_with_state(
            web.clone(),
            session::layer,
        ))
        .layer(axum::middleware::from_fn(page::security_headers))
        .layer(compression())
        .layer(DefaultBodyLimit::max(
            settings::MAX_AVATAR_BYTES + 64 * 1024,
        ))
        .with_state(web)
}
