-- Incidents recorded by the guardian. ts is nanoseconds since the epoch (UTC), so instants round-trip exactly.
CREATE TABLE incident (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    id        TEXT    NOT NULL UNIQUE,
    audit_id  TEXT    NOT NULL,
    session_id TEXT   NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN ('blocked_tool', 'invalid_arguments', 'flagged_input',
                                               'flagged_tool_output', 'flagged_output', 'provider_error')),
    tool      TEXT,
    detail    TEXT    NOT NULL,
    severity  TEXT    NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    ts_nanos  INTEGER NOT NULL
);

CREATE INDEX incident_by_time ON incident (ts_nanos, seq);
CREATE INDEX incident_by_session ON incident (session_id, ts_nanos, seq);
CREATE INDEX incident_by_kind ON incident (kind, ts_nanos, seq);
