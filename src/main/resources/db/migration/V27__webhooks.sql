-- Issue #15, item 6: notifications. One webhook per organization (an https URL and a signing secret, sealed with
-- the installation's key like the Azure client secrets) and the outbox of its deliveries: a delivery row is written
-- in the transaction of the change it reports (with the audit event), then a background sender posts it, retrying
-- with exponential back-off under a lease (like the provisioning worker's operations). The rows are the delivery
-- log the organization's page shows.
CREATE TABLE webhook (
  id                 BIGINT AUTO_INCREMENT PRIMARY KEY,
  org_id             BIGINT        NOT NULL,
  url                VARCHAR(2000) NOT NULL,
  key_id             VARCHAR(40)   NOT NULL,
  secret_ciphertext  VARCHAR(2000) NOT NULL,
  secret_fingerprint CHAR(12)      NOT NULL,
  created_by         VARCHAR(255)  NOT NULL,
  created_at         DATETIME(6)   NOT NULL,
  secret_rotated_at  DATETIME(6)   NULL,
  version            BIGINT        NOT NULL DEFAULT 0,
  CONSTRAINT fk_webhook_org FOREIGN KEY (org_id) REFERENCES organization (id),
  CONSTRAINT uq_webhook_org UNIQUE (org_id),
  CONSTRAINT ck_webhook_https CHECK (url LIKE 'https://%')
) ENGINE = InnoDB;

CREATE TABLE webhook_delivery (
  id              BIGINT AUTO_INCREMENT PRIMARY KEY,
  webhook_id      BIGINT        NOT NULL,
  org_id          BIGINT        NOT NULL,
  event_id        CHAR(36)      NOT NULL,
  event_type      VARCHAR(40)   NOT NULL,
  payload         TEXT          NOT NULL,
  status          VARCHAR(12)   NOT NULL,
  attempts        INT           NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(6)   NOT NULL,
  last_status     INT           NULL,
  last_error      VARCHAR(500)  NULL,
  lease_owner     VARCHAR(64)   NULL,
  lease_until     DATETIME(6)   NULL,
  created_at      DATETIME(6)   NOT NULL,
  finished_at     DATETIME(6)   NULL,
  version         BIGINT        NOT NULL DEFAULT 0,
  CONSTRAINT fk_webhook_delivery_webhook FOREIGN KEY (webhook_id) REFERENCES webhook (id) ON DELETE CASCADE,
  CONSTRAINT uq_webhook_delivery_event UNIQUE (event_id),
  CONSTRAINT ck_webhook_delivery_status CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED'))
) ENGINE = InnoDB;
-- The sender's question (what is due) and the delivery log of one organization (newest first).
CREATE INDEX ix_webhook_delivery_due ON webhook_delivery (status, next_attempt_at);
CREATE INDEX ix_webhook_delivery_org ON webhook_delivery (org_id, id);
