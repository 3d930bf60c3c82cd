package io.roleport.infrastructure.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paged JPQL queries that EclipseLink prepares (turns into SQL) once, not at every request. A query made with
 * {@code createQuery} is prepared without a row limit; {@code setMaxResults} then makes EclipseLink prepare it again
 * for each execution, to add MariaDB's {@code LIMIT}. Registered once as a named query with a row limit (JPA keeps
 * the limit with the definition), the shared query is prepared with {@code LIMIT ?, ?} and each page only binds the
 * offset and the limit (issue #13: this re-preparing was 13 % of a list page's CPU).
 * One instance per repository; the JPQL text is the query's name.
 */
final class PreparedPages {
  private final Set<String> registered = ConcurrentHashMap.newKeySet();

  /** The paged query {@code jpql}, ready for its parameters, {@code setFirstResult} and {@code setMaxResults}. */
  <T> TypedQuery<T> query(EntityManager em, String jpql, Class<T> type) {
    if (!registered.contains(jpql)) {
      synchronized (this) {
        if (!registered.contains(jpql)) {
          TypedQuery<T> definition = em.createQuery(jpql, type);
          definition.setMaxResults(1); // any limit: the prepared SQL then ends with LIMIT ?, ?
          em.getEntityManagerFactory().addNamedQuery(jpql, definition);
          registered.add(jpql);
        }
      }
    }
    return em.createNamedQuery(jpql, type);
  }
}
