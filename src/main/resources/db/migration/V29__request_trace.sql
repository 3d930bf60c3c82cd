-- Issue #16: the id of the request that wrote an audit row or created an operation (the same id is in the request's
-- log line and in the worker's log lines for the operation). Nullable: rows written before, or outside a request.
ALTER TABLE audit_event ADD COLUMN request_id VARCHAR(64) NULL;
ALTER TABLE operation ADD COLUMN request_id VARCHAR(64) NULL;
