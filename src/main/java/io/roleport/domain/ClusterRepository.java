package io.roleport.domain;

import java.util.List;
import java.util.Optional;

/** Clusters of one organization; every lookup names the organization, so no query crosses tenants. */
public interface ClusterRepository {
  Optional<Cluster> find(Organization org, long id);

  /** Live and recently deleted clusters, newest first, one page. */
  default List<Cluster> page(Organization org, int offset, int limit) {
    return page(org, offset, limit, true);
  }

  /** As {@link #page(Organization, int, int)}; without the deleted ones unless {@code withDeleted}. */
  List<Cluster> page(Organization org, int offset, int limit, boolean withDeleted);

  /** As {@link #page(Organization, int, int, boolean)}, only what a list shows of each cluster. */
  List<ClusterListing> listing(Organization org, int offset, int limit, boolean withDeleted);

  /** What a list shows of the organization's clusters among {@code ids}, in one query (the others are not found). */
  List<ClusterListing> listing(Organization org, java.util.Collection<Long> ids);

  boolean liveNameTaken(Organization org, String name);

  long countLive(Organization org, PlacementKind kind);

  /** The organization's ACTIVE clusters in {@code cloud}. */
  List<Cluster> active(Organization org, CloudKind cloud);

  /** Active EKS clusters in organizations' own accounts whose access entries were never ensured, oldest first. */
  List<Cluster> activeWithoutAccessEntries();

  /** Live clusters by placement kind (kinds with none are missing), in one query. */
  java.util.Map<PlacementKind, Long> countLiveByPlacement(Organization org);

  void add(Cluster cluster);
}
