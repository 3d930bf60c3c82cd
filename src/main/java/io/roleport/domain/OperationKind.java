package io.roleport.domain;

import java.util.List;

/** The workflows (create and delete, on AWS/EKS and on Azure/AKS) and their steps, in order. Each step is idempotent: it checks before it acts. */
public enum OperationKind {
  CREATE(List.of(Step.NETWORK, Step.CLUSTER, Step.CLUSTER_ACTIVE, Step.ACCESS_ENTRIES, Step.NETWORK_READY, Step.NODE_GROUP,
      Step.NODE_GROUP_ACTIVE)),
  DELETE(List.of(Step.NODE_GROUP_DELETE, Step.NODE_GROUP_GONE, Step.CLUSTER_DELETE, Step.CLUSTER_GONE,
      Step.NETWORK_DELETE)),
  AKS_CREATE(List.of(Step.RESOURCE_GROUP, Step.AKS_CLUSTER, Step.AKS_ACTIVE, Step.AKS_ACCESS)),
  AKS_DELETE(List.of(Step.AKS_DELETE, Step.AKS_GONE, Step.RESOURCE_GROUP_DELETE, Step.RESOURCE_GROUP_GONE)),
  /** Brings an active AKS cluster's role assignments in line with its organization's group mappings. */
  AKS_ACCESS(List.of(Step.AKS_ACCESS)),
  // --- day-2 operations (issue #15): an active cluster changes and stays active ---
  /** EKS: UpdateNodegroupConfig, then DescribeUpdate until it succeeded. */
  SCALE(List.of(Step.NODE_GROUP_SCALE, Step.NODE_GROUP_SCALED)),
  /** EKS: UpdateClusterVersion, wait, then UpdateNodegroupVersion, wait: one minor version. */
  UPGRADE(List.of(Step.CONTROL_PLANE_UPGRADE, Step.CONTROL_PLANE_UPGRADED, Step.NODE_GROUP_UPGRADE,
      Step.NODE_GROUP_UPGRADED)),
  /** AKS: the system agent pool PUT with its new count (and autoscaler bounds), then wait. */
  AKS_SCALE(List.of(Step.AKS_POOL_SCALE, Step.AKS_POOL_SCALED)),
  /** AKS: the managed cluster PUT with the next kubernetesVersion, wait, then the pool's orchestratorVersion, wait. */
  AKS_UPGRADE(List.of(Step.AKS_CONTROL_PLANE_UPGRADE, Step.AKS_CONTROL_PLANE_UPGRADED, Step.AKS_POOL_UPGRADE,
      Step.AKS_POOL_UPGRADED)),
  /** EKS: CreateNodegroup for an added node group, then wait until it is ACTIVE. */
  NODE_GROUP_ADD(List.of(Step.NODE_GROUP, Step.NODE_GROUP_ACTIVE)),
  /** EKS: DeleteNodegroup for an added node group, then wait until it is gone. */
  NODE_GROUP_REMOVE(List.of(Step.NODE_GROUP_DELETE, Step.NODE_GROUP_GONE)),
  /** AKS: PUT of a new user agent pool, then wait until it succeeded. */
  AKS_POOL_ADD(List.of(Step.AKS_POOL_CREATE, Step.AKS_POOL_CREATED)),
  /** AKS: DELETE of an added user agent pool, then wait until it is gone. */
  AKS_POOL_REMOVE(List.of(Step.AKS_POOL_DELETE, Step.AKS_POOL_GONE)),
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

  /** The scaling workflow for a cluster in {@code cloud}. */
  public static OperationKind scale(CloudKind cloud) {
    return cloud == CloudKind.AZURE ? AKS_SCALE : SCALE;
  }

  /** The version upgrade workflow for a cluster in {@code cloud}. */
  public static OperationKind upgrade(CloudKind cloud) {
    return cloud == CloudKind.AZURE ? AKS_UPGRADE : UPGRADE;
  }

  /** The workflow that adds a node group to a cluster in {@code cloud}. */
  public static OperationKind addNodeGroup(CloudKind cloud) {
    return cloud == CloudKind.AZURE ? AKS_POOL_ADD : NODE_GROUP_ADD;
  }

  /** The workflow that removes an added node group of a cluster in {@code cloud}. */
  public static OperationKind removeNodeGroup(CloudKind cloud) {
    return cloud == CloudKind.AZURE ? AKS_POOL_REMOVE : NODE_GROUP_REMOVE;
  }

  /** Whether the workflow changes an active cluster's nodes or version (its status is UPDATING meanwhile). */
  public boolean isDay2() {
    return this == SCALE || this == UPGRADE || this == AKS_SCALE || this == AKS_UPGRADE || addsNodeGroup()
        || removesNodeGroup();
  }

  /** Whether the workflow adds a node group to an active cluster. */
  public boolean addsNodeGroup() {
    return this == NODE_GROUP_ADD || this == AKS_POOL_ADD;
  }

  /** Whether the workflow removes an added node group of an active cluster. */
  public boolean removesNodeGroup() {
    return this == NODE_GROUP_REMOVE || this == AKS_POOL_REMOVE;
  }

  /** Whether the workflow scales a node group. */
  public boolean scales() {
    return this == SCALE || this == AKS_SCALE;
  }

  /** The audit's name of a day-2 workflow: {@code cluster.<name>.requested|finished|failed}. */
  public String auditName() {
    return addsNodeGroup() ? "nodegroup.add" : removesNodeGroup() ? "nodegroup.remove" : scales() ? "scale"
        : "upgrade";
  }

  public boolean creates() {
    return this == CREATE || this == AKS_CREATE;
  }

  /** Whether the workflow creates or deletes the cluster (else it changes an active cluster and leaves it active). */
  public boolean changesLifecycle() {
    return this != AKS_ACCESS && this != EKS_ACCESS && !isDay2();
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
    /** The network's NAT gateway is available: the nodes of the private subnets can reach the cluster (issue #12). */
    NETWORK_READY,
    NODE_GROUP_SCALE,
    NODE_GROUP_SCALED,
    CONTROL_PLANE_UPGRADE,
    CONTROL_PLANE_UPGRADED,
    NODE_GROUP_UPGRADE,
    NODE_GROUP_UPGRADED,
    AKS_POOL_SCALE,
    AKS_POOL_SCALED,
    AKS_CONTROL_PLANE_UPGRADE,
    AKS_CONTROL_PLANE_UPGRADED,
    AKS_POOL_UPGRADE,
    AKS_POOL_UPGRADED,
    /** EKS access entries for the organization's three access roles (view, edit, admin). */
    ACCESS_ENTRIES,
    AKS_POOL_CREATE,
    AKS_POOL_CREATED,
    AKS_POOL_DELETE,
    AKS_POOL_GONE;

    /** Whether the step waits for a cloud update that the step before it started (a day-2 operation's wait). */
    public boolean followsUpdate() {
      return switch (this) {
        case NODE_GROUP_SCALED, CONTROL_PLANE_UPGRADED, NODE_GROUP_UPGRADED, AKS_POOL_SCALED,
            AKS_CONTROL_PLANE_UPGRADED, AKS_POOL_UPGRADED -> true;
        default -> false;
      };
    }
  }
}
