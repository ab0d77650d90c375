CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS api_keys (
    hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    prefix TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS videos (
    id TEXT PRIMARY KEY,
    seq BIGINT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL,
    progress BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    completed_at BIGINT,
    expires_at BIGINT,
    prompt TEXT NOT NULL,
    model TEXT NOT NULL,
    size TEXT NOT NULL,
    seconds TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id TEXT,
    remixed_from_video_id TEXT,
    seed BIGINT NOT NULL,
    reference_key TEXT,
    warnings TEXT NOT NULL,
    scene TEXT,
    error_code TEXT,
    error_message TEXT,
    sha256 TEXT,
    purged BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS videos_by_user ON videos (user_id, seq);
-- Whom a finished video owes credit (the models it shows, the panorama lighting it), as a
-- JSON list, in a table of its own so that databases made before it gain it unchanged.
CREATE TABLE IF NOT EXISTS video_credits (
    video_id TEXT PRIMARY KEY REFERENCES videos(id) ON DELETE CASCADE,
    credits TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS videos_by_hash ON videos (sha256);
CREATE INDEX IF NOT EXISTS videos_by_reference ON videos (reference_key);

CREATE TABLE IF NOT EXISTS jobs (
    video_id TEXT PRIMARY KEY REFERENCES videos(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    claim TEXT,
    lease_until BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_ready ON jobs (status, lease_until, seq);
CREATE INDEX IF NOT EXISTS jobs_by_user ON jobs (user_id, status);

CREATE TABLE IF NOT EXISTS webhooks (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS deliveries (
    id TEXT PRIMARY KEY,
    webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    payload TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_at BIGINT NOT NULL,
    status TEXT NOT NULL,
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_at);
