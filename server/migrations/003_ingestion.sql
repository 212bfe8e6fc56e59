-- Channel events pushed by OTA platforms, WeChat, Douyin, stores and the call centre.
-- event_id makes retries harmless: an id seen before is never applied twice.
CREATE TABLE ingested_events (
    event_id      TEXT PRIMARY KEY,
    source        TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    customer_id   INTEGER NOT NULL REFERENCES customers(id),
    touchpoint_id INTEGER NOT NULL REFERENCES touchpoints(id)
);

-- ID and passport numbers are sensitive: only a keyed hash is kept, enough to match on.
CREATE TABLE id_number_hashes (
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    hash        TEXT NOT NULL,
    PRIMARY KEY (hash, customer_id)
) WITHOUT ROWID;
CREATE INDEX id_number_hashes_customer ON id_number_hashes(customer_id);

-- Possible duplicate members found by review-only rules (phone, email), for a manager to decide.
CREATE TABLE duplicate_candidates (
    id            INTEGER PRIMARY KEY,
    customer_id   INTEGER NOT NULL REFERENCES customers(id),
    other_id      INTEGER NOT NULL REFERENCES customers(id),
    identifier    TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'merged', 'dismissed')),
    created_at    TEXT NOT NULL,
    UNIQUE (customer_id, other_id)
);
CREATE INDEX duplicate_candidates_status ON duplicate_candidates(status, created_at);
