-- Issue #15: the account access page. Which role of the organization's own AWS account people of each Roleport role
-- may switch to (console) or assume (CLI). A role that needs the ExternalId is for administrators only.
CREATE TABLE console_role (
  id                BIGINT AUTO_INCREMENT PRIMARY KEY,
  org_id            BIGINT       NOT NULL,
  org_role          VARCHAR(20)  NOT NULL,
  role_arn          VARCHAR(600) NOT NULL,
  needs_external_id BOOLEAN      NOT NULL DEFAULT FALSE,
  added_by          VARCHAR(255) NOT NULL,
  added_at          DATETIME(6)  NOT NULL,
  CONSTRAINT fk_console_role_org FOREIGN KEY (org_id) REFERENCES organization (id),
  CONSTRAINT uq_console_role UNIQUE (org_id, org_role, role_arn),
  CONSTRAINT ck_console_role_for CHECK (org_role IN ('ORG_ADMIN', 'MEMBER', 'VIEWER')),
  CONSTRAINT ck_console_role_external_id CHECK (needs_external_id = FALSE OR org_role = 'ORG_ADMIN')
) ENGINE = InnoDB;
