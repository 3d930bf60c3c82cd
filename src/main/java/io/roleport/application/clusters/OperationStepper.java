package io.roleport.application.clusters;

import io.roleport.application.InstallationProfile;
import io.roleport.application.audit.AuditTrail;
import io.roleport.application.clusters.CloudProvider.ClusterRequest;
import io.roleport.application.clusters.CloudProvider.Network;
import io.roleport.application.clusters.CloudProvider.NodeGroupRequest;
import io.roleport.domain.AwsBinding;
import io.roleport.domain.CloudKind;
import io.roleport.domain.Cluster;
import io.roleport.domain.NodeScaling;
import io.roleport.domain.Operation;
import io.roleport.domain.OperationKind;
import io.roleport.domain.OperationKind.Step;
import io.roleport.domain.OperationRepository;
import io.roleport.domain.OperationStatus;
import io.roleport.domain.PlacementKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Runs one step of one operation in its own transaction: looks at the cloud, acts if needed, and
 * records the outcome on the operation (next step, wait, retry or failure). Steps are idempotent, so
 * running the same step again after a crash finds the work already done.
 */
@ApplicationScoped
public class OperationStepper {
  static final Duration POLL = Duration.ofSeconds(2);
  static final String NODE_GROUP = "default";

  @Inject OperationRepository operations;
  @Inject CloudProvider cloud;
  @Inject InstallationProfile installation;
  @Inject AuditTrail audit;
  @Inject AzureSteps azure;
  @Inject WebIdentityAccess webIdentity;
  @Inject Clock clock;
  @Inject io.roleport.domain.NodeGroupRepository nodeGroups;

  /**
   * Runs the current step of the leased operation, if the lease is still this worker's: a worker whose lease ran
   * out and was taken over starts nothing, and if its lease is taken over while the step runs, its commit fails
   * (the claim changed the operation's version), so no step's outcome is recorded twice.
   */
  @Transactional(TxType.REQUIRES_NEW)
  public java.util.Optional<StepRun> advance(Lease lease) {
    Operation op = operations.find(lease.operationId()).orElseThrow();
    if (op.status().isFinished() || !op.leasedBy(lease.owner(), lease.token(), clock.instant())) {
      return java.util.Optional.empty();
    }
    Cluster cluster = op.cluster();
    Step step = op.currentStep().orElseThrow();
    int stepIndex = op.stepIndex();
    int attempts = op.attempts();
    Instant now = clock.instant();
    String errorCode = null;
    // audit rows the step writes carry the id of the request that asked for the operation
    String outer = io.roleport.application.RequestTrace.current().orElse(null);
    io.roleport.application.RequestTrace.open(op.requestId().orElse(null));
    try {
      try {
        if (cluster.cloud() == CloudKind.AZURE) {
          azure.run(step, op, cluster, now);
        } else {
          run(step, op, cluster, targetOf(cluster, op, now), now);
        }
      } catch (CloudException e) {
        errorCode = e.code();
        op.failAttempt(e.code() + ": " + e.getMessage(), e.retryable(), now);
      }
      settle(op, cluster, now);
    } finally {
      io.roleport.application.RequestTrace.open(outer);
    }
    return java.util.Optional.of(new StepRun(op.id(), op.requestId().orElse(null), op.kind().name(), step.name(),
        cluster.cloud().name(), StepRun.outcomeOf(op, stepIndex, attempts), errorCode,
        java.time.Duration.ZERO));
  }

  /** Once an operation has ended: its sealed session is forgotten, and the cluster and the audit say how it ended. */
  private void settle(Operation op, Cluster cluster, Instant now) {
    if (op.status().isFinished()) {
      webIdentity.detach(op);
    }
    if (op.kind().isDay2()) {
      if (op.status().isFinished()) { // the cluster still runs: active again, the audit says how the change ended
        cluster.endUpdating(now);
        boolean ok = op.status() == OperationStatus.SUCCEEDED;
        op.nodeGroup().ifPresent(group -> settle(op.kind(), group, ok, now));
        String group = op.nodeGroup().filter(g -> !op.kind().scales() || !g.first())
            .map(g -> " node group " + g.name()).orElse("");
        audit.ok(op.requestedBy(), cluster.organization().id(), cluster.placementAccount().value(),
            "cluster." + op.kind().auditName() + (ok ? ".finished" : ".failed"),
            cluster.name() + group + (ok ? "" : ": " + op.lastError()));
      }
      return;
    }
    if (!op.kind().changesLifecycle()) {
      if (op.status().isFinished()) { // the cluster stays as it is; the audit says whether its access changed
        audit.ok(op.requestedBy(), cluster.organization().id(), cluster.placementAccount().value(),
            op.status() == OperationStatus.SUCCEEDED ? "cluster.access.updated" : "cluster.access.failed",
            cluster.name() + (op.status() == OperationStatus.SUCCEEDED ? "" : ": " + op.lastError()));
      }
      return;
    }
    if (op.status() == OperationStatus.SUCCEEDED) {
      finish(op, cluster, now);
    } else if (op.status() == OperationStatus.FAILED) {
      cluster.markFailed(now);
      if (op.kind().creates()) {
        nodeGroups.first(cluster).ifPresent(g -> g.markFailed(now));
      }
      audit.ok(op.requestedBy(), cluster.organization().id(), cluster.placementAccount().value(),
          op.kind().creates() ? "cluster.create.failed" : "cluster.delete.failed",
          cluster.name() + ": " + op.lastError());
    }
  }

  /** A day-2 operation on a node group ended: the group is there, gone, scaled, or failed. */
  private static void settle(OperationKind kind, io.roleport.domain.NodeGroup group, boolean ok, Instant now) {
    if (kind.addsNodeGroup()) {
      if (ok) {
        group.markActive(now);
      } else {
        group.markFailed(now);
      }
    } else if (kind.removesNodeGroup()) {
      if (ok) {
        group.markRemoved(now);
      } else {
        group.markFailed(now);
      }
    } else {
      group.endScaling(now);
    }
  }

  /** The name in the cloud of the node group the operation is about: its own, else the first group's. */
  static String nodeGroupName(Operation op) {
    return op.nodeGroup().map(io.roleport.domain.NodeGroup::name).orElse(NODE_GROUP);
  }

  /**
   * The node groups a step deletes or waits for: a cluster's deletion removes every group it has (EKS refuses to
   * delete a cluster while it has node groups), a removal only its own group.
   */
  private java.util.List<String> nodeGroupsToDelete(Operation op, Cluster cluster) {
    if (op.kind().removesNodeGroup()) {
      return java.util.List.of(nodeGroupName(op));
    }
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    nodeGroups.live(cluster).forEach(g -> names.add(g.name()));
    names.add(NODE_GROUP); // a cluster without rows (created before V30 and deleted meanwhile) still had its first
    return java.util.List.copyOf(names);
  }

  /** Up to {@code max} operations that are due and not leased by a live worker. */
  @Transactional(TxType.REQUIRES_NEW)
  public java.util.List<Long> due(Instant now, int max) {
    return operations.due(now, max);
  }

  /** Claims one operation for {@code owner} for {@code length} from now, if no live worker holds it. */
  @Transactional(TxType.REQUIRES_NEW)
  public java.util.Optional<Lease> claim(long operationId, String owner, Duration length) {
    Instant now = clock.instant();
    Instant until = now.plus(length);
    return operations.claim(operationId, owner, now, until).map(token -> new Lease(operationId, owner, token, until));
  }

  @Transactional(TxType.REQUIRES_NEW)
  public void release(Lease lease) {
    operations.release(lease.operationId(), lease.owner(), lease.token());
  }

  /**
   * A step failed with something other than a cloud answer (a bug, a lost database connection, a commit refused):
   * counts as a failed attempt with back-off like any other, so the budget ends it with a readable message instead
   * of a retry every second for ever. Nothing is recorded if the lease is no longer this worker's.
   */
  @Transactional(TxType.REQUIRES_NEW)
  public void recordUnexpected(Lease lease, String reference) {
    Operation op = operations.find(lease.operationId()).orElseThrow();
    Instant now = clock.instant();
    if (op.status().isFinished() || !op.leasedBy(lease.owner(), lease.token(), now)) {
      return;
    }
    Step step = op.currentStep().orElseThrow();
    op.failAttempt("Roleport could not run the step " + step + " (internal error, reference " + reference
        + "); it is retried with back-off", true, now);
    settle(op, op.cluster(), now);
  }

  private void run(Step step, Operation op, Cluster cluster, CloudTarget target, Instant now) {
    String name = cluster.cloudName();
    ResourceOwner owner = ResourceOwner.of(cluster);
    Map<String, String> tags = owner.awsTags(op.requestedBy());
    switch (step) {
      case NETWORK -> {
        if (cluster.existingNetwork().isPresent()) { // the organization's own: used as it is
          op.recordNetwork(cluster.existingNetwork().get().vpcId(), cluster.existingNetwork().get().subnetIds());
          op.completeStep(now);
          return;
        }
        Network network = cloud.ensureNetwork(target, owner, tags);
        op.recordNetwork(network.vpcId(), network.subnetIds());
        op.completeStep(now); // the cluster may be created while the NAT gateway comes up (NETWORK_READY)
      }
      case NETWORK_READY -> {
        if (cluster.existingNetwork().isPresent() || cloud.ensureNetwork(target, owner, tags).ready()) {
          op.completeStep(now);
        } else {
          op.waitFor(POLL, now); // the NAT gateway is still coming up: nodes could not join yet
        }
      }
      case CLUSTER -> {
        cloud.ensureCluster(target, new ClusterRequest(name, cluster.kubernetesVersion(), op.subnetIds(),
            op.clusterToken(), tags, owner));
        op.completeStep(now);
      }
      case CLUSTER_ACTIVE -> {
        awaitState(op, cloud.clusterState(target, name, owner), ResourceState.ACTIVE, now, "EKS cluster", name);
        if (op.stepIndex() > OperationKind.CREATE.steps().indexOf(Step.CLUSTER_ACTIVE)) {
          cloud.clusterEndpoint(target, name, owner)
              .ifPresent(e -> cluster.recordAccess(e.url(), e.certificateAuthority()));
        }
      }
      case ACCESS_ENTRIES -> {
        if (cluster.placementKind() == PlacementKind.ORG_ACCOUNT) {
          cloud.ensureAccessEntries(target, name, owner, EksAccessRoles.entries(cluster.placementAccount().value()));
          cluster.recordAccessEntries(now);
        }
        op.completeStep(now);
      }
      case NODE_GROUP -> {
        var added = op.nodeGroup().filter(g -> !g.first());
        if (added.isPresent()) { // a group added to the active cluster, in the cluster's own subnets
          NodeScaling size = added.get().scaling();
          cloud.ensureNodeGroup(target, new NodeGroupRequest(name, added.get().name(), added.get().instanceType(),
              size.min(), size.desired(), size.max(), java.util.List.of(), op.nodeGroupToken(), tags, owner));
        } else {
          cloud.ensureNodeGroup(target, new NodeGroupRequest(name, NODE_GROUP, cluster.instanceType(),
              cluster.nodeCount(), op.subnetIds(), op.nodeGroupToken(), tags, owner));
        }
        op.completeStep(now);
      }
      case NODE_GROUP_ACTIVE -> awaitState(op, cloud.nodeGroupState(target, name, nodeGroupName(op), owner),
          ResourceState.ACTIVE, now, "EKS node group", name + "/" + nodeGroupName(op));
      case NODE_GROUP_DELETE -> {
        for (String group : nodeGroupsToDelete(op, cluster)) {
          cloud.deleteNodeGroup(target, name, group, owner);
        }
        op.completeStep(now);
      }
      case NODE_GROUP_GONE -> {
        String left = null;
        ResourceState state = ResourceState.GONE;
        for (String group : nodeGroupsToDelete(op, cluster)) { // the first one still there is waited for
          ResourceState s = cloud.nodeGroupState(target, name, group, owner);
          if (s != ResourceState.GONE && s != ResourceState.NOT_OURS) {
            left = group;
            state = s;
            break;
          }
        }
        awaitState(op, state, ResourceState.GONE, now, "EKS node group", name + "/" + (left == null ? "" : left));
      }
      case CLUSTER_DELETE -> {
        cloud.deleteCluster(target, name, owner);
        op.completeStep(now);
      }
      case CLUSTER_GONE ->
          awaitState(op, cloud.clusterState(target, name, owner), ResourceState.GONE, now, "EKS cluster", name);
      case NETWORK_DELETE -> {
        if (cluster.existingNetwork().isPresent() || cloud.deleteNetwork(target, owner) == ResourceState.GONE) {
          op.completeStep(now);
        } else {
          op.waitFor(POLL, now); // the NAT gateway is still being deleted
        }
      }
      case NODE_GROUP_SCALE -> {
        NodeScaling want = op.targetScaling();
        String group = nodeGroupName(op);
        CloudProvider.Observed seen = observed(target, name, group, owner);
        startUpdate(op, seen.scaledTo(want), seen.busy(),
            () -> cloud.scaleNodeGroup(target, name, group, want.min(), want.desired(), want.max(), owner), now);
      }
      case NODE_GROUP_SCALED -> {
        String group = nodeGroupName(op);
        if (awaitUpdate(op, () -> cloud.updateState(target, name, group, op.updateId().orElseThrow()),
            () -> observed(target, name, group, owner), seen -> seen.scaledTo(op.targetScaling()), now)) {
          recordScaling(op, cluster);
        }
      }
      case CONTROL_PLANE_UPGRADE -> {
        CloudProvider.Observed seen = observed(target, name, owner);
        startUpdate(op, sameMinor(seen.version(), op.targetVersion()), seen.busy(),
            () -> cloud.upgradeControlPlane(target, name, op.targetVersion(), owner), now);
      }
      case CONTROL_PLANE_UPGRADED -> awaitUpdate(op,
          () -> cloud.updateState(target, name, null, op.updateId().orElseThrow()),
          () -> observed(target, name, owner), seen -> sameMinor(seen.version(), op.targetVersion()), now);
      case NODE_GROUP_UPGRADE -> {
        if (upgradeNextNodeGroup(op, cluster, target, name, owner, now) != Upgrade.BUSY) {
          op.completeStep(now); // the next step follows the update, and starts the next group's after it
        }
      }
      case NODE_GROUP_UPGRADED -> {
        if (op.updateId().isPresent()) { // the update of one group: wait for it, then the next group's
          String group = op.updateNodeGroup().orElse(NODE_GROUP);
          CloudProvider.UpdateState state = cloud.updateState(target, name, group, op.updateId().get());
          switch (state.state()) {
            case ACTIVE -> {
              CloudProvider.Observed seen = observed(target, name, group, owner);
              if (!sameMinor(seen.nodeGroupVersion(), op.targetVersion())) {
                op.failAttempt("UpdateNotApplied: node group " + group + " runs " + seen.nodeGroupVersion()
                    + " after its update; retry the operation", false, now);
                return;
              }
              op.recordUpdate(null);
            }
            case FAILED -> {
              op.failAttempt("UpdateFailed: node group " + group + ": " + state.error(), false, now);
              return;
            }
            default -> {
              op.waitFor(POLL, now);
              return;
            }
          }
        }
        switch (upgradeNextNodeGroup(op, cluster, target, name, owner, now)) {
          case ALL_DONE -> {
            op.completeStep(now);
            cluster.recordVersion(op.targetVersion());
          }
          default -> op.waitFor(POLL, now); // a group is busy, or its update just started
        }
      }
      default -> throw new IllegalStateException("not an EKS step: " + step);
    }
  }

  // --- day-2 operations (issue #15) ---

  /** The node group (of the operation, else the first) now has the size the scaling asked for. */
  static void recordScaling(Operation op, Cluster cluster) {
    op.nodeGroup().ifPresent(g -> g.recordScaling(op.targetScaling()));
    if (op.nodeGroup().map(io.roleport.domain.NodeGroup::first).orElse(true)) {
      cluster.recordScaling(op.targetScaling());
    }
  }

  private CloudProvider.Observed observed(CloudTarget target, String name, ResourceOwner owner) {
    return observed(target, name, NODE_GROUP, owner);
  }

  /** The cluster and a node group as EKS has them; a cluster that is gone (or not ours) fails the step for good. */
  private CloudProvider.Observed observed(CloudTarget target, String name, String nodeGroup, ResourceOwner owner) {
    return cloud.observe(target, name, nodeGroup, owner).orElseThrow(() -> new CloudException("ResourceNotFoundException",
        "EKS cluster " + name + " is not there (deleted outside Roleport?): refresh the cluster", false, null));
  }

  static boolean sameMinor(String version, String target) {
    return io.roleport.domain.KubernetesVersions.minor(version).equals(target);
  }

  /** What {@link #upgradeNextNodeGroup} found. */
  private enum Upgrade { BUSY, STARTED, ALL_DONE }

  /**
   * Every node group of the cluster goes to the upgrade's version, one at a time and in order (the first group
   * first): EKS runs one update per cluster at a time, and refuses the next control-plane upgrade while any group
   * lags behind. Starts the update of the first group that is not there yet, unless a group is busy (an update
   * started before a restart is waited for, not started again). A group the cloud no longer has (a failed addition)
   * is skipped.
   */
  private Upgrade upgradeNextNodeGroup(Operation op, Cluster cluster, CloudTarget target, String name,
      ResourceOwner owner, Instant now) {
    java.util.Set<String> groups = new java.util.LinkedHashSet<>();
    groups.add(NODE_GROUP); // a cluster without rows (created before V30) has its first group all the same
    nodeGroups.live(cluster).forEach(g -> groups.add(g.name()));
    for (String group : groups) {
      CloudProvider.Observed seen = observed(target, name, group, owner);
      if (seen.nodeGroupState() == ResourceState.GONE) {
        continue;
      }
      if (seen.busy()) {
        return Upgrade.BUSY;
      }
      if (!sameMinor(seen.nodeGroupVersion(), op.targetVersion())) {
        op.recordUpdate(cloud.upgradeNodeGroup(target, name, group, op.targetVersion(), owner), group);
        return Upgrade.STARTED;
      }
    }
    op.recordUpdate(null);
    return Upgrade.ALL_DONE;
  }

  /**
   * Starts a cloud update unless the resource already is as wanted (a step repeated after a crash, or nothing to
   * change); while another update runs, waits for it first (EKS runs one update at a time).
   */
  private static void startUpdate(Operation op, boolean done, boolean busy, java.util.function.Supplier<String> start,
      Instant now) {
    if (busy) {
      op.waitFor(POLL, now);
    } else if (done) {
      op.recordUpdate(null);
      op.completeStep(now);
    } else {
      op.recordUpdate(start.get());
      op.completeStep(now);
    }
  }

  /**
   * Follows the update the step before started (DescribeUpdate until Successful), or, when it started none, checks
   * the resource itself. Returns whether the step completed.
   */
  private static boolean awaitUpdate(Operation op, java.util.function.Supplier<CloudProvider.UpdateState> update,
      java.util.function.Supplier<CloudProvider.Observed> observe,
      java.util.function.Predicate<CloudProvider.Observed> done, Instant now) {
    if (op.updateId().isPresent()) {
      CloudProvider.UpdateState state = update.get();
      switch (state.state()) {
        case ACTIVE -> {
          op.completeStep(now);
          return true;
        }
        case FAILED -> op.failAttempt("UpdateFailed: " + state.error(), false, now);
        default -> op.waitFor(POLL, now);
      }
      return false;
    }
    CloudProvider.Observed seen = observe.get();
    if (seen.busy()) {
      op.waitFor(POLL, now);
    } else if (done.test(seen)) {
      op.completeStep(now);
      return true;
    } else {
      op.failAttempt("UpdateNotApplied: the change is not in the cloud; retry the operation", false, now);
    }
    return false;
  }

  /**
   * Completes the step once the resource is {@code wanted}, waits while it gets there, fails otherwise. A
   * resource of another owner ({@link ResourceState#NOT_OURS}) is never waited for as ours: while deleting,
   * nothing of ours is left there; while creating, the operation fails with {@link ResourceOwner#notOwned}.
   */
  static void awaitState(Operation op, ResourceState actual, ResourceState wanted, Instant now, String kind,
      String name) {
    if (actual == ResourceState.NOT_OURS) {
      if (wanted == ResourceState.GONE) {
        op.completeStep(now);
      } else {
        CloudException refused = ResourceOwner.notOwned(kind, name);
        op.failAttempt(refused.code() + ": " + refused.getMessage(), false, now);
      }
    } else if (actual == wanted) {
      op.completeStep(now);
    } else if (actual == ResourceState.FAILED || (wanted == ResourceState.ACTIVE && actual == ResourceState.GONE)) {
      op.failAttempt("resource is " + actual + " while waiting for " + wanted, false, now);
    } else {
      op.waitFor(POLL, now);
    }
  }

  private void finish(Operation op, Cluster cluster, Instant now) {
    if (op.kind().creates()) {
      cluster.markActive(now);
      nodeGroups.first(cluster).ifPresent(g -> g.markActive(now));
    } else {
      cluster.markDeleted(now);
      nodeGroups.live(cluster).forEach(g -> g.markRemoved(now)); // on AKS the pools went with the managed cluster
    }
    audit.ok(op.requestedBy(), cluster.organization().id(), cluster.placementAccount().value(),
        op.kind().creates() ? "cluster.create.finished" : "cluster.delete.finished", cluster.name());
  }

  /** The tag value that finds this cluster's resources again: stable across retries and restarts. */
  static String key(Cluster cluster) {
    return "rp-cluster-" + cluster.id();
  }

  /** The role a refresh runs as for {@code actor}: as {@link #targetOf}, with the session of their own sign-in. */
  public CloudTarget targetFor(Cluster cluster, String actor, SessionCredentials session) {
    String slug = cluster.organization().slug();
    if (cluster.placementKind() == PlacementKind.ORG_ACCOUNT) {
      AwsBinding binding = cluster.organization().awsBinding().orElseThrow();
      return new CloudTarget(binding.automationRole(), binding.externalId(), cluster.region(), actor, slug,
          binding.usesWebIdentity() ? session : null);
    }
    return new CloudTarget(installation.defaultWorkloadRole(), installation.defaultWorkloadExternalId(),
        cluster.region(), actor, slug);
  }

  /**
   * The role a step runs as: the organization's automation role (assumed by Roleport, or the session the
   * requester's own sign-in gave), or, in the installation's default account, the role recorded for the cluster
   * when it was created, whatever the installation's default role is today. A cluster created before roles were
   * recorded (V16) gets today's default recorded at its first step.
   */
  CloudTarget targetOf(Cluster cluster, Operation op, Instant now) {
    String slug = cluster.organization().slug();
    String actor = op.requestedBy();
    if (cluster.placementKind() == PlacementKind.ORG_ACCOUNT) {
      AwsBinding binding = cluster.organization().awsBinding().orElseThrow();
      return new CloudTarget(binding.automationRole(), binding.externalId(), cluster.region(), actor, slug,
          binding.usesWebIdentity() ? webIdentity.sessionOf(op, now) : null);
    }
    if (cluster.placementRole().isEmpty()) {
      cluster.recordPlacementRole(installation.defaultWorkloadRole(), installation.defaultWorkloadExternalId());
    }
    return new CloudTarget(cluster.placementRole().orElseThrow(), cluster.placementExternalId().orElseThrow(),
        cluster.region(), actor, slug);
  }
}
