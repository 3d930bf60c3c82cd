-- When the EKS access entries of the account's three access roles were last ensured for a cluster (issue #12).
-- Clusters created before the ACCESS_ENTRIES step have none: the worker backfills them once (EKS_ACCESS).
ALTER TABLE cluster ADD COLUMN access_entries_at DATETIME(6) NULL;
-- The clusters that exist when this runs and could have been created before the step: the worker queues one EKS_ACCESS
-- operation for each, once (it clears the flag when it queues). Clusters created later get their entries from their
-- own create's step; none is ever queued twice, even when its operation fails (an org-admin retries it).
ALTER TABLE cluster ADD COLUMN access_backfill_due BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE cluster SET access_backfill_due = TRUE
  WHERE provider = 'AWS' AND status = 'ACTIVE' AND placement_kind = 'ORG_ACCOUNT';
CREATE INDEX ix_cluster_access_backfill ON cluster (access_backfill_due);
