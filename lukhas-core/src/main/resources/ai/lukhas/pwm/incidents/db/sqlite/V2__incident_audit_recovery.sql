-- A new incident kind, audit_recovery: start-up repaired or accepted damage in the audit log.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt with the same rows.
CREATE TABLE incident_v2 (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    id        TEXT    NOT NULL UNIQUE,
    audit_id  TEXT    NOT NULL,
    session_id TEXT   NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN ('blocked_tool', 'invalid_arguments', 'flagged_input',
                                               'flagged_tool_output', 'flagged_output', 'provider_error',
                                               'audit_recovery')),
    tool      TEXT,
    detail    TEXT    NOT NULL,
    severity  TEXT    NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    ts_nanos  INTEGER NOT NULL
);

INSERT INTO incident_v2 (seq, id, audit_id, session_id, kind, tool, detail, severity, ts_nanos)
    SELECT seq, id, audit_id, session_id, kind, tool, detail, severity, ts_nanos FROM incident;
DROP TABLE incident;
ALTER TABLE incident_v2 RENAME TO incident;

CREATE INDEX incident_by_time ON incident (ts_nanos, seq);
CREATE INDEX incident_by_session ON incident (session_id, ts_nanos, seq);
CREATE INDEX incident_by_kind ON incident (kind, ts_nanos, seq);
