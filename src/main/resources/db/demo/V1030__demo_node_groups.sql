-- Demo (local mode and tests only; issue #15): the demo clusters (inserted after V30 on a new database) get their
-- first node group as V30 gives every existing cluster.
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
