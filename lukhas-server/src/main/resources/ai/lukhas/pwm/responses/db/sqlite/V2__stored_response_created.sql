-- The retention purge deletes the oldest responses first, in batches.
CREATE INDEX stored_response_created ON stored_response (created_ms);
