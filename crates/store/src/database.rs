//! Records: users, keys, videos, the job queue, webhooks and deliveries.

use crate::{now, now_ms};
use sha2::{Digest, Sha256};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, AssertSqlSafe, Row};

/// How many times a job is tried before it fails for good.
const MAX_ATTEMPTS: i64 = 3;

/// Why the store could not do something.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// A stored value could not be read back.
    #[error("corrupt record: {0}")]
    Corrupt(String),
}

/// A user of the platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Stable identifier.
    pub id: String,
    /// Unique name (the handle).
    pub name: String,
}

/// Where a video is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Waiting for a worker.
    Queued,
    /// Being generated.
    InProgress,
    /// Finished; its files can be downloaded.
    Completed,
    /// Generation failed; `error` says why.
    Failed,
}

impl Status {
    /// The API's name for the status.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
            Status::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Result<Status, StoreError> {
        Ok(match s {
            "queued" => Status::Queued,
            "in_progress" => Status::InProgress,
            "completed" => Status::Completed,
            "failed" => Status::Failed,
            other => return Err(StoreError::Corrupt(format!("video status {other:?}"))),
        })
    }
}

/// How a video came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// From a prompt.
    Create,
    /// A remix of another video: its scene changed by a new prompt.
    Remix,
    /// An edit of one's own video by a new prompt.
    Edit,
    /// A continuation of another video's world.
    Extend,
}

impl JobKind {
    fn as_str(self) -> &'static str {
        match self {
            JobKind::Create => "create",
            JobKind::Remix => "remix",
            JobKind::Edit => "edit",
            JobKind::Extend => "extend",
        }
    }

    fn parse(s: &str) -> Result<JobKind, StoreError> {
        Ok(match s {
            "create" => JobKind::Create,
            "remix" => JobKind::Remix,
            "edit" => JobKind::Edit,
            "extend" => JobKind::Extend,
            other => return Err(StoreError::Corrupt(format!("job kind {other:?}"))),
        })
    }
}

/// A video and the job that makes it.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoRecord {
    /// `video_…` identifier.
    pub id: String,
    /// The owner.
    pub user_id: String,
    /// Life-cycle status.
    pub status: Status,
    /// Percent done.
    pub progress: i64,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds, once finished.
    pub completed_at: Option<i64>,
    /// Unix seconds when the files are deleted.
    pub expires_at: Option<i64>,
    /// The prompt as given.
    pub prompt: String,
    /// The model name as given (an alias stays as the client sent it).
    pub model: String,
    /// `WIDTHxHEIGHT`.
    pub size: String,
    /// Length in seconds, as the API's string (the stitched total for an extension).
    pub seconds: String,
    /// How it came to be.
    pub kind: JobKind,
    /// The video it was made from (remix, edit, extension).
    pub parent_id: Option<String>,
    /// The parent when this is a remix or an edit.
    pub remixed_from_video_id: Option<String>,
    /// Seed for the generator.
    pub seed: i64,
    /// Object key of the reference image, if one was given.
    pub reference_key: Option<String>,
    /// What the planner could not honour.
    pub warnings: Vec<String>,
    /// The scene program (JSON) once planned.
    pub scene: Option<String>,
    /// Error code and message when failed.
    pub error: Option<(String, String)>,
    /// Whom it owes credit once finished: a JSON list of title, creator, licence, source.
    pub credits: serde_json::Value,
}

/// What a client asks for when it creates a video.
#[derive(Debug, Clone, PartialEq)]
pub struct NewVideo {
    /// The owner.
    pub user_id: String,
    /// The prompt.
    pub prompt: String,
    /// Model name as given.
    pub model: String,
    /// `WIDTHxHEIGHT`.
    pub size: String,
    /// Seconds as the API's string.
    pub seconds: String,
    /// How it comes to be.
    pub kind: JobKind,
    /// The video it is made from.
    pub parent_id: Option<String>,
    /// Object key of a reference image already stored.
    pub reference_key: Option<String>,
    /// Seed for the generator.
    pub seed: i64,
    /// The scene program (JSON) when it was planned on arrival.
    pub scene: Option<String>,
    /// What the planner could not honour.
    pub warnings: Vec<String>,
}

/// Newest first or oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Oldest first.
    Asc,
    /// Newest first.
    Desc,
}

/// Proof that a worker holds a job; it goes stale if another worker reclaims the job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The video being made.
    pub video_id: String,
    /// Random token of this attempt.
    pub token: String,
    /// Which attempt this is (1 for the first).
    pub attempt: i64,
}

/// Jobs waiting and running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueDepth {
    /// Waiting for a worker.
    pub queued: i64,
    /// Held by a worker.
    pub running: i64,
}

/// A webhook endpoint of a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    /// `wh_…` identifier.
    pub id: String,
    /// The owner.
    pub user_id: String,
    /// Where events are posted.
    pub url: String,
    /// Signing secret (`whsec_…`).
    pub secret: String,
}

/// One event to post to one webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Event id (`evt_…`), also the `webhook-id` header.
    pub id: String,
    /// The endpoint.
    pub webhook: Webhook,
    /// The JSON body.
    pub payload: String,
    /// Attempts made so far.
    pub attempts: i64,
}

/// The record database.
#[derive(Debug, Clone)]
pub struct Database {
    pub(crate) pool: AnyPool,
    sqlite: bool,
}

/// A random identifier with a prefix: `video_` and 32 hex digits.
pub(crate) fn random_id(prefix: &str) -> String {
    format!("{prefix}{:032x}", rand::random::<u128>())
}

/// The stored form of an API key.
pub(crate) fn key_hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// The columns of the videos table a record is read from.
macro_rules! video_table_columns {
    () => {
        "id, user_id, status, progress, created_at, completed_at, expires_at, prompt, model, \
         size, seconds, kind, parent_id, remixed_from_video_id, seed, reference_key, \
         warnings, scene, error_code, error_message"
    };
}
pub(crate) use video_table_columns;

/// A video record's columns, from `videos` and its credits.
pub(crate) const VIDEO_COLUMNS: &str = concat!(
    video_table_columns!(),
    ", (SELECT credits FROM video_credits c WHERE c.video_id = videos.id) AS credits"
);

pub(crate) fn video_from(row: &AnyRow) -> Result<VideoRecord, StoreError> {
    let warnings: String = row.try_get("warnings")?;
    let code: Option<String> = row.try_get("error_code")?;
    let message: Option<String> = row.try_get("error_message")?;
    Ok(VideoRecord {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        status: Status::parse(&row.try_get::<String, _>("status")?)?,
        progress: row.try_get("progress")?,
        created_at: row.try_get("created_at")?,
        completed_at: row.try_get("completed_at")?,
        expires_at: row.try_get("expires_at")?,
        prompt: row.try_get("prompt")?,
        model: row.try_get("model")?,
        size: row.try_get("size")?,
        seconds: row.try_get("seconds")?,
        kind: JobKind::parse(&row.try_get::<String, _>("kind")?)?,
        parent_id: row.try_get("parent_id")?,
        remixed_from_video_id: row.try_get("remixed_from_video_id")?,
        seed: row.try_get("seed")?,
        reference_key: row.try_get("reference_key")?,
        warnings: serde_json::from_str(&warnings)
            .map_err(|e| StoreError::Corrupt(format!("warnings: {e}")))?,
        scene: row.try_get("scene")?,
        error: code.zip(message),
        credits: match row.try_get::<Option<String>, _>("credits")? {
            Some(text) => serde_json::from_str(&text)
                .map_err(|e| StoreError::Corrupt(format!("credits: {e}")))?,
            None => serde_json::Value::Array(Vec::new()),
        },
    })
}

/// Sets a running job's columns (`assignments`, fixed SQL) if `claim` still holds it;
/// whether it did.
async fn end_claim(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    claim: &Claim,
    assignments: &'static str,
) -> Result<bool, StoreError> {
    let sql = format!(
        "UPDATE jobs SET {assignments} WHERE video_id = $1 AND claim = $2 AND status = 'running'"
    );
    Ok(sqlx::query(AssertSqlSafe(sql))
        .bind(&claim.video_id)
        .bind(&claim.token)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        == 1)
}

impl Database {
    /// Opens (creating if needed) the database at `url`: `sqlite://path/to/file.db` or
    /// `postgres://…`.
    pub async fn open(url: &str) -> Result<Database, StoreError> {
        sqlx::any::install_default_drivers();
        let sqlite = url.starts_with("sqlite:");
        let url = if sqlite && !url.contains('?') {
            format!("{url}?mode=rwc")
        } else {
            url.to_string()
        };
        let pool = AnyPoolOptions::new()
            .max_connections(if sqlite { 4 } else { 16 })
            .connect(&url)
            .await?;
        if sqlite {
            // Readers do not wait for the writer; concurrent writers wait their turn.
            sqlx::query("PRAGMA journal_mode=WAL")
                .execute(&pool)
                .await?;
        }
        let schema = [include_str!("schema.sql"), include_str!("social.sql")];
        for statement in schema.iter().flat_map(|s| s.split(';')) {
            if !statement.trim().is_empty() {
                sqlx::query(statement).execute(&pool).await?;
            }
        }
        Ok(Database { pool, sqlite })
    }

    /// A write transaction. SQLite's takes the write lock at once, so that two writers
    /// wait for each other instead of one failing when it upgrades from reading.
    pub(crate) async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        Ok(if self.sqlite {
            self.pool.begin_with("BEGIN IMMEDIATE").await?
        } else {
            self.pool.begin().await?
        })
    }

    /// Whether a video's record names this reference image.
    pub async fn reference_in_use(&self, key: &str) -> Result<bool, StoreError> {
        Ok(
            sqlx::query("SELECT 1 FROM videos WHERE reference_key = $1 LIMIT 1")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?
                .is_some(),
        )
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// The user with this name, created if new.
    pub async fn ensure_user(&self, name: &str) -> Result<User, StoreError> {
        sqlx::query(
            "INSERT INTO users (id, name, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(random_id("user_"))
        .bind(name)
        .bind(now())
        .execute(&self.pool)
        .await?;
        let row = sqlx::query("SELECT id, name FROM users WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await?;
        Ok(User {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
        })
    }

    /// A user by id.
    pub async fn user(&self, id: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query("SELECT id, name FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(User {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
            })
        })
        .transpose()
    }

    /// Makes a new API key for a user and returns it; only its hash is stored.
    pub async fn create_key(&self, user: &User) -> Result<String, StoreError> {
        let key = format!(
            "sk-diorama-{:032x}{:016x}",
            rand::random::<u128>(),
            rand::random::<u64>()
        );
        sqlx::query(
            "INSERT INTO api_keys (hash, user_id, prefix, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(key_hash(&key))
        .bind(&user.id)
        .bind(&key[..15])
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(key)
    }

    /// The user an API key belongs to, if it is a key.
    pub async fn user_for_key(&self, key: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(
            "SELECT users.id, users.name FROM api_keys JOIN users ON users.id = api_keys.user_id \
             WHERE api_keys.hash = $1",
        )
        .bind(key_hash(key))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(User {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
            })
        })
        .transpose()
    }

    /// Records a new video and queues its job, both or neither.
    pub async fn insert_video(&self, new: &NewVideo) -> Result<VideoRecord, StoreError> {
        let id = random_id("video_");
        let remixed_from = match new.kind {
            JobKind::Remix | JobKind::Edit => new.parent_id.clone(),
            JobKind::Create | JobKind::Extend => None,
        };
        let warnings = serde_json::to_string(&new.warnings)
            .map_err(|e| StoreError::Corrupt(format!("warnings: {e}")))?;
        let mut tx = self.begin().await?;
        let seq: i64 = sqlx::query("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM videos")
            .fetch_one(&mut *tx)
            .await?
            .try_get("next")?;
        sqlx::query(
            "INSERT INTO videos (id, seq, user_id, status, progress, created_at, prompt, model, \
             size, seconds, kind, parent_id, remixed_from_video_id, seed, reference_key, \
             warnings, scene) \
             VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(&id)
        .bind(seq)
        .bind(&new.user_id)
        .bind(now())
        .bind(&new.prompt)
        .bind(&new.model)
        .bind(&new.size)
        .bind(&new.seconds)
        .bind(new.kind.as_str())
        .bind(&new.parent_id)
        .bind(&remixed_from)
        .bind(new.seed)
        .bind(&new.reference_key)
        .bind(warnings)
        .bind(&new.scene)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO jobs (video_id, user_id, seq, status, attempts, lease_until) \
             VALUES ($1, $2, $3, 'queued', 0, 0)",
        )
        .bind(&id)
        .bind(&new.user_id)
        .bind(seq)
        .execute(&mut *tx)
        .await?;
        // Counted apart from the videos, so that deleting one does not give it back.
        sqlx::query(
            "INSERT INTO daily_usage (user_id, day, videos) VALUES ($1, $2, 1) \
             ON CONFLICT (user_id, day) DO UPDATE SET videos = daily_usage.videos + 1",
        )
        .bind(&new.user_id)
        .bind(now().div_euclid(86_400))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.video(&id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("{id} vanished after insert")))
    }

    /// A video by id, whoever owns it.
    pub async fn video(&self, id: &str) -> Result<Option<VideoRecord>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {VIDEO_COLUMNS} FROM videos WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(video_from).transpose()
    }

    /// The video whose id begins with the 64-bit payload its invisible marks carry.
    pub async fn video_by_payload(&self, payload: u64) -> Result<Option<VideoRecord>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {VIDEO_COLUMNS} FROM videos WHERE id LIKE $1 ORDER BY created_at LIMIT 1"
        )))
        .bind(format!("video_{payload:016x}%"))
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(video_from).transpose()
    }

    /// A user's video by id; another user's video is not found.
    pub async fn video_of(&self, user: &User, id: &str) -> Result<Option<VideoRecord>, StoreError> {
        Ok(self.video(id).await?.filter(|v| v.user_id == user.id))
    }

    /// A user's completed video whose MP4 has this SHA-256 (hex), for a client that
    /// uploads the file it downloaded instead of naming the video.
    pub async fn video_by_hash(
        &self,
        user: &User,
        sha256: &str,
    ) -> Result<Option<VideoRecord>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {VIDEO_COLUMNS} FROM videos WHERE sha256 = $1 AND user_id = $2 \
             ORDER BY seq LIMIT 1"
        )))
        .bind(sha256)
        .bind(&user.id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(video_from).transpose()
    }

    /// A page of a user's videos after the video `after` (if given), and whether more follow.
    pub async fn list_videos(
        &self,
        user: &User,
        after: Option<&str>,
        limit: i64,
        order: Order,
    ) -> Result<(Vec<VideoRecord>, bool), StoreError> {
        let (cmp, dir) = match order {
            Order::Asc => (">", "ASC"),
            Order::Desc => ("<", "DESC"),
        };
        let cursor = match after {
            Some(id) => sqlx::query("SELECT seq FROM videos WHERE id = $1 AND user_id = $2")
                .bind(id)
                .bind(&user.id)
                .fetch_optional(&self.pool)
                .await?
                .map(|r| r.try_get::<i64, _>("seq"))
                .transpose()?,
            None => None,
        };
        let start = cursor.unwrap_or(match order {
            Order::Asc => i64::MIN,
            Order::Desc => i64::MAX,
        });
        // Only constants are spliced in: the column list and the order's fixed words.
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {VIDEO_COLUMNS} FROM videos WHERE user_id = $1 AND seq {cmp} $2 \
             ORDER BY seq {dir} LIMIT $3"
        )))
        .bind(&user.id)
        .bind(start)
        .bind(limit + 1)
        .fetch_all(&self.pool)
        .await?;
        let mut videos = rows.iter().map(video_from).collect::<Result<Vec<_>, _>>()?;
        let more = videos.len() as i64 > limit;
        videos.truncate(limit as usize);
        Ok((videos, more))
    }

    /// Deletes a user's video and its job; returns what was deleted.
    pub async fn delete_video(
        &self,
        user: &User,
        id: &str,
    ) -> Result<Option<VideoRecord>, StoreError> {
        let Some(video) = self.video_of(user, id).await? else {
            return Ok(None);
        };
        let mut tx = self.begin().await?;
        crate::social::delete_video_rows(&mut tx, id).await?;
        tx.commit().await?;
        Ok(Some(video))
    }

    /// Takes the oldest job that is queued, or whose worker stopped renewing its lease, for
    /// `lease_ms`. A job already tried `MAX_ATTEMPTS` times fails instead.
    pub async fn claim_job(&self, lease_ms: i64) -> Result<Option<Claim>, StoreError> {
        loop {
            let now = now_ms();
            let row = sqlx::query(
                "SELECT video_id, attempts, status, claim FROM jobs \
                 WHERE status = 'queued' OR (status = 'running' AND lease_until < $1) \
                 ORDER BY seq LIMIT 1",
            )
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
            let Some(row) = row else { return Ok(None) };
            let video_id: String = row.try_get("video_id")?;
            let attempts: i64 = row.try_get("attempts")?;
            let status: String = row.try_get("status")?;
            let old: Option<String> = row.try_get("claim")?;
            let token = random_id("");
            // Compare and swap: only one worker wins a job.
            let taken = sqlx::query(
                "UPDATE jobs SET status = 'running', claim = $1, attempts = attempts + 1, \
                 lease_until = $2 WHERE video_id = $3 AND status = $4 AND attempts = $5",
            )
            .bind(&token)
            .bind(now + lease_ms)
            .bind(&video_id)
            .bind(&status)
            .bind(attempts)
            .execute(&self.pool)
            .await?
            .rows_affected();
            if taken != 1 {
                continue;
            }
            let claim = Claim {
                video_id: video_id.clone(),
                token,
                attempt: attempts + 1,
            };
            if attempts >= MAX_ATTEMPTS {
                let message = format!(
                    "generation stopped {attempts} times without finishing (last attempt {}); \
                     try again with a shorter or simpler prompt",
                    old.unwrap_or_default()
                );
                self.fail(&claim, "generation_interrupted", &message)
                    .await?;
                continue;
            }
            sqlx::query("UPDATE videos SET status = 'in_progress' WHERE id = $1")
                .bind(&video_id)
                .execute(&self.pool)
                .await?;
            return Ok(Some(claim));
        }
    }

    /// Gives a claimed job back to the queue as if it had not been tried (a worker that
    /// stops for a shutdown): false when the claim was no longer held.
    pub async fn release(&self, claim: &Claim) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let released = end_claim(
            &mut tx,
            claim,
            "status = 'queued', claim = NULL, lease_until = 0, \
             attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END",
        )
        .await?;
        if released {
            sqlx::query("UPDATE videos SET status = 'queued', progress = 0 WHERE id = $1")
                .bind(&claim.video_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(released)
    }

    /// Records progress and renews the lease; false when the claim is no longer held (the
    /// video was deleted or another worker took the job over).
    pub async fn heartbeat(
        &self,
        claim: &Claim,
        progress: i64,
        lease_ms: i64,
    ) -> Result<bool, StoreError> {
        let held = sqlx::query(
            "UPDATE jobs SET lease_until = $1 WHERE video_id = $2 AND claim = $3 AND status = 'running'",
        )
        .bind(now_ms() + lease_ms)
        .bind(&claim.video_id)
        .bind(&claim.token)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1;
        if held {
            sqlx::query("UPDATE videos SET progress = $1 WHERE id = $2 AND progress < $1")
                .bind(progress)
                .bind(&claim.video_id)
                .execute(&self.pool)
                .await?;
        }
        Ok(held)
    }

    /// Saves the planned scene and the planner's warnings.
    pub async fn set_scene(
        &self,
        claim: &Claim,
        scene: &str,
        warnings: &[String],
    ) -> Result<(), StoreError> {
        let warnings = serde_json::to_string(warnings)
            .map_err(|e| StoreError::Corrupt(format!("warnings: {e}")))?;
        sqlx::query("UPDATE videos SET scene = $1, warnings = $2 WHERE id = $3")
            .bind(scene)
            .bind(warnings)
            .bind(&claim.video_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Marks the job done and the video completed, once: false when the claim was lost
    /// (another attempt owns the job, or the video was deleted).
    pub async fn complete(
        &self,
        claim: &Claim,
        (seconds, sha256): (&str, &str),
        credits: &serde_json::Value,
        keep_seconds: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let done = end_claim(&mut tx, claim, "status = 'done'").await?;
        if done {
            let at = now();
            sqlx::query(
                "UPDATE videos SET status = 'completed', progress = 100, completed_at = $1, \
                 expires_at = $2, seconds = $3, sha256 = $4 WHERE id = $5",
            )
            .bind(at)
            .bind(at + keep_seconds)
            .bind(seconds)
            .bind(sha256)
            .bind(&claim.video_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO video_credits (video_id, credits) VALUES ($1, $2) \
                 ON CONFLICT (video_id) DO UPDATE SET credits = excluded.credits",
            )
            .bind(&claim.video_id)
            .bind(credits.to_string())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// Marks the job and video failed with a code and message, once.
    pub async fn fail(&self, claim: &Claim, code: &str, message: &str) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let done = end_claim(&mut tx, claim, "status = 'failed'").await?;
        if done {
            sqlx::query(
                "UPDATE videos SET status = 'failed', completed_at = $1, error_code = $2, \
                 error_message = $3 WHERE id = $4",
            )
            .bind(now())
            .bind(code)
            .bind(message)
            .bind(&claim.video_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// Completed videos whose files have passed `expires_at` and are still stored.
    pub async fn expired(&self, limit: i64) -> Result<Vec<VideoRecord>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {VIDEO_COLUMNS} FROM videos WHERE status = 'completed' AND purged = 0 \
             AND expires_at < $1 ORDER BY expires_at LIMIT $2"
        )))
        .bind(now())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(video_from).collect()
    }

    /// Records that an expired video's files were deleted.
    pub async fn mark_purged(&self, id: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE videos SET purged = 1 WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// How many jobs wait and run, over all users.
    pub async fn queue_depth(&self) -> Result<QueueDepth, StoreError> {
        let row = sqlx::query(
            "SELECT COALESCE(SUM(CASE WHEN status = 'queued' THEN 1 ELSE 0 END), 0) AS queued, \
             COALESCE(SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END), 0) AS running FROM jobs",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(QueueDepth {
            queued: row.try_get("queued")?,
            running: row.try_get("running")?,
        })
    }

    /// How many of a user's jobs are queued or running, counted up to `limit`.
    pub async fn active_jobs(&self, user: &User, limit: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query(
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM jobs WHERE user_id = $1 \
             AND status IN ('queued', 'running') LIMIT $2) AS active",
        )
        .bind(&user.id)
        .bind(limit)
        .fetch_one(&self.pool)
        .await?
        .try_get("n")?)
    }

    /// Registers a webhook endpoint for a user with its signing secret.
    pub async fn add_webhook(
        &self,
        user: &User,
        url: &str,
        secret: &str,
    ) -> Result<Webhook, StoreError> {
        let webhook = Webhook {
            id: random_id("wh_"),
            user_id: user.id.clone(),
            url: url.to_string(),
            secret: secret.to_string(),
        };
        sqlx::query(
            "INSERT INTO webhooks (id, user_id, url, secret, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&webhook.id)
        .bind(&webhook.user_id)
        .bind(&webhook.url)
        .bind(&webhook.secret)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(webhook)
    }

    /// Queues an event for each of a user's webhooks.
    pub async fn enqueue_event(&self, user_id: &str, payload: &str) -> Result<(), StoreError> {
        let hooks = sqlx::query("SELECT id FROM webhooks WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        for hook in hooks {
            let webhook_id: String = hook.try_get("id")?;
            sqlx::query(
                "INSERT INTO deliveries (id, webhook_id, payload, attempts, next_at, status) \
                 VALUES ($1, $2, $3, 0, $4, 'pending')",
            )
            .bind(random_id("evt_"))
            .bind(webhook_id)
            .bind(payload)
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    /// Deliveries due now, oldest first.
    pub async fn due_deliveries(&self, limit: i64) -> Result<Vec<Delivery>, StoreError> {
        let rows = sqlx::query(
            "SELECT d.id, d.payload, d.attempts, w.id AS wid, w.user_id, w.url, w.secret \
             FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id \
             WHERE d.status = 'pending' AND d.next_at <= $1 ORDER BY d.next_at LIMIT $2",
        )
        .bind(now_ms())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Delivery {
                    id: r.try_get("id")?,
                    payload: r.try_get("payload")?,
                    attempts: r.try_get("attempts")?,
                    webhook: Webhook {
                        id: r.try_get("wid")?,
                        user_id: r.try_get("user_id")?,
                        url: r.try_get("url")?,
                        secret: r.try_get("secret")?,
                    },
                })
            })
            .collect()
    }

    /// Records a delivery's outcome: delivered, retried at `retry_at_ms`, or given up.
    pub async fn delivery_attempted(
        &self,
        id: &str,
        error: Option<&str>,
        retry_at_ms: Option<i64>,
    ) -> Result<(), StoreError> {
        let status = match (error, retry_at_ms) {
            (None, _) => "delivered",
            (Some(_), Some(_)) => "pending",
            (Some(_), None) => "failed",
        };
        sqlx::query(
            "UPDATE deliveries SET status = $1, attempts = attempts + 1, last_error = $2, \
             next_at = $3 WHERE id = $4",
        )
        .bind(status)
        .bind(error)
        .bind(retry_at_ms.unwrap_or(0))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Each delivery's status and attempts, for an operator (and tests).
    pub async fn deliveries(&self) -> Result<Vec<(String, String, i64)>, StoreError> {
        let rows = sqlx::query("SELECT id, status, attempts FROM deliveries ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("id")?,
                    r.try_get("status")?,
                    r.try_get("attempts")?,
                ))
            })
            .collect()
    }
}
