-- Demo (local mode and tests only): Hooli, an unbound team whose AWS account (888888888888 in the simulator
-- seed) trusts the local identity provider, so gus can bind it in web-identity mode and act there with his own
-- sign-in. The seed's roles there expect this ExternalId for the support role.
INSERT INTO organization (id, slug, name, kind, parent_id, external_id, created_at) VALUES
  (5, 'hooli', 'Hooli', 'TEAM', NULL, 'rp-88888888888888888888888888888888', UTC_TIMESTAMP(6));

INSERT INTO group_mapping (org_id, group_name, role) VALUES
  (5, 'globex-leads', 'ORG_ADMIN');
