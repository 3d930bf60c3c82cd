package io.roleport.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * One thing an orphan check found: a tagged resource without a live cluster row, a tagged resource whose row is
 * another organization's, a live cluster row whose cloud cluster is gone, or an account it could not read. Only a
 * resource without a cluster may be deleted, once, after a confirmation: the deletion is then
 * {@link DeleteStatus#REQUESTED} until the background worker has removed what carries its tags.
 */
@Entity
@Table(name = "orphan_finding")
public class OrphanFinding implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** What was found. */
  public enum Kind {
    /** A resource carrying Roleport's tags whose cluster has no row, or a DELETED one. */
    RESOURCE,
    /** A resource whose tags name a cluster of another organization or account: reported, never acted on. */
    MISMATCH,
    /** A live cluster row whose cloud cluster is gone. */
    ROW,
    /** An account the check could not read (the cloud's error code says why). */
    UNREADABLE
  }

  /** Where the deletion of a {@link Kind#RESOURCE} is. */
  public enum DeleteStatus { REQUESTED, DELETED, FAILED }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "scan_id", nullable = false, updatable = false)
  private Long scanId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 12, updatable = false)
  private Kind kind;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 10, updatable = false)
  private CloudKind provider;

  @Column(name = "account_id", nullable = false, length = 64, updatable = false)
  private String accountId;

  @Column(name = "account_org_id", updatable = false)
  private Long accountOrgId;

  @Column(length = 40, updatable = false)
  private String region;

  @Column(name = "resource_id", updatable = false)
  private String resourceId;

  @Column(name = "cluster_key", length = 100, updatable = false)
  private String clusterKey;

  @Column(name = "tag_org", length = 64, updatable = false)
  private String tagOrg;

  @Column(name = "tag_org_id", length = 20, updatable = false)
  private String tagOrgId;

  @Column(name = "cluster_id", updatable = false)
  private Long clusterId;

  @Column(name = "cluster_org", length = 40, updatable = false)
  private String clusterOrg;

  @Column(name = "org_id", updatable = false)
  private Long orgId;

  @Column(name = "error_code", length = 100, updatable = false)
  private String errorCode;

  @Column(length = 1000, updatable = false)
  private String detail;

  @Enumerated(EnumType.STRING)
  @Column(name = "delete_status", length = 12)
  private DeleteStatus deleteStatus;

  @Column(name = "delete_by")
  private String deleteBy;

  @Column(name = "delete_at")
  private Instant deleteAt;

  @Column(name = "delete_error", length = 1000)
  private String deleteError;

  @Column(name = "delete_next_at")
  private Instant deleteNextAt;

  @Version
  private long version;

  protected OrphanFinding() {}

  /** A finding of {@code scanId}; the fields that do not apply to its kind are {@code null}. */
  public OrphanFinding(long scanId, Kind kind, CloudKind provider, String accountId, Long accountOrgId, String region,
      String resourceId, String clusterKey, String tagOrg, String tagOrgId, Long clusterId, String clusterOrg,
      Long orgId, String errorCode, String detail) {
    if (kind == null || provider == null || accountId == null || accountId.isBlank()) {
      throw new IllegalArgumentException("a finding names its kind, cloud and account");
    }
    this.scanId = scanId;
    this.kind = kind;
    this.provider = provider;
    this.accountId = accountId;
    this.accountOrgId = accountOrgId;
    this.region = region;
    this.resourceId = cut(resourceId, 255);
    this.clusterKey = cut(clusterKey, 100);
    this.tagOrg = cut(tagOrg, 64);
    this.tagOrgId = cut(tagOrgId, 20);
    this.clusterId = clusterId;
    this.clusterOrg = clusterOrg;
    this.orgId = orgId;
    this.errorCode = cut(errorCode, 100);
    this.detail = cut(detail, 1000);
  }

  /** Whether it may be deleted: a resource without a cluster, whose tags name its organization, not asked yet. */
  public boolean deletable() {
    return kind == Kind.RESOURCE && deleteStatus == null && tagOrg != null && clusterKey != null
        && (provider == CloudKind.AWS || provider == CloudKind.AZURE);
  }

  /** The operator confirmed the deletion; the worker takes it from here. */
  public void requestDelete(String by, Instant now) {
    if (!deletable()) {
      throw new DomainException("orphans.delete.notDeletable");
    }
    deleteStatus = DeleteStatus.REQUESTED;
    deleteBy = by;
    deleteAt = now;
    deleteNextAt = now;
  }

  /** The worker looks again at {@code next} (a NAT gateway or a resource group takes a while to go). */
  public void deleteAgainAt(Instant next) {
    requireRequested();
    deleteNextAt = next;
  }

  public void deleted(Instant now) {
    requireRequested();
    deleteStatus = DeleteStatus.DELETED;
    deleteAt = now;
    deleteNextAt = null;
  }

  public void deleteFailed(String error, Instant now) {
    requireRequested();
    deleteStatus = DeleteStatus.FAILED;
    deleteError = cut(error, 1000);
    deleteAt = now;
    deleteNextAt = null;
  }

  private void requireRequested() {
    if (deleteStatus != DeleteStatus.REQUESTED) {
      throw new IllegalStateException("finding " + id + " has no deletion under way");
    }
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  public Long id() {
    return id;
  }

  public long scanId() {
    return scanId;
  }

  public Kind kind() {
    return kind;
  }

  public CloudKind provider() {
    return provider;
  }

  public String accountId() {
    return accountId;
  }

  public java.util.Optional<Long> accountOrgId() {
    return java.util.Optional.ofNullable(accountOrgId);
  }

  public String region() {
    return region;
  }

  public String resourceId() {
    return resourceId;
  }

  public String clusterKey() {
    return clusterKey;
  }

  public String tagOrg() {
    return tagOrg;
  }

  public String tagOrgId() {
    return tagOrgId;
  }

  public java.util.Optional<Long> clusterId() {
    return java.util.Optional.ofNullable(clusterId);
  }

  /** The slug of the organization of the cluster row, when a row exists (for its link). */
  public String clusterOrg() {
    return clusterOrg;
  }

  public java.util.Optional<Long> orgId() {
    return java.util.Optional.ofNullable(orgId);
  }

  public String errorCode() {
    return errorCode;
  }

  public String detail() {
    return detail;
  }

  public java.util.Optional<DeleteStatus> deleteStatus() {
    return java.util.Optional.ofNullable(deleteStatus);
  }

  public String deleteBy() {
    return deleteBy;
  }

  public java.util.Optional<Instant> deleteAt() {
    return java.util.Optional.ofNullable(deleteAt);
  }

  public String deleteError() {
    return deleteError;
  }
}
