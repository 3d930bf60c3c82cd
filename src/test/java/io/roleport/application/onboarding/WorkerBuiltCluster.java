package io.roleport.application.onboarding;

import io.roleport.application.clusters.CloudProvider;
import io.roleport.application.clusters.CloudTarget;
import io.roleport.application.clusters.EksAccessRoles;
import io.roleport.application.clusters.ResourceOwner;
import io.roleport.application.clusters.ResourceState;
import io.roleport.testenv.Kubectl;

/**
 * An EKS cluster built with Roleport's own AWS adapters in the order the worker's create steps call them (network,
 * cluster, access entries, a node group of two nodes), for the kubectl tests: the cluster's endpoint once its nodes
 * are active.
 */
final class WorkerBuiltCluster {
  private WorkerBuiltCluster() {}

  static CloudProvider.ClusterEndpoint build(CloudProvider aws, CloudTarget target, ResourceOwner owner, String name,
      String account, String subject) {
    var network = aws.ensureNetwork(target, owner, owner.awsTags(subject));
    aws.ensureCluster(target, new CloudProvider.ClusterRequest(name, "1.33", network.subnetIds(), "token-" + name,
        owner.awsTags(subject), owner));
    Kubectl.awaitState(() -> aws.clusterState(target, name, owner), ResourceState.ACTIVE);
    aws.ensureAccessEntries(target, name, owner, EksAccessRoles.entries(account));
    aws.ensureAccessEntries(target, name, owner, EksAccessRoles.entries(account)); // a retried step changes nothing
    aws.ensureNodeGroup(target, new CloudProvider.NodeGroupRequest(name, "default", "t3.medium", 2,
        network.subnetIds(), "token-" + name + "-ng", owner.awsTags(subject), owner));
    Kubectl.awaitState(() -> aws.nodeGroupState(target, name, "default", owner), ResourceState.ACTIVE);
    return aws.clusterEndpoint(target, name, owner).orElseThrow();
  }
}
