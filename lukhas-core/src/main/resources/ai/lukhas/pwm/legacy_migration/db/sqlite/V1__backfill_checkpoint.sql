-- Where the legacy-to-DNA backfill of each source file got to. Updated in place: it is a bookmark,
-- not history (the DNA helix keeps the history of the migrated values).
CREATE TABLE legacy_backfill_checkpoint (
    source          TEXT    PRIMARY KEY,
    source_sha256   TEXT    NOT NULL,
    last_key        TEXT    NOT NULL,
    processed_total INTEGER NOT NULL CHECK (processed_total >= 0),
    migrated_total  INTEGER NOT NULL CHECK (migrated_total >= 0),
    updated_at_us   INTEGER NOT NULL
);
