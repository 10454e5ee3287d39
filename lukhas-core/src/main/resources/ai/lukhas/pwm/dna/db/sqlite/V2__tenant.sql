-- Tenancy: every entry belongs to a tenant, and (tenant, key) is the identity of a history, so the same
-- key of two tenants is two independent histories. Rows written before tenancy belong to 'default'.
-- SQLite cannot change a UNIQUE constraint in place: the table is rebuilt with the same ids, so the
-- full-text index (rowid = dna_entry.id) stays valid.
DROP TRIGGER dna_entry_no_update;
DROP TRIGGER dna_entry_no_delete;

CREATE TABLE dna_entry_tenanted (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant         TEXT    NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
    key            TEXT    NOT NULL,
    version        INTEGER NOT NULL CHECK (version >= 0),
    value_json     TEXT,
    enc_key_id     TEXT,
    enc_iv         BLOB,
    enc_ct         BLOB,
    strength       REAL    NOT NULL CHECK (strength >= 0.1 AND strength <= 1.0),
    meta_json      TEXT    NOT NULL,
    checksum       TEXT    NOT NULL,
    recorded_at_us INTEGER NOT NULL,
    UNIQUE (tenant, key, version),
    CHECK ((value_json IS NULL) <> (enc_ct IS NULL)),
    CHECK ((enc_ct IS NULL) = (enc_key_id IS NULL) AND (enc_ct IS NULL) = (enc_iv IS NULL))
);

INSERT INTO dna_entry_tenanted (id, tenant, key, version, value_json, enc_key_id, enc_iv, enc_ct, strength,
                                meta_json, checksum, recorded_at_us)
SELECT id, 'default', key, version, value_json, enc_key_id, enc_iv, enc_ct, strength, meta_json, checksum,
       recorded_at_us
FROM dna_entry;

DROP TABLE dna_entry;
ALTER TABLE dna_entry_tenanted RENAME TO dna_entry;

CREATE INDEX dna_entry_key_time ON dna_entry (tenant, key, recorded_at_us);

-- History is append-only: nothing is updated or deleted in place.
CREATE TRIGGER dna_entry_no_update BEFORE UPDATE ON dna_entry
BEGIN
    SELECT RAISE(ABORT, 'dna_entry is append-only');
END;

CREATE TRIGGER dna_entry_no_delete BEFORE DELETE ON dna_entry
BEGIN
    SELECT RAISE(ABORT, 'dna_entry is append-only');
END;
