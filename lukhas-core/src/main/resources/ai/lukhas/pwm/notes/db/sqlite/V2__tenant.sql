-- Tenancy: every note belongs to a tenant and is searched only within it. An FTS5 table cannot gain a
-- column, so the table is rebuilt with the same rowids (note ids); notes from before tenancy belong to
-- 'default'. The tenant is UNINDEXED: it is filtered on, never matched as text.
CREATE VIRTUAL TABLE note_tenanted USING fts5(tenant UNINDEXED, title, body, created_ms UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO note_tenanted (rowid, tenant, title, body, created_ms) SELECT rowid, 'default', title, body, created_ms FROM note;
DROP TABLE note;
ALTER TABLE note_tenanted RENAME TO note;
