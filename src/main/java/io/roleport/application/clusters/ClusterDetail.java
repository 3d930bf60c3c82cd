package io.roleport.application.clusters;

import io.roleport.domain.Cluster;
import io.roleport.domain.Operation;
import java.util.Optional;

/** A cluster with its latest operation, for the detail page's progress. */
public record ClusterDetail(Cluster cluster, Optional<Operation> operation) {}
