package io.roleport.application.clusters;

import io.roleport.domain.OperationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Advances due operations. Each tick lists what is due, then claims one operation at a time under a lease of its
 * own (so several portal instances share the work, and a lease starts when its step starts) and advances it by one
 * step in a transaction of its own, fenced by the claim's token. A crash loses at most the step in flight, which is
 * idempotent; a step that fails unexpectedly is retried with back-off, within the same budget as cloud errors.
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
    int advanced = 0;
    for (Long id : stepper.due(now, 10)) {
      var lease = stepper.claim(id, owner, LEASE);
      if (lease.isPresent()) {
        advance(lease.get());
        advanced++;
      }
    }
    return advanced;
  }

  /** Advances one operation by one step under {@code lease}; an unexpected failure counts as a failed attempt. */
  public void advance(Lease lease) {
    try {
      stepper.advance(lease);
    } catch (RuntimeException e) {
      String reference = UUID.randomUUID().toString().substring(0, 8);
      LOG.log(Level.WARNING, "operation " + lease.operationId() + " step failed unexpectedly (reference " + reference
          + ")", e);
      try {
        stepper.recordUnexpected(lease, reference);
      } catch (RuntimeException again) {
        LOG.log(Level.WARNING, "operation " + lease.operationId() + ": could not record the failure", again);
      }
    } finally {
      stepper.release(lease);
    }
  }
}
