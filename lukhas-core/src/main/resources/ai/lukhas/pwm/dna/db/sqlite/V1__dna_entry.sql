-- DNA helix memory: every accepted version of every key, append-only.
-- Exactly one of value_json (plain) or enc_ct (AES-256-GCM, with key id and IV) is set.
CREATE TABLE dna_entry (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
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
    UNIQUE (key, version),
    CHECK ((value_json IS NULL) <> (enc_ct IS NULL)),
    CHECK ((enc_ct IS NULL) = (enc_key_id IS NULL) AND (enc_ct IS NULL) = (enc_iv IS NULL))
);

CREATE INDEX dna_entry_key_time ON dna_entry (key, recorded_at_us);

-- History is append-only: nothing is updated or deleted in place.
CREATE TRIGGER dna_entry_no_update BEFORE UPDATE ON dna_entry
BEGIN
    SELECT RAISE(ABORT, 'dna_entry is append-only');
END;

CREATE TRIGGER dna_entry_no_delete BEFORE DELETE ON dna_entry
BEGIN
    SELECT RAISE(ABORT, 'dna_entry is append-only');
END;

-- Full-text index of the current, non-personal, unencrypted version of each key; rowid = dna_entry.id.
CREATE VIRTUAL TABLE dna_search USING fts5(key, body, tokenize = 'unicode61 remove_diacritics 0');
