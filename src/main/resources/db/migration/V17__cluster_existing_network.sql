-- Issue #12: a cluster may go in a network the organization already has (its VPC and subnets, named on the form).
-- Stored per cluster, write-once; Roleport uses it as it is and never deletes it. NULL: Roleport creates the network.
ALTER TABLE cluster
  ADD COLUMN existing_vpc_id     VARCHAR(21)   NULL AFTER placement_external_id,
  ADD COLUMN existing_subnet_ids VARCHAR(1000) NULL AFTER existing_vpc_id;

DELIMITER //
CREATE TRIGGER cluster_existing_network_fixed BEFORE UPDATE ON cluster FOR EACH ROW
BEGIN
  IF NOT (NEW.existing_vpc_id <=> OLD.existing_vpc_id) OR NOT (NEW.existing_subnet_ids <=> OLD.existing_subnet_ids) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'cluster.existing_vpc_id and existing_subnet_ids are write-once';
  END IF;
END//
DELIMITER ;
