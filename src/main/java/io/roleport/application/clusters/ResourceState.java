package io.roleport.application.clusters;

/** A cloud resource's state as the workflow needs it, whatever the provider calls it. */
public enum ResourceState {
  CREATING,
  ACTIVE,
  DELETING,
  GONE,
  FAILED
}
