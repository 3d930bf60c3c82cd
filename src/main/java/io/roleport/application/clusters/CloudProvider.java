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

  /** Finds the network tagged for {@code owner}'s cluster, or creates it (a VPC and two subnets in two zones). */
  Network ensureNetwork(CloudTarget target, ResourceOwner owner, Map<String, String> tags);

  void ensureCluster(CloudTarget target, ClusterRequest request);

  ResourceState clusterState(CloudTarget target, String clusterName, ResourceOwner owner);

  /** How clients reach an active cluster's API (for kubeconfigs), or empty while it has none or is not ours. */
  java.util.Optional<ClusterEndpoint> clusterEndpoint(CloudTarget target, String clusterName, ResourceOwner owner);

  void ensureNodeGroup(CloudTarget target, NodeGroupRequest request);

  ResourceState nodeGroupState(CloudTarget target, String clusterName, String nodeGroupName, ResourceOwner owner);

  void deleteNodeGroup(CloudTarget target, String clusterName, String nodeGroupName, ResourceOwner owner);

  void deleteCluster(CloudTarget target, String clusterName, ResourceOwner owner);

  void deleteNetwork(CloudTarget target, ResourceOwner owner);

  /**
   * Gives each principal an access entry on the cluster (if it has none) with its access policy at cluster scope
   * (associating again is harmless). Only on a cluster of {@code owner}'s.
   *
   * @param policies principal ARN -> access policy ARN
   */
  void ensureAccessEntries(CloudTarget target, String clusterName, ResourceOwner owner, Map<String, String> policies);

  /** A cluster's API endpoint and its certificate authority (base64 PEM, as the clouds return it). */
  record ClusterEndpoint(String url, String certificateAuthority) {}

  /** A cluster's network. */
  record Network(String vpcId, List<String> subnetIds) {}

  /** What to create: the cluster's cloud name, version, subnets, the saved token, tags and its owner. */
  record ClusterRequest(String name, String kubernetesVersion, List<String> subnetIds, String idempotencyToken,
      Map<String, String> tags, ResourceOwner owner) {}

  /** One node group of a cluster. */
  record NodeGroupRequest(String clusterName, String name, String instanceType, int size, List<String> subnetIds,
      String idempotencyToken, Map<String, String> tags, ResourceOwner owner) {}
}
