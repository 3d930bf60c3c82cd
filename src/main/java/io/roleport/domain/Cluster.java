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
import java.time.Instant;

/**
 * A workload cluster of one organization. Its placement (the account it runs in and whether that is the
 * installation's default account or the organization's own) is fixed at creation and never changes,
 * even when the organization binds its own account later.
 */
@Entity
@Table(name = "cluster")
public class Cluster implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "org_id", updatable = false)
  private Organization organization;

  @Column(nullable = false, length = 40, updatable = false)
  private String name;

  /** The name while the cluster is live; cleared when it is deleted so the name can be used again. */
  @Column(name = "live_name", length = 40)
  private String liveName;

  @Column(nullable = false, length = 20, updatable = false)
  private String provider;

  @Column(nullable = false, length = 30, updatable = false)
  private String region;

  @Column(name = "kubernetes_version", nullable = false, length = 10)
  private String kubernetesVersion;

  @Column(name = "instance_type", nullable = false, length = 40, updatable = false)
  private String instanceType;

  @Column(name = "node_count", nullable = false)
  private int nodeCount;

  /** The node group's lower bound; {@code null}: the size is fixed at {@link #nodeCount} (as created). */
  @Column(name = "node_min")
  private Integer nodeMin;

  @Column(name = "node_max")
  private Integer nodeMax;

  /** The desired node count the cloud reported at the last refresh ({@code null}: never refreshed or missing). */
  @Column(name = "observed_nodes")
  private Integer observedNodes;

  @Column(name = "observed_version", length = 10)
  private String observedVersion;

  @Column(name = "refreshed_at")
  private Instant refreshedAt;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 20)
  private ClusterStatus status;

  @Column(name = "placement_account", nullable = false, length = 64, updatable = false)
  private String placementAccount;

  @Enumerated(EnumType.STRING)
  @Column(name = "placement_kind", nullable = false, length = 20, updatable = false)
  private PlacementKind placementKind;

  /**
   * The role the cluster's steps run as, recorded when it is created (write-once here and in the database, V16):
   * in the installation's default account the default role of that moment, which a later change of the installation's
   * default role does not move. {@code null} for clusters created before V16 until their next step records it.
   */
  @Column(name = "placement_role_arn", length = 2048)
  private String placementRoleArn;

  /** The ExternalId that role requires, recorded with it (default account only; not a secret, AWS says). */
  @Column(name = "placement_external_id", length = 1224)
  private String placementExternalId;

  /** The organization's own VPC the cluster uses, when it named one ({@link ExistingNetwork}); write-once (V17). */
  @Column(name = "existing_vpc_id", length = 21, updatable = false)
  private String existingVpcId;

  /** ... and its subnets, comma-separated. */
  @Column(name = "existing_subnet_ids", length = 1000, updatable = false)
  private String existingSubnetIds;

  @Column(name = "created_by", nullable = false, length = 255, updatable = false)
  private String createdBy;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "status_changed_at", nullable = false)
  private Instant statusChangedAt;

  @Column(length = 255)
  private String endpoint;

  @Column(name = "certificate_authority", columnDefinition = "TEXT")
  private String certificateAuthority;

  /**
   * The cluster's name in the cloud ({@link CloudName}), fixed once its id is known; write-once here and in the
   * database (trigger of V8.1). Clusters created before it carry the legacy {@code slug-name}.
   */
  @Column(name = "cloud_name", length = 100)
  private String cloudName;

  /** The Azure resource group holding the cluster (and nothing else); {@code null} on AWS. Write-once. */
  @Column(name = "resource_group", length = 90)
  private String resourceGroup;

  /** When the EKS access entries of the account's access roles were last ensured (null: never, e.g. an older cluster). */
  @Column(name = "access_entries_at")
  private Instant accessEntriesAt;

  /** Set by the migration for the clusters that existed before the access-entries step; cleared once queued. */
  @Column(name = "access_backfill_due", nullable = false)
  private boolean accessBackfillDue;

  @Version private long version;

  protected Cluster() {}

  public Cluster(Organization organization, ClusterSpec spec, AwsAccountId account, PlacementKind placementKind,
      String createdBy, Instant now) {
    this(organization, spec, CloudKind.AWS, account.value(), placementKind, createdBy, now);
  }

  /**
   * A cluster in {@code cloud}: {@code account} is the AWS account id or the Azure subscription id it is
   * placed in.
   */
  public Cluster(Organization organization, ClusterSpec spec, CloudKind cloud, String account,
      PlacementKind placementKind, String createdBy, Instant now) {
    spec.requireOffered(cloud);
    if (cloud == CloudKind.AWS) {
      new AwsAccountId(account);
    } else {
      new AzureSubscriptionId(account);
    }
    this.organization = organization;
    this.name = spec.name().value();
    this.liveName = this.name;
    this.provider = cloud.name();
    this.region = spec.region();
    this.kubernetesVersion = spec.kubernetesVersion();
    this.instanceType = spec.instanceType();
    this.nodeCount = spec.nodeCount();
    this.status = ClusterStatus.CREATING;
    this.placementAccount = account;
    this.placementKind = placementKind;
    this.createdBy = createdBy;
    this.createdAt = now;
    this.statusChangedAt = now;
  }

  /**
   * Fixes the cluster's names in the cloud from its id, once the id is assigned (right after it is stored, in
   * the transaction that creates it): {@link CloudName#of}, and on Azure the same name for its resource group.
   */
  public void assignCloudName() {
    if (id == null) {
      throw new IllegalStateException("a cluster gets its cloud name once it has an id");
    }
    if (cloudName != null) {
      throw new IllegalStateException("cluster " + id + " already has its cloud name " + cloudName);
    }
    cloudName = CloudName.of(id, new ClusterName(name)).value();
    resourceGroup = cloud() == CloudKind.AZURE ? cloudName : null;
  }

  /**
   * The cluster's name in the cloud (EKS or AKS cluster, kubeconfig), as stored: unique in a shared account
   * because it starts with the cluster's id; {@code slug-name} for clusters created before issue #11.
   */
  public String cloudName() {
    if (cloudName == null) {
      throw new IllegalStateException("cluster " + id + " has no cloud name yet");
    }
    return cloudName;
  }

  /**
   * Records the role (and the ExternalId it requires, or {@code null}) that every step of this cluster runs as; once
   * only: a cluster placed in an account stays with the role it was placed with.
   */
  public void recordPlacementRole(RoleArn role, ExternalId externalId) {
    if (placementRoleArn != null) {
      throw new IllegalStateException("cluster " + id + " already runs as " + placementRoleArn);
    }
    if (cloud() != CloudKind.AWS || !role.accountId().value().equals(placementAccount)) {
      throw new IllegalArgumentException(role + " is not in the cluster's account " + placementAccount);
    }
    placementRoleArn = role.value();
    placementExternalId = externalId == null ? null : externalId.value();
  }

  /**
   * Puts the cluster in a network the organization already has, before it is stored: only on AWS, in the
   * organization's own account (the installation's default account has no network of the organization's).
   */
  public void useExistingNetwork(ExistingNetwork network) {
    if (id != null || cloud() != CloudKind.AWS || placementKind != PlacementKind.ORG_ACCOUNT) {
      throw new DomainException("cluster.network.onlyOwnAccount");
    }
    existingVpcId = network.vpcId();
    existingSubnetIds = String.join(",", network.subnetIds());
  }

  /** The organization's network the cluster uses, if it named one; otherwise Roleport creates and deletes one. */
  public java.util.Optional<ExistingNetwork> existingNetwork() {
    return existingVpcId == null ? java.util.Optional.empty()
        : java.util.Optional.of(new ExistingNetwork(existingVpcId, java.util.List.of(existingSubnetIds.split(","))));
  }

  /** The role recorded by {@link #recordPlacementRole}, if any. */
  public java.util.Optional<RoleArn> placementRole() {
    return java.util.Optional.ofNullable(placementRoleArn).map(RoleArn::new);
  }

  /** The ExternalId recorded with {@link #placementRole()}, if any. */
  public java.util.Optional<ExternalId> placementExternalId() {
    return java.util.Optional.ofNullable(placementExternalId).map(ExternalId::new);
  }

  public void markActive(Instant now) {
    transition(ClusterStatus.ACTIVE, now);
  }

  /** Records how clients reach the cluster's API, once the cloud reports it. */
  public void recordAccess(String endpoint, String certificateAuthority) {
    this.endpoint = endpoint;
    this.certificateAuthority = certificateAuthority;
  }

  /** The EKS access entries of the account's access roles are in place (the step that ensures them succeeded). */
  public void recordAccessEntries(Instant now) {
    this.accessEntriesAt = now;
  }

  /** The access-entries backfill queued its operation for this cluster: it is never queued again. */
  public void accessBackfillQueued() {
    this.accessBackfillDue = false;
  }

  public java.util.Optional<Instant> accessEntriesAt() {
    return java.util.Optional.ofNullable(accessEntriesAt);
  }

  public java.util.Optional<String> endpoint() {
    return java.util.Optional.ofNullable(endpoint);
  }

  public java.util.Optional<String> certificateAuthority() {
    return java.util.Optional.ofNullable(certificateAuthority);
  }

  public void markFailed(Instant now) {
    transition(ClusterStatus.FAILED, now);
  }

  /** Starts deletion; only a settled cluster (active, failed, or missing in the cloud) can be deleted. */
  public void startDeleting(Instant now) {
    if (status != ClusterStatus.ACTIVE && status != ClusterStatus.FAILED && status != ClusterStatus.MISSING) {
      throw new DomainException("cluster.delete.notSettled", name, status);
    }
    transition(ClusterStatus.DELETING, now);
  }

  public void markDeleted(Instant now) {
    transition(ClusterStatus.DELETED, now);
    liveName = null;
  }

  // --- day-2 operations (issue #15) ---

  /** Starts a day-2 change (scale, upgrade): only an active cluster changes; it is UPDATING meanwhile. */
  public void startUpdating(Instant now) {
    if (status != ClusterStatus.ACTIVE) {
      throw new DomainException("cluster.change.notActive", name, status);
    }
    transition(ClusterStatus.UPDATING, now);
  }

  /** A day-2 change ended (done or failed): the cluster is active again, as it still runs. */
  public void endUpdating(Instant now) {
    if (status == ClusterStatus.UPDATING) {
      transition(ClusterStatus.ACTIVE, now);
    }
  }

  /** The node group now has this size. */
  public void recordScaling(NodeScaling scaling) {
    this.nodeMin = scaling.min();
    this.nodeCount = scaling.desired();
    this.nodeMax = scaling.max();
  }

  /** The control plane and nodes now run {@code version}. */
  public void recordVersion(String version) {
    this.kubernetesVersion = version;
  }

  /** The node group's size as Roleport set it. */
  public NodeScaling scaling() {
    return nodeMin == null ? NodeScaling.fixed(nodeCount) : new NodeScaling(nodeMin, nodeCount, nodeMax);
  }

  /**
   * What a refresh found in the cloud: the cluster with its desired node count and version (a MISSING cluster that is
   * found again is active again), or nothing ({@code found} false: deleted outside Roleport, now MISSING). Only a
   * settled cluster (active or missing) changes status; one in the middle of an operation keeps it.
   */
  public void recordRefresh(boolean found, Integer nodes, String version, Instant now) {
    refreshedAt = now;
    observedNodes = found ? nodes : null;
    observedVersion = found ? version : null;
    if (!found && status == ClusterStatus.ACTIVE) {
      transition(ClusterStatus.MISSING, now);
    } else if (found && status == ClusterStatus.MISSING) {
      transition(ClusterStatus.ACTIVE, now);
    }
  }

  /** Resumes a failed create or delete (retry): the cluster is CREATING or DELETING again. */
  public void resume(OperationKind kind, Instant now) {
    if (kind.isDay2()) {
      startUpdating(now);
    } else if (kind.changesLifecycle()) {
      transition(kind.creates() ? ClusterStatus.CREATING : ClusterStatus.DELETING, now);
    }
  }

  public java.util.Optional<Integer> observedNodes() {
    return java.util.Optional.ofNullable(observedNodes);
  }

  public java.util.Optional<String> observedVersion() {
    return java.util.Optional.ofNullable(observedVersion);
  }

  public java.util.Optional<Instant> refreshedAt() {
    return java.util.Optional.ofNullable(refreshedAt);
  }

  /** Whether the last refresh found the cluster other than Roleport left it (node count or version changed outside). */
  public boolean drifted() {
    return (observedNodes != null && observedNodes != nodeCount)
        || (observedVersion != null && !KubernetesVersions.minor(observedVersion).equals(kubernetesVersion));
  }

  private void transition(ClusterStatus next, Instant now) {
    status = next;
    statusChangedAt = now;
  }

  public Long id() {
    return id;
  }

  public Organization organization() {
    return organization;
  }

  public String name() {
    return name;
  }

  public String provider() {
    return provider;
  }

  public String region() {
    return region;
  }

  public String kubernetesVersion() {
    return kubernetesVersion;
  }

  public String instanceType() {
    return instanceType;
  }

  public int nodeCount() {
    return nodeCount;
  }

  public ClusterStatus status() {
    return status;
  }

  /** The AWS account id or Azure subscription id the cluster runs in. */
  public PlacementAccount placementAccount() {
    return new PlacementAccount(placementAccount);
  }

  public CloudKind cloud() {
    return CloudKind.valueOf(provider);
  }

  /** The Azure resource group that holds this cluster (and nothing else), as stored with its cloud name. */
  public String resourceGroupName() {
    if (resourceGroup == null) {
      throw new IllegalStateException("cluster " + id + " has no resource group");
    }
    return resourceGroup;
  }

  public PlacementKind placementKind() {
    return placementKind;
  }

  public String createdBy() {
    return createdBy;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant statusChangedAt() {
    return statusChangedAt;
  }
}
