package io.roleport.infrastructure.persistence;

import io.roleport.domain.IdentityProvider;
import io.roleport.domain.IdentityProviderRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** Identity providers in MariaDB. */
@ApplicationScoped
public class JpaIdentityProviderRepository implements IdentityProviderRepository {

  @PersistenceContext(unitName = "roleport")
  EntityManager em;

  @Override
  public Optional<IdentityProvider> forOrganization(String slug) {
    return em.createQuery("select p from IdentityProvider p where p.organization.slug = :slug", IdentityProvider.class)
        .setParameter("slug", slug)
        .getResultStream()
        .findFirst();
  }

  @Override
  public void add(IdentityProvider provider) {
    em.persist(provider);
    em.flush();
  }

  @Override
  public void remove(IdentityProvider provider) {
    em.remove(em.contains(provider) ? provider : em.merge(provider));
    em.flush();
  }
}
