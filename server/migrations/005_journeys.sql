-- Journey maps. A delivery touchpoint names the promise it answers (`fulfils`) and whether it
-- was kept. `journeys` and `journey_promises` are derived from touchpoints and orders by the
-- rules in roundtrip_domain::journey, so the stage × channel matrix reads one small row per
-- journey instead of every touchpoint; customers whose rows changed wait in `journeys_stale`.
ALTER TABLE touchpoints ADD COLUMN fulfils TEXT;
ALTER TABLE touchpoints ADD COLUMN kept INTEGER;

CREATE TABLE journeys (
    id               INTEGER PRIMARY KEY,
    customer_id      INTEGER NOT NULL REFERENCES customers(id),
    order_id         INTEGER,
    started_at       TEXT NOT NULL,
    segment          TEXT NOT NULL,
    store_id         INTEGER,
    -- bit stage × 12 + channel: the journey touched that stage on that channel
    cells            INTEGER NOT NULL,
    -- unix seconds of the first touch per stage
    t_pre_decision   INTEGER,
    t_booking        INTEGER,
    t_pre_trip       INTEGER,
    t_in_trip        INTEGER,
    t_post_trip      INTEGER,
    online_inquiry   INTEGER NOT NULL,
    offline_purchase INTEGER NOT NULL
);
CREATE INDEX journeys_customer ON journeys(customer_id);
-- covering: the matrix and its drill-down read only the index, in period order
CREATE INDEX journeys_started ON journeys(started_at, store_id, segment, cells, t_pre_decision, t_booking,
    t_pre_trip, t_in_trip, t_post_trip, online_inquiry, offline_purchase, customer_id);

CREATE TABLE journey_promises (
    customer_id   INTEGER NOT NULL REFERENCES customers(id),
    started_at    TEXT NOT NULL,
    touchpoint_id INTEGER NOT NULL,
    channel       TEXT NOT NULL,
    segment       TEXT NOT NULL,
    store_id      INTEGER,
    status        TEXT NOT NULL
);
CREATE INDEX journey_promises_customer ON journey_promises(customer_id);
CREATE INDEX journey_promises_started ON journey_promises(started_at, store_id, segment, channel, status);

CREATE TABLE journeys_stale (customer_id INTEGER PRIMARY KEY);
-- databases from before this migration: derive every customer's journeys on first use
INSERT INTO journeys_stale SELECT id FROM customers;
