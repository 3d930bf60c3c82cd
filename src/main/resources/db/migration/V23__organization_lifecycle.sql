-- Issue #15: the lifecycle of an organization. An ISV can be made by an operator (or on an administrator's request);
-- an organization can be renamed (never its slug or ExternalId), archived once it has no live clusters (read-only
-- from then on, its slug stays taken), and replaced by a new organization ("move").

ALTER TABLE organization
  ADD COLUMN archived_at DATETIME(6) NULL,
  ADD COLUMN archived_by VARCHAR(255) NULL,
  ADD COLUMN third_parties_must_bind BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN moved_from_id BIGINT NULL,
  -- the organization that replaced this one (at most one), so that its page needs no query to find it
  ADD COLUMN replaced_by_id BIGINT NULL,
  -- set while an ISV request is pending (the request itself is in isv_request), so the page asks only then
  ADD COLUMN isv_requested_at DATETIME(6) NULL,
  ADD CONSTRAINT fk_organization_moved_from FOREIGN KEY (moved_from_id) REFERENCES organization (id),
  ADD CONSTRAINT fk_organization_replaced_by FOREIGN KEY (replaced_by_id) REFERENCES organization (id),
  ADD CONSTRAINT ck_organization_archived CHECK ((archived_at IS NULL) = (archived_by IS NULL));

-- The slug never changes (it names the organization in URLs, audit and cloud names); an archived organization stays
-- archived; the organization a new one replaces is recorded once.
DELIMITER //
CREATE TRIGGER organization_lifecycle_fixed BEFORE UPDATE ON organization FOR EACH ROW
BEGIN
  IF NOT (NEW.slug <=> OLD.slug) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'organization.slug never changes';
  END IF;
  IF OLD.archived_at IS NOT NULL AND NOT (NEW.archived_at <=> OLD.archived_at AND NEW.name <=> OLD.name
      AND NEW.kind <=> OLD.kind AND NEW.third_parties_must_bind <=> OLD.third_parties_must_bind) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'an archived organization is read-only';
  END IF;
  IF OLD.moved_from_id IS NOT NULL AND NOT (NEW.moved_from_id <=> OLD.moved_from_id) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'organization.moved_from_id never changes';
  END IF;
  IF OLD.replaced_by_id IS NOT NULL AND NOT (NEW.replaced_by_id <=> OLD.replaced_by_id) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'organization.replaced_by_id never changes';
  END IF;
END//

-- No cluster is recorded for an archived organization, whatever the path. A locking read: it waits for an archive in
-- progress and sees it once committed.
CREATE TRIGGER cluster_not_in_archived_org BEFORE INSERT ON cluster FOR EACH ROW
BEGIN
  IF (SELECT archived_at FROM organization WHERE id = NEW.org_id LOCK IN SHARE MODE) IS NOT NULL THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the organization is archived: no new cluster';
  END IF;
END//
DELIMITER ;

-- An administrator's request that a team organization become an ISV; an operator approves or declines it once.
CREATE TABLE isv_request (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  org_id        BIGINT       NOT NULL,
  reason        VARCHAR(500) NOT NULL,
  requested_by  VARCHAR(255) NOT NULL,
  requested_at  DATETIME(6)  NOT NULL,
  decision      VARCHAR(20)  NULL,
  decided_by    VARCHAR(255) NULL,
  decided_at    DATETIME(6)  NULL,
  decision_note VARCHAR(500) NULL,
  -- at most one pending request per organization
  pending_org_id BIGINT AS (IF(decision IS NULL, org_id, NULL)) PERSISTENT,
  CONSTRAINT fk_isv_request_org FOREIGN KEY (org_id) REFERENCES organization (id),
  CONSTRAINT uq_isv_request_pending UNIQUE (pending_org_id),
  CONSTRAINT ck_isv_request_decision CHECK (decision IS NULL OR decision IN ('APPROVED', 'DECLINED')),
  CONSTRAINT ck_isv_request_decided CHECK ((decision IS NULL) = (decided_by IS NULL) AND (decision IS NULL) = (decided_at IS NULL))
) ENGINE = InnoDB;
CREATE INDEX ix_isv_request_pending ON isv_request (decision, requested_at);

-- A decision is final.
DELIMITER //
CREATE TRIGGER isv_request_decided_once BEFORE UPDATE ON isv_request FOR EACH ROW
BEGIN
  IF OLD.decision IS NOT NULL THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'an ISV request is decided once';
  END IF;
END//
DELIMITER ;
