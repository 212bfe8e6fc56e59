-- Passports, permits and visas a traveller holds. The number is kept as ID numbers are: a keyed
-- hash (one row per document, so recording it again updates its expiry), AES-GCM ciphertext
-- bound to the hash, and the masked form everyone sees. Dates are `YYYY-MM-DD`.
CREATE TABLE travel_documents (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    kind            TEXT NOT NULL CHECK (kind IN ('passport', 'hk_macao_permit', 'taiwan_permit', 'visa')),
    issuing_country TEXT NOT NULL,
    hash            TEXT NOT NULL,
    sealed          TEXT NOT NULL,
    masked          TEXT NOT NULL,
    expires_on      TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    recorded_by     INTEGER REFERENCES users(id),
    UNIQUE (customer_id, kind, hash)
);
-- The Departures desk reads the bookings leaving in the next days.
CREATE INDEX orders_departure ON orders(departure);
