-- Consent per purpose and channel (PIPL): an append-only history. The latest answer covering
-- a use decides (domain/src/consent.rs); nothing is changed in place. Only customer_id may
-- change, when a merge re-links the rows (and an unmerge puts them back).
CREATE TABLE consents (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    purpose      TEXT NOT NULL CHECK (purpose IN ('marketing', 'sensitive_data', 'cross_border')),
    channel      TEXT NOT NULL CHECK (channel IN ('any', 'sms', 'phone', 'email', 'wechat', 'app')),
    granted      INTEGER NOT NULL CHECK (granted IN (0, 1)),
    text_version TEXT NOT NULL,
    at           TEXT NOT NULL,
    source       TEXT NOT NULL,
    actor_id     INTEGER REFERENCES users(id)
);
CREATE INDEX consents_customer ON consents(customer_id, purpose, channel, at);
CREATE INDEX consents_purpose ON consents(purpose, channel, customer_id);
CREATE TRIGGER consents_append_only BEFORE UPDATE OF purpose, channel, granted, text_version, at, source, actor_id ON consents
BEGIN
    SELECT RAISE(ABORT, 'consent history is append-only');
END;
