-- Responses API objects kept for GET /v1/responses/{id} and previous_response_id (store: true).
-- Keyed by (tenant, id): another tenant's id is never found.
CREATE TABLE stored_response (
    tenant      TEXT NOT NULL,
    id          TEXT NOT NULL,
    created_ms  INTEGER NOT NULL,
    session_id  TEXT NOT NULL,
    response    TEXT NOT NULL,
    items       TEXT NOT NULL,
    PRIMARY KEY (tenant, id)
);
