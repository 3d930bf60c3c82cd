-- Support sessions: time-limited, audited console access of support staff through an org's support role.
CREATE TABLE support_session (
  id           BIGINT AUTO_INCREMENT PRIMARY KEY,
  org_id       BIGINT        NOT NULL,
  account_id   CHAR(12)      NOT NULL,
  support_user VARCHAR(255)  NOT NULL,
  reason       VARCHAR(500)  NOT NULL,
  started_at   DATETIME(6)   NOT NULL,
  expires_at   DATETIME(6)   NOT NULL,
  CONSTRAINT fk_support_session_org FOREIGN KEY (org_id) REFERENCES organization (id)
) ENGINE = InnoDB;
CREATE INDEX ix_support_session_org ON support_session (org_id, started_at);

-- Like the audit log, the record of support sessions is append-only.
CREATE TRIGGER support_session_no_update BEFORE UPDATE ON support_session FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'support_session is append-only';
CREATE TRIGGER support_session_no_delete BEFORE DELETE ON support_session FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'support_session is append-only';
