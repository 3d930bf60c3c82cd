package io.roleport.infrastructure.persistence;

import io.roleport.domain.Operation;
import io.roleport.domain.OperationSession;
import io.roleport.domain.OperationSessionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** Operation sessions in MariaDB. */
@ApplicationScoped
public class JpaOperationSessionRepository implements OperationSessionRepository {

  @PersistenceContext(unitName = "roleport")
  EntityManager em;

  @Override
  public void add(OperationSession session) {
    em.persist(session);
  }

  @Override
  public Optional<OperationSession> find(Operation operation) {
    return operation.id() == null ? Optional.empty()
        : Optional.ofNullable(em.find(OperationSession.class, operation.id()));
  }

  @Override
  public void remove(Operation operation) {
    find(operation).ifPresent(em::remove);
  }
}
