package io.roleport.application.clusters;

import io.roleport.application.audit.AuditTrail;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterRepository;
import io.roleport.domain.Operation;
import io.roleport.domain.OperationKind;
import io.roleport.domain.OperationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * EKS clusters created before the {@code ACCESS_ENTRIES} step (active, in an organization's own account, never given
 * their access entries, and flagged by migration V18 as existing before it) get them through a durable
 * {@link OperationKind#EKS_ACCESS} operation, queued once when the worker starts: the flag is cleared when it is queued,
 * so a failed operation is not queued again at every start (an org-admin retries it from its failed step). A cluster with an operation still running is left for the next start (its create, if any, runs the
 * step itself). Clusters of organizations signed in by web identity are skipped: their steps run with the session of
 * the person who asked, and nobody asked; an org-admin's next change on such a cluster is needed (documented).
 */
@ApplicationScoped
public class EksAccessBackfill {
  /** Who the audit names for operations Roleport starts on its own. */
  public static final String ACTOR = "roleport:eks-access-backfill";

  @Inject ClusterRepository clusters;
  @Inject OperationRepository operations;
  @Inject AuditTrail audit;
  @Inject Clock clock;

  /** Queues an access-entries operation for each cluster lacking them; returns the ids of the clusters queued. */
  @Transactional
  public List<Long> queue() {
    Instant now = clock.instant();
    List<Long> queued = new ArrayList<>();
    for (Cluster cluster : clusters.activeWithoutAccessEntries()) {
      boolean webIdentity = cluster.organization().awsBinding().map(b -> b.usesWebIdentity()).orElse(true);
      boolean idle = operations.latest(cluster).map(op -> op.status().isFinished()).orElse(true);
      if (webIdentity || !idle) {
        continue;
      }
      operations.add(new Operation(cluster, OperationKind.EKS_ACCESS, ACTOR, now));
      cluster.accessBackfillQueued();
      audit.ok(ACTOR, cluster.organization().id(), cluster.placementAccount().value(), "cluster.access.backfill",
          cluster.name());
      queued.add(cluster.id());
    }
    return queued;
  }
}
