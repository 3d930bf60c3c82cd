package io.roleport.domain;

/** Where a node group is in its life (the first group follows its cluster's create and delete). */
public enum NodeGroupStatus {
  CREATING,
  ACTIVE,
  /** Being scaled. */
  UPDATING,
  DELETING,
  DELETED,
  /** Its add or remove failed; it may be retried (or removed). */
  FAILED
}
