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

  @Column(name = "kubernetes_version", nullable = false, length = 10, updatable = false)
  private String kubernetesVersion;

  @Column(name = "instance_type", nullable = false, length = 40, updatable = false)
  private String instanceType;

  @Column(name = "node_count", nullable = false, updatable = false)
  private int nodeCount;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 20)
  private ClusterStatus status;

  @Column(name = "placement_account", nullable = false, length = 64, updatable = false)
  private String placementAccount;

  @Enumerated(EnumType.STRING)
  @Column(name = "placement_kind", nullable = false, length = 20, updatable = false)
  private PlacementKind placementKind;

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

  /** Starts deletion; only a settled cluster (active or failed) can be deleted. */
  public void startDeleting(Instant now) {
    if (status != ClusterStatus.ACTIVE && status != ClusterStatus.FAILED) {
      throw new DomainException("cluster.delete.notSettled", name, status);
    }
    transition(ClusterStatus.DELETING, now);
  }

  public void markDeleted(Instant now) {
    transition(ClusterStatus.DELETED, now);
    liveName = null;
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
