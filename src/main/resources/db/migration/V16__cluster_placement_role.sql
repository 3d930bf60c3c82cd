-- Issue #12: placement per cluster. A cluster records the role (and, for the installation's default account, the
-- ExternalId) its steps run as, so that a later change of the installation's default role never moves its
-- operations to another role or account. Clusters created before V16 have NULL here and get the default role of the
-- time recorded at their next step (OperationStepper.targetOf).
ALTER TABLE cluster
  ADD COLUMN placement_role_arn    VARCHAR(2048) NULL AFTER placement_kind,
  ADD COLUMN placement_external_id VARCHAR(1224) NULL AFTER placement_role_arn;

-- Write-once: set once (from NULL), never changed or cleared afterwards.
DELIMITER //
CREATE TRIGGER cluster_placement_role_fixed BEFORE UPDATE ON cluster FOR EACH ROW
BEGIN
  IF (OLD.placement_role_arn IS NOT NULL AND NOT (NEW.placement_role_arn <=> OLD.placement_role_arn))
     OR (OLD.placement_external_id IS NOT NULL AND NOT (NEW.placement_external_id <=> OLD.placement_external_id)) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'cluster.placement_role_arn and placement_external_id are write-once';
  END IF;
END//
DELIMITER ;
