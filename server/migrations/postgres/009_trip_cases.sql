-- Twin of SQLite's 027_trip_cases.sql: changes and refunds (退改签), each riding on its
-- service ticket and naming its booking; the quote and the refund paid side by side.
CREATE TABLE trip_cases (
    ticket_id           BIGINT PRIMARY KEY REFERENCES tickets(id) DEFERRABLE,
    order_id            BIGINT NOT NULL REFERENCES orders(id) DEFERRABLE,
    kind                TEXT COLLATE "C" NOT NULL,
    stage               TEXT COLLATE "C" NOT NULL,
    fee_fen             BIGINT,
    fare_difference_fen BIGINT,
    refund_fen          BIGINT,
    quoted_at           TEXT COLLATE "C",
    confirmed_at        TEXT COLLATE "C",
    closed_at           TEXT COLLATE "C",
    refund_paid_fen     BIGINT
);
CREATE INDEX trip_cases_order ON trip_cases(order_id, kind, stage);
-- The channel's own number of a booking (an OTA order number): its change and refund events
-- name the booking by it (the newest such booking: hence id in the index, which a LIMIT 1
-- would otherwise look for by walking the whole table backwards).
ALTER TABLE orders ADD COLUMN channel_ref TEXT COLLATE "C";
CREATE INDEX orders_channel_ref ON orders(channel, channel_ref, id) WHERE channel_ref IS NOT NULL;
-- A flight's record locator, the tickets issued on it and its segments; flight and date are
-- what a schedule change names, hence the index.
ALTER TABLE orders ADD COLUMN pnr TEXT COLLATE "C";
CREATE TABLE booking_segments (
    order_id    BIGINT NOT NULL REFERENCES orders(id) DEFERRABLE,
    leg         BIGINT NOT NULL,
    flight      TEXT COLLATE "C" NOT NULL,
    flies_on    TEXT COLLATE "C" NOT NULL,
    origin      TEXT COLLATE "C" NOT NULL,
    destination TEXT COLLATE "C" NOT NULL,
    cabin       TEXT COLLATE "C" NOT NULL,
    fare_class  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (order_id, leg)
);
CREATE INDEX booking_segments_flight ON booking_segments(flight, flies_on);
CREATE TABLE air_tickets (
    order_id BIGINT NOT NULL REFERENCES orders(id) DEFERRABLE,
    number   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (order_id, number)
);
