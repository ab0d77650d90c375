//! The platform's state: records in a SQL database (users, API keys, videos, the job queue,
//! webhooks and their deliveries; the app's accounts, sessions, posts, likes, comments,
//! follows, blocks and notifications) and media in an object store.
//!
//! The embedded default is a SQLite file and a local directory. The SQL is written for both
//! SQLite and PostgreSQL (`$n` parameters, `BIGINT`, `RETURNING`) and goes through sqlx's
//! `Any` driver, and files go through `object_store`, so a `postgres://` URL or an S3 bucket
//! can replace them without the server changing.

mod database;
mod objects;
mod social;

pub use database::{
    Claim, Database, Delivery, JobKind, NewVideo, Order, QueueDepth, Status, StoreError, User,
    VideoRecord, Webhook,
};
pub use objects::{ObjectError, Objects};
pub use social::{
    Account, ApiKeyInfo, Comment, FeedOrder, INVITES_PER_MEMBER, Invite, Member, NewAccount,
    Notification, NotificationKind, Post, Profile, SignUpError, Tier,
};

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    now_ms() / 1000
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
