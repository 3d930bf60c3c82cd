package io.roleport.application.clusters;

import io.roleport.application.InstallationProfile;
import io.roleport.application.audit.AuditTrail;
import io.roleport.application.clusters.CloudProvider.ClusterRequest;
import io.roleport.application.clusters.CloudProvider.Network;
import io.roleport.application.clusters.CloudProvider.NodeGroupRequest;
import io.roleport.domain.AwsBinding;
import io.roleport.domain.CloudKind;
import io.roleport.domain.Cluster;
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

  /**
   * Runs the current step of the leased operation, if the lease is still this worker's: a worker whose lease ran
   * out and was taken over starts nothing, and if its lease is taken over while the step runs, its commit fails
   * (the claim changed the operation's version), so no step's outcome is recorded twice.
   */
  @Transactional(TxType.REQUIRES_NEW)
  public void advance(Lease lease) {
    Operation op = operations.find(lease.operationId()).orElseThrow();
    if (op.status().isFinished() || !op.leasedBy(lease.owner(), lease.token(), clock.instant())) {
      return;
    }
    Cluster cluster = op.cluster();
    Step step = op.currentStep().orElseThrow();
    Instant now = clock.instant();
    try {
      if (cluster.cloud() == CloudKind.AZURE) {
        azure.run(step, op, cluster, now);
      } else {
        run(step, op, cluster, targetOf(cluster, op, now), now);
      }
    } catch (CloudException e) {
      op.failAttempt(e.code() + ": " + e.getMessage(), e.retryable(), now);
    }
    settle(op, cluster, now);
  }

  /** Once an operation has ended: its sealed session is forgotten, and the cluster and the audit say how it ended. */
  private void settle(Operation op, Cluster cluster, Instant now) {
    if (op.status().isFinished()) {
      webIdentity.detach(op);
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
      audit.ok(op.requestedBy(), cluster.organization().id(), cluster.placementAccount().value(),
          op.kind().creates() ? "cluster.create.failed" : "cluster.delete.failed",
          cluster.name() + ": " + op.lastError());
    }
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
        Network network = cloud.ensureNetwork(target, owner, tags);
        op.recordNetwork(network.vpcId(), network.subnetIds());
        op.completeStep(now);
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
        cloud.ensureNodeGroup(target, new NodeGroupRequest(name, NODE_GROUP, cluster.instanceType(),
            cluster.nodeCount(), op.subnetIds(), op.nodeGroupToken(), tags, owner));
        op.completeStep(now);
      }
      case NODE_GROUP_ACTIVE -> awaitState(op, cloud.nodeGroupState(target, name, NODE_GROUP, owner),
          ResourceState.ACTIVE, now, "EKS node group", name + "/" + NODE_GROUP);
      case NODE_GROUP_DELETE -> {
        cloud.deleteNodeGroup(target, name, NODE_GROUP, owner);
        op.completeStep(now);
      }
      case NODE_GROUP_GONE -> awaitState(op, cloud.nodeGroupState(target, name, NODE_GROUP, owner),
          ResourceState.GONE, now, "EKS node group", name + "/" + NODE_GROUP);
      case CLUSTER_DELETE -> {
        cloud.deleteCluster(target, name, owner);
        op.completeStep(now);
      }
      case CLUSTER_GONE ->
          awaitState(op, cloud.clusterState(target, name, owner), ResourceState.GONE, now, "EKS cluster", name);
      case NETWORK_DELETE -> {
        cloud.deleteNetwork(target, owner);
        op.completeStep(now);
      }
    }
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
    } else {
      cluster.markDeleted(now);
    }
    audit.ok(op.requestedBy(), cluster.organization().id(), cluster.placementAccount().value(),
        op.kind().creates() ? "cluster.create.finished" : "cluster.delete.finished", cluster.name());
  }

  /** The tag value that finds this cluster's resources again: stable across retries and restarts. */
  static String key(Cluster cluster) {
    return "rp-cluster-" + cluster.id();
  }

  /**
   * The role a step runs as: the organization's automation role (assumed by Roleport, or the session the
   * requester's own sign-in gave), or the installation's default one.
   */
  CloudTarget targetOf(Cluster cluster, Operation op, Instant now) {
    String slug = cluster.organization().slug();
    String actor = op.requestedBy();
    if (cluster.placementKind() == PlacementKind.ORG_ACCOUNT) {
      AwsBinding binding = cluster.organization().awsBinding().orElseThrow();
      return new CloudTarget(binding.automationRole(), binding.externalId(), cluster.region(), actor, slug,
          binding.usesWebIdentity() ? webIdentity.sessionOf(op, now) : null);
    }
    return new CloudTarget(installation.defaultWorkloadRole(), installation.defaultWorkloadExternalId(),
        cluster.region(), actor, slug);
  }
}
