-- Azure: one service principal per organization (write-once, rule 1) and its client secret versions
-- (append-only and encrypted, rules 2 and 9). Clusters and audit events name Azure subscriptions too.

CREATE TABLE azure_binding (
  org_id          BIGINT       PRIMARY KEY,
  tenant_id       CHAR(36)     NOT NULL,
  subscription_id CHAR(36)     NOT NULL,
  client_id       CHAR(36)     NOT NULL,
  mode            VARCHAR(20)  NOT NULL,
  bound_by        VARCHAR(255) NOT NULL,
  bound_at        DATETIME(6)  NOT NULL,
  CONSTRAINT fk_azure_binding_org FOREIGN KEY (org_id) REFERENCES organization (id),
  CONSTRAINT ck_azure_binding_mode CHECK (mode IN ('SECRET', 'FEDERATED')),
  CONSTRAINT ck_azure_binding_guids CHECK (tenant_id REGEXP '^[0-9a-f-]{36}$' AND subscription_id REGEXP '^[0-9a-f-]{36}$'
    AND client_id REGEXP '^[0-9a-f-]{36}$')
) ENGINE = InnoDB;

CREATE TABLE azure_secret_version (
  id               BIGINT AUTO_INCREMENT PRIMARY KEY,
  org_id           BIGINT        NOT NULL,
  version_no       INT           NOT NULL,
  key_id           VARCHAR(40)   NOT NULL,
  ciphertext       VARCHAR(2000) NOT NULL,
  fingerprint      CHAR(12)      NOT NULL,
  created_at       DATETIME(6)   NOT NULL,
  expires_on       DATETIME(6)   NULL,
  last_verified_at DATETIME(6)   NULL,
  CONSTRAINT fk_azure_secret_binding FOREIGN KEY (org_id) REFERENCES azure_binding (org_id),
  CONSTRAINT uq_azure_secret_version UNIQUE (org_id, version_no)
) ENGINE = InnoDB;

-- Rule 1: the Azure identity is never changed or removed.
CREATE TRIGGER azure_binding_no_update BEFORE UPDATE ON azure_binding FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'azure_binding is write-once: create a new organization to use another subscription';

CREATE TRIGGER azure_binding_no_delete BEFORE DELETE ON azure_binding FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'azure_binding is write-once: it cannot be deleted';

-- Rule 2: secret versions are kept. Only the time of last use changes, or a re-encryption under another key
-- (key id and ciphertext together; what the secret is, its fingerprint, never changes).
CREATE TRIGGER azure_secret_version_no_delete BEFORE DELETE ON azure_secret_version FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'azure_secret_version is append-only';

DELIMITER //
CREATE TRIGGER azure_secret_version_update BEFORE UPDATE ON azure_secret_version FOR EACH ROW
BEGIN
  IF NOT (NEW.org_id <=> OLD.org_id AND NEW.version_no <=> OLD.version_no AND NEW.fingerprint <=> OLD.fingerprint
          AND NEW.created_at <=> OLD.created_at AND NEW.expires_on <=> OLD.expires_on) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'azure_secret_version is append-only: only last_verified_at changes';
  END IF;
  IF NOT (NEW.ciphertext <=> OLD.ciphertext) AND NEW.key_id <=> OLD.key_id THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'azure_secret_version is append-only: re-encryption must change the key id';
  END IF;
END//
DELIMITER ;

-- A placement is an AWS account id (12 digits) or an Azure subscription id (a GUID).
ALTER TABLE cluster MODIFY placement_account VARCHAR(64) NOT NULL;
ALTER TABLE audit_event MODIFY account_id VARCHAR(64) NULL;
