-- Roleport schema. Instants are UTC DATETIME(6). The write-once binding and the append-only audit log
-- are enforced here as well as in the code.

CREATE TABLE organization (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  slug        VARCHAR(40)  NOT NULL,
  name        VARCHAR(100) NOT NULL,
  kind        VARCHAR(20)  NOT NULL,
  parent_id   BIGINT       NULL,
  external_id VARCHAR(40)  NOT NULL,
  created_at  DATETIME(6)  NOT NULL,
  CONSTRAINT uq_organization_slug UNIQUE (slug),
  CONSTRAINT uq_organization_external_id UNIQUE (external_id),
  CONSTRAINT fk_organization_parent FOREIGN KEY (parent_id) REFERENCES organization (id),
  CONSTRAINT ck_organization_kind CHECK (kind IN ('TEAM', 'ISV', 'THIRD_PARTY'))
) ENGINE = InnoDB;

CREATE TABLE aws_binding (
  org_id              BIGINT        PRIMARY KEY,
  account_id          CHAR(12)      NOT NULL,
  automation_role_arn VARCHAR(2048) NOT NULL,
  support_role_arn    VARCHAR(2048) NOT NULL,
  external_id         VARCHAR(40)   NOT NULL,
  bound_by            VARCHAR(255)  NOT NULL,
  bound_at            DATETIME(6)   NOT NULL,
  CONSTRAINT fk_aws_binding_org FOREIGN KEY (org_id) REFERENCES organization (id),
  CONSTRAINT ck_aws_binding_account CHECK (account_id REGEXP '^[0-9]{12}$')
) ENGINE = InnoDB;

CREATE TABLE group_mapping (
  id         BIGINT AUTO_INCREMENT PRIMARY KEY,
  org_id     BIGINT       NOT NULL,
  group_name VARCHAR(255) NOT NULL,
  role       VARCHAR(20)  NOT NULL,
  CONSTRAINT fk_group_mapping_org FOREIGN KEY (org_id) REFERENCES organization (id),
  CONSTRAINT uq_group_mapping UNIQUE (org_id, group_name, role),
  CONSTRAINT ck_group_mapping_role CHECK (role IN ('ORG_ADMIN', 'MEMBER', 'VIEWER', 'THIRD_PARTY'))
) ENGINE = InnoDB;
CREATE INDEX ix_group_mapping_group ON group_mapping (group_name);

CREATE TABLE cluster (
  id                 BIGINT AUTO_INCREMENT PRIMARY KEY,
  org_id             BIGINT       NOT NULL,
  name               VARCHAR(40)  NOT NULL,
  live_name          VARCHAR(40)  NULL,
  provider           VARCHAR(20)  NOT NULL,
  region             VARCHAR(30)  NOT NULL,
  kubernetes_version VARCHAR(10)  NOT NULL,
  instance_type      VARCHAR(40)  NOT NULL,
  node_count         INT          NOT NULL,
  status             VARCHAR(20)  NOT NULL,
  placement_account  CHAR(12)     NOT NULL,
  placement_kind     VARCHAR(20)  NOT NULL,
  created_by         VARCHAR(255) NOT NULL,
  created_at         DATETIME(6)  NOT NULL,
  status_changed_at  DATETIME(6)  NOT NULL,
  version            BIGINT       NOT NULL DEFAULT 0,
  CONSTRAINT fk_cluster_org FOREIGN KEY (org_id) REFERENCES organization (id),
  CONSTRAINT uq_cluster_live_name UNIQUE (org_id, live_name),
  CONSTRAINT ck_cluster_placement CHECK (placement_kind IN ('DEFAULT_ACCOUNT', 'ORG_ACCOUNT'))
) ENGINE = InnoDB;
CREATE INDEX ix_cluster_org_created ON cluster (org_id, created_at);

CREATE TABLE operation (
  id              BIGINT AUTO_INCREMENT PRIMARY KEY,
  cluster_id      BIGINT        NOT NULL,
  kind            VARCHAR(10)   NOT NULL,
  status          VARCHAR(20)   NOT NULL,
  step_index      INT           NOT NULL,
  attempts        INT           NOT NULL,
  last_error      VARCHAR(1000) NULL,
  cluster_token   VARCHAR(64)   NOT NULL,
  node_group_token VARCHAR(64)  NOT NULL,
  vpc_id          VARCHAR(64)   NULL,
  subnet_ids      VARCHAR(255)  NULL,
  requested_by    VARCHAR(255)  NOT NULL,
  next_run_at     DATETIME(6)   NOT NULL,
  lease_owner     VARCHAR(64)   NULL,
  lease_until     DATETIME(6)   NULL,
  started_at      DATETIME(6)   NOT NULL,
  finished_at     DATETIME(6)   NULL,
  version         BIGINT        NOT NULL DEFAULT 0,
  CONSTRAINT fk_operation_cluster FOREIGN KEY (cluster_id) REFERENCES cluster (id)
) ENGINE = InnoDB;
CREATE INDEX ix_operation_due ON operation (status, next_run_at);

CREATE TABLE audit_event (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  occurred_at DATETIME(6)   NOT NULL,
  actor       VARCHAR(255)  NOT NULL,
  org_id      BIGINT        NULL,
  account_id  CHAR(12)      NULL,
  action      VARCHAR(64)   NOT NULL,
  outcome     VARCHAR(10)   NOT NULL,
  detail      VARCHAR(1000) NULL
) ENGINE = InnoDB;
CREATE INDEX ix_audit_event_org ON audit_event (org_id, id);

-- Rule 1: a binding is never changed or removed, and an organization's ExternalId never changes.
CREATE TRIGGER aws_binding_no_update BEFORE UPDATE ON aws_binding FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'aws_binding is write-once: create a new organization to use another account';

CREATE TRIGGER aws_binding_no_delete BEFORE DELETE ON aws_binding FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'aws_binding is write-once: it cannot be deleted';

DELIMITER //
CREATE TRIGGER organization_external_id_fixed BEFORE UPDATE ON organization FOR EACH ROW
BEGIN
  IF NOT (NEW.external_id <=> OLD.external_id) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'organization.external_id never changes';
  END IF;
END//
DELIMITER ;

-- Rule 8: the audit log is append-only.
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_event is append-only';

CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_event is append-only';
