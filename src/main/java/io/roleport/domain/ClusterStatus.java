package io.roleport.domain;

/** Where a cluster is in its life. */
public enum ClusterStatus {
  CREATING,
  ACTIVE,
  DELETING,
  DELETED,
  FAILED
}
