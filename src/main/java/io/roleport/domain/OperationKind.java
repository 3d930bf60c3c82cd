package io.roleport.domain;

import java.util.List;

/** The two workflows and their steps, in order. Each step is idempotent: it checks before it acts. */
public enum OperationKind {
  CREATE(List.of(Step.NETWORK, Step.CLUSTER, Step.CLUSTER_ACTIVE, Step.NODE_GROUP, Step.NODE_GROUP_ACTIVE)),
  DELETE(List.of(Step.NODE_GROUP_DELETE, Step.NODE_GROUP_GONE, Step.CLUSTER_DELETE, Step.CLUSTER_GONE,
      Step.NETWORK_DELETE));

  private final List<Step> steps;

  OperationKind(List<Step> steps) {
    this.steps = steps;
  }

  public List<Step> steps() {
    return steps;
  }

  /** One step of a workflow; the label key names it on the progress page. */
  public enum Step {
    NETWORK,
    CLUSTER,
    CLUSTER_ACTIVE,
    NODE_GROUP,
    NODE_GROUP_ACTIVE,
    NODE_GROUP_DELETE,
    NODE_GROUP_GONE,
    CLUSTER_DELETE,
    CLUSTER_GONE,
    NETWORK_DELETE
  }
}
