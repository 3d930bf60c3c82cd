package io.roleport.domain;

/** Where a cluster is in its life. */
public enum ClusterStatus {
  CREATING,
  ACTIVE,
  DELETING,
  DELETED,
  FAILED,
  /** A day-2 operation (scale, upgrade) is changing the active cluster. */
  UPDATING,
  /** The last refresh found no cluster of ours in the cloud: deleted outside Roleport. */
  MISSING;

  /** Whether a cluster in this status is being created, changed or deleted (live pages watch these). */
  public boolean changing() {
    return this == CREATING || this == DELETING || this == UPDATING;
  }
}
