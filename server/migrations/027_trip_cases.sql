-- Changes and refunds (退改签): a case rides on its service ticket (the 24 h clock, the
-- history, the inboxes) and names the booking it asks about. The quote and the refund paid
-- are kept side by side, so a refund promised can be held against the refund paid.
CREATE TABLE trip_cases (
    ticket_id           INTEGER PRIMARY KEY REFERENCES tickets(id),
    order_id            INTEGER NOT NULL REFERENCES orders(id),
    kind                TEXT NOT NULL,
    stage               TEXT NOT NULL,
    fee_fen             INTEGER,
    fare_difference_fen INTEGER,
    refund_fen          INTEGER,
    quoted_at           TEXT,
    confirmed_at        TEXT,
    closed_at           TEXT,
    refund_paid_fen     INTEGER
);
CREATE INDEX trip_cases_order ON trip_cases(order_id, kind, stage);
-- The channel's own number of a booking (an OTA order number): its change and refund events
-- name the booking by it (the newest such booking: hence id in the index, which a LIMIT 1
-- would otherwise look for by walking the whole table backwards).
ALTER TABLE orders ADD COLUMN channel_ref TEXT;
CREATE INDEX orders_channel_ref ON orders(channel, channel_ref, id) WHERE channel_ref IS NOT NULL;
-- A flight's record locator, the tickets issued on it and its segments; flight and date are
-- what a schedule change names, hence the index.
ALTER TABLE orders ADD COLUMN pnr TEXT;
CREATE TABLE booking_segments (
    order_id    INTEGER NOT NULL REFERENCES orders(id),
    leg         INTEGER NOT NULL,
    flight      TEXT NOT NULL,
    flies_on    TEXT NOT NULL,
    origin      TEXT NOT NULL,
    destination TEXT NOT NULL,
    cabin       TEXT NOT NULL,
    fare_class  TEXT NOT NULL,
    PRIMARY KEY (order_id, leg)
);
CREATE INDEX booking_segments_flight ON booking_segments(flight, flies_on);
CREATE TABLE air_tickets (
    order_id INTEGER NOT NULL REFERENCES orders(id),
    number   TEXT NOT NULL,
    PRIMARY KEY (order_id, number)
);
