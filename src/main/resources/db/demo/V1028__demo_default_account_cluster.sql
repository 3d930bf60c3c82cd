-- Demo (local mode and tests only; issue #15): Vandelay Industries created a cluster in the installation's
-- default account (222222222222) while it had no account of its own, then bound its own AWS account: the cluster
-- stayed in the default account (placement never changes), which is what the operators' view "Clusters in the
-- default account" is for.
-- The account (141414141414) is not in the simulator's seed: this organization shows data, it is not meant to act
-- in the cloud.
INSERT INTO organization (id, slug, name, kind, parent_id, external_id, created_at) VALUES
  (7, 'vandelay', 'Vandelay Industries', 'TEAM', NULL, 'rp-6a6d0e1a7b2c3d4e5f60718293a4b5c6', UTC_TIMESTAMP(6) - INTERVAL 60 DAY);

INSERT INTO group_mapping (org_id, group_name, role) VALUES
  (7, 'vandelay-leads', 'ORG_ADMIN');

INSERT INTO cluster (org_id, name, live_name, cloud_name, provider, region, kubernetes_version, instance_type, node_count,
                     status, placement_account, placement_kind, created_by, created_at, status_changed_at, version) VALUES
  (7, 'legacy', 'legacy', 'vandelay-legacy', 'AWS', 'eu-west-1', '1.31', 't3.medium', 2,
   'ACTIVE', '222222222222', 'DEFAULT_ACCOUNT', 'demo', UTC_TIMESTAMP(6) - INTERVAL 45 DAY, UTC_TIMESTAMP(6) - INTERVAL 45 DAY, 0);

INSERT INTO aws_binding (org_id, account_id, automation_role_arn, support_role_arn, external_id, bound_by, bound_at) VALUES
  (7, '141414141414', 'arn:aws:iam::141414141414:role/RoleportAutomation',
   'arn:aws:iam::141414141414:role/RoleportSupport', 'rp-6a6d0e1a7b2c3d4e5f60718293a4b5c6', 'demo',
   UTC_TIMESTAMP(6) - INTERVAL 30 DAY);
