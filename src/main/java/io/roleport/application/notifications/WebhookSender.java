package io.roleport.application.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Posts the due deliveries of the outbox (the scheduler ticks it): claims each under a lease, signs it
 * ({@link WebhookSignature}) and posts it outside any transaction, then records the answer. A delivery that is not
 * answered 2xx is tried again later with exponential back-off; one that another instance holds is left to it. The
 * URL is checked again before each post (its address may have changed since it was registered).
 */
@ApplicationScoped
public class WebhookSender {
  private static final Logger LOG = Logger.getLogger(WebhookSender.class.getName());
  static final Duration LEASE = Duration.ofSeconds(60);
  static final int BATCH = 20;

  /** This instance's name in the leases it takes. */
  private final String owner = "webhooks-" + UUID.randomUUID();

  @Inject WebhookDeliveries deliveries;
  @Inject WebhookTransport transport;
  @Inject Clock clock;
  /** Pausing this instance's background work (operators, tests) pauses its webhook deliveries too. */
  @Inject io.roleport.application.clusters.WorkerSwitch workerSwitch;

  /** Posts what is due now; answers how many deliveries were attempted. */
  public int runDue() {
    if (workerSwitch.paused()) {
      return 0;
    }
    int attempted = 0;
    for (Long id : deliveries.due(clock.instant(), BATCH)) {
      Instant now = clock.instant();
      Optional<WebhookDeliveries.Attempt> claimed;
      try {
        claimed = deliveries.claim(id, owner, now, now.plus(LEASE));
      } catch (RuntimeException raced) { // another instance claimed it in the same moment (version conflict)
        LOG.fine(() -> "delivery " + id + " claimed elsewhere: " + raced);
        continue;
      }
      if (claimed.isPresent()) {
        attempt(claimed.get());
        attempted++;
      }
    }
    return attempted;
  }

  private void attempt(WebhookDeliveries.Attempt a) {
    Integer status = null;
    String error = null;
    Optional<String> refusal = transport.refusal(a.url());
    if (refusal.isPresent()) {
      error = "not sent: " + refusal.get();
    } else {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/json");
      headers.put("User-Agent", "Roleport-Webhooks/1");
      headers.put("Roleport-Event", a.eventType());
      headers.put("Roleport-Delivery", a.eventId());
      headers.put(WebhookSignature.HEADER, WebhookSignature.header(a.secret(), clock.instant().getEpochSecond(),
          a.payload()));
      try {
        status = transport.post(a.url(), headers, a.payload());
        if (status < 200 || status >= 300) {
          error = "HTTP " + status;
        }
      } catch (IOException e) {
        error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
    }
    deliveries.record(a.deliveryId(), owner, status, error, clock.instant());
  }
}
