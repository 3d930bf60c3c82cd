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

  default long count(Organization org) {
    return count(org, true);
  }

  long count(Organization org, boolean withDeleted);


  boolean liveNameTaken(Organization org, String name);

  long countLive(Organization org, PlacementKind kind);

  /** The organization's ACTIVE clusters in {@code cloud}. */
  List<Cluster> active(Organization org, CloudKind cloud);

  void add(Cluster cluster);
}
