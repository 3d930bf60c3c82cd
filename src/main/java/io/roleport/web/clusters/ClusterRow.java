package io.roleport.web.clusters;

import io.roleport.domain.CloudKind;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterStatus;
import io.roleport.domain.PlacementAccount;
import io.roleport.domain.PlacementKind;
import java.io.Serializable;
import java.time.Instant;

/**
 * One row of the cluster list, as the view keeps it between requests: what the table shows (with the same accessor
 * names as {@link Cluster}, and its timestamps), not the entity with its organization and persistence state. A page of rows is what a
 * cluster list costs in the session while it is open (docs/performance.md, heap per session).
 */
public record ClusterRow(Long id, String name, ClusterStatus status, String region, String kubernetesVersion,
    PlacementKind placementKind, PlacementAccount placementAccount, CloudKind cloud, Instant createdAt,
    Instant statusChangedAt) implements Serializable {

  static ClusterRow of(Cluster c) {
    return new ClusterRow(c.id(), c.name(), c.status(), c.region(), c.kubernetesVersion(), c.placementKind(),
        c.placementAccount(), c.cloud(), c.createdAt(), c.statusChangedAt());
  }

  /** Whether the cluster is being created or deleted (the live refresh watches these rows). */
  boolean changing() {
    return status == ClusterStatus.CREATING || status == ClusterStatus.DELETING || status == ClusterStatus.UPDATING;
  }
}
