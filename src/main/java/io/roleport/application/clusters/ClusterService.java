package io.roleport.application.clusters;

import io.roleport.application.InstallationProfile;
import io.roleport.application.access.Caller;
import io.roleport.application.access.NotFoundException;
import io.roleport.application.access.OrgAccess;
import io.roleport.application.access.TenantGuard;
import io.roleport.application.audit.AuditTrail;
import io.roleport.domain.CloudKind;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterListing;
import io.roleport.domain.ClusterRepository;
import io.roleport.domain.ClusterSpec;
import io.roleport.domain.DomainException;
import io.roleport.domain.KubernetesVersions;
import io.roleport.domain.NodeScaling;
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
  @Inject CloudProvider cloud;
  @Inject io.roleport.domain.OrganizationRepository organizationRows;
  @Inject io.roleport.application.access.Limits limits;
  @Inject io.roleport.domain.NodeGroupRepository nodeGroups;

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

  /** How many clusters the organization has, deleted ones included (from its row, which the guard read: no query). */
  public long count(OrgAccess access) {
    return access.organization().clusterCount(true);
  }

  /** A page of the cluster list: its number, its rows, and how many clusters the list has in all. */
  public record ListingPage(int page, List<ClusterListing> rows, long total) {
    /** How many pages of {@code size} rows {@code total} rows make: at least one, which an empty list shows. */
    public static int pages(long total, int size) {
      return (int) Math.max(1, (total + size - 1) / size);
    }
  }

  /**
   * Page {@code wanted} of what the cluster list shows, {@code size} rows newest first, deleted clusters only when
   * {@code withDeleted}; the last page when the list is shorter than that. One query, the page: how many clusters the
   * list has comes with the organization's row that the guard read for this request (kept by the database, V32), so
   * no view counts the organization's clusters (docs/performance.md, ninth run).
   */
  @Transactional
  public ListingPage listingPage(OrgAccess access, int wanted, int size, boolean withDeleted) {
    long total = access.organization().clusterCount(withDeleted);
    int page = Math.max(1, Math.min(wanted, ListingPage.pages(total, size)));
    return new ListingPage(page, clusters.listing(access.organization(), (page - 1) * size, size, withDeleted), total);
  }

  /**
   * What the cluster list shows of the clusters among {@code ids} that belong to the organization, as they are now
   * (one query): what the list re-reads on a live tick. Ids of other organizations are simply not found.
   */
  @Transactional
  public List<ClusterListing> currentListing(OrgAccess access, java.util.Collection<Long> ids) {
    return ids.isEmpty() ? List.of() : clusters.listing(access.organization(), ids);
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
      var role = EksAccessRoles.roleFor(cluster, access.roles());
      boolean webIdentity = cluster.placementKind() == io.roleport.domain.PlacementKind.ORG_ACCOUNT
          && access.organization().awsBinding().map(io.roleport.domain.AwsBinding::usesWebIdentity).orElse(false);
      kubeconfig = webIdentity ? Kubeconfig.ofWebIdentity(cluster, role) : Kubeconfig.of(cluster, role);
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
    return create(caller, slug, spec, cloud, null);
  }

  /**
   * As {@link #create(Caller, String, ClusterSpec, CloudKind)}, in a network the organization already has
   * ({@code null}: Roleport creates one). That network is read in the organization's account with its automation role
   * before anything is stored, and refused with every problem named ({@code cluster.network.refused}); only an AWS
   * cluster in the organization's own account may use one ({@code cluster.network.onlyOwnAccount}).
   */
  @Transactional
  public Cluster create(Caller caller, String slug, ClusterSpec spec, CloudKind cloud,
      io.roleport.domain.ExistingNetwork network) {
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
        org.requireDefaultAccountAllowed(); // issue #15: an ISV may require its third parties to bind first
        organizationRows.lock(org); // one create at a time per organization takes the quota's last place
        limits.defaultAccountCluster(org);
      }
      var session = placement.kind() == PlacementKind.ORG_ACCOUNT && placement.cloud() == CloudKind.AWS
          ? webIdentity.automationSessionFor(caller, org) : java.util.Optional.<SessionCredentials>empty();
      Cluster cluster = new Cluster(org, spec, placement.cloud(), placement.accountId(), placement.kind(),
          caller.subject(), clock.instant());
      if (network != null) {
        cluster.useExistingNetwork(network);
        requireUsable(org, spec, network, caller, session.orElse(null));
      }
      if (placement.cloud() == CloudKind.AWS) { // the role its steps run as, fixed now (issue #12)
        if (placement.kind() == PlacementKind.ORG_ACCOUNT) {
          cluster.recordPlacementRole(org.awsBinding().orElseThrow().automationRole(), null);
        } else {
          cluster.recordPlacementRole(installation.defaultWorkloadRole(), installation.defaultWorkloadExternalId());
        }
      }
      clusters.add(cluster);
      cluster.assignCloudName();
      nodeGroups.add(io.roleport.domain.NodeGroup.first(cluster, clock.instant()));
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

  /** Reads the organization's network in its account, as its automation role; refuses it with every problem named. */
  private void requireUsable(Organization org, ClusterSpec spec, io.roleport.domain.ExistingNetwork network,
      Caller caller, SessionCredentials session) {
    io.roleport.domain.AwsBinding binding = org.awsBinding().orElseThrow();
    CloudTarget target = new CloudTarget(binding.automationRole(), binding.externalId(), spec.region(),
        caller.subject(), org.slug(), session);
    List<CloudProvider.NetworkProblem> problems = cloud.checkExistingNetwork(target, network.vpcId(),
        network.subnetIds());
    if (!problems.isEmpty()) {
      throw new DomainException("cluster.network.refused", String.join(" ", problems.stream()
          .map(p -> ResourceOwner.message(p.key(), p.args().toArray())).toList()));
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

  // --- day-2 operations (issue #15) ---

  /** A refresh within this time of the last one answers what that one found, without calling the cloud. */
  static final java.time.Duration REFRESH_MIN_INTERVAL = java.time.Duration.ofSeconds(10);

  @Inject OperationStepper stepper;
  @Inject CloudProvider aws;

  /**
   * Starts scaling an active cluster's node group to {@code scaling} (min, desired, max).
   *
   * @throws DomainException when the caller may not change clusters, the cluster is not active or the numbers are
   *     invalid for its cloud; nothing is stored then
   */
  @Transactional
  public Operation scale(Caller caller, String slug, long clusterId, NodeScaling scaling) {
    return scale(caller, slug, clusterId, null, scaling);
  }

  /**
   * Starts scaling node group {@code nodeGroupId} of an active cluster ({@code null}: its first group, as
   * {@link #scale(Caller, String, long, NodeScaling)}). A group of another cluster is not found (404). The first group
   * keeps the cloud's rules for it (AKS: the system pool keeps a node); an added one may scale to zero.
   */
  @Transactional
  public Operation scale(Caller caller, String slug, long clusterId, Long nodeGroupId, NodeScaling scaling) {
    String[] groupName = {""};
    return change(caller, slug, clusterId, "cluster.scale.requested", cluster -> {
      io.roleport.domain.NodeGroup group = nodeGroupId == null ? nodeGroups.first(cluster).orElse(null)
          : liveNodeGroup(cluster, nodeGroupId);
      boolean first = group == null || group.first();
      scaling.requireOffered(first ? cluster.cloud() : CloudKind.AWS);
      if (scaling.equals(first ? cluster.scaling() : group.scaling())) {
        throw new DomainException("scale.unchanged", scaling.min(), scaling.desired(), scaling.max());
      }
      if (group != null) {
        group.startScaling(clock.instant());
        groupName[0] = first ? "" : " node group " + group.name();
      }
      return Operation.scale(cluster, group, scaling, caller.subject(), clock.instant());
    }, cluster -> cluster.name() + groupName[0] + ": " + scaling.min() + "/" + scaling.desired() + "/"
        + scaling.max() + " (min/desired/max)");
  }

  /** The cluster's live node groups (the first one first), for its page; another organization's cluster is 404. */
  @Transactional
  public List<io.roleport.domain.NodeGroup> nodeGroups(OrgAccess access, long clusterId) {
    return nodeGroups.live(find(access, clusterId));
  }

  /**
   * Starts adding a node group to an active cluster: an EKS managed node group in the cluster's subnets, or an AKS
   * user pool (Linux). Every rule the request breaks is named at once ({@link io.roleport.domain.RulesBroken}: the
   * cloud's naming rule, a name in use in the cluster, the machine type, the sizes); nothing is stored then.
   */
  @Transactional
  public Operation addNodeGroup(Caller caller, String slug, long clusterId, String name, String instanceType,
      Integer min, Integer desired, Integer max) {
    String shown = name == null ? "" : name.strip();
    return change(caller, slug, clusterId, "cluster.nodegroup.add.requested", cluster -> {
      var taken = nodeGroups.live(cluster).stream().map(io.roleport.domain.NodeGroup::name).toList();
      var group = io.roleport.domain.NodeGroup.add(cluster, shown, instanceType == null ? null : instanceType.strip(),
          min, desired, max, taken, caller.subject(), clock.instant());
      nodeGroups.add(group);
      return Operation.addNodeGroup(cluster, group, caller.subject(), clock.instant());
    }, cluster -> cluster.name() + " node group " + shown + ": " + instanceType + ", " + min + "/" + desired + "/"
        + max + " (min/desired/max)");
  }

  /**
   * Starts removing an added node group of an active cluster. The first group is never removed on its own (it goes
   * with the cluster: AKS needs its system pool); a group of another cluster is not found (404).
   */
  @Transactional
  public Operation removeNodeGroup(Caller caller, String slug, long clusterId, long nodeGroupId) {
    String[] groupName = {""};
    return change(caller, slug, clusterId, "cluster.nodegroup.remove.requested", cluster -> {
      io.roleport.domain.NodeGroup group = liveNodeGroup(cluster, nodeGroupId);
      groupName[0] = group.name();
      group.startRemoving(clock.instant());
      return Operation.removeNodeGroup(cluster, group, caller.subject(), clock.instant());
    }, cluster -> cluster.name() + " node group " + groupName[0]);
  }

  private io.roleport.domain.NodeGroup liveNodeGroup(Cluster cluster, long nodeGroupId) {
    return nodeGroups.find(cluster, nodeGroupId).filter(io.roleport.domain.NodeGroup::live)
        .orElseThrow(() -> new NotFoundException("node group"));
  }

  /**
   * Starts upgrading an active cluster to {@code version}, the next minor version after its own (control plane,
   * then node group). Irreversible: Kubernetes versions never go down.
   */
  @Transactional
  public Operation upgrade(Caller caller, String slug, long clusterId, String version) {
    return change(caller, slug, clusterId, "cluster.upgrade.requested", cluster -> {
      KubernetesVersions.requireNextMinor(cluster.kubernetesVersion(), version);
      return Operation.upgrade(cluster, version, caller.subject(), clock.instant());
    }, cluster -> cluster.name() + ": " + cluster.kubernetesVersion() + " to " + version);
  }

  /** The version an upgrade of the cluster would go to (the next supported minor), if any. */
  public java.util.Optional<String> upgradeTarget(Cluster cluster) {
    return KubernetesVersions.next(cluster.kubernetesVersion());
  }

  private Operation change(Caller caller, String slug, long clusterId, String action,
      java.util.function.Function<Cluster, Operation> plan, java.util.function.Function<Cluster, String> detail) {
    OrgAccess access = guard.require(caller, slug);
    Cluster cluster = find(access, clusterId);
    try {
      access.requireManageClusters();
      if (cluster.placementKind() == PlacementKind.ORG_ACCOUNT) {
        requireNotRevoked(access.organization());
      }
      Operation operation = plan.apply(cluster);
      cluster.startUpdating(clock.instant());
      var session = sessionFor(caller, access.organization(), cluster);
      operations.add(operation);
      session.ifPresent(s -> webIdentity.attach(operation, s));
      audit.ok(caller.subject(), access.organization().id(), cluster.placementAccount().value(), action,
          detail.apply(cluster));
      return operation;
    } catch (DomainException refused) {
      audit.refused(caller.subject(), access.organization().id(), null, action, refused.key());
      throw refused;
    }
  }

  /**
   * Runs the cluster's latest operation again from the step where it failed (not from scratch), as {@code caller}.
   * Only the latest operation, and only when it FAILED.
   */
  @Transactional
  public Operation retry(Caller caller, String slug, long clusterId) {
    OrgAccess access = guard.require(caller, slug);
    Cluster cluster = find(access, clusterId);
    try {
      access.requireManageClusters();
      if (cluster.placementKind() == PlacementKind.ORG_ACCOUNT) {
        requireNotRevoked(access.organization());
      }
      Operation operation = operations.latest(cluster)
          .filter(op -> op.status() == io.roleport.domain.OperationStatus.FAILED)
          .orElseThrow(() -> new DomainException("operation.retry.notFailed", cluster.name()));
      var session = sessionFor(caller, access.organization(), cluster);
      cluster.resume(operation.kind(), clock.instant());
      operation.nodeGroup().ifPresent(g -> g.resume(operation.kind(), clock.instant()));
      operation.retry(clock.instant());
      session.ifPresent(s -> webIdentity.attach(operation, s));
      audit.ok(caller.subject(), access.organization().id(), cluster.placementAccount().value(),
          "operation.retried", cluster.name() + ": " + operation.kind() + " from step "
              + operation.currentStep().map(Enum::name).orElse("-"));
      return operation;
    } catch (DomainException refused) {
      audit.refused(caller.subject(), access.organization().id(), null, "operation.retried", refused.key());
      throw refused;
    }
  }

  /**
   * Reads the cluster from its cloud, as {@code caller}, and records what is there: its node count and version (a
   * difference from what Roleport set shows as drift), or that it is missing (deleted outside Roleport). On demand
   * only, and at most once per {@link #REFRESH_MIN_INTERVAL} per cluster (a repeated click answers the last result).
   */
  @Transactional
  public Cluster refresh(Caller caller, String slug, long clusterId) {
    OrgAccess access = guard.require(caller, slug);
    Cluster cluster = find(access, clusterId);
    try {
      access.requireManageClusters();
      var status = cluster.status();
      if (status != io.roleport.domain.ClusterStatus.ACTIVE && status != io.roleport.domain.ClusterStatus.MISSING) {
        throw new DomainException("cluster.refresh.notSettled", cluster.name(), status);
      }
      java.time.Instant now = clock.instant();
      if (cluster.refreshedAt().filter(at -> at.plus(REFRESH_MIN_INTERVAL).isAfter(now)).isPresent()) {
        return cluster;
      }
      java.util.Optional<CloudProvider.Observed> seen;
      if (cluster.cloud() == CloudKind.AZURE) {
        seen = azure.observe(cluster, caller.subject());
      } else {
        CloudTarget target = stepper.targetFor(cluster, caller.subject(),
            sessionFor(caller, access.organization(), cluster).orElse(null));
        seen = aws.observe(target, cluster.cloudName(), OperationStepper.NODE_GROUP, ResourceOwner.of(cluster));
      }
      ClusterStatusBefore before = new ClusterStatusBefore(cluster.status(), cluster.drifted());
      cluster.recordRefresh(seen.isPresent(), seen.map(CloudProvider.Observed::desiredNodes).orElse(null),
          seen.map(o -> KubernetesVersions.minor(o.version())).orElse(null), now);
      audit.ok(caller.subject(), access.organization().id(), cluster.placementAccount().value(), "cluster.refreshed",
          cluster.name() + ": " + (seen.isEmpty() ? "missing in the cloud"
              : seen.get().desiredNodes() + " nodes, version " + seen.get().version()
                  + (cluster.drifted() ? " (differs from Roleport)" : ""))
              + (before.status() != cluster.status() ? ", status " + before.status() + " to " + cluster.status() : ""));
      return cluster;
    } catch (DomainException refused) {
      audit.refused(caller.subject(), access.organization().id(), null, "cluster.refreshed", refused.key());
      throw refused;
    } catch (CloudException failed) {
      audit.refused(caller.subject(), access.organization().id(), cluster.placementAccount().value(),
          "cluster.refreshed", failed.code());
      throw new DomainException("cluster.refresh.failed", cluster.name(), failed.code() + ": " + failed.getMessage());
    }
  }

  private record ClusterStatusBefore(io.roleport.domain.ClusterStatus status, boolean drifted) {}

  /** The session a change in an account trusting people's own sign-in runs with (else empty). */
  private java.util.Optional<SessionCredentials> sessionFor(Caller caller, Organization org, Cluster cluster) {
    return cluster.placementKind() == PlacementKind.ORG_ACCOUNT && cluster.cloud() == CloudKind.AWS
        ? webIdentity.automationSessionFor(caller, org) : java.util.Optional.empty();
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
