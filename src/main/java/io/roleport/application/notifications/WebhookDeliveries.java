package io.roleport.application.notifications;

import io.roleport.application.SecretCipher;
import io.roleport.domain.Webhook;
import io.roleport.domain.WebhookDelivery;
import io.roleport.domain.WebhookRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The sender's steps, each in a transaction of its own (the post itself runs outside any transaction): find what is
 * due, claim one delivery under a lease (the row's version makes two claims at once fail but one), record the outcome.
 */
@ApplicationScoped
public class WebhookDeliveries {

  @Inject WebhookRepository webhooks;
  @Inject SecretCipher cipher;

  /** What one attempt needs: where, what, and the secret to sign it with (in memory only, for this attempt). */
  public record Attempt(long deliveryId, String url, String eventId, String eventType, String payload, String secret) {
    @Override
    public String toString() {
      return "Attempt[" + deliveryId + " " + eventType + "]";
    }
  }

  @Transactional(TxType.REQUIRES_NEW)
  public List<Long> due(Instant now, int max) {
    return webhooks.due(now, max);
  }

  /** Claims delivery {@code id} for {@code owner} until {@code until}; empty if it is not due or another holds it. */
  @Transactional(TxType.REQUIRES_NEW)
  public Optional<Attempt> claim(long id, String owner, Instant now, Instant until) {
    Optional<WebhookDelivery> found = webhooks.delivery(id);
    if (found.isEmpty() || !found.get().lease(owner, now, until)) {
      return Optional.empty();
    }
    WebhookDelivery delivery = found.get();
    Webhook webhook = webhooks.byId(delivery.webhookId()).orElseThrow();
    String secret = cipher.decrypt(new SecretCipher.Sealed(webhook.keyId(), webhook.secretCiphertext()),
        Webhook.secretContext(webhook.organization()));
    return Optional.of(new Attempt(id, webhook.url(), delivery.eventId(), delivery.eventType(), delivery.payload(),
        secret));
  }

  /** Records the outcome of {@code owner}'s attempt, if it still holds the lease. */
  @Transactional(TxType.REQUIRES_NEW)
  public void record(long id, String owner, Integer status, String error, Instant now) {
    webhooks.delivery(id).filter(d -> d.leasedBy(owner)).ifPresent(d -> {
      if (status != null && status >= 200 && status < 300) {
        d.delivered(status, now);
      } else {
        d.attemptFailed(status, error, now);
      }
    });
  }
}
