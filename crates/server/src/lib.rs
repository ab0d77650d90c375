//! The platform server: an OpenAI-compatible Videos API (`/v1/videos` and friends) over the
//! store, with the job queue in the database, in-process workers, signed webhooks, health
//! and Prometheus metrics.
//!
//! Handlers are plain async functions; authentication, rate limits, body limits and
//! metrics are layers. The store (`store::Database`, `store::Objects`) and the generator
//! (`Generator`) are interfaces, so PostgreSQL, an S3 bucket, separate worker processes
//! or another generator replace the embedded defaults without the handlers changing.

mod api;
mod auth;
mod error;
mod fields;
mod generator;
mod listen;
mod metrics;
mod reference_image;
pub mod videos;
mod webhooks;
mod worker;

pub use api::media_response;
pub use auth::{Limiter, client_ip, same_secret};
pub use error::ApiError;
pub use fields::BodyTimes;
pub use generator::{Builtin, FixedAsset, Generator, Job, Made};
pub use listen::ConnectionLimits;
pub use metrics::unmatched as record_unmatched;
pub use reference_image::MAX_SIDE as MAX_REFERENCE_SIDE;
pub use webhooks::{add as add_webhook, sign};

use engine::Cancel;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use store::{Database, Objects};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// Runs CPU work (planning, parsing, hashing) on the blocking pool, never on the async
/// runtime.
async fn off_runtime<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(ApiError::internal)
}

/// How the server runs.
#[derive(Clone)]
pub struct Config {
    /// Data directory: the SQLite file and the media directory live here by default.
    pub data: PathBuf,
    /// Database URL; `None` means `sqlite://DATA/diorama.db`.
    pub database_url: Option<String>,
    /// In-process workers (0 when separate worker processes run the queue).
    pub workers: usize,
    /// How long a worker's claim on a job lasts without renewal.
    pub lease: Duration,
    /// Requests per second each user may make (on average), across all their keys.
    pub requests_per_second: f64,
    /// Requests a user may make at once before the average applies.
    pub burst: f64,
    /// Wrong API keys one client address may send a second (on average) before its
    /// requests with keys not seen lately are refused without a database lookup.
    pub failed_auth_per_second: f64,
    /// Wrong API keys one address may send at once before the average applies.
    pub failed_auth_burst: f64,
    /// Videos a user may have queued or generating at once.
    pub max_active_jobs: i64,
    /// Generations an app member may start each day, by tier.
    pub daily_limits: videos::DailyLimits,
    /// How long finished videos are kept, in seconds.
    pub keep_seconds: i64,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How long a request body may take to arrive.
    pub body_times: BodyTimes,
    /// Request bodies over 1 MiB read at once (the others wait): bounds the memory that
    /// many large uploads arriving together take.
    pub max_large_bodies: usize,
    /// Timeouts and caps on connections.
    pub connections: ConnectionLimits,
    /// How long a stop waits for requests in flight and running jobs before it releases
    /// the jobs back to the queue.
    pub grace: Duration,
    /// Reverse proxies whose `X-Forwarded-For` names the client (for the limit on wrong
    /// keys and the request log).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// A token `/metrics` asks for as `Authorization: Bearer <token>`; open when `None`.
    pub metrics_token: Option<String>,
    /// First webhook retry delay; each later one doubles.
    pub webhook_backoff: Duration,
    /// Attempts per webhook event before giving up.
    pub webhook_attempts: i64,
    /// How often expired videos' files are looked for and deleted.
    pub purge_every: Duration,
    /// How old a reference image that no record names must be before it is deleted
    /// (older than any request that could still be writing its record).
    pub orphan_after: Duration,
    /// What makes the videos.
    pub generator: Arc<dyn Generator>,
    /// A language model to plan prompts with (from `DIORAMA_LLM_URL` and friends); the
    /// rule-based planner is used when it is absent or fails.
    pub llm: Option<llm_plan::LlmConfig>,
}

impl Config {
    /// The embedded defaults for a data directory.
    pub fn new(data: PathBuf) -> Config {
        Config {
            data,
            database_url: None,
            workers: 1,
            lease: Duration::from_secs(30),
            requests_per_second: 50.0,
            burst: 100.0,
            failed_auth_per_second: 1.0,
            failed_auth_burst: 20.0,
            max_active_jobs: 4,
            daily_limits: videos::DailyLimits {
                standard: 30,
                pro: 100,
            },
            keep_seconds: 7 * 24 * 3600,
            max_body_bytes: 20 * 1024 * 1024,
            body_times: BodyTimes {
                total: Duration::from_secs(120),
                idle: Duration::from_secs(15),
            },
            max_large_bodies: 8,
            connections: ConnectionLimits {
                header_timeout: Duration::from_secs(10),
                max_connections: 1024,
                max_per_client: 256,
            },
            grace: Duration::from_secs(10),
            trusted_proxies: Vec::new(),
            metrics_token: None,
            webhook_backoff: Duration::from_secs(5),
            webhook_attempts: 8,
            purge_every: Duration::from_secs(60),
            orphan_after: Duration::from_secs(3600),
            generator: Arc::new(Builtin),
            llm: llm_plan::LlmConfig::configured(),
        }
    }

    fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data.join("diorama.db").display()))
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened.
    #[error(transparent)]
    Store(#[from] store::StoreError),
    /// The media directory could not be made.
    #[error(transparent)]
    Objects(#[from] store::ObjectError),
    /// The signing certificate could not be loaded or made.
    #[error(transparent)]
    Signing(#[from] provenance::ProvenanceError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
}

/// Shared state of a running server.
pub struct App {
    db: Database,
    objects: Objects,
    config: Config,
    /// Cancel flags of jobs running in this process, by video id.
    running: Mutex<HashMap<String, Cancel>>,
    /// Wakes idle workers when a job is queued.
    queued: Notify,
    limiter: auth::Limiter<String>,
    failed_auth: auth::Limiter<std::net::IpAddr>,
    keys: auth::KeyCache,
    /// Large request bodies being read (see `Config::max_large_bodies`).
    large_bodies: Arc<tokio::sync::Semaphore>,
    /// Turns true when the process is asked to stop.
    stopping: tokio::sync::watch::Sender<bool>,
    /// Signs each finished video's C2PA manifest.
    signing: provenance::Signing,
}

impl App {
    /// Opens the store for a config.
    pub async fn open(config: Config) -> Result<Arc<App>, StartError> {
        std::fs::create_dir_all(&config.data).map_err(|source| store::ObjectError::Read {
            path: config.data.display().to_string(),
            source,
        })?;
        let db = Database::open(&config.database_url()).await?;
        let objects = Objects::local(&config.data.join("media"))?;
        let signing = provenance::Signing::configured(&config.data.join("provenance"))?;
        Ok(Arc::new(App {
            signing,
            limiter: auth::Limiter::new(config.requests_per_second, config.burst),
            failed_auth: auth::Limiter::new(
                config.failed_auth_per_second,
                config.failed_auth_burst,
            ),
            large_bodies: Arc::new(tokio::sync::Semaphore::new(config.max_large_bodies.max(1))),
            stopping: tokio::sync::watch::Sender::new(false),
            db,
            objects,
            config,
            running: Mutex::new(HashMap::new()),
            queued: Notify::new(),
            keys: auth::KeyCache::default(),
        }))
    }

    /// The record database.
    pub fn db(&self) -> &Database {
        &self.db
    }

    /// The media store.
    pub fn objects(&self) -> &Objects {
        &self.objects
    }

    /// How the server runs.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Forgets a user's API keys cached by the API, so that a revoked key is refused at once.
    pub fn forget_cached_keys(&self, user_id: &str) {
        self.keys.forget_user(user_id);
    }

    /// Turns true when the process is asked to stop (long-lived responses end then).
    pub fn stopping(&self) -> tokio::sync::watch::Receiver<bool> {
        self.stopping.subscribe()
    }
}

/// A running server: its address and background tasks.
pub struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    app: Arc<App>,
    /// The HTTP server and the workers: waited for on a graceful stop.
    serving: Vec<JoinHandle<()>>,
    /// Webhooks and the purge: stopped at once.
    background: Vec<JoinHandle<()>>,
}

impl Server {
    /// The shared state.
    pub fn app(&self) -> &Arc<App> {
        &self.app
    }

    /// Stops at once, as a crash would: jobs in flight are abandoned mid-way (their
    /// claims lapse and another server or worker takes them over).
    pub fn kill(self) {
        for task in self.serving.iter().chain(&self.background) {
            task.abort();
        }
        for cancel in self.app.running.lock().expect("lock").values() {
            cancel.cancel();
        }
    }

    /// Stops gracefully: accepts no more connections or jobs, lets requests in flight
    /// and running jobs finish for up to the grace period, then stops the jobs still
    /// running and gives them back to the queue (without counting the attempt), so that
    /// the next server or worker takes them up from the start.
    pub async fn stop(self) {
        let grace = self.app.config.grace;
        self.app.stopping.send_replace(true);
        let serving = futures::future::join_all(self.serving);
        if tokio::time::timeout(grace, serving).await.is_err() {
            tracing::info!(
                jobs = self.app.running.lock().expect("lock").len(),
                "grace period over: releasing the jobs still running"
            );
            for cancel in self.app.running.lock().expect("lock").values() {
                cancel.cancel();
            }
        }
        // The workers release what they were stopped in; give them a moment to.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while !self.app.running.lock().expect("lock").is_empty()
            && tokio::time::Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        for task in &self.background {
            task.abort();
        }
        tracing::info!("stopped");
    }
}

/// Starts workers and the webhook sender without the HTTP server: a `diorama worker`
/// process that shares the database and media store with a server elsewhere.
pub async fn start_workers(config: Config) -> Result<Server, StartError> {
    let app = App::open(config).await?;
    let serving = (0..app.config.workers)
        .map(|n| tokio::spawn(worker::run(app.clone(), n)))
        .collect();
    let background = vec![tokio::spawn(webhooks::run(app.clone()))];
    tracing::info!(workers = app.config.workers, "working the queue");
    Ok(Server {
        addr: SocketAddr::from(([0, 0, 0, 0], 0)),
        app,
        serving,
        background,
    })
}

/// Starts the HTTP server (the Videos API alone), the workers and the webhook sender on
/// `addr`.
pub async fn start(config: Config, addr: SocketAddr) -> Result<Server, StartError> {
    start_with(config, addr, |_| None).await
}

/// Starts the HTTP server, the workers and the webhook sender on `addr`, serving beside
/// the Videos API the routes `pages` makes for the app (they answer every path the API
/// does not have, except under `/v1/`).
pub async fn start_with(
    config: Config,
    addr: SocketAddr,
    pages: impl FnOnce(Arc<App>) -> Option<axum::Router>,
) -> Result<Server, StartError> {
    let app = App::open(config).await?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Bind { addr, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| StartError::Bind { addr, source })?;
    let mut serving: Vec<JoinHandle<()>> = (0..app.config.workers)
        .map(|n| tokio::spawn(worker::run(app.clone(), n)))
        .collect();
    serving.push(tokio::spawn(listen::serve(
        listener,
        api::router(app.clone(), pages(app.clone())),
        app.config.connections,
        app.stopping.subscribe(),
        app.config.grace,
    )));
    let background = vec![
        tokio::spawn(webhooks::run(app.clone())),
        tokio::spawn(worker::purge(app.clone())),
    ];
    tracing::info!(%addr, workers = app.config.workers, "serving");
    Ok(Server {
        addr,
        app,
        serving,
        background,
    })
}
