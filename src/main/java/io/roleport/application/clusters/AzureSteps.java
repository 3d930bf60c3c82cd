package io.roleport.application.clusters;

import io.roleport.application.clusters.AzureClusterCloud.AksRequest;
import io.roleport.domain.Cluster;
import io.roleport.domain.Operation;
import io.roleport.domain.OperationKind.Step;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;

/**
 * The Azure steps of a cluster workflow: resource group, AKS managed cluster (one system node pool), wait
 * for it; and on delete the cluster, then its resource group. Each step is idempotent (ARM PUTs the same
 * body, deletes of what is gone succeed), so {@link OperationStepper} may run a step again after a restart.
 */
@ApplicationScoped
public class AzureSteps {

  @Inject AzureClusterCloud cloud;
  @Inject AzureTargets targets;
  @Inject AksAccess access;
  @Inject io.roleport.domain.NodeGroupRepository nodeGroups;

  void run(Step step, Operation op, Cluster cluster, Instant now) {
    AzureTarget target = targets.of(cluster, op.requestedBy());
    String group = cluster.resourceGroupName();
    String name = cluster.cloudName();
    ResourceOwner owner = ResourceOwner.of(cluster);
    Map<String, String> tags = owner.azureTags(cluster.name());
    switch (step) {
      case RESOURCE_GROUP -> {
        cloud.ensureResourceGroup(target, group, tags, owner);
        op.completeStep(now);
      }
      case AKS_CLUSTER -> {
        cloud.putManagedCluster(target, new AksRequest(group, name, cluster.kubernetesVersion(),
            cluster.instanceType(), cluster.nodeCount(), tags, owner));
        op.completeStep(now);
      }
      case AKS_ACTIVE -> {
        OperationStepper.awaitState(op, cloud.managedClusterState(target, group, name, owner), ResourceState.ACTIVE,
            now, "AKS cluster", name);
        if (op.currentStep().map(next -> next != Step.AKS_ACTIVE).orElse(true)) {
          cloud.managedClusterEndpoint(target, group, name, owner).ifPresent(url -> cluster.recordAccess(url, null));
        }
      }
      case AKS_ACCESS -> {
        access.sync(target, cluster);
        op.completeStep(now);
      }
      case AKS_DELETE -> {
        cloud.deleteManagedCluster(target, group, name, owner);
        op.completeStep(now);
      }
      case AKS_GONE ->
          OperationStepper.awaitState(op, cloud.managedClusterState(target, group, name, owner), ResourceState.GONE,
              now, "AKS cluster", name);
      case RESOURCE_GROUP_DELETE -> {
        cloud.deleteResourceGroup(target, group, owner);
        op.completeStep(now);
      }
      case RESOURCE_GROUP_GONE ->
          OperationStepper.awaitState(op, cloud.resourceGroupState(target, group, owner), ResourceState.GONE, now,
              "Resource group", group);
      case AKS_POOL_SCALE -> {
        var added = op.nodeGroup().filter(g -> !g.first());
        if (added.isPresent()) {
          cloud.putUserPool(target, group, name, added.get().name(), added.get().instanceType(), op.targetScaling(),
              cluster.kubernetesVersion(), owner);
        } else {
          cloud.putSystemPool(target, group, name, cluster.instanceType(), op.targetScaling(),
              cluster.kubernetesVersion(), owner);
        }
        op.completeStep(now);
      }
      case AKS_POOL_SCALED -> {
        var added = op.nodeGroup().filter(g -> !g.first());
        OperationStepper.awaitState(op, added.isPresent() ? cloud.poolState(target, group, name, added.get().name())
            : cloud.systemPoolState(target, group, name), ResourceState.ACTIVE, now, "AKS agent pool", name);
        if (passed(op, Step.AKS_POOL_SCALED)) {
          OperationStepper.recordScaling(op, cluster);
        }
      }
      case AKS_POOL_CREATE -> {
        io.roleport.domain.NodeGroup pool = op.nodeGroup().orElseThrow();
        cloud.putUserPool(target, group, name, pool.name(), pool.instanceType(), pool.scaling(),
            cluster.kubernetesVersion(), owner);
        op.completeStep(now);
      }
      case AKS_POOL_CREATED -> OperationStepper.awaitState(op,
          cloud.poolState(target, group, name, op.nodeGroup().orElseThrow().name()), ResourceState.ACTIVE, now,
          "AKS agent pool", name + "/" + op.nodeGroup().orElseThrow().name());
      case AKS_POOL_DELETE -> {
        cloud.deletePool(target, group, name, op.nodeGroup().orElseThrow().name(), owner);
        op.completeStep(now);
      }
      case AKS_POOL_GONE -> OperationStepper.awaitState(op,
          cloud.poolState(target, group, name, op.nodeGroup().orElseThrow().name()), ResourceState.GONE, now,
          "AKS agent pool", name + "/" + op.nodeGroup().orElseThrow().name());
      case AKS_CONTROL_PLANE_UPGRADE -> {
        cloud.upgradeControlPlane(target, group, name, op.targetVersion(), owner);
        op.completeStep(now);
      }
      case AKS_CONTROL_PLANE_UPGRADED -> OperationStepper.awaitState(op,
          cloud.managedClusterState(target, group, name, owner), ResourceState.ACTIVE, now, "AKS cluster", name);
      case AKS_POOL_UPGRADE -> {
        cloud.putSystemPool(target, group, name, cluster.instanceType(), cluster.scaling(), op.targetVersion(),
            owner);
        op.completeStep(now);
      }
      case AKS_POOL_UPGRADED -> {
        ResourceState system = cloud.systemPoolState(target, group, name);
        if (system != ResourceState.ACTIVE) {
          OperationStepper.awaitState(op, system, ResourceState.ACTIVE, now, "AKS agent pool", name);
        } else if (upgradeNextUserPool(op, cluster, target, group, name, owner, now)) {
          op.completeStep(now);
          cluster.recordVersion(op.targetVersion());
        }
      }
      default -> throw new IllegalStateException("not an Azure step: " + step);
    }
    targets.verified(cluster, now);
  }

  /**
   * After the system pool, every user pool goes to the upgrade's version, one at a time in the order they were added
   * (AKS refuses a second operation on a cluster while one runs). Returns whether all are there; otherwise the
   * operation waits for the pool being upgraded, or has started the next one's upgrade, or failed on a failed pool.
   * A pool that is gone (a failed addition) is skipped.
   */
  private boolean upgradeNextUserPool(Operation op, Cluster cluster, AzureTarget target, String group, String name,
      ResourceOwner owner, Instant now) {
    for (io.roleport.domain.NodeGroup pool : nodeGroups.live(cluster)) {
      if (pool.first()) {
        continue;
      }
      ResourceState state = cloud.poolState(target, group, name, pool.name());
      if (state == ResourceState.GONE) {
        continue;
      }
      if (state != ResourceState.ACTIVE) {
        OperationStepper.awaitState(op, state, ResourceState.ACTIVE, now, "AKS agent pool", name + "/" + pool.name());
        return false;
      }
      boolean there = cloud.poolVersion(target, group, name, pool.name())
          .map(v -> OperationStepper.sameMinor(v, op.targetVersion())).orElse(true);
      if (!there) {
        cloud.putUserPool(target, group, name, pool.name(), pool.instanceType(), pool.scaling(), op.targetVersion(),
            owner);
        op.waitFor(OperationStepper.POLL, now);
        return false;
      }
    }
    return true;
  }

  /** Whether the operation went past {@code step} (not waiting on it, not failed in it). */
  private static boolean passed(Operation op, Step step) {
    return op.status().isFinished() ? op.status() == io.roleport.domain.OperationStatus.SUCCEEDED
        : op.currentStep().orElseThrow() != step;
  }

  /** The AKS cluster and its system pool as ARM has them now (refresh), as {@code actor}. */
  public java.util.Optional<CloudProvider.Observed> observe(Cluster cluster, String actor) {
    return cloud.observe(targets.of(cluster, actor), cluster.resourceGroupName(), cluster.cloudName(),
        ResourceOwner.of(cluster));
  }

  /** The user kubeconfig of an active AKS cluster, from ARM. */
  public String kubeconfig(Cluster cluster, String actor) {
    return cloud.userKubeconfig(targets.of(cluster, actor), cluster.resourceGroupName(), cluster.cloudName());
  }
}
