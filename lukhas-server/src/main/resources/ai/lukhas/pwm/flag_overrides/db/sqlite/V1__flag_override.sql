-- Run-time flag overrides (PUT /v1/flags/{name}), kept so they survive a restart (docs/flags.md).
-- value is the canonical text the flag's definition parsed ("true", "dna").
CREATE TABLE flag_override (
    name       TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    set_at_ms  INTEGER NOT NULL
);
