package io.roleport.infrastructure.scheduling;

import io.roleport.application.notifications.WebhookSender;
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
 * Ticks the webhook sender every second, after the schema is migrated: the outbox rows are the state, so the timer
 * is not persistent; overlapping ticks are skipped.
 */
@Singleton
@Startup
@DependsOn("Migrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebhookTimer {
  private final AtomicBoolean running = new AtomicBoolean();

  @Inject WebhookSender sender;

  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  void tick() {
    if (running.compareAndSet(false, true)) {
      try {
        sender.runDue();
      } finally {
        running.set(false);
      }
    }
  }
}
