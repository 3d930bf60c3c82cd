package io.roleport.domain;

import java.util.List;

/** The workflows (create and delete, on AWS/EKS and on Azure/AKS) and their steps, in order. Each step is idempotent: it checks before it acts. */
public enum OperationKind {
  CREATE(List.of(Step.NETWORK, Step.CLUSTER, Step.CLUSTER_ACTIVE, Step.ACCESS_ENTRIES, Step.NODE_GROUP,
      Step.NODE_GROUP_ACTIVE)),
  DELETE(List.of(Step.NODE_GROUP_DELETE, Step.NODE_GROUP_GONE, Step.CLUSTER_DELETE, Step.CLUSTER_GONE,
      Step.NETWORK_DELETE)),
  AKS_CREATE(List.of(Step.RESOURCE_GROUP, Step.AKS_CLUSTER, Step.AKS_ACTIVE, Step.AKS_ACCESS)),
  AKS_DELETE(List.of(Step.AKS_DELETE, Step.AKS_GONE, Step.RESOURCE_GROUP_DELETE, Step.RESOURCE_GROUP_GONE)),
  /** Brings an active AKS cluster's role assignments in line with its organization's group mappings. */
  AKS_ACCESS(List.of(Step.AKS_ACCESS)),
  /** Gives an active EKS cluster created before the ACCESS_ENTRIES step its access entries (a one-time backfill). */
  EKS_ACCESS(List.of(Step.ACCESS_ENTRIES));

  private final List<Step> steps;

  OperationKind(List<Step> steps) {
    this.steps = steps;
  }

  /** The create workflow for a cluster in {@code cloud}. */
  public static OperationKind create(CloudKind cloud) {
    return cloud == CloudKind.AZURE ? AKS_CREATE : CREATE;
  }

  /** The delete workflow for a cluster in {@code cloud}. */
  public static OperationKind delete(CloudKind cloud) {
    return cloud == CloudKind.AZURE ? AKS_DELETE : DELETE;
  }

  public boolean creates() {
    return this == CREATE || this == AKS_CREATE;
  }

  /** Whether the workflow creates or deletes the cluster (else it changes an active cluster and leaves it active). */
  public boolean changesLifecycle() {
    return this != AKS_ACCESS && this != EKS_ACCESS;
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
    NETWORK_DELETE,
    RESOURCE_GROUP,
    AKS_CLUSTER,
    AKS_ACTIVE,
    /** Role assignments on the AKS cluster for the organization's mapped Entra ID groups. */
    AKS_ACCESS,
    AKS_DELETE,
    AKS_GONE,
    RESOURCE_GROUP_DELETE,
    RESOURCE_GROUP_GONE,
    /** EKS access entries for the organization's three access roles (view, edit, admin). */
    ACCESS_ENTRIES
  }
}
