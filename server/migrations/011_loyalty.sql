-- Loyalty: one points ledger across channels. The balance is the sum of `points`; tiers are
-- decided on `qualifying` points over 12 months by the rules in tier_rules (data, editable
-- by admins; the built-in defaults apply while the table is empty).
CREATE TABLE loyalty_ledger (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('earn', 'redeem', 'expire', 'adjust')),
    points      INTEGER NOT NULL,
    qualifying  INTEGER NOT NULL DEFAULT 0,
    expires_at  TEXT,
    order_id    INTEGER REFERENCES orders(id),
    reason      TEXT,
    actor_id    INTEGER REFERENCES users(id),
    -- a retried redemption (weak store Wi-Fi) is applied once
    client_key  TEXT UNIQUE
);
CREATE INDEX loyalty_ledger_customer ON loyalty_ledger(customer_id, at);

CREATE TABLE tier_rules (
    tier            TEXT PRIMARY KEY CHECK (tier IN ('basic', 'silver', 'gold', 'platinum')),
    min_qualifying  INTEGER NOT NULL CHECK (min_qualifying >= 0),
    keep_qualifying INTEGER NOT NULL CHECK (keep_qualifying >= 0 AND keep_qualifying <= min_qualifying),
    benefits_en     TEXT NOT NULL,
    benefits_zh     TEXT NOT NULL
);

CREATE TABLE loyalty_settings (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    points_per_yuan INTEGER NOT NULL CHECK (points_per_yuan BETWEEN 1 AND 100),
    expiry_months   INTEGER NOT NULL CHECK (expiry_months BETWEEN 1 AND 120)
);
INSERT INTO loyalty_settings (id, points_per_yuan, expiry_months) VALUES (1, 1, 24);

-- Personalised care: birthdays (month-day) and generated care tasks among the follow-ups,
-- one per customer, kind and day however often generation runs.
ALTER TABLE customers ADD COLUMN birthday TEXT;
ALTER TABLE follow_ups ADD COLUMN care_kind TEXT;
CREATE UNIQUE INDEX follow_ups_care ON follow_ups(customer_id, care_kind, due_on) WHERE care_kind IS NOT NULL;
CREATE INDEX follow_ups_open_care ON follow_ups(due_on) WHERE care_kind IS NOT NULL AND done_at IS NULL;
