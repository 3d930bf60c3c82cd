package io.roleport.application.orphans;

import io.roleport.application.InstallationProfile;
import io.roleport.application.access.Caller;
import io.roleport.application.access.NotFoundException;
import io.roleport.application.audit.AuditTrail;
import io.roleport.application.clusters.AzureClusterCloud;
import io.roleport.application.clusters.AzureTargets;
import io.roleport.application.clusters.CloudException;
import io.roleport.application.clusters.CloudProvider;
import io.roleport.application.clusters.CloudTarget;
import io.roleport.application.clusters.ResourceOwner;
import io.roleport.application.clusters.TaggedResource;
import io.roleport.domain.AwsBinding;
import io.roleport.domain.CloudKind;
import io.roleport.domain.ClusterStatus;
import io.roleport.domain.DomainException;
import io.roleport.domain.Organization;
import io.roleport.domain.OrphanFinding;
import io.roleport.domain.OrphanRepository;
import io.roleport.domain.OrphanScan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The operator's orphan check as the page uses it: start a scan (one at a time; the background worker reads the
 * accounts), read the latest scan and its findings, and ask for the deletion of a resource without a cluster, which
 * is checked again against the database and the cloud right before it is accepted. Platform operators only:
 * everyone else gets 404. Every request and refusal is audited.
 */
@ApplicationScoped
public class OrphanCheck {

  @Inject OrphanRepository repository;
  @Inject InstallationProfile installation;
  @Inject CloudProvider aws;
  @Inject AzureClusterCloud azure;
  @Inject AzureTargets azureTargets;
  @Inject AuditTrail audit;
  @Inject Clock clock;

  /** Starts a scan of every account; refused while one runs. */
  @Transactional
  public OrphanScan start(Caller caller) {
    requireOperator(caller);
    if (repository.latest().filter(OrphanScan::running).isPresent()) {
      audit.refused(caller.subject(), null, null, "orphan.scan.requested", "a scan is running");
      throw new DomainException("orphans.scan.running");
    }
    int units = (int) Math.min(Integer.MAX_VALUE - 2, repository.countOrganizations()) + 1
        + (installation.azureDefault().isPresent() ? 1 : 0);
    OrphanScan scan = new OrphanScan(caller.subject(), units, clock.instant());
    repository.add(scan);
    try {
      repository.flush(); // a scan started at the same time by someone else hits the one-running constraint
    } catch (jakarta.persistence.PersistenceException e) {
      throw new DomainException("orphans.scan.running");
    }
    audit.ok(caller.subject(), null, null, "orphan.scan.requested", "scan " + scan.id() + " of " + units
        + " accounts and organizations");
    return scan;
  }

  /** The newest scan, running or finished. */
  @Transactional
  public Optional<OrphanScan> latest(Caller caller) {
    requireOperator(caller);
    return repository.latest();
  }

  @Transactional
  public List<OrphanFinding> findings(Caller caller, long scanId, int offset, int limit) {
    requireOperator(caller);
    return repository.findings(scanId, offset, limit);
  }

  @Transactional
  public long countFindings(Caller caller, long scanId) {
    requireOperator(caller);
    return repository.countFindings(scanId);
  }

  /** How many deletions of the scan's findings are under way (the page keeps following them). */
  @Transactional
  public long countDeleting(Caller caller, long scanId) {
    requireOperator(caller);
    return repository.countDeleting(scanId);
  }

  /**
   * Accepts the deletion of a resource without a cluster, found by the latest finished scan, after checking again
   * that its cluster still has no live row and that the resource still carries the same tags in its account; the
   * worker then deletes it. Anything else is refused (and audited): a finding of an older scan, a mismatch, a
   * resource whose row came back or whose tags changed. A finding that does not exist is 404.
   */
  @Transactional
  public OrphanFinding requestDelete(Caller caller, long findingId) {
    requireOperator(caller);
    OrphanFinding finding = repository.finding(findingId).orElseThrow(() -> new NotFoundException("finding"));
    Optional<OrphanScan> latest = repository.latest();
    String refusal = null;
    if (latest.isEmpty() || latest.get().running() || !latest.get().id().equals(finding.scanId())) {
      refusal = "orphans.delete.notLatest";
    } else if (!finding.deletable()) {
      refusal = "orphans.delete.notDeletable";
    } else if (rowIsLive(finding)) {
      refusal = "orphans.delete.rowLive";
    } else {
      try {
        if (!stillTagged(finding, caller.subject())) {
          refusal = "orphans.delete.changed";
        }
      } catch (DomainException e) {
        audit.refused(caller.subject(), finding.orgId().orElse(null), finding.accountId(), "orphan.delete.requested",
            describe(finding) + ": " + e.key());
        throw e;
      }
    }
    if (refusal != null) {
      audit.refused(caller.subject(), finding.orgId().orElse(null), finding.accountId(), "orphan.delete.requested",
          describe(finding) + ": " + refusal);
      throw new DomainException(refusal, finding.resourceId());
    }
    finding.requestDelete(caller.subject(), clock.instant());
    audit.ok(caller.subject(), finding.orgId().orElse(null), finding.accountId(), "orphan.delete.requested",
        describe(finding));
    return finding;
  }

  /** Whether the cluster the tags name has a row that is not deleted (it came back, or was never gone). */
  private boolean rowIsLive(OrphanFinding finding) {
    return OrphanComparison.clusterId(finding.clusterKey()).map(id -> repository.clusters(List.of(id)).stream()
        .anyMatch(c -> c.status() != ClusterStatus.DELETED)).orElse(false);
  }

  /** Whether the resource is still in its account and region with the cluster key and organization it had. */
  private boolean stillTagged(OrphanFinding finding, String actor) {
    Optional<Organization> accountOrg = finding.accountOrgId().flatMap(repository::organization);
    List<TaggedResource> now;
    try {
      now = finding.provider() == CloudKind.AWS ? aws.taggedNetworks(awsTarget(installation, finding, accountOrg,
          actor)) : azure.taggedResourceGroups(azureTargets.ofAccount(accountOrg.orElse(null), actor));
    } catch (CloudException e) {
      throw new DomainException("orphans.delete.unreadable", e.code(), e.getMessage());
    }
    ResourceOwner owner = owner(finding);
    return now.stream().anyMatch(r -> r.id().equalsIgnoreCase(finding.resourceId())
        && (finding.provider() == CloudKind.AWS ? owner.ownsAws(r.tags()) : owner.ownsAzure(r.tags())));
  }

  /** The owner the finding's tags name: deletion touches only what carries exactly these tags. */
  static ResourceOwner owner(OrphanFinding finding) {
    long orgId = -1;
    if (finding.tagOrgId() != null && finding.tagOrgId().matches("\\d{1,18}")) {
      orgId = Long.parseLong(finding.tagOrgId());
    }
    return new ResourceOwner(finding.clusterKey(), finding.tagOrg(), orgId);
  }

  /**
   * The role that reads and deletes in the finding's AWS account: the organization's automation role, or the
   * default role with a session tagged for the organization the resource's tags name (the default role may change
   * only what is tagged for its session's organization).
   */
  static CloudTarget awsTarget(InstallationProfile installation, OrphanFinding finding,
      Optional<Organization> accountOrg, String actor) {
    if (accountOrg.isPresent()) {
      AwsBinding binding = accountOrg.get().awsBinding().orElseThrow(() -> new DomainException("orphans.delete.noBinding"));
      if (binding.usesWebIdentity()) {
        throw new DomainException("orphans.delete.webIdentity");
      }
      return new CloudTarget(binding.automationRole(), binding.externalId(), finding.region(), actor,
          accountOrg.get().slug());
    }
    return new CloudTarget(installation.defaultWorkloadRole(), installation.defaultWorkloadExternalId(),
        finding.region(), actor, finding.tagOrg());
  }

  /** What a finding names, for the audit log. */
  static String describe(OrphanFinding f) {
    return f.provider() + " " + f.accountId() + (f.region() == null ? "" : " " + f.region()) + " "
        + f.resourceId() + " (" + f.clusterKey() + ", org " + f.tagOrg() + ")";
  }

  private static void requireOperator(Caller caller) {
    if (!caller.platformAdmin()) {
      throw new NotFoundException("orphan check");
    }
  }
}
