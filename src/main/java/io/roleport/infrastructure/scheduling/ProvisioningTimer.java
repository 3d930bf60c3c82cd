package io.roleport.infrastructure.scheduling;

import io.roleport.application.InstallationProfile;
import io.roleport.application.clusters.ProvisioningWorker;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ticks the provisioning worker every second, after the schema is migrated. Non-persistent: the state
 * that matters lives in the operation rows, not in the timer. Overlapping ticks are skipped. When the
 * application stops (SIGTERM), the worker stops claiming and its step in flight gets
 * {@code roleport.shutdown.grace} to end and release its lease.
 */
@Singleton
@Startup
@DependsOn("Migrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ProvisioningTimer {
  private final AtomicBoolean running = new AtomicBoolean();

  @Inject ProvisioningWorker worker;
  @Inject InstallationProfile installation;
  @Inject io.roleport.application.clusters.EksAccessBackfill backfill;

  /** Once per start: EKS clusters created before the access-entries step get them (durable operations). */
  @jakarta.annotation.PostConstruct
  void backfillAccessEntries() {
    try {
      var queued = backfill.queue();
      if (!queued.isEmpty()) {
        java.util.logging.Logger.getLogger(ProvisioningTimer.class.getName())
            .info("queued EKS access entries for clusters " + queued);
      }
    } catch (RuntimeException e) {
      java.util.logging.Logger.getLogger(ProvisioningTimer.class.getName())
          .log(java.util.logging.Level.WARNING, "could not queue the EKS access-entries backfill", e);
    }
  }

  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  void tick() {
    if (running.compareAndSet(false, true)) {
      try {
        worker.runDue();
      } finally {
        running.set(false);
      }
    }
  }

  @PreDestroy
  void stop() {
    worker.stop(installation.shutdownGrace());
  }
}
