package io.roleport.application.clusters;

import io.roleport.application.InstallationProfile;
import io.roleport.domain.OperationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
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
 * step in a transaction of its own, fenced by the claim's token; steps that follow at once run in the same tick. A crash loses at most the step in flight, which is
 * idempotent; a step that fails unexpectedly is retried with back-off, within the same budget as cloud errors.
 *
 * <p>Stopping ({@link #stop}, on SIGTERM) claims nothing more and waits, up to the grace period, for the step in
 * flight, whose lease is then released; a step still running at the end of the grace keeps its lease until it
 * expires (another instance then takes over; fencing keeps the late step from committing).
 */
@ApplicationScoped
public class ProvisioningWorker {
  private static final Logger LOG = Logger.getLogger(ProvisioningWorker.class.getName());
  /** The lease when no installation profile says otherwise (unit tests). */
  static final Duration LEASE = Duration.ofSeconds(60);
  /** How long one tick goes on advancing operations whose next step is due at once (see {@link #runDue}). */
  static final Duration CHAIN = Duration.ofSeconds(3);
  private final String owner = ownerName();
  private final Object inFlightLock = new Object();
  private int inFlight;
  private volatile boolean stopping;
  private volatile Instant lastTick;

  @Inject OperationRepository operations;
  @Inject OperationStepper stepper;
  @Inject WorkerSwitch workerSwitch;
  @Inject Clock clock;
  @Inject InstallationProfile installation;
  @Inject Event<StepRun> stepRuns;

  /**
   * One tick: claim what is due and advance each by one step; then again, while a pass advanced something and
   * {@link #CHAIN} has not passed, so that the next step of an operation whose step just ended (nothing to wait for)
   * runs now, not a tick later. A step that waits for the cloud is due again only after its poll interval, so it ends
   * the chain. Returns how many steps were advanced.
   */
  public int runDue() {
    lastTick = clock.instant();
    if (workerSwitch.paused() || !enter()) {
      return 0;
    }
    try {
      Duration lease = installation == null ? LEASE : installation.workerLease();
      long until = System.nanoTime() + CHAIN.toNanos();
      int advanced = 0;
      int pass;
      do {
        pass = 0;
        for (Long id : stepper.due(clock.instant(), 10)) {
          if (stopping) {
            break;
          }
          var claimed = stepper.claim(id, owner, lease);
          if (claimed.isPresent()) {
            advance(claimed.get());
            pass++;
          }
        }
        advanced += pass;
      } while (pass > 0 && !stopping && !workerSwitch.paused() && System.nanoTime() < until);
      return advanced;
    } finally {
      leave();
    }
  }

  /** Advances one operation by one step under {@code lease}; an unexpected failure counts as a failed attempt. */
  public void advance(Lease lease) {
    long started = System.nanoTime();
    try {
      stepper.advance(lease).ifPresent(untimed -> {
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        StepRun run = untimed.took(took);
        LOG.info(() -> "operation " + run.operationId() + " request " + (run.requestId() == null ? "-"
            : run.requestId()) + " " + run.kind() + " step " + run.step() + " on " + run.provider() + ": "
            + run.outcome() + (run.errorCode() == null ? "" : " (" + run.errorCode() + ")") + " in "
            + took.toMillis() + " ms by " + owner);
        if (stepRuns != null) {
          stepRuns.fire(run);
        }
      });
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

  /**
   * Stops claiming and waits up to {@code grace} for the step in flight (which releases its lease when it ends).
   * Returns whether nothing was left in flight.
   */
  public boolean stop(Duration grace) {
    stopping = true;
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (inFlightLock) {
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          LOG.warning(() -> "stopping: a step is still in flight after " + grace.toSeconds() + " s; its lease"
              + " expires on its own and another instance takes the operation over");
          return false;
        }
        try {
          inFlightLock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    LOG.info(() -> "worker " + owner + " stopped: no step in flight, nothing more is claimed");
    return true;
  }

  /** Whether {@link #stop} was called: the instance is shutting down. */
  public boolean stopping() {
    return stopping;
  }

  /** When the worker last ticked (null before its first tick), for the readiness check. */
  public Instant lastTick() {
    return lastTick;
  }

  /** This worker's name in the lease columns: host, process id and a random part (fits {@code lease_owner}). */
  public String owner() {
    return owner;
  }

  private boolean enter() {
    synchronized (inFlightLock) {
      if (stopping) {
        return false;
      }
      inFlight++;
      return true;
    }
  }

  private void leave() {
    synchronized (inFlightLock) {
      inFlight--;
      inFlightLock.notifyAll();
    }
  }

  private static String ownerName() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException | RuntimeException e) {
      host = "host";
    }
    host = host.replaceAll("[^A-Za-z0-9.-]", "");
    if (host.length() > 30) {
      host = host.substring(0, 30);
    }
    return "w-" + host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
