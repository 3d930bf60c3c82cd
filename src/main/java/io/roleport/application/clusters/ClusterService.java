package io.roleport.application.clusters;

import io.roleport.application.InstallationProfile;
import io.roleport.application.access.Caller;
import io.roleport.application.access.NotFoundException;
import io.roleport.application.access.OrgAccess;
import io.roleport.application.access.TenantGuard;
import io.roleport.application.audit.AuditTrail;
import io.roleport.domain.CloudKind;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterRepository;
import io.roleport.domain.ClusterSpec;
import io.roleport.domain.DomainException;
import io.roleport.domain.Operation;
import io.roleport.domain.OperationKind;
import io.roleport.domain.OperationRepository;
import io.roleport.domain.Organization;
import io.roleport.domain.PlacementKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;

/**
 * Cluster requests. A create or delete only writes the cluster and its operation (in one transaction,
 * before any cloud call) and returns; the {@link ProvisioningWorker} does the cloud work. In an account that
 * trusts people's own sign-in, the requester's ID token is exchanged for the session the operation will run
 * with before anything is written (a refusal or a too-old sign-in changes nothing).
 */
@ApplicationScoped
public class ClusterService {

  @Inject TenantGuard guard;
  @Inject ClusterRepository clusters;
  @Inject OperationRepository operations;
  @Inject InstallationProfile installation;
  @Inject AuditTrail audit;
  @Inject AzureSteps azure;
  @Inject Clock clock;
  @Inject io.roleport.domain.BindingStatusRepository bindingStatuses;
  @Inject WebIdentityAccess webIdentity;
  @Inject io.roleport.domain.OrganizationRepository organizationRows;
  @Inject io.roleport.application.access.Limits limits;

  @Transactional
  public List<Cluster> page(Caller caller, String slug, int offset, int limit) {
    return page(guard.require(caller, slug), offset, limit);
  }

  /** One page of the organization's clusters, newest first: one query. */
  @Transactional
  public List<Cluster> page(OrgAccess access, int offset, int limit) {
    return clusters.page(access.organization(), offset, limit);
  }

  @Transactional
  public long count(Caller caller, String slug) {
    return count(guard.require(caller, slug));
  }

  @Transactional
  public long count(OrgAccess access) {
    return clusters.count(access.organization());
  }

  /**
   * The clusters among {@code ids} that belong to the organization, as they are now (one query): what a live page
   * re-reads on a tick. Ids of other organizations are simply not found.
   */
  @Transactional
  public List<Cluster> current(OrgAccess access, java.util.Collection<Long> ids) {
    return ids.isEmpty() ? List.of() : clusters.find(access.organization(), ids);
  }

  /** One page of the organization's clusters; deleted ones only when {@code withDeleted}. */
  @Transactional
  public List<Cluster> page(Caller caller, String slug, int offset, int limit, boolean withDeleted) {
    return page(guard.require(caller, slug), offset, limit, withDeleted);
  }

  /** One page of the organization's clusters, newest first, deleted ones only when {@code withDeleted}: one query. */
  @Transactional
  public List<Cluster> page(OrgAccess access, int offset, int limit, boolean withDeleted) {
    return clusters.page(access.organization(), offset, limit, withDeleted);
  }

  @Transactional
  public long count(Caller caller, String slug, boolean withDeleted) {
    return count(guard.require(caller, slug), withDeleted);
  }

  @Transactional
  public long count(OrgAccess access, boolean withDeleted) {
    return clusters.count(access.organization(), withDeleted);
  }

  @Transactional
  public Placement placement(Caller caller, String slug) {
    return placement(guard.require(caller, slug));
  }

  /** Where the organization's next cluster goes by default (from the bindings the guard loaded: no query). */
  public Placement placement(OrgAccess access) {
    return placementOf(access.organization());
  }

  /**
   * Where a new cluster may go: the organization's own account or subscription when it has a binding;
   * otherwise the installation's default AWS account and, when configured, its default Azure subscription.
   */
  @Transactional
  public List<Placement> placements(Caller caller, String slug) {
    return placementsOf(guard.require(caller, slug).organization());
  }

  @Transactional
  public ClusterDetail detail(Caller caller, String slug, long clusterId) {
    return detail(guard.require(caller, slug), clusterId);
  }

  /** A cluster of the organization with its latest operation; another organization's cluster is 404. */
  @Transactional
  public ClusterDetail detail(OrgAccess access, long clusterId) {
    Cluster cluster = find(access, clusterId);
    return new ClusterDetail(cluster, operations.latest(cluster));
  }

  /** The kubeconfig of an active cluster of this organization; each download is audited. */
  @Transactional
  public String kubeconfig(Caller caller, String slug, long clusterId) {
    OrgAccess access = guard.require(caller, slug);
    Cluster cluster = find(access, clusterId);
    String kubeconfig;
    if (cluster.cloud() == CloudKind.AZURE) {
      if (cluster.status() != io.roleport.domain.ClusterStatus.ACTIVE) {
        throw new DomainException("cluster.kubeconfig.notReady", cluster.name());
      }
      kubeconfig = azure.kubeconfig(cluster, caller.subject());
    } else {
      kubeconfig = Kubeconfig.of(cluster, EksAccessRoles.roleFor(cluster, access.roles()));
    }
    audit.ok(caller.subject(), access.organization().id(), cluster.placementAccount().value(),
        "kubeconfig.downloaded", cluster.name());
    return kubeconfig;
  }

  /**
   * Records a new cluster and its create operation.
   *
   * @throws DomainException when the caller may not create clusters, the request is invalid or the name
   *     is taken; nothing is stored then
   */
  @Transactional
  public Cluster create(Caller caller, String slug, ClusterSpec spec) {
    return create(caller, slug, spec, null);
  }

  /**
   * Records a new cluster in {@code cloud} (one of {@link #placements}; {@code null} for the first).
   *
   * @throws DomainException as {@link #create(Caller, String, ClusterSpec)}, and {@code cluster.cloud.notOffered}
   */
  @Transactional
  public Cluster create(Caller caller, String slug, ClusterSpec spec, CloudKind cloud) {
    OrgAccess access = guard.require(caller, slug);
    Organization org = access.organization();
    try {
      access.requireManageClusters();
      if (clusters.liveNameTaken(org, spec.name().value())) {
        throw new DomainException("cluster.name.taken", spec.name().value());
      }
      Placement placement = placementsOf(org).stream().filter(p -> cloud == null || p.cloud() == cloud)
          .findFirst().orElseThrow(() -> new DomainException("cluster.cloud.notOffered", cloud));
      if (placement.kind() == PlacementKind.ORG_ACCOUNT) {
        requireNotRevoked(org);
      } else {
        organizationRows.lock(org); // one create at a time per organization takes the quota's last place
        limits.defaultAccountCluster(org);
      }
      var session = placement.kind() == PlacementKind.ORG_ACCOUNT && placement.cloud() == CloudKind.AWS
          ? webIdentity.automationSessionFor(caller, org) : java.util.Optional.<SessionCredentials>empty();
      Cluster cluster = new Cluster(org, spec, placement.cloud(), placement.accountId(), placement.kind(),
          caller.subject(), clock.instant());
      clusters.add(cluster);
      cluster.assignCloudName();
      Operation operation = new Operation(cluster, OperationKind.create(placement.cloud()), caller.subject(),
          clock.instant());
      operations.add(operation);
      session.ifPresent(s -> webIdentity.attach(operation, s));
      audit.ok(caller.subject(), org.id(), placement.accountId(), "cluster.create.requested",
          cluster.name() + " in " + spec.region() + " (" + placement.kind() + ")");
      return cluster;
    } catch (DomainException refused) {
      audit.refused(caller.subject(), org.id(), null, "cluster.create.requested", refused.key());
      throw refused;
    }
  }

  /** A binding the customer revoked runs nothing new in its account until access is restored. */
  private void requireNotRevoked(Organization org) {
    if (bindingStatuses.find(org).map(io.roleport.domain.BindingStatus::revoked).orElse(false)) {
      throw new DomainException("binding.revoked", org.slug());
    }
  }

  /** Starts deleting a settled cluster. */
  @Transactional
  public Operation delete(Caller caller, String slug, long clusterId) {
    OrgAccess access = guard.require(caller, slug);
    Cluster cluster = find(access, clusterId);
    try {
      access.requireManageClusters();
      if (cluster.placementKind() == PlacementKind.ORG_ACCOUNT) {
        requireNotRevoked(access.organization());
      }
      cluster.startDeleting(clock.instant());
      var session = cluster.placementKind() == PlacementKind.ORG_ACCOUNT && cluster.cloud() == CloudKind.AWS
          ? webIdentity.automationSessionFor(caller, access.organization())
          : java.util.Optional.<SessionCredentials>empty();
      Operation operation = new Operation(cluster, OperationKind.delete(cluster.cloud()), caller.subject(),
          clock.instant());
      operations.add(operation);
      session.ifPresent(s -> webIdentity.attach(operation, s));
      audit.ok(caller.subject(), access.organization().id(), cluster.placementAccount().value(),
          "cluster.delete.requested", cluster.name());
      return operation;
    } catch (DomainException refused) {
      audit.refused(caller.subject(), access.organization().id(), null, "cluster.delete.requested", refused.key());
      throw refused;
    }
  }

  private Cluster find(OrgAccess access, long clusterId) {
    return clusters.find(access.organization(), clusterId).orElseThrow(() -> new NotFoundException("cluster"));
  }

  private Placement placementOf(Organization org) {
    return placementsOf(org).get(0);
  }

  private List<Placement> placementsOf(Organization org) {
    if (org.azureBinding().isPresent()) {
      return List.of(new Placement(org.azureBinding().get().subscriptionId().value(), PlacementKind.ORG_ACCOUNT,
          CloudKind.AZURE));
    }
    Placement aws = awsPlacementOf(org);
    if (aws.kind() == PlacementKind.ORG_ACCOUNT || installation.azureDefault().isEmpty()) {
      return List.of(aws);
    }
    return List.of(aws, new Placement(installation.azureDefault().get().subscriptionId().value(),
        PlacementKind.DEFAULT_ACCOUNT, CloudKind.AZURE));
  }

  private Placement awsPlacementOf(Organization org) {
    return org.awsBinding()
        .map(b -> new Placement(b.accountId().value(), PlacementKind.ORG_ACCOUNT))
        .orElseGet(() -> new Placement(installation.defaultWorkloadRole().accountId().value(),
            PlacementKind.DEFAULT_ACCOUNT));
  }
}
