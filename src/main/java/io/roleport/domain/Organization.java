package io.roleport.domain;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/**
 * A tenant. It owns its ExternalId from the moment it is created (so onboarding can show it) and at most
 * one cloud binding (AWS by {@link #bindAws} or Azure by {@link #bindAzure}), set once and never changed afterwards: to move to another account
 * an organization is created anew. The database enforces the same rule with triggers.
 */
@Entity
@Table(name = "organization")
public class Organization implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** What every organization's workload subject starts with (see {@link #workloadSubject()}). */
  public static final String WORKLOAD_SUBJECT_PREFIX = "roleport:org:";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, unique = true, length = 40, updatable = false)
  private String slug;

  @Column(nullable = false, length = 100)
  private String name;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 20)
  private OrgKind kind;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "parent_id")
  private Organization parent;

  @Column(name = "external_id", nullable = false, unique = true, length = 40, updatable = false)
  private String externalId;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  /** Set once when the organization is archived (issue #15): read-only from then on; never cleared. */
  @Column(name = "archived_at")
  private Instant archivedAt;

  @Column(name = "archived_by", length = 255)
  private String archivedBy;

  /** ISV organizations: whether their third parties must bind their own account before any cluster. */
  @Column(name = "third_parties_must_bind", nullable = false)
  private boolean thirdPartiesMustBind;

  /** The organization this one was created to replace ("move to a new organization"), if any. */
  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "moved_from_id", updatable = false)
  private Organization movedFrom;

  /** The organization created to replace this one, once (the other side of {@link #movedFrom}). */
  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "replaced_by_id")
  private Organization replacedBy;

  /** When the pending request to become an ISV was made; {@code null} when none is pending. */
  @Column(name = "isv_requested_at")
  private Instant isvRequestedAt;

  /**
   * How many clusters the organization has, deleted ones included, and how many of them are not deleted: kept by the
   * database's triggers (V32), read with the organization's row and never written from here.
   */
  @Column(name = "cluster_count", insertable = false, updatable = false)
  private long clusterCount;

  @Column(name = "live_cluster_count", insertable = false, updatable = false)
  private long liveClusterCount;

  @OneToOne(mappedBy = "organization", cascade = CascadeType.PERSIST, fetch = FetchType.LAZY)
  private AwsBinding awsBinding;

  @OneToOne(mappedBy = "organization", cascade = CascadeType.PERSIST, fetch = FetchType.LAZY)
  private AzureBinding azureBinding;

  protected Organization() {}

  /** An organization's display name: 1 to 100 characters. */
  public static void requireValidName(String name) {
    if (name == null || name.isBlank() || name.strip().length() > 100) {
      throw new DomainException("org.name.invalid");
    }
  }

  public Organization(Slug slug, String name, OrgKind kind, Organization parent, ExternalId externalId, Instant now) {
    requireValidName(name);
    if ((kind == OrgKind.THIRD_PARTY) != (parent != null)) {
      throw new DomainException("org.parent.invalid");
    }
    if (parent != null && parent.kind != OrgKind.ISV) {
      throw new DomainException("org.parent.notIsv", parent.slug);
    }
    this.slug = slug.value();
    this.name = name.strip();
    this.kind = kind;
    this.parent = parent;
    this.externalId = externalId.value();
    this.createdAt = now;
  }

  /**
   * Binds this organization to its own AWS account, once. The roles must both live in one account and
   * the binding must carry this organization's ExternalId.
   *
   * @throws DomainException {@code binding.alreadySet} when a binding exists: it never changes
   */
  public AwsBinding bindAws(RoleArn automationRole, RoleArn supportRole, String boundBy, Instant now) {
    return bindAws(automationRole, supportRole, AwsFederation.ROLE_ASSUMPTION, boundBy, now);
  }

  /** As {@link #bindAws(RoleArn, RoleArn, String, Instant)}, with the way sessions for people are obtained. */
  public AwsBinding bindAws(RoleArn automationRole, RoleArn supportRole, AwsFederation federation, String boundBy,
      Instant now) {
    requireUnbound();
    if (!automationRole.accountId().equals(supportRole.accountId())) {
      throw new DomainException("binding.accountsDiffer", automationRole.accountId(), supportRole.accountId());
    }
    awsBinding = new AwsBinding(this, automationRole, supportRole, externalId(), federation, boundBy, now);
    return awsBinding;
  }

  /**
   * Binds this organization to its own Azure subscription through one service principal, once. An
   * organization has at most one cloud binding, whatever the provider.
   *
   * @throws DomainException {@code binding.alreadySet} when any binding exists: it never changes
   */
  public AzureBinding bindAzure(AzureTenantId tenant, AzureSubscriptionId subscription, AzureClientId client,
      AzureAuthMode mode, String boundBy, Instant now) {
    requireUnbound();
    azureBinding = new AzureBinding(this, tenant, subscription, client, mode, boundBy, now);
    return azureBinding;
  }

  private void requireUnbound() {
    if (awsBinding != null) {
      throw new DomainException("binding.alreadySet", awsBinding.accountId());
    }
    if (azureBinding != null) {
      throw new DomainException("binding.alreadySet", azureBinding.subscriptionId());
    }
  }

  public Optional<AzureBinding> azureBinding() {
    return Optional.ofNullable(azureBinding);
  }

  public Optional<AwsBinding> awsBinding() {
    return Optional.ofNullable(awsBinding);
  }

  public boolean isBound() {
    return awsBinding != null || azureBinding != null;
  }

  public Long id() {
    return id;
  }

  public String slug() {
    return slug;
  }

  public String name() {
    return name;
  }

  public OrgKind kind() {
    return kind;
  }

  public Optional<Organization> parent() {
    return Optional.ofNullable(parent);
  }

  public ExternalId externalId() {
    return new ExternalId(externalId);
  }

  /**
   * The subject of the workload identity tokens Roleport signs for this organization, which its Azure app's
   * federated credential trusts: {@code roleport:org:<ExternalId>}. Roleport generated the ExternalId and it never
   * changes (trigger {@code organization_external_id_fixed}), so no other organization can ever obtain a token
   * carrying it: this is the Azure counterpart of the ExternalId's confused-deputy guard.
   */
  public String workloadSubject() {
    return WORKLOAD_SUBJECT_PREFIX + externalId;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /**
   * How many clusters the organization had when its row was read (the cluster list's count): all of them, or only
   * those not deleted.
   */
  public long clusterCount(boolean withDeleted) {
    return withDeleted ? clusterCount : liveClusterCount;
  }

  // --- lifecycle (issue #15): rename, archive, ISV kind, move ---

  /** A new display name; the slug and the ExternalId never change. */
  public void rename(String newName) {
    requireActive();
    requireValidName(newName);
    this.name = newName.strip();
  }

  /**
   * Archives the organization: from now on it is read-only (the services refuse every write), its audit stays and its
   * slug stays taken. Whether clusters still live is the caller's check (it needs a query).
   */
  public void archive(String by, Instant now) {
    requireActive();
    this.archivedAt = now;
    this.archivedBy = by;
  }

  public boolean isArchived() {
    return archivedAt != null;
  }

  public Optional<Instant> archivedAt() {
    return Optional.ofNullable(archivedAt);
  }

  public String archivedBy() {
    return archivedBy;
  }

  /** @throws DomainException {@code org.archived} once the organization is archived */
  public void requireActive() {
    if (archivedAt != null) {
      throw new DomainException("org.archived", slug);
    }
  }

  /** Makes a team organization an ISV (an operator's decision). */
  public void makeIsv() {
    requireActive();
    if (kind == OrgKind.ISV) {
      throw new DomainException("org.isv.already", slug);
    }
    if (kind == OrgKind.THIRD_PARTY) {
      throw new DomainException("org.isv.thirdParty", slug);
    }
    this.kind = OrgKind.ISV;
  }

  /** Makes an ISV a team organization again; the caller checks it has no third parties left. */
  public void makeTeam() {
    requireActive();
    if (kind != OrgKind.ISV) {
      throw new DomainException("org.team.notIsv", slug);
    }
    this.kind = OrgKind.TEAM;
    this.thirdPartiesMustBind = false;
  }

  public boolean thirdPartiesMustBind() {
    return thirdPartiesMustBind;
  }

  /** An ISV's rule for its third parties: their own account bound before any cluster, or not. */
  public void requireThirdPartiesToBind(boolean required) {
    requireActive();
    if (kind != OrgKind.ISV) {
      throw new DomainException("org.parent.notIsv", slug);
    }
    this.thirdPartiesMustBind = required;
  }

  /**
   * Whether a cluster may be created in the installation's default account for this organization: not for a third
   * party whose ISV requires its own account first.
   *
   * @throws DomainException {@code cluster.thirdParty.bindFirst}
   */
  public void requireDefaultAccountAllowed() {
    if (kind == OrgKind.THIRD_PARTY && parent != null && parent.thirdPartiesMustBind && !isBound()) {
      throw new DomainException("cluster.thirdParty.bindFirst", slug, parent.name);
    }
  }

  /** Records that this (new) organization replaces {@code old}; set once on both, when it is created by a move. */
  public void movedFrom(Organization old) {
    if (this.movedFrom != null || old == this) {
      throw new DomainException("org.move.invalid", slug);
    }
    old.requireNotReplaced();
    old.replacedBy = this;
    this.movedFrom = old;
  }

  /** @throws DomainException {@code org.move.already} when another organization replaced this one already */
  public void requireNotReplaced() {
    if (replacedBy != null) {
      throw new DomainException("org.move.already", slug, replacedBy.slug);
    }
  }

  public Optional<Organization> replacedBy() {
    return Optional.ofNullable(replacedBy);
  }

  /** Marks an ISV request pending ({@code at}) or decided ({@code null}). */
  void isvRequested(Instant at) {
    this.isvRequestedAt = at;
  }

  /** Whether a request to become an ISV waits for an operator (the request is an {@link IsvRequest}). */
  public boolean isvRequestPending() {
    return isvRequestedAt != null;
  }

  public Optional<Organization> movedFrom() {
    return Optional.ofNullable(movedFrom);
  }
}
