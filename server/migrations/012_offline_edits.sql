-- Edits replayed from tablets' outboxes: one row per applied idempotency key, so a replay
-- after a dropped connection is answered without writing twice.
CREATE TABLE offline_edits (
    user_id     INTEGER NOT NULL REFERENCES users(id),
    client_key  TEXT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    kind        TEXT NOT NULL,
    version_before INTEGER NOT NULL,
    applied_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, client_key)
) WITHOUT ROWID;
