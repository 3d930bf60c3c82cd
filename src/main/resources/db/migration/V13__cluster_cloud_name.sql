-- Issue #11: a cluster's name in the cloud is stored, not derived from slug and name each time. The old
-- derivation (slug-name) gave the same EKS cluster / AKS resource group to acme + prod-eu and acme-prod + eu.
-- New clusters get rp-<id>_<name> (io.roleport.domain.CloudName) in the transaction that creates them;
-- existing clusters keep the names they were created under, so running clusters keep working.
-- (V13: after the operation lease token of V12.)
ALTER TABLE cluster
  ADD COLUMN cloud_name     VARCHAR(100) NULL AFTER live_name,
  ADD COLUMN resource_group VARCHAR(90)  NULL AFTER cloud_name;

UPDATE cluster c JOIN organization o ON o.id = c.org_id
   SET c.cloud_name = CONCAT(o.slug, '-', c.name),
       c.resource_group = CASE WHEN c.provider = 'AZURE' THEN CONCAT('rp-', o.slug, '-', c.name) ELSE NULL END;

-- No UNIQUE constraint: legacy rows of two organizations that already collided share one name (and one cloud
-- resource, which the ownership tags give to the one that created it). New names are unique by construction.

-- Write-once: set once (from NULL, in the creating transaction), never changed or cleared afterwards.
DELIMITER //
CREATE TRIGGER cluster_cloud_name_fixed BEFORE UPDATE ON cluster FOR EACH ROW
BEGIN
  IF (OLD.cloud_name IS NOT NULL AND NOT (NEW.cloud_name <=> OLD.cloud_name))
     OR (OLD.resource_group IS NOT NULL AND NOT (NEW.resource_group <=> OLD.resource_group)) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'cluster.cloud_name and resource_group are write-once';
  END IF;
END//
DELIMITER ;
