-- Notes searched by the retrieval tool until the DNA memory store provides the real knowledge base.
-- One FTS5 table holds the content; rowid is the note id, ranking is bm25; porter stemming so 'refunds' finds 'refund'.
CREATE VIRTUAL TABLE note USING fts5(title, body, created_ms UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2');
