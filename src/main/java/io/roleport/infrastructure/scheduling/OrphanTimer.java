package io.roleport.infrastructure.scheduling;

import io.roleport.application.orphans.OrphanWorker;
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
 * Ticks the orphan check's worker every second, after the schema is migrated: the scan and finding rows are the
 * state, so the timer is not persistent; overlapping ticks are skipped.
 */
@Singleton
@Startup
@DependsOn("Migrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OrphanTimer {
  private final AtomicBoolean running = new AtomicBoolean();

  @Inject OrphanWorker worker;

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
    worker.stop();
  }
}
