-- Issue #13 (performance): indexes for the queries a page makes, checked with EXPLAIN at 10,000 organizations and
-- 100,000 clusters (docs/performance.md).
--
-- Lists of organizations (the switcher, /orgs for operators, the inventory) are ordered by name, then id: read in
-- index order, the first page stops after its rows instead of sorting every organization.
CREATE INDEX ix_organization_name ON organization (name, id);

-- Live clusters per organization by placement (organization page: grouped in index order, no temporary table) and
-- per organization (inventory): counted from the index alone.
CREATE INDEX ix_cluster_org_live ON cluster (org_id, placement_kind, status);

-- The organizations a person's groups map to (the guard, the lists): from the group to the organizations, covering.
CREATE INDEX ix_group_mapping_group_role ON group_mapping (group_name, role, org_id);
