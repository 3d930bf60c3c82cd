package io.roleport.infrastructure.persistence;

import io.roleport.domain.Cluster;
import io.roleport.domain.Operation;
import io.roleport.domain.OperationRepository;
import io.roleport.domain.OperationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Operations in MariaDB. A claim is a conditional UPDATE on the lease columns: it succeeds for exactly
 * one worker, whichever instance it runs in.
 */
@ApplicationScoped
public class JpaOperationRepository implements OperationRepository {

  @PersistenceContext(unitName = "roleport")
  EntityManager em;

  @Override
  public void add(Operation operation) {
    io.roleport.application.RequestTrace.current().ifPresent(operation::tracedBy);
    em.persist(operation);
  }

  @Override
  public Optional<Operation> find(long id) {
    return Optional.ofNullable(em.find(Operation.class, id));
  }

  @Override
  public Optional<Operation> latest(Cluster cluster) {
    return em.createQuery("select o from Operation o where o.cluster = :cluster order by o.id desc", Operation.class)
        .setParameter("cluster", cluster)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  @Override
  public List<Long> due(Instant now, int max) {
    return em.createQuery("select o.id from Operation o where o.status in :open"
            + " and o.nextRunAt <= :now and (o.leaseUntil is null or o.leaseUntil < :now) order by o.nextRunAt",
            Long.class)
        .setParameter("open", OPEN)
        .setParameter("now", now)
        .setMaxResults(max)
        .getResultList();
  }

  @Override
  public Optional<Long> claim(long id, String owner, Instant now, Instant leaseUntil) {
    int updated = em.createNativeQuery("update operation set lease_owner = ?, lease_until = ?,"
            + " lease_token = lease_token + 1, version = version + 1"
            + " where id = ? and status in ('PENDING', 'RUNNING') and (lease_until is null or lease_until < ?)")
        .setParameter(1, owner)
        .setParameter(2, java.sql.Timestamp.from(leaseUntil))
        .setParameter(3, id)
        .setParameter(4, java.sql.Timestamp.from(now))
        .executeUpdate();
    if (updated != 1) {
      return Optional.empty();
    }
    Object token = em.createNativeQuery("select lease_token from operation where id = ?")
        .setParameter(1, id)
        .getSingleResult();
    return Optional.of(((Number) token).longValue());
  }

  @Override
  public void release(long id, String owner, long token) {
    em.createNativeQuery("update operation set lease_owner = null, lease_until = null"
            + " where id = ? and lease_owner = ? and lease_token = ?")
        .setParameter(1, id)
        .setParameter(2, owner)
        .setParameter(3, token)
        .executeUpdate();
  }

  @Override
  public long countDue(Instant now) {
    return em.createQuery("select count(o) from Operation o where o.status in :open and o.nextRunAt <= :now",
            Long.class)
        .setParameter("open", OPEN)
        .setParameter("now", now)
        .getSingleResult();
  }

  private static final List<OperationStatus> OPEN = List.of(OperationStatus.PENDING, OperationStatus.RUNNING);
}
