package io.roleport.application.notifications;

import io.roleport.domain.WebhookDelivery;
import io.roleport.domain.WebhookRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns the audited changes that concern an organization's webhook into outbox rows, in the transaction of the
 * change (the audit trail calls it with each successful event): a delivery exists exactly when the change does, and
 * the sender posts it later. Only the organization's own events go to its own webhook.
 */
@ApplicationScoped
public class WebhookOutbox {

  /** Audit actions and the webhook event each one is. */
  static final Map<String, String> EVENTS = Map.of(
      "cluster.create.requested", "cluster.created",
      "cluster.create.finished", "cluster.active",
      "cluster.create.failed", "cluster.failed",
      "cluster.delete.failed", "cluster.failed",
      "cluster.delete.finished", "cluster.deleted",
      "binding.set", "binding.bound",
      "binding.revoked", "binding.revoked");

  @Inject WebhookRepository webhooks;

  /** The webhook event an audit action is, if it is one. */
  public static Optional<String> eventOf(String action) {
    return Optional.ofNullable(EVENTS.get(action));
  }

  /** Queues the event for the organization's webhook, if the action is an event and the organization has one. */
  @Transactional(TxType.MANDATORY)
  public void record(String action, Long orgId, String accountId, String actor, String detail, Instant at) {
    Optional<String> type = eventOf(action);
    if (type.isEmpty() || orgId == null) {
      return;
    }
    webhooks.ofOrganization(orgId).ifPresent(webhook -> {
      String eventId = UUID.randomUUID().toString();
      JsonObjectBuilder json = Json.createObjectBuilder()
          .add("id", eventId)
          .add("type", type.get())
          .add("occurredAt", at.toString())
          .add("organization", Json.createObjectBuilder().add("slug", webhook.organization().slug())
              .add("name", webhook.organization().name()));
      if (accountId != null) {
        json.add("account", accountId);
      }
      if (type.get().startsWith("cluster.") && detail != null && !detail.isBlank()) {
        json.add("cluster", detail.split("[ :]", 2)[0]);
      }
      json.add("actor", actor);
      if (detail != null) {
        json.add("detail", detail);
      }
      webhooks.add(new WebhookDelivery(webhook, eventId, type.get(), json.build().toString(), at));
    });
  }
}
