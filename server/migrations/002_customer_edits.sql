-- Staff edits on the customer 360: notes and follow-up tasks. Tags already live in
-- customer_tags; every edit bumps customers.version (optimistic concurrency).
CREATE TABLE customer_notes (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    author_id   INTEGER NOT NULL REFERENCES users(id),
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX customer_notes_customer ON customer_notes(customer_id, created_at);

CREATE TABLE follow_ups (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    author_id   INTEGER NOT NULL REFERENCES users(id),
    title       TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    done_at     TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX follow_ups_customer ON follow_ups(customer_id, due_on);

-- List filters that must stay fast at 100k customers.
CREATE INDEX customer_tags_tag ON customer_tags(tag, customer_id);
CREATE INDEX customers_churn ON customers(churn_risk, last_active_at);

-- Name search at 100k customers: every substring (up to 4 characters) of every name, so a
-- query like 张伟 is one index lookup instead of a LIKE scan. Kept by db::names.
CREATE TABLE customer_name_grams (
    gram        TEXT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    PRIMARY KEY (gram, customer_id)
) WITHOUT ROWID;
CREATE INDEX customer_name_grams_customer ON customer_name_grams(customer_id);
