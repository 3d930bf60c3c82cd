-- The operator's orphan check (issue #15 item 5): a scan compares what carries Roleport's tags in the default
-- account and in the organizations' own accounts with the cluster rows. It runs in the background, one unit (the
-- default AWS account, the default Azure subscription, then one organization at a time by id) per transaction, so
-- a scan interrupted by a stop resumes at its cursor; a worker holds a lease on it while it works.
CREATE TABLE orphan_scan (
  id              BIGINT AUTO_INCREMENT PRIMARY KEY,
  requested_by    VARCHAR(255) NOT NULL,
  requested_at    DATETIME(6)  NOT NULL,
  status          VARCHAR(12)  NOT NULL,
  finished_at     DATETIME(6)  NULL,
  accounts_total  INT          NOT NULL,
  accounts_done   INT          NOT NULL DEFAULT 0,
  -- where the scan is: 0 the default AWS account, 1 the default Azure subscription, 2 the organizations
  phase           INT          NOT NULL DEFAULT 0,
  cursor_org_id   BIGINT       NOT NULL DEFAULT 0,
  lease_owner     VARCHAR(80)  NULL,
  lease_until     DATETIME(6)  NULL,
  -- one scan at a time: only a running scan has a value here, and the value is unique
  running         TINYINT AS (IF(status = 'RUNNING', 1, NULL)) PERSISTENT,
  version         BIGINT       NOT NULL DEFAULT 0,
  CONSTRAINT uq_orphan_scan_running UNIQUE (running),
  CONSTRAINT ck_orphan_scan_status CHECK (status IN ('RUNNING', 'FINISHED')),
  CONSTRAINT ck_orphan_scan_done CHECK (accounts_done >= 0 AND accounts_done <= accounts_total)
) ENGINE = InnoDB;

-- What a scan found. RESOURCE: a tagged resource whose cluster has no row or a DELETED one; MISMATCH: a tagged
-- resource whose row belongs to another organization or account (reported, never acted on); ROW: a live cluster row
-- whose cloud cluster is gone; UNREADABLE: an account the scan could not read, with the cloud's error code.
CREATE TABLE orphan_finding (
  id               BIGINT AUTO_INCREMENT PRIMARY KEY,
  scan_id          BIGINT        NOT NULL,
  kind             VARCHAR(12)   NOT NULL,
  provider         VARCHAR(10)   NOT NULL,
  account_id       VARCHAR(64)   NOT NULL,
  -- the organization whose own account it is (its binding reads it); NULL: the installation's default account
  account_org_id   BIGINT        NULL,
  region           VARCHAR(40)   NULL,
  resource_id      VARCHAR(255)  NULL,
  cluster_key      VARCHAR(100)  NULL,
  tag_org          VARCHAR(64)   NULL,
  tag_org_id       VARCHAR(20)   NULL,
  -- the cluster row the tags (or the cluster row check) name, when there is one, and its organization
  cluster_id       BIGINT        NULL,
  cluster_org      VARCHAR(40)   NULL,
  org_id           BIGINT        NULL,
  error_code       VARCHAR(100)  NULL,
  detail           VARCHAR(1000) NULL,
  delete_status    VARCHAR(12)   NULL,
  delete_by        VARCHAR(255)  NULL,
  delete_at        DATETIME(6)   NULL,
  delete_error     VARCHAR(1000) NULL,
  -- when the worker next looks at a requested deletion; a worker claims it by moving this forward (its lease)
  delete_next_at   DATETIME(6)   NULL,
  version          BIGINT        NOT NULL DEFAULT 0,
  CONSTRAINT fk_orphan_finding_scan FOREIGN KEY (scan_id) REFERENCES orphan_scan (id),
  CONSTRAINT ck_orphan_finding_kind CHECK (kind IN ('RESOURCE', 'MISMATCH', 'ROW', 'UNREADABLE')),
  CONSTRAINT ck_orphan_finding_delete CHECK (delete_status IS NULL OR (kind = 'RESOURCE'
      AND delete_status IN ('REQUESTED', 'DELETED', 'FAILED')))
) ENGINE = InnoDB;
CREATE INDEX ix_orphan_finding_scan ON orphan_finding (scan_id, id);
CREATE INDEX ix_orphan_finding_delete ON orphan_finding (delete_status, delete_next_at);
