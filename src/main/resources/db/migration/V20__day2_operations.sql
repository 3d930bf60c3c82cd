-- Day-2 operations (issue #15 item 2): scaling and upgrading a cluster, as durable operations like create and
-- delete, and the cluster's last refresh from the cloud.

-- Kinds such as AKS_UPGRADE are longer than the ten characters of create and delete.
ALTER TABLE operation MODIFY kind VARCHAR(20) NOT NULL;

-- What a day-2 operation asks for (scaling or target version) and the cloud's id of the update in flight (EKS
-- UpdateNodegroupConfig, UpdateClusterVersion, UpdateNodegroupVersion), so a resumed step follows the same update.
ALTER TABLE operation
  ADD COLUMN target_min     INT         NULL,
  ADD COLUMN target_desired INT         NULL,
  ADD COLUMN target_max     INT         NULL,
  ADD COLUMN target_version VARCHAR(10) NULL,
  ADD COLUMN update_id      VARCHAR(64) NULL,
  ADD CONSTRAINT ck_operation_scaling CHECK (target_desired IS NULL
      OR (target_min >= 0 AND target_min <= target_desired AND target_desired <= target_max));

-- The node group's scaling bounds (NULL: min = max = node_count, as created before), and what the cloud said at the
-- last refresh (NULL: never refreshed).
ALTER TABLE cluster
  ADD COLUMN node_min         INT         NULL,
  ADD COLUMN node_max         INT         NULL,
  ADD COLUMN observed_nodes   INT         NULL,
  ADD COLUMN observed_version VARCHAR(10) NULL,
  ADD COLUMN refreshed_at     DATETIME(6) NULL,
  ADD CONSTRAINT ck_cluster_scaling CHECK (node_min IS NULL OR (node_min >= 0 AND node_min <= node_count
      AND node_count <= node_max));
