package io.roleport.infrastructure.persistence;

import io.roleport.domain.Person;
import io.roleport.domain.PersonRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * People in MariaDB. A sign-in is one {@code INSERT ... ON DUPLICATE KEY UPDATE}, so two first sign-ins of
 * the same person at once cannot collide on the primary key.
 */
@ApplicationScoped
public class JpaPersonRepository implements PersonRepository {

  @PersistenceContext(unitName = "roleport")
  EntityManager em;

  @Override
  public void remember(Person person) {
    em.createNativeQuery("insert into person (subject, display_name, last_sign_in) values (?, ?, ?)"
            + " on duplicate key update display_name = values(display_name), last_sign_in = values(last_sign_in)")
        .setParameter(1, person.subject())
        .setParameter(2, person.displayName())
        .setParameter(3, Timestamp.from(person.lastSignIn()))
        .executeUpdate();
  }

  @Override
  public Optional<Person> find(String subject) {
    return Optional.ofNullable(em.find(Person.class, subject));
  }

  @Override
  public Map<String, String> displayNames(Collection<String> subjects) {
    if (subjects.isEmpty()) {
      return Map.of();
    }
    List<Object[]> rows = em.createQuery("select p.subject, p.displayName from Person p where p.subject in :subjects",
            Object[].class)
        .setParameter("subjects", List.copyOf(subjects))
        .getResultList();
    return rows.stream().collect(Collectors.toUnmodifiableMap(r -> (String) r[0], r -> (String) r[1]));
  }
}
