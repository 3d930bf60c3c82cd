package io.roleport.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The orphan check's scans and findings, and the installation-wide reads it compares them with. It crosses
 * organizations on purpose: only the operator's check uses it (the service refuses everyone else).
 */
public interface OrphanRepository {
  void add(OrphanScan scan);

  /** Writes pending changes now, so that the one-running-scan constraint surfaces inside the service. */
  void flush();

  Optional<OrphanScan> scan(long id);

  /** The newest scan, running or finished. */
  Optional<OrphanScan> latest();

  /** The running scan, if no live worker holds its lease at {@code now}. */
  Optional<Long> dueScan(Instant now);

  /** Claims the running scan for {@code owner} until {@code until} unless a live worker holds it (one UPDATE). */
  boolean claim(long scanId, String owner, Instant now, Instant until);

  /** Gives the lease up, if {@code owner} still holds it. */
  void release(long scanId, String owner);

  void add(OrphanFinding finding);

  List<OrphanFinding> findings(long scanId, int offset, int limit);

  long countFindings(long scanId);

  Optional<OrphanFinding> finding(long id);

  /** How many deletions of the scan's findings are under way. */
  long countDeleting(long scanId);

  /** Requested deletions whose next look is due at {@code now}, oldest first. */
  List<Long> deletionsDue(Instant now, int max);

  /** Claims a due deletion until {@code until} (moves its next look forward, one UPDATE); false when not due. */
  boolean claimDeletion(long findingId, Instant now, Instant until);

  /** How many organizations there are now (a scan's units besides the default accounts). */
  long countOrganizations();

  /** The organization with the smallest id above {@code afterId}, its bindings loaded. */
  Optional<Organization> organizationAfter(long afterId);

  Optional<Organization> organization(long id);

  /** Clusters with these ids, whatever their organization (a tag names a cluster by its id). */
  List<Cluster> clusters(Collection<Long> ids);

  /** The organization's clusters in these statuses. */
  List<Cluster> clusters(Organization org, Collection<ClusterStatus> statuses);

  /** The regions where clusters of {@code cloud} were placed this way (of {@code org} only, unless null). */
  List<String> regions(CloudKind cloud, PlacementKind placement, Organization org);

  /** Whether the cluster has an operation that has not finished. */
  boolean busy(Cluster cluster);
}
