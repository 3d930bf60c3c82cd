-- An upgrade moves every node group of a cluster to the new version, one group at a time (EKS runs one update per
-- cluster at a time, and refuses the next control-plane upgrade while any group lags). The update in flight belongs
-- to one group: its name is kept with the update's id so that a resumed step follows the same update
-- (EKS DescribeUpdate needs the node group's name). NULL: the update is the control plane's, or none runs.
ALTER TABLE operation
  ADD COLUMN update_node_group VARCHAR(63) NULL;
