-- The service desk: a moving deadline per ticket (the 24 h clock, pushed back by pauses),
-- the current pause, an assignee, when the desk recorded it, and the history of every action.
ALTER TABLE tickets ADD COLUMN due_at TEXT;
ALTER TABLE tickets ADD COLUMN paused_since TEXT;
ALTER TABLE tickets ADD COLUMN assignee_id INTEGER REFERENCES users(id);
ALTER TABLE tickets ADD COLUMN recorded_at TEXT;
-- A retried "record feedback" (weak store Wi-Fi) returns the first ticket.
ALTER TABLE tickets ADD COLUMN client_key TEXT;
UPDATE tickets SET due_at = strftime('%Y-%m-%dT%H:%M:%SZ', opened_at, '+24 hours'), recorded_at = opened_at;
CREATE UNIQUE INDEX tickets_client_key ON tickets(client_key) WHERE client_key IS NOT NULL;
-- The due-soon and breached inboxes: unanswered tickets by deadline.
CREATE INDEX tickets_unanswered ON tickets(due_at) WHERE first_response_at IS NULL AND status <> 'resolved';
CREATE INDEX tickets_store ON tickets(store_id, opened_at);
CREATE INDEX tickets_assignee ON tickets(assignee_id) WHERE assignee_id IS NOT NULL;

CREATE TABLE ticket_history (
    id            INTEGER PRIMARY KEY,
    ticket_id     INTEGER NOT NULL REFERENCES tickets(id),
    at            TEXT NOT NULL,
    actor_id      INTEGER REFERENCES users(id),
    action        TEXT NOT NULL,
    body          TEXT,
    from_store_id INTEGER REFERENCES stores(id),
    to_store_id   INTEGER REFERENCES stores(id),
    assignee_id   INTEGER REFERENCES users(id),
    score         INTEGER
);
CREATE INDEX ticket_history_ticket ON ticket_history(ticket_id, at);
