-- API tokens for channel systems (issue 24): stored as a SHA-256 of a 256-bit random secret,
-- never the secret. Use is counted per minute in the row itself, so every server sharing the
-- database applies one rate limit.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    hint         TEXT NOT NULL,
    scope        TEXT NOT NULL,
    source       TEXT,
    store_id     INTEGER REFERENCES stores(id),
    per_minute   INTEGER NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES users(id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    last_used_at TEXT,
    revoked_at   TEXT,
    window_start TEXT,
    window_count INTEGER NOT NULL DEFAULT 0
);
