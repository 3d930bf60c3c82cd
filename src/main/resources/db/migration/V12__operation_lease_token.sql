-- Fencing (issue #11, item 7): every claim of an operation increments its lease token (and its JPA version), so a
-- worker whose lease ran out and was taken over can neither start a step (it checks the token first) nor commit one
-- (the version it read is stale: its UPDATE matches no row and the transaction rolls back).
ALTER TABLE operation ADD COLUMN lease_token BIGINT NOT NULL DEFAULT 0 AFTER lease_until;
