-- Channel connectors and their inbox (issue 24). A connector is one channel account pushing in
-- its own format; its secrets are sealed like ID numbers (AES-256-GCM under the server's key),
-- as a list: during a rotation the old set is still accepted beside the new one.
CREATE TABLE connectors (
    id         INTEGER PRIMARY KEY,
    channel    TEXT NOT NULL,
    account    TEXT NOT NULL,
    store_id   INTEGER REFERENCES stores(id),
    secrets    TEXT NOT NULL,
    plain_allowed INTEGER NOT NULL DEFAULT 0,
    rotating   INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    rotated_at TEXT,
    UNIQUE (channel, account)
);

-- Every verified delivery, stored before it is acknowledged: the message as the channel sent
-- it (decrypted where the channel encrypts), once per channel and message id. The worker
-- turns pending rows into events (event id = channel + message id), retrying with backoff.
CREATE TABLE deliveries (
    id           INTEGER PRIMARY KEY,
    connector_id INTEGER NOT NULL REFERENCES connectors(id),
    channel      TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    message      TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'done', 'ignored', 'dead')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_at      TEXT NOT NULL,
    failure      TEXT,
    error        TEXT,
    done_at      TEXT,
    UNIQUE (channel, message_id)
);
CREATE INDEX deliveries_due ON deliveries(next_at) WHERE status = 'pending';
CREATE INDEX deliveries_dead ON deliveries(connector_id, id) WHERE status = 'dead';

-- Signed requests already taken (timestamp and nonce), so a captured one cannot be replayed
-- while its timestamp is still fresh; older ones are refused as stale anyway.
CREATE TABLE hook_nonces (
    connector_id INTEGER NOT NULL REFERENCES connectors(id),
    nonce        TEXT NOT NULL,
    at           TEXT NOT NULL,
    PRIMARY KEY (connector_id, nonce)
);
