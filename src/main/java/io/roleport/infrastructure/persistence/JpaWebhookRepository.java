package io.roleport.infrastructure.persistence;

import io.roleport.domain.Organization;
import io.roleport.domain.Webhook;
import io.roleport.domain.WebhookDelivery;
import io.roleport.domain.WebhookRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Webhooks and their outbox in MariaDB (one row per delivery; the log of an organization by its index). */
@ApplicationScoped
public class JpaWebhookRepository implements WebhookRepository {

  @PersistenceContext(unitName = "roleport")
  EntityManager em;

  @Override
  public Optional<Webhook> of(Organization org) {
    return em.createQuery("select w from Webhook w where w.organization = :org", Webhook.class)
        .setParameter("org", org).getResultStream().findFirst();
  }

  @Override
  public Optional<Webhook> ofOrganization(long orgId) {
    return em.createQuery("select w from Webhook w join fetch w.organization o where o.id = :id", Webhook.class)
        .setParameter("id", orgId).getResultStream().findFirst();
  }

  @Override
  public void add(Webhook webhook) {
    em.persist(webhook);
    em.flush(); // its id, for the deliveries queued in the same transaction
  }

  @Override
  public void remove(Webhook webhook) {
    em.createQuery("delete from WebhookDelivery d where d.webhookId = :id").setParameter("id", webhook.id())
        .executeUpdate();
    em.remove(webhook);
  }

  @Override
  public void add(WebhookDelivery delivery) {
    em.persist(delivery);
  }

  @Override
  public List<WebhookDelivery> deliveries(Organization org, int limit) {
    return em.createQuery("select d from WebhookDelivery d where d.orgId = :org order by d.id desc",
            WebhookDelivery.class)
        .setParameter("org", org.id()).setMaxResults(limit).getResultList();
  }

  @Override
  public List<Long> due(Instant now, int max) {
    return em.createQuery("select d.id from WebhookDelivery d where d.status = :pending and d.nextAttemptAt <= :now"
            + " and (d.leaseUntil is null or d.leaseUntil < :now) order by d.nextAttemptAt, d.id", Long.class)
        .setParameter("pending", WebhookDelivery.Status.PENDING).setParameter("now", now).setMaxResults(max)
        .getResultList();
  }

  @Override
  public Optional<WebhookDelivery> delivery(long id) {
    return Optional.ofNullable(em.find(WebhookDelivery.class, id));
  }

  @Override
  public Optional<Webhook> byId(long id) {
    return Optional.ofNullable(em.find(Webhook.class, id));
  }
}
