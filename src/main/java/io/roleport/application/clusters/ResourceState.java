package io.roleport.application.clusters;

/** A cloud resource's state as the workflow needs it, whatever the provider calls it. */
public enum ResourceState {
  CREATING,
  ACTIVE,
  DELETING,
  GONE,
  FAILED,
  /**
   * A resource with the expected name exists but its tags name another owner ({@link ResourceOwner}): never
   * adopted, waited for as ours or deleted. For a delete, nothing of ours is left there.
   */
  NOT_OURS
}
