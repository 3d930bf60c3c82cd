-- A person's own recent events (the daily quota of organizations they create) without scanning the log.
CREATE INDEX ix_audit_event_actor ON audit_event (actor, action, occurred_at);
