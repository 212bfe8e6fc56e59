-- Communities as a programme: who moderates, what each event offers, and the customer
-- activity that engagement levels, advocacy and the manager overview are computed from.
ALTER TABLE communities ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN created_by INTEGER REFERENCES users(id);

CREATE TABLE community_moderators (
    community_id INTEGER NOT NULL REFERENCES communities(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (community_id, user_id)
);

ALTER TABLE community_events ADD COLUMN capacity INTEGER;
ALTER TABLE community_events ADD COLUMN created_at TEXT;
CREATE INDEX community_events_time ON community_events(starts_at);

-- A row is a sign-up; check-in marks attendance; satisfaction (1-5) is the post-event survey.
ALTER TABLE event_attendance ADD COLUMN signed_up_at TEXT;
ALTER TABLE event_attendance ADD COLUMN checked_in_at TEXT;
ALTER TABLE event_attendance ADD COLUMN satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5);

-- Engagement activities (join, attend, share, review, referral, reply). A row is either the
-- customer's own (customer_id) or staff's (user_id, e.g. a moderator's reply): staff rows are
-- kept for the record and never counted. A referral names who was referred, so bookings can
-- be attributed to it.
CREATE TABLE community_activity (
    id                   INTEGER PRIMARY KEY,
    customer_id          INTEGER REFERENCES customers(id),
    user_id              INTEGER REFERENCES users(id),
    community_id         INTEGER REFERENCES communities(id),
    kind                 TEXT NOT NULL,
    occurred_at          TEXT NOT NULL,
    referred_customer_id INTEGER REFERENCES customers(id),
    CHECK ((customer_id IS NULL) <> (user_id IS NULL))
);
CREATE INDEX community_activity_time ON community_activity(occurred_at, kind, customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX community_activity_customer ON community_activity(customer_id, occurred_at);

-- NPS answers with their time, so NPS has a period and a trend (customers.last_nps keeps the latest).
CREATE TABLE nps_responses (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    channel     TEXT NOT NULL,
    answered_at TEXT NOT NULL
);
-- covering: the overview counts promoters and detractors by time without reading rows
CREATE INDEX nps_responses_time ON nps_responses(answered_at, score, customer_id);
CREATE INDEX nps_responses_customer ON nps_responses(customer_id);

-- CSAT survey answer (1-5) on a resolved ticket.
ALTER TABLE tickets ADD COLUMN csat INTEGER CHECK (csat BETWEEN 1 AND 5);
CREATE INDEX tickets_opened ON tickets(opened_at);

-- Personalised care (birthday, trip anniversary, post-trip follow-up) is a `care` touchpoint;
-- coverage reads them by time without walking every touchpoint.
CREATE INDEX touchpoints_care ON touchpoints(occurred_at, customer_id) WHERE kind = 'care';
-- The overview's buyers and repeat buyers come from these two covering indexes, and every
-- aggregate's store/segment scope from a narrow index instead of the wide customers rows
-- (overview at 100k: measured in BENCHMARKS.md).
CREATE INDEX orders_time ON orders(ordered_at, status, customer_id);
DROP INDEX orders_customer;
CREATE INDEX orders_customer ON orders(customer_id, ordered_at, status);
CREATE INDEX customers_scope ON customers(id, merged_into, home_store_id, segment);

-- Churn risk is a score of today; its trend comes from monthly snapshots (the current month
-- is refreshed while it runs and stays as it was when it closes). store_id 0 = no home store.
CREATE TABLE churn_snapshots (
    month    TEXT NOT NULL,
    store_id INTEGER NOT NULL,
    segment  TEXT NOT NULL,
    at_risk  INTEGER NOT NULL,
    PRIMARY KEY (month, store_id, segment)
);
