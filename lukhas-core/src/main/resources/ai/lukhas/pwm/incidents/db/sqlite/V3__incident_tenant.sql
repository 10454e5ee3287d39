-- Tenancy: every incident belongs to the tenant whose session it happened in. Rows recorded before
-- tenancy belong to 'default'. Lists are per tenant (newest first, by session or kind), so each
-- filter a route offers is an index range: (tenant, ts), (tenant, session, ts), (tenant, kind, ts).
ALTER TABLE incident ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default' CHECK (length(tenant) BETWEEN 1 AND 64);

CREATE INDEX incident_tenant_time ON incident (tenant, ts_nanos, seq);
CREATE INDEX incident_tenant_session ON incident (tenant, session_id, ts_nanos, seq);
CREATE INDEX incident_tenant_kind ON incident (tenant, kind, ts_nanos, seq);
