-- Tenancy: a legacy file is backfilled into one tenant's DNA memory, so the bookmark is per (tenant,
-- source). Bookmarks from before tenancy were backfills into 'default'.
CREATE TABLE legacy_backfill_checkpoint_tenanted (
    tenant          TEXT    NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
    source          TEXT    NOT NULL,
    source_sha256   TEXT    NOT NULL,
    last_key        TEXT    NOT NULL,
    processed_total INTEGER NOT NULL CHECK (processed_total >= 0),
    migrated_total  INTEGER NOT NULL CHECK (migrated_total >= 0),
    updated_at_us   INTEGER NOT NULL,
    PRIMARY KEY (tenant, source)
);

INSERT INTO legacy_backfill_checkpoint_tenanted (tenant, source, source_sha256, last_key, processed_total,
                                                 migrated_total, updated_at_us)
SELECT 'default', source, source_sha256, last_key, processed_total, migrated_total, updated_at_us
FROM legacy_backfill_checkpoint;

DROP TABLE legacy_backfill_checkpoint;
ALTER TABLE legacy_backfill_checkpoint_tenanted RENAME TO legacy_backfill_checkpoint;
