//! The app's records: accounts (invite-only sign-up, password hashes, tiers, profiles),
//! invites, sessions, posts, likes, comments, follows, blocks, notifications and draft
//! collaborators. Same SQL on SQLite and PostgreSQL, like the rest of the store.

use crate::database::{VIDEO_COLUMNS, key_hash, random_id, video_from, video_table_columns};
use crate::{Database, StoreError, User, VideoRecord, now, now_ms};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};
use std::sync::LazyLock;

/// Invite codes each new member gets to hand on.
pub const INVITES_PER_MEMBER: usize = 4;

/// What a member may generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// The standard model, 720p, up to 12 s.
    Standard,
    /// Also the pro model, 1080p and 20 s.
    Pro,
}

impl Tier {
    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Standard => "standard",
            Tier::Pro => "pro",
        }
    }

    /// The tier of a name, if it is one.
    pub fn parse(s: &str) -> Option<Tier> {
        match s {
            "standard" => Some(Tier::Standard),
            "pro" => Some(Tier::Pro),
            _ => None,
        }
    }
}

/// A member of the app: a user with a password, a profile and a tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The user (its name is the handle).
    pub user: User,
    /// The name shown beside the handle.
    pub display_name: String,
    /// Age given at sign-up.
    pub age: i64,
    /// What they may generate.
    pub tier: Tier,
    /// A few words about them.
    pub bio: String,
    /// Object key of their avatar image.
    pub avatar_key: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
}

/// What sign-up asks for (the password already hashed).
#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    /// An unused invite code.
    pub invite: &'a str,
    /// The handle, lower case.
    pub handle: &'a str,
    /// The name shown.
    pub display_name: &'a str,
    /// The argon2id hash in PHC form.
    pub password_hash: &'a str,
    /// Age in years.
    pub age: i64,
}

/// Why sign-up was refused.
#[derive(Debug, thiserror::Error)]
pub enum SignUpError {
    /// The code is unknown or used.
    #[error("this invite code is unknown or already used")]
    Invite,
    /// Someone has the handle.
    #[error("the handle is taken")]
    HandleTaken,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for SignUpError {
    fn from(e: sqlx::Error) -> Self {
        SignUpError::Store(e.into())
    }
}

/// An invite code and who used it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    /// The code.
    pub code: String,
    /// The handle of who signed up with it.
    pub used_by: Option<String>,
}

/// An API key as its owner sees it (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyInfo {
    /// Identifier for revoking: the first 16 hex digits of its hash.
    pub id: String,
    /// The key's first characters.
    pub prefix: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// A posted video as a viewer sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// The video.
    pub video: VideoRecord,
    /// The creator's handle.
    pub handle: String,
    /// The creator's display name.
    pub display_name: String,
    /// Whether the creator has an avatar.
    pub has_avatar: bool,
    /// The caption.
    pub caption: String,
    /// Whether the prompt is hidden from others.
    pub hide_prompt: bool,
    /// Unix seconds.
    pub posted_at: i64,
    /// How many like it.
    pub likes: i64,
    /// How many comments it has.
    pub comments: i64,
    /// Whether the viewer likes it.
    pub liked: bool,
    /// The handle of the creator of the video it remixes.
    pub remix_of: Option<String>,
}

/// A comment as a viewer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// `comment_…`.
    pub id: String,
    /// The video commented on.
    pub video_id: String,
    /// The author.
    pub user_id: String,
    /// The author's handle.
    pub handle: String,
    /// The author's display name.
    pub display_name: String,
    /// The top-level comment this replies to.
    pub parent_id: Option<String>,
    /// What they wrote.
    pub body: String,
    /// Unix milliseconds.
    pub created_at: i64,
}

/// A member's public face.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The user.
    pub user: User,
    /// The name shown.
    pub display_name: String,
    /// About them.
    pub bio: String,
    /// Whether they have an avatar.
    pub has_avatar: bool,
    /// How many follow them.
    pub followers: i64,
    /// How many they follow.
    pub following: i64,
    /// How many videos they posted.
    pub posts: i64,
}

/// What happened that a member is told of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationKind {
    /// Someone liked their video.
    Like,
    /// Someone commented on their video (or replied to their comment).
    Comment,
    /// Someone followed them.
    Follow,
    /// Someone posted a remix of their video.
    Remix,
    /// Someone invited them to collaborate on a draft.
    Collaborate,
}

impl NotificationKind {
    fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Like => "like",
            NotificationKind::Comment => "comment",
            NotificationKind::Follow => "follow",
            NotificationKind::Remix => "remix",
            NotificationKind::Collaborate => "collaborate",
        }
    }

    fn parse(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "like" => NotificationKind::Like,
            "comment" => NotificationKind::Comment,
            "follow" => NotificationKind::Follow,
            "remix" => NotificationKind::Remix,
            "collaborate" => NotificationKind::Collaborate,
            other => return Err(StoreError::Corrupt(format!("notification kind {other:?}"))),
        })
    }
}

/// One notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// What happened.
    pub kind: NotificationKind,
    /// Who did it.
    pub actor_handle: String,
    /// Their display name.
    pub actor_name: String,
    /// The video it is about.
    pub video_id: Option<String>,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Whether it was seen before.
    pub seen: bool,
}

/// Someone in a list of followers, following or collaborators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The handle.
    pub handle: String,
    /// The display name.
    pub display_name: String,
}

/// A ranking for a page of posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedOrder {
    /// Recency, lifted by following the creator (12 h) and by likes (30 min each, up to 48).
    Ranked,
    /// Newest first.
    Recent,
}

/// The posts a ranked feed is drawn from: the newest thousand, and the newest thousand
/// of those the viewer (`$1`) follows. The feed issue replaces this with real sources.
const FEED_CANDIDATES: &str = "SELECT video_id FROM (SELECT video_id FROM posts \
    ORDER BY posted_at DESC LIMIT 1000) AS recent UNION SELECT video_id FROM \
    (SELECT fp.video_id FROM posts fp JOIN follows f ON f.followee_id = fp.user_id \
    WHERE f.follower_id = $1 ORDER BY fp.posted_at DESC LIMIT 1000) AS followed";

/// The video's columns with the `v.` table prefix, for queries that join.
static VIDEO_COLUMNS_V: LazyLock<String> = LazyLock::new(|| {
    let columns: Vec<String> = video_table_columns!()
        .split(", ")
        .map(|c| format!("v.{}", c.trim()))
        .collect();
    format!(
        "{}, (SELECT credits FROM video_credits c WHERE c.video_id = v.id) AS credits",
        columns.join(", ")
    )
});

/// Hides what the viewer (`$1`) has blocked or is blocked by; `who` is the column of the
/// other member.
fn unblocked(who: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = {who} AND b.blocked_id = $1) \
         OR (b.blocker_id = $1 AND b.blocked_id = {who}))"
    )
}

/// Posts as the viewer (`$1`) sees them, with `filter` and `tail` (order, limit) spliced in;
/// both are fixed SQL.
fn post_query(filter: &str, tail: &str) -> String {
    format!(
        "SELECT {cols}, u.name AS handle, COALESCE(a.display_name, u.name) AS display_name, \
         CAST(CASE WHEN a.avatar_key IS NULL THEN 0 ELSE 1 END AS BIGINT) AS has_avatar, \
         p.caption, p.hide_prompt, p.posted_at, p.likes, p.comments AS comment_count, \
         CAST(CASE WHEN EXISTS (SELECT 1 FROM likes l WHERE l.video_id = p.video_id \
           AND l.user_id = $1) THEN 1 ELSE 0 END AS BIGINT) AS liked, \
         pu.name AS remix_of \
         FROM posts p JOIN videos v ON v.id = p.video_id JOIN users u ON u.id = p.user_id \
         LEFT JOIN accounts a ON a.user_id = p.user_id \
         LEFT JOIN videos pv ON pv.id = v.remixed_from_video_id \
         LEFT JOIN users pu ON pu.id = pv.user_id \
         WHERE {visible} AND {filter} {tail}",
        cols = *VIDEO_COLUMNS_V,
        visible = unblocked("p.user_id"),
    )
}

fn post_from(row: &AnyRow) -> Result<Post, StoreError> {
    Ok(Post {
        video: video_from(row)?,
        handle: row.try_get("handle")?,
        display_name: row.try_get("display_name")?,
        has_avatar: row.try_get::<i64, _>("has_avatar")? != 0,
        caption: row.try_get("caption")?,
        hide_prompt: row.try_get::<i64, _>("hide_prompt")? != 0,
        posted_at: row.try_get("posted_at")?,
        likes: row.try_get("likes")?,
        comments: row.try_get("comment_count")?,
        liked: row.try_get::<i64, _>("liked")? != 0,
        remix_of: row.try_get("remix_of")?,
    })
}

const ACCOUNT_COLUMNS: &str = "u.id, u.name, a.display_name, a.age, a.tier, a.bio, \
    a.avatar_key, a.created_at";

fn account_from(row: &AnyRow) -> Result<Account, StoreError> {
    let tier: String = row.try_get("tier")?;
    Ok(Account {
        user: User {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
        },
        display_name: row.try_get("display_name")?,
        age: row.try_get("age")?,
        tier: Tier::parse(&tier).ok_or_else(|| StoreError::Corrupt(format!("tier {tier:?}")))?,
        bio: row.try_get("bio")?,
        avatar_key: row.try_get("avatar_key")?,
        created_at: row.try_get("created_at")?,
    })
}

fn member_from(row: &AnyRow) -> Result<Member, StoreError> {
    Ok(Member {
        handle: row.try_get("name")?,
        display_name: row.try_get("display_name")?,
    })
}

fn invite_code() -> String {
    let n = rand::random::<u64>();
    format!(
        "{:04x}-{:04x}-{:04x}",
        (n >> 32) & 0xffff,
        (n >> 16) & 0xffff,
        n & 0xffff
    )
}

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Deletes a video's rows everywhere (job, post, likes, comments, notifications,
/// collaborators and the record) in a transaction.
pub(crate) async fn delete_video_rows(tx: &mut Tx, id: &str) -> Result<(), StoreError> {
    for sql in [
        "DELETE FROM jobs WHERE video_id = $1",
        "DELETE FROM posts WHERE video_id = $1",
        "DELETE FROM likes WHERE video_id = $1",
        "DELETE FROM comments WHERE video_id = $1",
        "DELETE FROM notifications WHERE video_id = $1",
        "DELETE FROM collaborators WHERE video_id = $1",
        "DELETE FROM video_credits WHERE video_id = $1",
        "DELETE FROM videos WHERE id = $1",
    ] {
        sqlx::query(sql).bind(id).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Tells `user_id` what `actor_id` did, unless they are the same member.
async fn notify(
    tx: &mut Tx,
    user_id: &str,
    actor_id: &str,
    kind: NotificationKind,
    video_id: Option<&str>,
) -> Result<(), StoreError> {
    if user_id == actor_id {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO notifications (id, user_id, actor_id, kind, video_id, created_at, seen) \
         VALUES ($1, $2, $3, $4, $5, $6, 0)",
    )
    .bind(random_id("note_"))
    .bind(user_id)
    .bind(actor_id)
    .bind(kind.as_str())
    .bind(video_id)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Accounts, invites, sessions and API keys.
impl Database {
    /// Makes `count` invite codes, from a member or (with `None`) from the operator.
    pub async fn create_invites(
        &self,
        created_by: Option<&str>,
        count: usize,
    ) -> Result<Vec<String>, StoreError> {
        let mut codes = Vec::with_capacity(count);
        for _ in 0..count {
            let code = invite_code();
            sqlx::query("INSERT INTO invites (code, created_by, created_at) VALUES ($1, $2, $3)")
                .bind(&code)
                .bind(created_by)
                .bind(now())
                .execute(&self.pool)
                .await?;
            codes.push(code);
        }
        Ok(codes)
    }

    /// A member's own invite codes and who used them.
    pub async fn invites_of(&self, user_id: &str) -> Result<Vec<Invite>, StoreError> {
        let rows = sqlx::query(
            "SELECT i.code, u.name FROM invites i LEFT JOIN users u ON u.id = i.used_by \
             WHERE i.created_by = $1 ORDER BY i.created_at, i.code",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Invite {
                    code: r.try_get("code")?,
                    used_by: r.try_get("name")?,
                })
            })
            .collect()
    }

    /// Signs a new member up with an unused invite code, and gives them invite codes of
    /// their own; all or nothing.
    pub async fn sign_up(&self, new: &NewAccount<'_>) -> Result<Account, SignUpError> {
        let mut tx = self.begin().await?;
        let taken = sqlx::query("SELECT 1 FROM users WHERE LOWER(name) = LOWER($1)")
            .bind(new.handle)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(SignUpError::HandleTaken);
        }
        let id = random_id("user_");
        let used =
            sqlx::query("UPDATE invites SET used_by = $1 WHERE code = $2 AND used_by IS NULL")
                .bind(&id)
                .bind(new.invite.trim().to_ascii_lowercase())
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if used != 1 {
            return Err(SignUpError::Invite);
        }
        let at = now();
        sqlx::query("INSERT INTO users (id, name, created_at) VALUES ($1, $2, $3)")
            .bind(&id)
            .bind(new.handle)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO accounts (user_id, display_name, password_hash, age, tier, bio, \
             created_at) VALUES ($1, $2, $3, $4, 'standard', '', $5)",
        )
        .bind(&id)
        .bind(new.display_name)
        .bind(new.password_hash)
        .bind(new.age)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        for _ in 0..INVITES_PER_MEMBER {
            sqlx::query("INSERT INTO invites (code, created_by, created_at) VALUES ($1, $2, $3)")
                .bind(invite_code())
                .bind(&id)
                .bind(at)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Account {
            user: User {
                id,
                name: new.handle.to_string(),
            },
            display_name: new.display_name.to_string(),
            age: new.age,
            tier: Tier::Standard,
            bio: String::new(),
            avatar_key: None,
            created_at: at,
        })
    }

    /// A member by user id.
    pub async fn account(&self, user_id: &str) -> Result<Option<Account>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts a JOIN users u ON u.id = a.user_id \
             WHERE a.user_id = $1"
        )))
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(account_from).transpose()
    }

    /// A member and their password hash, by handle (any case), for logging in.
    pub async fn account_for_login(
        &self,
        handle: &str,
    ) -> Result<Option<(Account, String)>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS}, a.password_hash FROM accounts a \
             JOIN users u ON u.id = a.user_id WHERE LOWER(u.name) = LOWER($1)"
        )))
        .bind(handle)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((account_from(&r)?, r.try_get("password_hash")?)))
            .transpose()
    }

    /// Sets a member's tier; false when no member has the handle.
    pub async fn set_tier(&self, handle: &str, tier: Tier) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "UPDATE accounts SET tier = $1 WHERE user_id = \
             (SELECT id FROM users WHERE LOWER(name) = LOWER($2))",
        )
        .bind(tier.as_str())
        .bind(handle)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1)
    }

    /// Changes a member's display name and bio, and their avatar when `avatar_key` is given.
    pub async fn update_profile(
        &self,
        user_id: &str,
        display_name: &str,
        bio: &str,
        avatar_key: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE accounts SET display_name = $1, bio = $2, \
             avatar_key = COALESCE($3, avatar_key) WHERE user_id = $4",
        )
        .bind(display_name)
        .bind(bio)
        .bind(avatar_key)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Starts a session for a member that lasts `ttl_seconds`: its token (only the hash is
    /// stored) and its CSRF token.
    pub async fn create_session(
        &self,
        user_id: &str,
        ttl_seconds: i64,
    ) -> Result<(String, String), StoreError> {
        let token = format!(
            "{:032x}{:032x}",
            rand::random::<u128>(),
            rand::random::<u128>()
        );
        let csrf = format!("{:032x}", rand::random::<u128>());
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(now())
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(key_hash(&token))
        .bind(user_id)
        .bind(&csrf)
        .bind(now() + ttl_seconds)
        .execute(&self.pool)
        .await?;
        Ok((token, csrf))
    }

    /// The member of an unexpired session and its CSRF token.
    pub async fn session(&self, token: &str) -> Result<Option<(Account, String)>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS}, s.csrf FROM sessions s \
             JOIN accounts a ON a.user_id = s.user_id JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2"
        )))
        .bind(key_hash(token))
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((account_from(&r)?, r.try_get("csrf")?)))
            .transpose()
    }

    /// Ends a session.
    pub async fn end_session(&self, token: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(key_hash(token))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A user's API keys, oldest first.
    pub async fn keys_of(&self, user_id: &str) -> Result<Vec<ApiKeyInfo>, StoreError> {
        let rows = sqlx::query(
            "SELECT hash, prefix, created_at FROM api_keys WHERE user_id = $1 \
             ORDER BY created_at, hash",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let hash: String = r.try_get("hash")?;
                Ok(ApiKeyInfo {
                    id: hash.chars().take(16).collect(),
                    prefix: r.try_get("prefix")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Revokes one of a user's keys by its id; false when they have no such key.
    pub async fn revoke_key(&self, user_id: &str, id: &str) -> Result<bool, StoreError> {
        if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(false);
        }
        Ok(
            sqlx::query("DELETE FROM api_keys WHERE user_id = $1 AND SUBSTR(hash, 1, 16) = $2")
                .bind(user_id)
                .bind(id)
                .execute(&self.pool)
                .await?
                .rows_affected()
                > 0,
        )
    }

    /// How many videos a user asked for today (UTC), deleted ones included.
    pub async fn videos_today(&self, user_id: &str) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT videos FROM daily_usage WHERE user_id = $1 AND day = $2")
            .bind(user_id)
            .bind(now().div_euclid(86_400))
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get("videos")).transpose()?.unwrap_or(0))
    }

    /// Deletes a member and everything of theirs: videos (returned, so that their files
    /// can be deleted), posts, likes, comments, follows, blocks, notifications, sessions,
    /// API keys, webhooks and unused invites.
    pub async fn delete_account(&self, user_id: &str) -> Result<Vec<VideoRecord>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {VIDEO_COLUMNS} FROM videos WHERE user_id = $1"
        )))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        let videos = rows.iter().map(video_from).collect::<Result<Vec<_>, _>>()?;
        let mut tx = self.begin().await?;
        for video in &videos {
            delete_video_rows(&mut tx, &video.id).await?;
        }
        for sql in [
            "UPDATE posts SET likes = likes - 1 WHERE video_id IN \
             (SELECT video_id FROM likes WHERE user_id = $1)",
            "DELETE FROM likes WHERE user_id = $1",
            "DELETE FROM comments WHERE parent_id IN (SELECT id FROM comments WHERE user_id = $1)",
            "DELETE FROM comments WHERE user_id = $1",
            "DELETE FROM follows WHERE follower_id = $1 OR followee_id = $1",
            "DELETE FROM blocks WHERE blocker_id = $1 OR blocked_id = $1",
            "DELETE FROM notifications WHERE user_id = $1 OR actor_id = $1",
            "DELETE FROM collaborators WHERE user_id = $1",
            "DELETE FROM sessions WHERE user_id = $1",
            "DELETE FROM api_keys WHERE user_id = $1",
            "DELETE FROM deliveries WHERE webhook_id IN (SELECT id FROM webhooks WHERE user_id = $1)",
            "DELETE FROM webhooks WHERE user_id = $1",
            "DELETE FROM invites WHERE created_by = $1 AND used_by IS NULL",
            "DELETE FROM daily_usage WHERE user_id = $1",
            "DELETE FROM accounts WHERE user_id = $1",
            "DELETE FROM users WHERE id = $1",
        ] {
            sqlx::query(sql).bind(user_id).execute(&mut *tx).await?;
        }
        sqlx::query(
            "UPDATE posts SET comments = \
             (SELECT COUNT(*) FROM comments c WHERE c.video_id = posts.video_id)",
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(videos)
    }
}

/// Posts, drafts, likes and comments.
impl Database {
    /// Posts a completed video of its owner's with a caption; its files are then kept
    /// (no expiry). False when it is not theirs, not completed, or already posted.
    pub async fn post_video(
        &self,
        video_id: &str,
        user_id: &str,
        caption: &str,
        hide_prompt: bool,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "SELECT v.user_id, v.kind, pv.user_id AS parent_owner FROM videos v \
             LEFT JOIN videos pv ON pv.id = v.remixed_from_video_id \
             WHERE v.id = $1 AND v.status = 'completed' AND v.purged = 0 \
             AND NOT EXISTS (SELECT 1 FROM posts WHERE video_id = $1)",
        )
        .bind(video_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(false) };
        let owner: String = row.try_get("user_id")?;
        if owner != user_id {
            let collaborator =
                sqlx::query("SELECT 1 FROM collaborators WHERE video_id = $1 AND user_id = $2")
                    .bind(video_id)
                    .bind(user_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if collaborator.is_none() {
                return Ok(false);
            }
        }
        sqlx::query(
            "INSERT INTO posts (video_id, user_id, caption, hide_prompt, posted_at, likes, \
             comments) VALUES ($1, $2, $3, $4, $5, 0, 0)",
        )
        .bind(video_id)
        .bind(&owner)
        .bind(caption)
        .bind(hide_prompt as i64)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE videos SET expires_at = NULL WHERE id = $1")
            .bind(video_id)
            .execute(&mut *tx)
            .await?;
        let kind: String = row.try_get("kind")?;
        if let (Some(parent_owner), "remix") = (
            row.try_get::<Option<String>, _>("parent_owner")?,
            kind.as_str(),
        ) {
            notify(
                &mut tx,
                &parent_owner,
                &owner,
                NotificationKind::Remix,
                Some(video_id),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The ids of a viewer's feed (`None` when logged out), best first, at most `limit`;
    /// with a tag, only posts whose caption has it. Ranked from the posts table alone:
    /// `posts` then fetches a page of them whole (joining everything for every candidate
    /// cost six times more).
    pub async fn feed_ids(
        &self,
        viewer: Option<&str>,
        order: FeedOrder,
        tag: Option<&str>,
        limit: i64,
    ) -> Result<Vec<String>, StoreError> {
        let rank = match order {
            FeedOrder::Ranked => {
                "p.posted_at + CAST(CASE WHEN EXISTS (SELECT 1 FROM follows f \
                 WHERE f.follower_id = $1 AND f.followee_id = p.user_id) THEN 43200 ELSE 0 END \
                 AS BIGINT) + CAST(CASE WHEN p.likes > 48 THEN 48 ELSE p.likes END AS BIGINT) * 1800"
            }
            FeedOrder::Recent => "p.posted_at",
        };
        let pattern = tag.map_or(String::new(), |t| format!("%#{}%", t.to_lowercase()));
        let candidates = if pattern.is_empty() {
            FEED_CANDIDATES
        } else {
            "SELECT video_id FROM posts"
        };
        let sql = format!(
            "SELECT p.video_id FROM posts p WHERE p.video_id IN ({candidates}) AND {visible} \
             AND ($3 = '' OR LOWER(p.caption) LIKE $3) \
             ORDER BY {rank} DESC, p.posted_at DESC, p.video_id LIMIT $2",
            visible = unblocked("p.user_id"),
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(viewer.unwrap_or(""))
            .bind(limit)
            .bind(pattern)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(r.try_get("video_id")?)).collect()
    }

    /// Posts by id, in the order given, as the viewer sees them (a post since deleted,
    /// or behind a block, is left out).
    pub async fn posts(
        &self,
        ids: &[String],
        viewer: Option<&str>,
    ) -> Result<Vec<Post>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Only placeholders are spliced in: `$2, $3, …`, one for each id.
        let slots: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = post_query(&format!("p.video_id IN ({})", slots.join(", ")), "");
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(viewer.unwrap_or(""));
        for id in ids {
            query = query.bind(id);
        }
        let mut posts = query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(post_from)
            .collect::<Result<Vec<_>, _>>()?;
        posts.sort_by_key(|p| ids.iter().position(|id| *id == p.video.id));
        Ok(posts)
    }

    /// A posted video, unless a block stands between its creator and the viewer.
    pub async fn post(
        &self,
        video_id: &str,
        viewer: Option<&str>,
    ) -> Result<Option<Post>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(post_query("p.video_id = $2", "")))
            .bind(viewer.unwrap_or(""))
            .bind(video_id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(post_from).transpose()
    }

    /// A member's posts, newest first.
    pub async fn posts_of(
        &self,
        user_id: &str,
        viewer: Option<&str>,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<Post>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(post_query(
            "p.user_id = $2",
            "ORDER BY p.posted_at DESC, p.video_id LIMIT $3 OFFSET $4",
        )))
        .bind(viewer.unwrap_or(""))
        .bind(user_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(post_from).collect()
    }

    /// Posted remixes of a video, newest first.
    pub async fn remixes_of(
        &self,
        video_id: &str,
        viewer: Option<&str>,
    ) -> Result<Vec<Post>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(post_query(
            "v.remixed_from_video_id = $2",
            "ORDER BY p.posted_at DESC LIMIT 50",
        )))
        .bind(viewer.unwrap_or(""))
        .bind(video_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(post_from).collect()
    }

    /// A member's videos that are not posted (their own and those they collaborate on),
    /// newest first.
    pub async fn drafts(&self, user_id: &str, limit: i64) -> Result<Vec<VideoRecord>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {VIDEO_COLUMNS} FROM videos WHERE (user_id = $1 OR id IN \
             (SELECT video_id FROM collaborators WHERE user_id = $1)) \
             AND id NOT IN (SELECT video_id FROM posts) ORDER BY seq DESC LIMIT $2"
        )))
        .bind(user_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(video_from).collect()
    }

    /// Whether a video is posted.
    pub async fn is_posted(&self, video_id: &str) -> Result<bool, StoreError> {
        Ok(sqlx::query("SELECT 1 FROM posts WHERE video_id = $1")
            .bind(video_id)
            .fetch_optional(&self.pool)
            .await?
            .is_some())
    }

    /// Likes (or with `on` false, unlikes) a posted video; the count after.
    pub async fn like(&self, user_id: &str, video_id: &str, on: bool) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let changed = if on {
            sqlx::query(
                "INSERT INTO likes (video_id, user_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (video_id, user_id) DO NOTHING",
            )
            .bind(video_id)
            .bind(user_id)
            .bind(now())
        } else {
            sqlx::query("DELETE FROM likes WHERE video_id = $1 AND user_id = $2")
                .bind(video_id)
                .bind(user_id)
        }
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if changed {
            let sql = if on {
                "UPDATE posts SET likes = likes + 1 WHERE video_id = $1"
            } else {
                "UPDATE posts SET likes = likes - 1 WHERE video_id = $1"
            };
            sqlx::query(sql).bind(video_id).execute(&mut *tx).await?;
            if on {
                let owner: String = sqlx::query("SELECT user_id FROM posts WHERE video_id = $1")
                    .bind(video_id)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get("user_id")?;
                notify(
                    &mut tx,
                    &owner,
                    user_id,
                    NotificationKind::Like,
                    Some(video_id),
                )
                .await?;
            }
        }
        let likes: i64 = sqlx::query("SELECT likes FROM posts WHERE video_id = $1")
            .bind(video_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("likes")?;
        tx.commit().await?;
        Ok(likes)
    }

    /// Adds a comment to a posted video, or a reply (a reply to a reply joins its
    /// thread); tells the creator and the author replied to.
    pub async fn add_comment(
        &self,
        user_id: &str,
        video_id: &str,
        reply_to: Option<&str>,
        body: &str,
    ) -> Result<Option<String>, StoreError> {
        let mut tx = self.begin().await?;
        let Some(owner) = sqlx::query("SELECT user_id FROM posts WHERE video_id = $1")
            .bind(video_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get::<String, _>("user_id"))
            .transpose()?
        else {
            return Ok(None);
        };
        let mut parent = None;
        if let Some(reply_to) = reply_to {
            let row = sqlx::query(
                "SELECT id, parent_id, user_id FROM comments WHERE id = $1 AND video_id = $2",
            )
            .bind(reply_to)
            .bind(video_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = row else { return Ok(None) };
            let top: Option<String> = row.try_get("parent_id")?;
            let author: String = row.try_get("user_id")?;
            parent = Some(top.unwrap_or(row.try_get("id")?));
            if author != owner {
                notify(
                    &mut tx,
                    &author,
                    user_id,
                    NotificationKind::Comment,
                    Some(video_id),
                )
                .await?;
            }
        }
        let id = random_id("comment_");
        sqlx::query(
            "INSERT INTO comments (id, video_id, user_id, parent_id, body, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(video_id)
        .bind(user_id)
        .bind(&parent)
        .bind(body)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE posts SET comments = comments + 1 WHERE video_id = $1")
            .bind(video_id)
            .execute(&mut *tx)
            .await?;
        notify(
            &mut tx,
            &owner,
            user_id,
            NotificationKind::Comment,
            Some(video_id),
        )
        .await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// A video's comments as a viewer sees them (none from members a block stands
    /// between), oldest first.
    pub async fn comments(
        &self,
        video_id: &str,
        viewer: Option<&str>,
    ) -> Result<Vec<Comment>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT c.id, c.video_id, c.user_id, u.name, COALESCE(a.display_name, u.name) AS \
             display_name, c.parent_id, c.body, c.created_at FROM comments c \
             JOIN users u ON u.id = c.user_id LEFT JOIN accounts a ON a.user_id = c.user_id \
             WHERE c.video_id = $2 AND {} ORDER BY c.created_at, c.id LIMIT 500",
            unblocked("c.user_id")
        )))
        .bind(viewer.unwrap_or(""))
        .bind(video_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Comment {
                    id: r.try_get("id")?,
                    video_id: r.try_get("video_id")?,
                    user_id: r.try_get("user_id")?,
                    handle: r.try_get("name")?,
                    display_name: r.try_get("display_name")?,
                    parent_id: r.try_get("parent_id")?,
                    body: r.try_get("body")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Deletes a comment (and its replies) if `user_id` wrote it or made the video.
    pub async fn delete_comment(
        &self,
        user_id: &str,
        comment_id: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "SELECT c.video_id FROM comments c JOIN posts p ON p.video_id = c.video_id \
             WHERE c.id = $1 AND (c.user_id = $2 OR p.user_id = $2)",
        )
        .bind(comment_id)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(false) };
        let video_id: String = row.try_get("video_id")?;
        let gone = sqlx::query("DELETE FROM comments WHERE id = $1 OR parent_id = $1")
            .bind(comment_id)
            .execute(&mut *tx)
            .await?
            .rows_affected() as i64;
        sqlx::query("UPDATE posts SET comments = comments - $1 WHERE video_id = $2")
            .bind(gone)
            .bind(&video_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Comments a member wrote (for their data export).
    pub async fn comments_by(
        &self,
        user_id: &str,
    ) -> Result<Vec<(String, String, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT video_id, body, created_at FROM comments WHERE user_id = $1 ORDER BY created_at",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("video_id")?,
                    r.try_get("body")?,
                    r.try_get("created_at")?,
                ))
            })
            .collect()
    }

    /// Videos a member likes (for their data export).
    pub async fn likes_by(&self, user_id: &str) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query("SELECT video_id FROM likes WHERE user_id = $1 ORDER BY created_at")
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(r.try_get("video_id")?)).collect()
    }
}

/// Follows, blocks, profiles, notifications and collaborators.
impl Database {
    /// A member's profile as a viewer sees it: `None` when there is no such member or a
    /// block stands between them.
    pub async fn profile(
        &self,
        handle: &str,
        viewer: Option<&str>,
    ) -> Result<Option<Profile>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT u.id, u.name, a.display_name, a.bio, \
             CAST(CASE WHEN a.avatar_key IS NULL THEN 0 ELSE 1 END AS BIGINT) AS has_avatar, \
             (SELECT COUNT(*) FROM follows WHERE followee_id = u.id) AS followers, \
             (SELECT COUNT(*) FROM follows WHERE follower_id = u.id) AS following, \
             (SELECT COUNT(*) FROM posts WHERE user_id = u.id) AS posts \
             FROM users u JOIN accounts a ON a.user_id = u.id \
             WHERE LOWER(u.name) = LOWER($2) AND {}",
            unblocked("u.id")
        )))
        .bind(viewer.unwrap_or(""))
        .bind(handle)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Profile {
                user: User {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                },
                display_name: r.try_get("display_name")?,
                bio: r.try_get("bio")?,
                has_avatar: r.try_get::<i64, _>("has_avatar")? != 0,
                followers: r.try_get("followers")?,
                following: r.try_get("following")?,
                posts: r.try_get("posts")?,
            })
        })
        .transpose()
    }

    /// Follows (or with `on` false, unfollows) a member; tells them of a new follow.
    pub async fn follow(&self, follower: &str, followee: &str, on: bool) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        if on {
            let added = sqlx::query(
                "INSERT INTO follows (follower_id, followee_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (follower_id, followee_id) DO NOTHING",
            )
            .bind(follower)
            .bind(followee)
            .bind(now())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if added == 1 {
                notify(&mut tx, followee, follower, NotificationKind::Follow, None).await?;
            }
        } else {
            sqlx::query("DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2")
                .bind(follower)
                .bind(followee)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether `follower` follows `followee`.
    pub async fn follows(&self, follower: &str, followee: &str) -> Result<bool, StoreError> {
        Ok(
            sqlx::query("SELECT 1 FROM follows WHERE follower_id = $1 AND followee_id = $2")
                .bind(follower)
                .bind(followee)
                .fetch_optional(&self.pool)
                .await?
                .is_some(),
        )
    }

    /// Who follows a member (or with `followers` false, whom they follow).
    pub async fn follow_list(
        &self,
        user_id: &str,
        followers: bool,
    ) -> Result<Vec<Member>, StoreError> {
        let (mine, theirs) = if followers {
            ("followee_id", "follower_id")
        } else {
            ("follower_id", "followee_id")
        };
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT u.name, COALESCE(a.display_name, u.name) AS display_name FROM follows f \
             JOIN users u ON u.id = f.{theirs} LEFT JOIN accounts a ON a.user_id = u.id \
             WHERE f.{mine} = $1 ORDER BY f.created_at DESC LIMIT 500"
        )))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(member_from).collect()
    }

    /// Blocks (or with `on` false, unblocks) a member; a block ends follows both ways.
    pub async fn block(&self, blocker: &str, blocked: &str, on: bool) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        if on {
            sqlx::query(
                "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (blocker_id, blocked_id) DO NOTHING",
            )
            .bind(blocker)
            .bind(blocked)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "DELETE FROM follows WHERE (follower_id = $1 AND followee_id = $2) \
                 OR (follower_id = $2 AND followee_id = $1)",
            )
            .bind(blocker)
            .bind(blocked)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query("DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2")
                .bind(blocker)
                .bind(blocked)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether `blocker` blocks `blocked`.
    pub async fn blocks(&self, blocker: &str, blocked: &str) -> Result<bool, StoreError> {
        Ok(
            sqlx::query("SELECT 1 FROM blocks WHERE blocker_id = $1 AND blocked_id = $2")
                .bind(blocker)
                .bind(blocked)
                .fetch_optional(&self.pool)
                .await?
                .is_some(),
        )
    }

    /// The members a member blocks.
    pub async fn blocked_by(&self, user_id: &str) -> Result<Vec<Member>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.name, COALESCE(a.display_name, u.name) AS display_name FROM blocks b \
             JOIN users u ON u.id = b.blocked_id LEFT JOIN accounts a ON a.user_id = u.id \
             WHERE b.blocker_id = $1 ORDER BY b.created_at DESC",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(member_from).collect()
    }

    /// A member's latest notifications, newest first.
    pub async fn notifications(
        &self,
        user_id: &str,
        limit: i64,
    ) -> Result<Vec<Notification>, StoreError> {
        let rows = sqlx::query(
            "SELECT n.kind, u.name, COALESCE(a.display_name, u.name) AS display_name, \
             n.video_id, n.created_at, n.seen FROM notifications n \
             JOIN users u ON u.id = n.actor_id LEFT JOIN accounts a ON a.user_id = n.actor_id \
             WHERE n.user_id = $1 AND NOT EXISTS (SELECT 1 FROM blocks b \
             WHERE b.blocker_id = $1 AND b.blocked_id = n.actor_id) \
             ORDER BY n.created_at DESC, n.id LIMIT $2",
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Notification {
                    kind: NotificationKind::parse(&r.try_get::<String, _>("kind")?)?,
                    actor_handle: r.try_get("name")?,
                    actor_name: r.try_get("display_name")?,
                    video_id: r.try_get("video_id")?,
                    created_at: r.try_get("created_at")?,
                    seen: r.try_get::<i64, _>("seen")? != 0,
                })
            })
            .collect()
    }

    /// How many notifications a member has not seen.
    pub async fn unread_notifications(&self, user_id: &str) -> Result<i64, StoreError> {
        Ok(sqlx::query(
            "SELECT COUNT(*) AS n FROM notifications n WHERE n.user_id = $1 AND n.seen = 0 \
             AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = $1 \
             AND b.blocked_id = n.actor_id)",
        )
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?
        .try_get("n")?)
    }

    /// Marks all of a member's notifications seen.
    pub async fn mark_notifications_seen(&self, user_id: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE notifications SET seen = 1 WHERE user_id = $1 AND seen = 0")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Invites a member to collaborate on a draft (and tells them).
    pub async fn add_collaborator(
        &self,
        video_id: &str,
        owner_id: &str,
        user_id: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let added = sqlx::query(
            "INSERT INTO collaborators (video_id, user_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (video_id, user_id) DO NOTHING",
        )
        .bind(video_id)
        .bind(user_id)
        .bind(now())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if added == 1 {
            notify(
                &mut tx,
                user_id,
                owner_id,
                NotificationKind::Collaborate,
                Some(video_id),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Gives a new version of a draft the collaborators of the version it came from
    /// (and `editor`, when they are not its owner), without telling them again.
    pub async fn copy_collaborators(
        &self,
        from: &str,
        to: &str,
        editor: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO collaborators (video_id, user_id, created_at)              SELECT $1, user_id, created_at FROM collaborators WHERE video_id = $2              ON CONFLICT (video_id, user_id) DO NOTHING",
        )
        .bind(to)
        .bind(from)
        .execute(&mut *tx)
        .await?;
        if let Some(editor) = editor {
            sqlx::query(
                "INSERT INTO collaborators (video_id, user_id, created_at) VALUES ($1, $2, $3)                  ON CONFLICT (video_id, user_id) DO NOTHING",
            )
            .bind(to)
            .bind(editor)
            .bind(now())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether a member collaborates on a video.
    pub async fn is_collaborator(&self, video_id: &str, user_id: &str) -> Result<bool, StoreError> {
        Ok(
            sqlx::query("SELECT 1 FROM collaborators WHERE video_id = $1 AND user_id = $2")
                .bind(video_id)
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?
                .is_some(),
        )
    }

    /// A video's collaborators.
    pub async fn collaborators(&self, video_id: &str) -> Result<Vec<Member>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.name, COALESCE(a.display_name, u.name) AS display_name FROM collaborators c \
             JOIN users u ON u.id = c.user_id LEFT JOIN accounts a ON a.user_id = c.user_id \
             WHERE c.video_id = $1 ORDER BY c.created_at",
        )
        .bind(video_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(member_from).collect()
    }
}
