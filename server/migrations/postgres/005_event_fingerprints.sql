-- What each ingested event said (a SHA-256 of its content), so that an event id sent again
-- with different content is reported as a conflict instead of being taken for a retry.
-- Events ingested before have none: a repeat of one stays a duplicate.
ALTER TABLE ingested_events ADD COLUMN fingerprint TEXT COLLATE "C";
