package io.roleport.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Webhooks and their outbox of deliveries. */
public interface WebhookRepository {
  Optional<Webhook> of(Organization org);

  /** The webhook of organization {@code orgId}, if it has one (the outbox's question, by id). */
  Optional<Webhook> ofOrganization(long orgId);

  void add(Webhook webhook);

  void remove(Webhook webhook);

  void add(WebhookDelivery delivery);

  /** The latest deliveries of one organization, newest first. */
  List<WebhookDelivery> deliveries(Organization org, int limit);

  /** Ids of up to {@code max} pending deliveries that are due and not leased by a live sender. */
  List<Long> due(Instant now, int max);

  Optional<WebhookDelivery> delivery(long id);

  Optional<Webhook> byId(long id);
}
