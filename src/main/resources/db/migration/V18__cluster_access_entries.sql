-- When the EKS access entries of the account's three access roles were last ensured for a cluster (issue #12).
-- Clusters created before the ACCESS_ENTRIES step have none: the worker backfills them once (EKS_ACCESS).
ALTER TABLE cluster ADD COLUMN access_entries_at DATETIME(6) NULL;
