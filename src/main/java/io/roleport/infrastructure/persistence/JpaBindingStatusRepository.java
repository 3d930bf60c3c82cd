package io.roleport.infrastructure.persistence;

import io.roleport.domain.BindingStatus;
import io.roleport.domain.BindingStatusRepository;
import io.roleport.domain.Organization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** Access checks in MariaDB. */
@ApplicationScoped
public class JpaBindingStatusRepository implements BindingStatusRepository {

  @PersistenceContext(unitName = "roleport")
  EntityManager em;

  @Override
  public Optional<BindingStatus> find(Organization org) {
    return Optional.ofNullable(em.find(BindingStatus.class, org.id()));
  }

  @Override
  public void save(BindingStatus status) {
    if (!em.contains(status)) {
      em.merge(status);
    }
  }
}
