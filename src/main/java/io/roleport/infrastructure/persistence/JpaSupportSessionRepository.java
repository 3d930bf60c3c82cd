package io.roleport.infrastructure.persistence;

import io.roleport.domain.Organization;
import io.roleport.domain.SupportSession;
import io.roleport.domain.SupportSessionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** Support sessions in MariaDB (triggers keep them append-only). */
@ApplicationScoped
public class JpaSupportSessionRepository implements SupportSessionRepository {

  @PersistenceContext(unitName = "roleport")
  EntityManager em;

  @Override
  public void add(SupportSession session) {
    em.persist(session);
  }

  @Override
  public List<SupportSession> recent(Organization org, int limit) {
    return em.createQuery("select s from SupportSession s where s.organization = :org order by s.startedAt desc",
            SupportSession.class)
        .setParameter("org", org)
        .setMaxResults(limit)
        .getResultList();
  }
}
