-- Ingestion writes one ingested_events row per event. Keyed by event id without a rowid, the
-- table is one B-tree instead of a table plus its primary-key index.
CREATE TABLE ingested_events_by_id (
    event_id      TEXT PRIMARY KEY,
    source        TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    customer_id   INTEGER NOT NULL REFERENCES customers(id),
    touchpoint_id INTEGER NOT NULL REFERENCES touchpoints(id)
) WITHOUT ROWID;
INSERT INTO ingested_events_by_id (event_id, source, received_at, customer_id, touchpoint_id)
    SELECT event_id, source, received_at, customer_id, touchpoint_id FROM ingested_events;
DROP TABLE ingested_events;
ALTER TABLE ingested_events_by_id RENAME TO ingested_events;

-- Phone, phone tail and e-mail are only ever looked up by value (`= ?`, which implies NOT
-- NULL), so their indexes leave out the many members a channel sent without one.
DROP INDEX customers_phone;
CREATE INDEX customers_phone ON customers(phone_e164) WHERE phone_e164 IS NOT NULL;
DROP INDEX customers_phone_tail;
CREATE INDEX customers_phone_tail ON customers(phone_tail) WHERE phone_tail IS NOT NULL;
DROP INDEX customers_email;
CREATE INDEX customers_email ON customers(email) WHERE email IS NOT NULL;
