CREATE TABLE api_key (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('client', 'admin')),
    tenant      TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    created_ms  INTEGER NOT NULL,
    revoked_ms  INTEGER
);
