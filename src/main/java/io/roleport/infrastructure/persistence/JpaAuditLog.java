package io.roleport.infrastructure.persistence;

import io.roleport.domain.AuditEvent;
import io.roleport.domain.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** The audit log in MariaDB: inserts only (triggers refuse the rest). */
@ApplicationScoped
public class JpaAuditLog implements AuditLog {

  @PersistenceContext(unitName = "roleport")
  EntityManager em;

  @Override
  public void append(AuditEvent event) {
    io.roleport.application.RequestTrace.current().ifPresent(event::tracedBy);
    em.persist(event);
  }

  @Override
  public List<AuditEvent> recent(Long orgId, int limit) {
    return em.createQuery("select e from AuditEvent e where e.orgId = :org order by e.id desc", AuditEvent.class)
        .setParameter("org", orgId)
        .setMaxResults(limit)
        .getResultList();
  }

  @Override
  public long countSince(String actor, String action, AuditEvent.Outcome outcome, java.time.Instant since) {
    return em.createQuery("select count(e) from AuditEvent e where e.actor = :actor and e.action = :action"
            + " and e.outcome = :outcome and e.occurredAt >= :since", Long.class)
        .setParameter("actor", actor)
        .setParameter("action", action)
        .setParameter("outcome", outcome)
        .setParameter("since", since)
        .getSingleResult();
  }
}
