package io.roleport.application.clusters;

import io.roleport.domain.OperationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Advances due operations. Each tick claims a batch under a lease (so several portal instances share the
 * work without doing a step twice at once), then advances each claimed operation by one step in a
 * transaction of its own. A crash loses at most the step in flight, which is idempotent.
 */
@ApplicationScoped
public class ProvisioningWorker {
  private static final Logger LOG = Logger.getLogger(ProvisioningWorker.class.getName());
  static final Duration LEASE = Duration.ofSeconds(60);
  private final String owner = "worker-" + UUID.randomUUID();

  @Inject OperationRepository operations;
  @Inject OperationStepper stepper;
  @Inject WorkerSwitch workerSwitch;
  @Inject Clock clock;

  /** One tick: claim what is due and advance each by one step. Returns how many were advanced. */
  public int runDue() {
    if (workerSwitch.paused()) {
      return 0;
    }
    Instant now = clock.instant();
    List<Long> claimed = stepper.claim(owner, now, now.plus(LEASE), 10);
    for (Long id : claimed) {
      advanceClaimed(id, owner);
    }
    return claimed.size();
  }

  /** Advances one operation by one step, as a worker that already holds its lease. */
  public void advanceClaimed(long operationId, String leaseOwner) {
    try {
      stepper.advance(operationId);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "operation " + operationId + " step failed unexpectedly", e);
    } finally {
      stepper.release(operationId, leaseOwner);
    }
  }
}
