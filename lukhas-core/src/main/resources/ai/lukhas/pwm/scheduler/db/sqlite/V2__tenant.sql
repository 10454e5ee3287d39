-- Tenancy: every task belongs to the tenant whose request scheduled it; tasks from before tenancy
-- belong to 'default'. Listing is per tenant, so the index leads with it.
ALTER TABLE scheduled_task ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default' CHECK (length(tenant) BETWEEN 1 AND 64);
DROP INDEX scheduled_task_status_due;
CREATE INDEX scheduled_task_tenant_status_due ON scheduled_task (tenant, status, due_ms);
