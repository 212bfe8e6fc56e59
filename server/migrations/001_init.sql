-- Roundtrip schema v1. Times are RFC 3339 UTC text; money is integer fen.
CREATE TABLE stores (
    id    INTEGER PRIMARY KEY,
    code  TEXT NOT NULL UNIQUE,
    name  TEXT NOT NULL,
    city  TEXT NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'staff')),
    store_id      INTEGER REFERENCES stores(id),
    disabled      INTEGER NOT NULL DEFAULT 0
);

-- Only a SHA-256 of the cookie token is kept, so a copied database opens no sessions.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE customers (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    phone_e164          TEXT,
    phone_tail          TEXT,
    email               TEXT,
    city                TEXT NOT NULL,
    birth_year          INTEGER,
    segment             TEXT NOT NULL,
    tier                TEXT NOT NULL,
    points              INTEGER NOT NULL DEFAULT 0,
    lifecycle           TEXT NOT NULL,
    online              INTEGER NOT NULL,
    offline             INTEGER NOT NULL,
    home_store_id       INTEGER REFERENCES stores(id),
    churn_risk          INTEGER NOT NULL DEFAULT 0,
    last_nps            INTEGER,
    lifetime_value_fen  INTEGER NOT NULL DEFAULT 0,
    first_seen_at       TEXT NOT NULL,
    last_active_at      TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX customers_phone_tail ON customers(phone_tail);
CREATE INDEX customers_phone ON customers(phone_e164);
CREATE INDEX customers_email ON customers(email);
-- Browsing the list: walks newest-active first and filters inside the index (covering), so
-- neither the page nor the count touches table rows (measured in BENCHMARKS.md).
CREATE INDEX customers_browse ON customers(last_active_at, segment, tier, lifecycle, online, offline, home_store_id, churn_risk);

CREATE TABLE identities (
    -- AUTOINCREMENT: ids are never reused, so an unmerge can put a folded identity back
    -- under its own id even after newer identities were written.
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id   INTEGER NOT NULL REFERENCES customers(id),
    kind          TEXT NOT NULL,
    value         TEXT NOT NULL,
    source        TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    -- Phones and emails may be shared (families), so uniqueness is per customer.
    UNIQUE (customer_id, kind, value)
);
CREATE INDEX identities_value ON identities(value, kind);

CREATE TABLE touchpoints (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    channel     TEXT NOT NULL,
    stage       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    summary     TEXT NOT NULL,
    sentiment   REAL,
    promise     TEXT,
    store_id    INTEGER REFERENCES stores(id)
);
CREATE INDEX touchpoints_customer_time ON touchpoints(customer_id, occurred_at);

CREATE TABLE orders (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    product      TEXT NOT NULL,
    title        TEXT NOT NULL,
    destination  TEXT NOT NULL,
    channel      TEXT NOT NULL,
    status       TEXT NOT NULL,
    amount_fen   INTEGER NOT NULL,
    ordered_at   TEXT NOT NULL,
    departure    TEXT,
    return_date  TEXT,
    store_id     INTEGER REFERENCES stores(id)
);
CREATE INDEX orders_customer ON orders(customer_id, ordered_at);

CREATE TABLE tickets (
    id                INTEGER PRIMARY KEY,
    customer_id       INTEGER NOT NULL REFERENCES customers(id),
    channel           TEXT NOT NULL,
    kind              TEXT NOT NULL,
    severity          TEXT NOT NULL,
    status            TEXT NOT NULL,
    summary           TEXT NOT NULL,
    opened_at         TEXT NOT NULL,
    first_response_at TEXT,
    resolved_at       TEXT,
    store_id          INTEGER REFERENCES stores(id)
);
CREATE INDEX tickets_customer ON tickets(customer_id);

CREATE TABLE communities (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    interest   TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE community_members (
    community_id INTEGER NOT NULL REFERENCES communities(id),
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    joined_at    TEXT NOT NULL,
    PRIMARY KEY (community_id, customer_id)
);
CREATE INDEX community_members_customer ON community_members(customer_id);

CREATE TABLE community_events (
    id           INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities(id),
    title        TEXT NOT NULL,
    starts_at    TEXT NOT NULL,
    store_id     INTEGER REFERENCES stores(id)
);

CREATE TABLE event_attendance (
    event_id    INTEGER NOT NULL REFERENCES community_events(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    attended    INTEGER NOT NULL,
    PRIMARY KEY (event_id, customer_id)
);
CREATE INDEX event_attendance_customer ON event_attendance(customer_id);

CREATE TABLE customer_tags (
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    tag         TEXT NOT NULL,
    PRIMARY KEY (customer_id, tag)
);

-- Append-only record of who saw or changed personal data.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    user_id  INTEGER REFERENCES users(id),
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL,
    detail   TEXT
);

-- Facts about how the demo database was generated, so `run` can tell whether to reseed.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
