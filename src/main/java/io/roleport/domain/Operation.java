package io.roleport.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The durable record of one create or delete workflow. It is written in the same transaction as the
 * request, before any cloud call, and carries everything a retry needs to be idempotent: the
 * idempotency tokens sent to the cloud and the ids of what was already created. A worker advances it one
 * step per transaction, so a restart resumes at the step that was in flight.
 */
@Entity
@Table(name = "operation")
public class Operation implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /**
   * After this many failed attempts of one step the operation fails. With the back-off of {@link #retryDelay} the
   * budget lasts about 2.5 to 5 minutes: longer than a realistic burst of throttling or 5xx answers.
   */
  public static final int MAX_ATTEMPTS = 10;
  /** The longest wait between two attempts of a step. */
  public static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(60);

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "cluster_id", updatable = false)
  private Cluster cluster;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 20, updatable = false)
  private OperationKind kind;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 20)
  private OperationStatus status;

  @Column(name = "step_index", nullable = false)
  private int stepIndex;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "last_error", length = 1000)
  private String lastError;

  @Column(name = "cluster_token", nullable = false, length = 64, updatable = false)
  private String clusterToken;

  @Column(name = "node_group_token", nullable = false, length = 64, updatable = false)
  private String nodeGroupToken;

  @Column(name = "vpc_id", length = 64)
  private String vpcId;

  @Column(name = "subnet_ids", length = 255)
  private String subnetIds;

  @Column(name = "requested_by", nullable = false, length = 255, updatable = false)
  private String requestedBy;

  @Column(name = "next_run_at", nullable = false)
  private Instant nextRunAt;

  @Column(name = "lease_owner", length = 64)
  private String leaseOwner;

  @Column(name = "lease_until")
  private Instant leaseUntil;

  /** The fencing token of the latest claim (written only by the claim's conditional UPDATE). */
  @Column(name = "lease_token", insertable = false, updatable = false)
  private long leaseToken;

  @Column(name = "started_at", nullable = false, updatable = false)
  private Instant startedAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  /** The request that asked for this operation: the worker's log lines for it name the same id. */
  @Column(name = "request_id", length = 64, updatable = false)
  private String requestId;
  @Column(name = "target_min", updatable = false)
  private Integer targetMin;

  @Column(name = "target_desired", updatable = false)
  private Integer targetDesired;

  @Column(name = "target_max", updatable = false)
  private Integer targetMax;

  @Column(name = "target_version", length = 10, updatable = false)
  private String targetVersion;

  /** The node group the operation adds, removes or scales ({@code null}: the cluster's first group, as before V30). */
  @ManyToOne
  @JoinColumn(name = "node_group_id", updatable = false)
  private NodeGroup nodeGroup;

  /** The cloud's id of the update the current step started (EKS), cleared when the step is done. */
  @Column(name = "update_id", length = 64)
  private String updateId;

  /** The node group the update in flight belongs to ({@code null}: the control plane's, or none runs). */
  @Column(name = "update_node_group", length = 63)
  private String updateNodeGroup;

  @Version private long version;

  protected Operation() {}

  /** A scaling of {@code cluster}'s node group to {@code scaling}. */
  public static Operation scale(Cluster cluster, NodeScaling scaling, String requestedBy, Instant now) {
    Operation op = new Operation(cluster, OperationKind.scale(cluster.cloud()), requestedBy, now);
    op.targetMin = scaling.min();
    op.targetDesired = scaling.desired();
    op.targetMax = scaling.max();
    return op;
  }

  /** A scaling of {@code group} (of {@code cluster}) to {@code scaling}. */
  public static Operation scale(Cluster cluster, NodeGroup group, NodeScaling scaling, String requestedBy,
      Instant now) {
    Operation op = scale(cluster, scaling, requestedBy, now);
    op.nodeGroup = group;
    return op;
  }

  /** Adds {@code group}, not yet in the cloud, to {@code cluster}. */
  public static Operation addNodeGroup(Cluster cluster, NodeGroup group, String requestedBy, Instant now) {
    Operation op = new Operation(cluster, OperationKind.addNodeGroup(cluster.cloud()), requestedBy, now);
    op.nodeGroup = group;
    return op;
  }

  /** Removes the added {@code group} of {@code cluster}. */
  public static Operation removeNodeGroup(Cluster cluster, NodeGroup group, String requestedBy, Instant now) {
    Operation op = new Operation(cluster, OperationKind.removeNodeGroup(cluster.cloud()), requestedBy, now);
    op.nodeGroup = group;
    return op;
  }

  /** The node group the operation is about, when it names one. */
  public Optional<NodeGroup> nodeGroup() {
    return Optional.ofNullable(nodeGroup);
  }

  /** An upgrade of {@code cluster} (control plane, then nodes) to {@code version}. */
  public static Operation upgrade(Cluster cluster, String version, String requestedBy, Instant now) {
    Operation op = new Operation(cluster, OperationKind.upgrade(cluster.cloud()), requestedBy, now);
    op.targetVersion = version;
    return op;
  }

  /** What a scaling asks for. */
  public NodeScaling targetScaling() {
    if (targetDesired == null) {
      throw new IllegalStateException("operation " + id + " is no scaling");
    }
    return new NodeScaling(targetMin, targetDesired, targetMax);
  }

  /** The version an upgrade goes to. */
  public String targetVersion() {
    if (targetVersion == null) {
      throw new IllegalStateException("operation " + id + " is no upgrade");
    }
    return targetVersion;
  }

  public Optional<String> updateId() {
    return Optional.ofNullable(updateId);
  }

  /** The current step started the cloud update {@code id}; the next step follows it. */
  public void recordUpdate(String id) {
    this.updateId = id;
    this.updateNodeGroup = null;
  }

  /** The current step started the cloud update {@code id} of node group {@code nodeGroup}. */
  public void recordUpdate(String id, String nodeGroup) {
    this.updateId = id;
    this.updateNodeGroup = nodeGroup;
  }

  /** The node group the update in flight belongs to, when it is a node group's. */
  public Optional<String> updateNodeGroup() {
    return Optional.ofNullable(updateNodeGroup);
  }

  /**
   * Starts a FAILED operation again at the step that failed (not from scratch): what earlier steps did stays done,
   * and the failed step runs again with a fresh budget. When the step that failed waited for a cloud update (the
   * update itself failed), the step that starts the update runs again, since waiting again would see the same failure.
   */
  public void retry(Instant now) {
    if (status != OperationStatus.FAILED) {
      throw new DomainException("operation.retry.notFailed", status);
    }
    if (kind.steps().get(stepIndex).followsUpdate() && stepIndex > 0) {
      stepIndex--;
    }
    updateId = null;
    updateNodeGroup = null;
    status = OperationStatus.RUNNING;
    attempts = 0;
    lastError = null;
    finishedAt = null;
    nextRunAt = now;
  }

  public Operation(Cluster cluster, OperationKind kind, String requestedBy, Instant now) {
    this.cluster = cluster;
    this.kind = kind;
    this.status = OperationStatus.PENDING;
    this.requestedBy = requestedBy;
    this.clusterToken = UUID.randomUUID().toString();
    this.nodeGroupToken = UUID.randomUUID().toString();
    this.nextRunAt = now;
    this.startedAt = now;
  }

  /** Marks this operation as asked for by request {@code id}, before it is stored. */
  public void tracedBy(String id) {
    this.requestId = id;
  }

  /** The request that asked for this operation, if it was asked for in one. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  public Optional<OperationKind.Step> currentStep() {
    return status.isFinished() ? Optional.empty() : Optional.of(kind.steps().get(stepIndex));
  }

  /** The current step is done: move to the next one, or finish. */
  public void completeStep(Instant now) {
    requireRunning();
    stepIndex++;
    attempts = 0;
    lastError = null;
    nextRunAt = now;
    if (stepIndex >= kind.steps().size()) {
      status = OperationStatus.SUCCEEDED;
      finishedAt = now;
      stepIndex = kind.steps().size() - 1;
    } else {
      status = OperationStatus.RUNNING;
    }
  }

  /** The current step waits on the cloud (a cluster still CREATING): look again after {@code delay}. */
  public void waitFor(Duration delay, Instant now) {
    requireRunning();
    status = OperationStatus.RUNNING;
    nextRunAt = now.plus(delay);
  }

  /** The current step failed; retry with back-off until {@link #MAX_ATTEMPTS}, then fail. */
  public void failAttempt(String error, boolean retryable, Instant now) {
    failAttempt(error, retryable, now, java.util.concurrent.ThreadLocalRandom.current().nextDouble());
  }

  /**
   * As {@link #failAttempt(String, boolean, Instant)}, with the jitter given: {@code jitter} in [0, 1) picks the wait
   * within the upper half of the exponential back-off ({@link #retryDelay}).
   */
  public void failAttempt(String error, boolean retryable, Instant now, double jitter) {
    requireRunning();
    attempts++;
    lastError = error == null ? null : error.substring(0, Math.min(error.length(), 1000));
    if (!retryable || attempts >= MAX_ATTEMPTS) {
      status = OperationStatus.FAILED;
      finishedAt = now;
    } else {
      status = OperationStatus.RUNNING;
      nextRunAt = now.plus(retryDelay(attempts, jitter));
    }
  }

  /**
   * The wait after the {@code attempt}-th failure: 2^attempt seconds capped at {@link #MAX_RETRY_DELAY}, of which a
   * random part ({@code jitter} in [0, 1)) of the upper half is used, so that workers retrying after one burst spread
   * out ("equal jitter").
   */
  public static Duration retryDelay(int attempt, double jitter) {
    long cap = Math.min(1L << Math.min(attempt, 20), MAX_RETRY_DELAY.toSeconds()) * 1000;
    double part = Math.max(0, Math.min(jitter, 1));
    return Duration.ofMillis(cap / 2 + (long) (cap / 2 * part));
  }

  /** Whether {@code owner} holds this operation's lease with fencing token {@code token} at {@code now}. */
  public boolean leasedBy(String owner, long token, Instant now) {
    return owner.equals(leaseOwner) && token == leaseToken && leaseUntil != null && leaseUntil.isAfter(now);
  }

  private void requireRunning() {
    if (status.isFinished()) {
      throw new IllegalStateException("operation " + id + " is " + status);
    }
  }

  public void recordNetwork(String vpcId, List<String> subnetIds) {
    this.vpcId = vpcId;
    this.subnetIds = String.join(",", subnetIds);
  }

  /** Percentage of steps done, for the progress bar. */
  public int progressPercent() {
    if (status == OperationStatus.SUCCEEDED) {
      return 100;
    }
    return stepIndex * 100 / kind.steps().size();
  }

  public Long id() {
    return id;
  }

  public Cluster cluster() {
    return cluster;
  }

  public OperationKind kind() {
    return kind;
  }

  public OperationStatus status() {
    return status;
  }

  public int stepIndex() {
    return stepIndex;
  }

  public int attempts() {
    return attempts;
  }

  public String lastError() {
    return lastError;
  }

  public String clusterToken() {
    return clusterToken;
  }

  public String nodeGroupToken() {
    return nodeGroupToken;
  }

  public Optional<String> vpcId() {
    return Optional.ofNullable(vpcId);
  }

  public List<String> subnetIds() {
    return subnetIds == null || subnetIds.isEmpty() ? List.of() : Arrays.asList(subnetIds.split(","));
  }

  public String requestedBy() {
    return requestedBy;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Optional<Instant> finishedAt() {
    return Optional.ofNullable(finishedAt);
  }

  public Instant nextRunAt() {
    return nextRunAt;
  }
}
