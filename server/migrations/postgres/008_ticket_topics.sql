-- PostgreSQL twin of 025. What each complaint is about: the rules' reading (kept as it was) and the topic as it stands
-- once staff corrected it, so the corrections can be counted and the rules judged. Existing
-- tickets are read by the rules in the step that follows (Rust: the rules are the domain's).
ALTER TABLE tickets ADD COLUMN topic_by_rules TEXT NOT NULL DEFAULT 'other';
ALTER TABLE tickets ADD COLUMN topic TEXT NOT NULL DEFAULT 'other';
ALTER TABLE tickets ADD COLUMN topic_corrected_by INTEGER REFERENCES users(id);
