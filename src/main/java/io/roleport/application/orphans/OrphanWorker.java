package io.roleport.application.orphans;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drives the orphan check in the background: claims the running scan under a lease and reads its units one after
 * the other for at most {@link #SLICE} per tick (so that a scan of 10,000 organizations never holds a request, and
 * a stopping instance lets go quickly), then advances the requested deletions. Several instances share the work
 * through the leases; whatever an instance was doing when it stopped is taken over once its lease expires.
 */
@ApplicationScoped
public class OrphanWorker {
  private static final Logger LOG = Logger.getLogger(OrphanWorker.class.getName());
  static final Duration LEASE = Duration.ofSeconds(60);
  static final Duration SLICE = Duration.ofSeconds(5);
  private final String owner = "orphans-" + UUID.randomUUID().toString().substring(0, 13);
  private volatile boolean stopping;

  @Inject OrphanScanner scanner;
  /** Paused with the provisioning worker (an operator's switch, or a test that counts the statements of a page). */
  @Inject io.roleport.application.clusters.WorkerSwitch workerSwitch;

  /** One tick: some units of the running scan, then the deletions that are due. */
  public void runDue() {
    if (stopping || workerSwitch.paused()) {
      return;
    }
    try {
      scanner.dueScan().ifPresent(this::work);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "orphan check: the scan could not go on (it is taken up again)", e);
    }
    for (Long id : safely(() -> scanner.deletionsDue(5))) {
      if (stopping) {
        return;
      }
      try {
        if (scanner.claimDeletion(id)) {
          scanner.advanceDeletion(id);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "orphan check: deletion of finding " + id + " could not go on (tried again)", e);
      }
    }
  }

  private void work(long scanId) {
    if (!scanner.claim(scanId, owner, LEASE)) {
      return;
    }
    long until = System.nanoTime() + SLICE.toNanos();
    try {
      while (!stopping && System.nanoTime() < until && scanner.runUnit(scanId, owner)) {
        // the next unit
      }
    } finally {
      scanner.release(scanId, owner);
    }
  }

  /** Claims nothing more (the instance stops); a unit in flight ends, or its lease expires. */
  public void stop() {
    stopping = true;
  }

  private static java.util.List<Long> safely(java.util.function.Supplier<java.util.List<Long>> read) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "orphan check: could not read the deletions that are due", e);
      return java.util.List.of();
    }
  }
}
