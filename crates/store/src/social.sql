CREATE TABLE IF NOT EXISTS accounts (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    age BIGINT NOT NULL,
    tier TEXT NOT NULL,
    bio TEXT NOT NULL,
    avatar_key TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS invites (
    code TEXT PRIMARY KEY,
    created_by TEXT,
    used_by TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS invites_by_creator ON invites (created_by);

CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    csrf TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id);

CREATE TABLE IF NOT EXISTS posts (
    video_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    caption TEXT NOT NULL,
    hide_prompt BIGINT NOT NULL,
    posted_at BIGINT NOT NULL,
    likes BIGINT NOT NULL,
    comments BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS posts_by_time ON posts (posted_at);
CREATE INDEX IF NOT EXISTS posts_by_user ON posts (user_id, posted_at);

CREATE TABLE IF NOT EXISTS likes (
    video_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (video_id, user_id)
);
CREATE INDEX IF NOT EXISTS likes_by_user ON likes (user_id);

CREATE TABLE IF NOT EXISTS comments (
    id TEXT PRIMARY KEY,
    video_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    parent_id TEXT,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS comments_by_video ON comments (video_id, created_at);
CREATE INDEX IF NOT EXISTS comments_by_user ON comments (user_id);

CREATE TABLE IF NOT EXISTS follows (
    follower_id TEXT NOT NULL,
    followee_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX IF NOT EXISTS follows_by_followee ON follows (followee_id);

CREATE TABLE IF NOT EXISTS blocks (
    blocker_id TEXT NOT NULL,
    blocked_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX IF NOT EXISTS blocks_by_blocked ON blocks (blocked_id);

CREATE TABLE IF NOT EXISTS notifications (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    video_id TEXT,
    created_at BIGINT NOT NULL,
    seen BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS notifications_by_user ON notifications (user_id, created_at);

CREATE TABLE IF NOT EXISTS collaborators (
    video_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (video_id, user_id)
);
CREATE INDEX IF NOT EXISTS collaborators_by_user ON collaborators (user_id);

CREATE TABLE IF NOT EXISTS daily_usage (
    user_id TEXT NOT NULL,
    day BIGINT NOT NULL,
    videos BIGINT NOT NULL,
    PRIMARY KEY (user_id, day)
);
