-- Tenancy: cards and LUT scopes belong to a tenant. Cards are keyed by (tenant, user) and a tenant's
-- global LUT covers only its own cards. Rows from before tenancy belong to 'default'.
ALTER TABLE feedback_card ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default' CHECK (length(tenant) BETWEEN 1 AND 64);
DROP INDEX feedback_card_recent;
DROP INDEX feedback_card_user_recent;
CREATE INDEX feedback_card_recent ON feedback_card (tenant, ts_ms DESC, id DESC);
CREATE INDEX feedback_card_user_recent ON feedback_card (tenant, user_id, ts_ms DESC, id DESC);

-- The LUT version table is keyed by (tenant, scope); SQLite cannot change a primary key in place.
CREATE TABLE feedback_lut_tenanted (
    tenant      TEXT    NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
    scope       TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL,
    fingerprint TEXT    NOT NULL,
    PRIMARY KEY (tenant, scope)
);
INSERT INTO feedback_lut_tenanted (tenant, scope, version, updated_ms, fingerprint)
SELECT 'default', scope, version, updated_ms, fingerprint FROM feedback_lut;
DROP TABLE feedback_lut;
ALTER TABLE feedback_lut_tenanted RENAME TO feedback_lut;
