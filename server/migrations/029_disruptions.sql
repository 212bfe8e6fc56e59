-- Schedule changes (航变): one row per change an airline or channel sent (its id makes a
-- retry a no-op; what it said, to tell a retry from a conflict), and one case per booking
-- flying the changed flight that day, with its contact clock and the customer's choice.
CREATE TABLE disruptions (
    id            INTEGER PRIMARY KEY,
    change_id     TEXT NOT NULL UNIQUE,
    flight        TEXT NOT NULL,
    flies_on      TEXT NOT NULL,
    cancelled     INTEGER NOT NULL,
    new_departure TEXT,
    new_arrival   TEXT,
    note          TEXT,
    announced_at  TEXT NOT NULL,
    fingerprint   TEXT NOT NULL
);
CREATE INDEX disruptions_announced ON disruptions(announced_at);
CREATE TABLE disruption_cases (
    id             INTEGER PRIMARY KEY,
    disruption_id  INTEGER NOT NULL REFERENCES disruptions(id),
    order_id       INTEGER NOT NULL REFERENCES orders(id),
    customer_id    INTEGER NOT NULL REFERENCES customers(id),
    store_id       INTEGER REFERENCES stores(id),
    opened_at      TEXT NOT NULL,
    informed_at    TEXT,
    informed_by    INTEGER REFERENCES users(id),
    outcome        TEXT,
    closed_at      TEXT,
    closed_by      INTEGER REFERENCES users(id),
    UNIQUE (disruption_id, order_id)
);
CREATE INDEX disruption_cases_customer ON disruption_cases(customer_id);
