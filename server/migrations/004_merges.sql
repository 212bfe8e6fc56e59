-- Merging duplicate members. The merged record stays (pointing at its survivor) so an unmerge
-- can bring it back; `undo` holds exactly which rows moved and which were folded away.
ALTER TABLE customers ADD COLUMN merged_into INTEGER REFERENCES customers(id);

CREATE TABLE merges (
    id           INTEGER PRIMARY KEY,
    candidate_id INTEGER REFERENCES duplicate_candidates(id),
    survivor_id  INTEGER NOT NULL REFERENCES customers(id),
    merged_id    INTEGER NOT NULL REFERENCES customers(id),
    merged_by    INTEGER NOT NULL REFERENCES users(id),
    merged_at    TEXT NOT NULL,
    undo         TEXT NOT NULL,
    unmerged_by  INTEGER REFERENCES users(id),
    unmerged_at  TEXT
);
CREATE INDEX merges_survivor ON merges(survivor_id);
