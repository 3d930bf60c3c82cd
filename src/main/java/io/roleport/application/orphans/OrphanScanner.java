package io.roleport.application.orphans;

import io.roleport.application.InstallationProfile;
import io.roleport.application.audit.AuditTrail;
import io.roleport.application.clusters.AzureClusterCloud;
import io.roleport.application.clusters.AzureTarget;
import io.roleport.application.clusters.AzureTargets;
import io.roleport.application.clusters.CloudException;
import io.roleport.application.clusters.CloudProvider;
import io.roleport.application.clusters.CloudTarget;
import io.roleport.application.clusters.OperationStepper;
import io.roleport.application.clusters.ResourceOwner;
import io.roleport.application.clusters.ResourceState;
import io.roleport.application.clusters.TaggedResource;
import io.roleport.application.orphans.OrphanComparison.Found;
import io.roleport.application.orphans.OrphanComparison.Row;
import io.roleport.domain.AwsBinding;
import io.roleport.domain.CloudKind;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterStatus;
import io.roleport.domain.DomainException;
import io.roleport.domain.Organization;
import io.roleport.domain.OrphanFinding;
import io.roleport.domain.OrphanRepository;
import io.roleport.domain.OrphanScan;
import io.roleport.domain.PlacementKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Works a scan through one unit at a time, each in a transaction of its own that stores the unit's findings and moves
 * the scan's cursor together: the default AWS account, the default Azure subscription, then each organization (its
 * own AWS account and Azure subscription, read through its binding as the worker does, and its live cluster rows,
 * each asked of the cloud as its steps would). An account that cannot be read is a finding with the cloud's code.
 * A unit that did not commit (a stop, a crash) is read again by the next worker: reads change nothing.
 */
@ApplicationScoped
public class OrphanScanner {
  /** The organization the default account's read-only session is tagged for: reads there are not scoped by tags. */
  static final String READER = "orphan-check";
  /** How long a worker looks at a deletion before another may take over, and how often it looks again. */
  static final Duration DELETE_LEASE = Duration.ofSeconds(60);
  static final Duration DELETE_POLL = Duration.ofSeconds(2);
  /** How long retryable failures of a deletion are retried before it is recorded as failed. */
  static final Duration DELETE_BUDGET = Duration.ofMinutes(30);
  private static final List<ClusterStatus> LIVE = List.of(ClusterStatus.ACTIVE, ClusterStatus.FAILED,
      ClusterStatus.MISSING);

  @Inject OrphanRepository repository;
  @Inject InstallationProfile installation;
  @Inject CloudProvider aws;
  @Inject AzureClusterCloud azure;
  @Inject AzureTargets azureTargets;
  @Inject OperationStepper stepper;
  @Inject AuditTrail audit;
  @Inject Clock clock;

  @Transactional(TxType.REQUIRES_NEW)
  public Optional<Long> dueScan() {
    return repository.dueScan(clock.instant());
  }

  @Transactional(TxType.REQUIRES_NEW)
  public boolean claim(long scanId, String owner, Duration lease) {
    Instant now = clock.instant();
    return repository.claim(scanId, owner, now, now.plus(lease));
  }

  @Transactional(TxType.REQUIRES_NEW)
  public void release(long scanId, String owner) {
    repository.release(scanId, owner);
  }

  /**
   * Reads the scan's next unit, if {@code owner} still holds its lease; returns whether units are left. A second
   * worker's commit of the same unit fails on the scan's version, so no unit's findings are stored twice.
   */
  @Transactional(TxType.REQUIRES_NEW)
  public boolean runUnit(long scanId, String owner) {
    Instant now = clock.instant();
    OrphanScan scan = repository.scan(scanId).orElseThrow();
    if (!scan.running() || !scan.leasedBy(owner, now)) {
      return false;
    }
    switch (scan.phase()) {
      case OrphanScan.PHASE_DEFAULT_AWS -> {
        readAws(scan, null);
        scan.unitDone(OrphanScan.PHASE_DEFAULT_AZURE, 0);
      }
      case OrphanScan.PHASE_DEFAULT_AZURE -> {
        if (installation.azureDefault().isPresent()) {
          readAzure(scan, null);
          scan.unitDone(OrphanScan.PHASE_ORGANIZATIONS, 0);
        } else {
          scan.skipTo(OrphanScan.PHASE_ORGANIZATIONS);
        }
      }
      default -> {
        Optional<Organization> org = repository.organizationAfter(scan.cursorOrgId());
        if (org.isEmpty()) {
          scan.finish(now);
          long findings = repository.countFindings(scan.id());
          audit.ok(scan.requestedBy(), null, null, "orphan.scan.finished", "scan " + scan.id() + ": "
              + scan.accountsDone() + " accounts and organizations read, " + findings + " findings");
          return false;
        }
        readOrganization(scan, org.get());
        scan.unitDone(OrphanScan.PHASE_ORGANIZATIONS, org.get().id());
      }
    }
    return true;
  }

  /** One organization: its own AWS account, its own Azure subscription, then its live cluster rows. */
  private void readOrganization(OrphanScan scan, Organization org) {
    Set<String> unreadable = new HashSet<>();
    if (org.awsBinding().isPresent() && !readAws(scan, org)) {
      unreadable.add(org.awsBinding().get().accountId().value());
    }
    if (org.azureBinding().isPresent() && !readAzure(scan, org)) {
      unreadable.add(org.azureBinding().get().subscriptionId().value());
    }
    for (Cluster cluster : repository.clusters(org, LIVE)) {
      String account = cluster.placementAccount().value();
      if (unreadable.contains(account) || !OrphanComparison.checked(cluster.status(), repository.busy(cluster))) {
        continue; // an account already reported unreadable is not asked again for each of its clusters
      }
      try {
        ResourceState state = state(cluster, scan.requestedBy());
        OrphanComparison.checkRow(row(cluster), cluster.region(), cluster.cloudName(), state)
            .ifPresent(found -> store(scan, cluster.cloud(), account, accountOrg(cluster), found));
      } catch (RuntimeException e) {
        unreadable.add(account);
        unreadable(scan, cluster.cloud(), account, accountOrg(cluster), cluster.region(), e);
      }
    }
  }

  /** The cloud cluster of a row, asked as the worker's steps ask it. */
  private ResourceState state(Cluster cluster, String actor) {
    ResourceOwner owner = ResourceOwner.of(cluster);
    if (cluster.cloud() == CloudKind.AZURE) {
      return azure.managedClusterState(azureTargets.of(cluster, actor), cluster.resourceGroupName(),
          cluster.cloudName(), owner);
    }
    if (cluster.placementKind() == PlacementKind.ORG_ACCOUNT
        && cluster.organization().awsBinding().map(AwsBinding::usesWebIdentity).orElse(false)) {
      throw webIdentityOnly();
    }
    return aws.clusterState(stepper.targetFor(cluster, actor, null), cluster.cloudName(), owner);
  }

  private static Long accountOrg(Cluster cluster) {
    return cluster.placementKind() == PlacementKind.ORG_ACCOUNT ? cluster.organization().id() : null;
  }

  /**
   * The VPCs carrying Roleport's cluster tag in an AWS account ({@code org}'s own, or the default account when
   * {@code org} is null), in every region clusters were placed there and the installation's own region, compared
   * with the rows their tags name. Returns false when the account could not be read (recorded as a finding).
   */
  private boolean readAws(OrphanScan scan, Organization org) {
    String actor = scan.requestedBy();
    AwsBinding binding = org == null ? null : org.awsBinding().orElseThrow();
    String account = org == null ? installation.defaultWorkloadRole().accountId().value()
        : binding.accountId().value();
    Long accountOrg = org == null ? null : org.id();
    Set<String> regions = new TreeSet<>(repository.regions(CloudKind.AWS,
        org == null ? PlacementKind.DEFAULT_ACCOUNT : PlacementKind.ORG_ACCOUNT, org));
    regions.add(installation.awsRegion());
    if (binding != null && binding.usesWebIdentity()) {
      unreadable(scan, CloudKind.AWS, account, accountOrg, null, webIdentityOnly());
      return false;
    }
    List<TaggedResource> resources = new ArrayList<>();
    for (String region : regions) {
      CloudTarget target = org == null
          ? new CloudTarget(installation.defaultWorkloadRole(), installation.defaultWorkloadExternalId(), region,
              actor, READER)
          : new CloudTarget(binding.automationRole(), binding.externalId(), region, actor, org.slug());
      try {
        resources.addAll(aws.taggedNetworks(target));
      } catch (RuntimeException e) {
        unreadable(scan, CloudKind.AWS, account, accountOrg, region, e);
        return false;
      }
    }
    compare(scan, CloudKind.AWS, account, accountOrg, resources);
    return true;
  }

  /** As {@link #readAws}, for the resource groups of an Azure subscription. */
  private boolean readAzure(OrphanScan scan, Organization org) {
    String account = org == null ? installation.azureDefault().orElseThrow().subscriptionId().value()
        : org.azureBinding().orElseThrow().subscriptionId().value();
    Long accountOrg = org == null ? null : org.id();
    try {
      AzureTarget target = azureTargets.ofAccount(org, scan.requestedBy());
      compare(scan, CloudKind.AZURE, account, accountOrg, azure.taggedResourceGroups(target));
      return true;
    } catch (RuntimeException e) {
      unreadable(scan, CloudKind.AZURE, account, accountOrg, null, e);
      return false;
    }
  }

  private void compare(OrphanScan scan, CloudKind cloud, String account, Long accountOrg,
      List<TaggedResource> resources) {
    Map<Long, Row> rows = repository.clusters(OrphanComparison.clusterIds(cloud, resources)).stream()
        .map(OrphanScanner::row).collect(Collectors.toMap(Row::id, Function.identity()));
    OrphanComparison.compare(cloud, account, resources, rows)
        .forEach(found -> store(scan, cloud, account, accountOrg, found));
  }

  static Row row(Cluster cluster) {
    return new Row(cluster.id(), cluster.organization().id(), cluster.organization().slug(), cluster.status(),
        cluster.cloud(), cluster.placementAccount().value());
  }

  private void store(OrphanScan scan, CloudKind cloud, String account, Long accountOrg, Found f) {
    repository.add(new OrphanFinding(scan.id(), f.kind(), cloud, account, accountOrg, f.region(), f.resourceId(),
        f.clusterKey(), f.tagOrg(), f.tagOrgId(), f.clusterId(), f.clusterOrg(), f.orgId(), null, f.detail()));
  }

  /**
   * An account that could not be read, with the cloud's code (or the rule's key, or, for anything unexpected, its kind:
   * a scan never stops at one account).
   */
  private void unreadable(OrphanScan scan, CloudKind cloud, String account, Long accountOrg, String region,
      RuntimeException e) {
    String code = code(e);
    repository.add(new OrphanFinding(scan.id(), OrphanFinding.Kind.UNREADABLE, cloud, account, accountOrg, region,
        null, null, null, null, null, null, accountOrg, code, e.getMessage()));
  }

  static String code(RuntimeException e) {
    if (e instanceof CloudException c) {
      return c.code();
    }
    return e instanceof DomainException d ? d.key() : "Unexpected" + e.getClass().getSimpleName();
  }

  private static CloudException webIdentityOnly() {
    return new CloudException("WebIdentityOnly", "the account trusts only people's own sign-in (web identity):"
        + " Roleport cannot read it in the background", false, null);
  }

  // --- deletions ---

  @Transactional(TxType.REQUIRES_NEW)
  public List<Long> deletionsDue(int max) {
    return repository.deletionsDue(clock.instant(), max);
  }

  @Transactional(TxType.REQUIRES_NEW)
  public boolean claimDeletion(long findingId) {
    Instant now = clock.instant();
    return repository.claimDeletion(findingId, now, now.plus(DELETE_LEASE));
  }

  /**
   * One look at a requested deletion: removes what carries the finding's tags (on AWS the network, in dependency
   * order, as a cluster's delete does; on Azure the resource group and everything in it) and records it deleted once
   * nothing is left. Only resources whose tags name the finding's cluster key and organization are touched.
   */
  @Transactional(TxType.REQUIRES_NEW)
  public void advanceDeletion(long findingId) {
    Instant now = clock.instant();
    OrphanFinding finding = repository.finding(findingId).orElseThrow();
    if (finding.deleteStatus().orElse(null) != OrphanFinding.DeleteStatus.REQUESTED) {
      return;
    }
    ResourceOwner owner = OrphanCheck.owner(finding);
    Optional<Organization> accountOrg = finding.accountOrgId().flatMap(repository::organization);
    try {
      ResourceState state;
      if (finding.provider() == CloudKind.AWS) {
        state = aws.deleteNetwork(OrphanCheck.awsTarget(installation, finding, accountOrg, finding.deleteBy()), owner);
      } else {
        AzureTarget target = azureTargets.ofAccount(accountOrg.orElse(null), finding.deleteBy());
        state = azure.resourceGroupState(target, finding.resourceId(), owner);
        if (state == ResourceState.ACTIVE) {
          azure.deleteResourceGroup(target, finding.resourceId(), owner);
          state = ResourceState.DELETING;
        }
      }
      if (state == ResourceState.NOT_OURS) { // its tags changed since the check: never deleted as ours
        throw ResourceOwner.notOwned("Resource group", finding.resourceId());
      }
      if (state == ResourceState.GONE) {
        finding.deleted(now);
        audit.ok(finding.deleteBy(), finding.orgId().orElse(null), finding.accountId(), "orphan.delete.finished",
            OrphanCheck.describe(finding));
      } else {
        finding.deleteAgainAt(now.plus(DELETE_POLL));
      }
    } catch (CloudException | DomainException e) {
      String code = code(e);
      boolean retry = e instanceof CloudException c && c.retryable()
          && finding.deleteAt().orElse(now).plus(DELETE_BUDGET).isAfter(now);
      if (retry) {
        finding.deleteAgainAt(now.plus(DELETE_POLL.multipliedBy(5)));
      } else {
        finding.deleteFailed(code + ": " + e.getMessage(), now);
        audit.ok(finding.deleteBy(), finding.orgId().orElse(null), finding.accountId(), "orphan.delete.failed",
            OrphanCheck.describe(finding) + ": " + code + ": " + e.getMessage());
      }
    }
  }
}
