package io.roleport.application.clusters;

import io.roleport.domain.Cluster;
import io.roleport.domain.Operation;
import java.util.Optional;

/**
 * A cluster with its latest operation, for the detail page's progress. Serializable: the page's view-scoped bean
 * holds it in the session, which several instances share through the data grid (so no {@code Optional} field).
 */
public record ClusterDetail(Cluster cluster, Operation latestOperation) implements java.io.Serializable {

  public ClusterDetail(Cluster cluster, Optional<Operation> operation) {
    this(cluster, operation.orElse(null));
  }

  /** The cluster's latest operation, if it has one. */
  public Optional<Operation> operation() {
    return Optional.ofNullable(latestOperation);
  }
}
