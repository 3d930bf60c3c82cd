-- Demo (local mode and tests only), issue #15: alice has asked for acme to become an ISV (olga decides it on
-- /admin/isv-requests); acme-legacy is an archived organization of alice's (shown with the list's "archived" filter);
-- globex offers two roles of its account on its access page (gus, the administrator, sees both).
INSERT INTO organization (id, slug, name, kind, parent_id, external_id, created_at, archived_at, archived_by) VALUES
  (6, 'acme-legacy', 'Acme (old account)', 'TEAM', NULL, 'rp-6a6e6c65676163790000000000000006',
   UTC_TIMESTAMP(6) - INTERVAL 400 DAY, UTC_TIMESTAMP(6) - INTERVAL 30 DAY, 'alice');

INSERT INTO group_mapping (org_id, group_name, role) VALUES
  (6, 'acme-leads', 'ORG_ADMIN');

INSERT INTO isv_request (org_id, reason, requested_by, requested_at) VALUES
  (1, 'Acme resells its platform to two partners who must keep their clusters in their own AWS accounts.', 'alice',
   UTC_TIMESTAMP(6) - INTERVAL 2 HOUR);
UPDATE organization SET isv_requested_at = UTC_TIMESTAMP(6) - INTERVAL 2 HOUR WHERE id = 1;

INSERT INTO console_role (org_id, org_role, role_arn, needs_external_id, added_by, added_at) VALUES
  (2, 'VIEWER', 'arn:aws:iam::333333333333:role/teams/GlobexReadOnly', FALSE, 'gus', UTC_TIMESTAMP(6)),
  (2, 'ORG_ADMIN', 'arn:aws:iam::333333333333:role/GlobexBreakGlass', TRUE, 'gus', UTC_TIMESTAMP(6));
