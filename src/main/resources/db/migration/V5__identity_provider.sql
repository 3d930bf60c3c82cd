-- A third party's own OpenID Connect provider, registered by its ISV: its users sign in there and get the
-- third-party role in that organization only.
CREATE TABLE identity_provider (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  org_id      BIGINT        NOT NULL,
  issuer      VARCHAR(500)  NOT NULL,
  client_id   VARCHAR(255)  NOT NULL,
  created_by  VARCHAR(255)  NOT NULL,
  created_at  DATETIME(6)   NOT NULL,
  CONSTRAINT fk_identity_provider_org FOREIGN KEY (org_id) REFERENCES organization (id),
  CONSTRAINT uq_identity_provider_org UNIQUE (org_id)
) ENGINE = InnoDB;
