-- Node groups (issue #15 item 2): every cluster has its first group, created with it (EKS managed node group
-- "default", AKS system pool "system"), and any groups added later (EKS managed node groups, AKS user pools).
-- The first group's size stays in cluster.node_count/node_min/node_max as well (refresh and drift read it there).
CREATE TABLE node_group (
  id                BIGINT AUTO_INCREMENT PRIMARY KEY,
  cluster_id        BIGINT       NOT NULL,
  name              VARCHAR(63)  NOT NULL,
  -- the name while the group is live; cleared when it is removed so the name can be used again
  live_name         VARCHAR(63)  NULL,
  instance_type     VARCHAR(40)  NOT NULL,
  node_min          INT          NOT NULL,
  node_desired      INT          NOT NULL,
  node_max          INT          NOT NULL,
  first_group       BOOLEAN      NOT NULL DEFAULT FALSE,
  status            VARCHAR(20)  NOT NULL,
  created_by        VARCHAR(255) NOT NULL,
  created_at        DATETIME(6)  NOT NULL,
  status_changed_at DATETIME(6)  NOT NULL,
  version           BIGINT       NOT NULL DEFAULT 0,
  CONSTRAINT fk_node_group_cluster FOREIGN KEY (cluster_id) REFERENCES cluster (id),
  CONSTRAINT uq_node_group_live_name UNIQUE (cluster_id, live_name),
  CONSTRAINT ck_node_group_scaling CHECK (node_min >= 0 AND node_min <= node_desired AND node_desired <= node_max
      AND node_max >= 1),
  CONSTRAINT ck_node_group_status CHECK (status IN ('CREATING', 'ACTIVE', 'UPDATING', 'DELETING', 'DELETED', 'FAILED')),
  CONSTRAINT ck_node_group_live CHECK ((status = 'DELETED') = (live_name IS NULL))
) ENGINE = InnoDB;

-- The node group an operation adds, removes or scales (NULL: the cluster's first group, as before).
ALTER TABLE operation
  ADD COLUMN node_group_id BIGINT NULL,
  ADD CONSTRAINT fk_operation_node_group FOREIGN KEY (node_group_id) REFERENCES node_group (id);

-- Backfill: each cluster that is not deleted gets its first group as it is today.
INSERT INTO node_group (cluster_id, name, live_name, instance_type, node_min, node_desired, node_max, first_group,
                        status, created_by, created_at, status_changed_at)
SELECT c.id, IF(c.provider = 'AZURE', 'system', 'default'), IF(c.provider = 'AZURE', 'system', 'default'),
       c.instance_type, COALESCE(c.node_min, c.node_count), c.node_count, COALESCE(c.node_max, c.node_count), TRUE,
       CASE c.status WHEN 'CREATING' THEN 'CREATING' WHEN 'DELETING' THEN 'DELETING' WHEN 'FAILED' THEN 'FAILED'
                     ELSE 'ACTIVE' END,
       c.created_by, c.created_at, c.status_changed_at
  FROM cluster c
 WHERE c.status <> 'DELETED'
   AND NOT EXISTS (SELECT 1 FROM node_group g WHERE g.cluster_id = c.id AND g.first_group);
