package io.roleport.application.notifications;

import io.roleport.domain.WebhookDelivery;
import java.time.Instant;
import java.util.List;

/**
 * What the organization's webhook page shows: the registration (never the secret: its fingerprint) and the latest
 * deliveries. {@code url} null: no webhook registered.
 */
public record WebhookView(String url, String fingerprint, String createdBy, Instant createdAt, Instant rotatedAt,
    List<Delivery> deliveries) implements java.io.Serializable {

  /** One row of the delivery log. */
  public record Delivery(long id, String eventType, WebhookDelivery.Status status, int attempts, Integer lastStatus,
      String lastError, Instant createdAt, Instant nextAttemptAt, Instant finishedAt) implements java.io.Serializable {
    static Delivery of(WebhookDelivery d) {
      return new Delivery(d.id(), d.eventType(), d.status(), d.attempts(), d.lastStatus(), d.lastError(),
          d.createdAt(), d.status() == WebhookDelivery.Status.PENDING ? d.nextAttemptAt() : null, d.finishedAt());
    }
  }

  public boolean registered() {
    return url != null;
  }
}
