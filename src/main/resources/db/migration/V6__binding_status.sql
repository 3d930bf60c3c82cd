-- Whether an organization's own account still trusts Roleport. The binding itself never changes; this is
-- what Roleport last found when it checked (a customer may revoke by removing the trust statement).
CREATE TABLE binding_status (
  org_id     BIGINT        PRIMARY KEY,
  revoked    BOOLEAN       NOT NULL,
  checked_at DATETIME(6)   NOT NULL,
  checked_by VARCHAR(255)  NOT NULL,
  detail     VARCHAR(1000) NULL,
  CONSTRAINT fk_binding_status_org FOREIGN KEY (org_id) REFERENCES organization (id)
) ENGINE = InnoDB;
