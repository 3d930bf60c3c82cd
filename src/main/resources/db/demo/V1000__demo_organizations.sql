-- Demo data for local mode and tests only (roleport.demo-data=true): the organizations and group
-- mappings behind the demo users of PRODUCT.md. globex and tailspin are bound to simulator accounts whose
-- roles trust these ExternalIds (config/simulator-seed.json).
INSERT INTO organization (id, slug, name, kind, parent_id, external_id, created_at) VALUES
  (1, 'acme',     'Acme Corp',         'TEAM',        NULL, 'rp-3c6e0b8a5d2f41e7a9b0c1d2e3f40516', UTC_TIMESTAMP(6)),
  (2, 'globex',   'Globex',            'TEAM',        NULL, 'rp-9f1c2e7a4b3d5f60718293a4b5c6d7e8', UTC_TIMESTAMP(6)),
  (3, 'isvco',    'IsvCo',             'ISV',         NULL, 'rp-7d2a9c4e1b0f36587a9bcdef01234567', UTC_TIMESTAMP(6)),
  (4, 'tailspin', 'Tailspin Toys',     'THIRD_PARTY', 3,    'rp-5a0e3b1c7d9f24681357924680acebdf', UTC_TIMESTAMP(6));

INSERT INTO aws_binding (org_id, account_id, automation_role_arn, support_role_arn, external_id, bound_by, bound_at) VALUES
  (2, '333333333333', 'arn:aws:iam::333333333333:role/RoleportAutomation',
   'arn:aws:iam::333333333333:role/RoleportSupport', 'rp-9f1c2e7a4b3d5f60718293a4b5c6d7e8', 'gus', UTC_TIMESTAMP(6)),
  (4, '555555555555', 'arn:aws:iam::555555555555:role/RoleportAutomation',
   'arn:aws:iam::555555555555:role/RoleportSupport', 'rp-5a0e3b1c7d9f24681357924680acebdf', 'ivan', UTC_TIMESTAMP(6));

INSERT INTO group_mapping (org_id, group_name, role) VALUES
  (1, 'acme-leads',     'ORG_ADMIN'),
  (1, 'acme-devs',      'MEMBER'),
  (2, 'globex-leads',   'ORG_ADMIN'),
  (3, 'isvco-admins',   'ORG_ADMIN'),
  (4, 'isvco-admins',   'ORG_ADMIN'),
  (4, 'tailspin-users', 'THIRD_PARTY');

ALTER TABLE organization AUTO_INCREMENT = 100;
