-- Feedback cards as submitted (note already PII-redacted), newest first by (ts_ms, id).
CREATE TABLE feedback_card (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    target_action_id TEXT    NOT NULL,
    rating           INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    note             TEXT,
    user_id          TEXT    NOT NULL,
    context_hash     TEXT,
    tags             TEXT    NOT NULL, -- JSON array of strings
    ts_ms            INTEGER NOT NULL
);
CREATE INDEX feedback_card_recent ON feedback_card (ts_ms DESC, id DESC);
CREATE INDEX feedback_card_user_recent ON feedback_card (user_id, ts_ms DESC, id DESC);

-- The published version of each LUT scope ('global' or 'user:<id>'): the version increases whenever
-- the fingerprint of what the LUT was computed from changes.
CREATE TABLE feedback_lut (
    scope       TEXT    PRIMARY KEY,
    version     INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL,
    fingerprint TEXT    NOT NULL
);
