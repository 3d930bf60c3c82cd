package io.roleport.application.clusters;

import java.util.List;
import java.util.Map;

/**
 * Port to a cloud that runs Kubernetes clusters. Every method is idempotent: it looks before it acts,
 * finds what an interrupted earlier attempt created (by tags or by name) and sends the caller's saved
 * idempotency token, so a retried step never creates anything twice.
 *
 * <p>What it finds is used only when its tags name {@code owner} ({@link ResourceOwner}): an existing resource of
 * another owner is refused by the {@code ensure} methods ({@link ResourceOwner#notOwned}), reported as
 * {@link ResourceState#NOT_OURS} by the state methods, and left alone by the delete methods.
 */
public interface CloudProvider {

  /**
   * Finds the network tagged for {@code owner}'s cluster, or creates what is missing of it: on AWS a VPC with a public
   * and a private subnet in each of two zones, an internet gateway, a NAT gateway with its Elastic IP and the route
   * tables. {@link Network#ready()} is false while a part is still coming up (the step asks again later).
   */
  Network ensureNetwork(CloudTarget target, ResourceOwner owner, Map<String, String> tags);

  void ensureCluster(CloudTarget target, ClusterRequest request);

  ResourceState clusterState(CloudTarget target, String clusterName, ResourceOwner owner);

  /** How clients reach an active cluster's API (for kubeconfigs), or empty while it has none or is not ours. */
  java.util.Optional<ClusterEndpoint> clusterEndpoint(CloudTarget target, String clusterName, ResourceOwner owner);

  void ensureNodeGroup(CloudTarget target, NodeGroupRequest request);

  ResourceState nodeGroupState(CloudTarget target, String clusterName, String nodeGroupName, ResourceOwner owner);

  void deleteNodeGroup(CloudTarget target, String clusterName, String nodeGroupName, ResourceOwner owner);

  void deleteCluster(CloudTarget target, String clusterName, ResourceOwner owner);

  /**
   * Removes what is left of the cluster's network, in dependency order, leaving alone whatever is not
   * {@code owner}'s: {@link ResourceState#GONE} once nothing is left, {@link ResourceState#DELETING} while a part is
   * still going away (a NAT gateway takes minutes; the step asks again later).
   */
  ResourceState deleteNetwork(CloudTarget target, ResourceOwner owner);

  /**
   * What keeps a network the organization already has from carrying a cluster, read in its account with
   * {@code target}'s role: each problem as a message key and its parameters; empty when the VPC exists, the subnets
   * exist in it, span at least two availability zones and each reaches the internet (a NAT gateway, or an internet
   * gateway with public IPs on launch), as EKS nodes need.
   */
  List<NetworkProblem> checkExistingNetwork(CloudTarget target, String vpcId, List<String> subnetIds);

  /** One reason a network cannot carry a cluster: a message key and its parameters. */
  record NetworkProblem(String key, List<String> args) {}

  // --- day-2 operations (issue #15) ---

  /**
   * What the cloud says of a cluster of {@code owner} and its node group, for a refresh and for the day-2 steps'
   * look-before-act; empty when the cluster is gone or another owner's.
   */
  java.util.Optional<Observed> observe(CloudTarget target, String clusterName, String nodeGroupName, ResourceOwner owner);

  /**
   * Starts an update of the node group's scaling (EKS UpdateNodegroupConfig) and returns the update's id. A
   * {@link CloudException} (retryable) while another update of the cluster runs.
   */
  String scaleNodeGroup(CloudTarget target, String clusterName, String nodeGroupName, int min, int desired, int max,
      ResourceOwner owner);

  /** Starts the control plane's upgrade to {@code version} (EKS UpdateClusterVersion); the update's id. */
  String upgradeControlPlane(CloudTarget target, String clusterName, String version, ResourceOwner owner);

  /** Starts the node group's upgrade to {@code version} (EKS UpdateNodegroupVersion); the update's id. */
  String upgradeNodeGroup(CloudTarget target, String clusterName, String nodeGroupName, String version,
      ResourceOwner owner);

  /**
   * Where update {@code updateId} of the cluster (or of its node group {@code nodeGroupName}, else {@code null}) is:
   * {@code CREATING} while in progress, {@code ACTIVE} when successful, {@code FAILED} with the cloud's reason.
   */
  UpdateState updateState(CloudTarget target, String clusterName, String nodeGroupName, String updateId);

  /** A cluster and its node group as the cloud has them now. */
  record Observed(String version, ResourceState clusterState, String nodeGroupVersion, ResourceState nodeGroupState,
      int minNodes, int desiredNodes, int maxNodes, boolean busy) {

    /** Whether the node group has exactly this size. */
    public boolean scaledTo(io.roleport.domain.NodeScaling scaling) {
      return minNodes == scaling.min() && desiredNodes == scaling.desired() && maxNodes == scaling.max();
    }
  }

  /** An update's progress, with the cloud's reason when it failed. */
  record UpdateState(ResourceState state, String error) {}

  /**
   * Gives each principal an access entry on the cluster (if it has none) with its access policy at cluster scope
   * (associating again is harmless). Only on a cluster of {@code owner}'s.
   *
   * @param policies principal ARN -> access policy ARN
   */
  void ensureAccessEntries(CloudTarget target, String clusterName, ResourceOwner owner, Map<String, String> policies);

  // --- orphan check (issue #15) ---

  /**
   * Every VPC in the target's account and region that carries Roleport's cluster tag ({@code roleport:cluster}),
   * with its tags: EC2 DescribeVpcs with the {@code tag-key} filter, which the automation role may call on {@code *}.
   * Every network Roleport builds starts with such a VPC, so this finds what a lost cluster left behind.
   */
  List<TaggedResource> taggedNetworks(CloudTarget target);

  /** A cluster's API endpoint and its certificate authority (base64 PEM, as the clouds return it). */
  record ClusterEndpoint(String url, String certificateAuthority) {}

  /**
   * A cluster's network: its VPC and the subnets its cluster and nodes use (the private ones, which reach the internet
   * through the NAT gateway); {@code ready} once everything they need is up.
   */
  record Network(String vpcId, List<String> subnetIds, boolean ready) {
    public Network(String vpcId, List<String> subnetIds) {
      this(vpcId, subnetIds, true);
    }
  }

  /** What to create: the cluster's cloud name, version, subnets, the saved token, tags and its owner. */
  record ClusterRequest(String name, String kubernetesVersion, List<String> subnetIds, String idempotencyToken,
      Map<String, String> tags, ResourceOwner owner) {}

  /**
   * One node group of a cluster, with its sizes. Without subnets ({@code subnetIds} empty: a group added to an active
   * cluster) it goes into the subnets of the cluster itself.
   */
  record NodeGroupRequest(String clusterName, String name, String instanceType, int min, int desired, int max,
      List<String> subnetIds, String idempotencyToken, Map<String, String> tags, ResourceOwner owner) {

    /** A group of a fixed size (the first group of a new cluster). */
    public NodeGroupRequest(String clusterName, String name, String instanceType, int size, List<String> subnetIds,
        String idempotencyToken, Map<String, String> tags, ResourceOwner owner) {
      this(clusterName, name, instanceType, size, size, size, subnetIds, idempotencyToken, tags, owner);
    }
  }
}
