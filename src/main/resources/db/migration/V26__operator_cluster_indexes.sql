-- Issue #15 (operator views): the list of all clusters across organizations (/admin/clusters) is filtered, sorted
-- and paged in the database. Its default order (newest first) and each single filter read an index in that order,
-- so the first page stops after its rows instead of sorting 100,000 clusters; the counts read the same indexes
-- alone (InnoDB secondary indexes end with the primary key: created_at, id is the page order). Plans in
-- docs/performance.md. Filters by organization use ix_cluster_org_created (V1); the per-organization counts of
-- clusters in the default account use ix_cluster_org_live (V14).
-- The sorts the table offers read these in order too: by status (then newest), by account (then newest), by name.
-- Status and placement together (the "still in the default account" filter) are one index, so that their count
-- reads the index alone.
CREATE INDEX ix_cluster_created ON cluster (created_at);
CREATE INDEX ix_cluster_status_created ON cluster (status, created_at);
CREATE INDEX ix_cluster_placement_status_created ON cluster (placement_kind, status, created_at);
CREATE INDEX ix_cluster_account_created ON cluster (placement_account, created_at);
CREATE INDEX ix_cluster_provider_created ON cluster (provider, created_at);
CREATE INDEX ix_cluster_name ON cluster (name);
