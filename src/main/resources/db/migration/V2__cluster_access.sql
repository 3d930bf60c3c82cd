-- What a kubeconfig needs: the cluster's API endpoint and certificate authority, recorded when it is active.
ALTER TABLE cluster ADD COLUMN endpoint VARCHAR(255) NULL;
ALTER TABLE cluster ADD COLUMN certificate_authority TEXT NULL;
CREATE INDEX ix_organization_parent ON organization (parent_id);
