package io.roleport.domain;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** The people who signed in, by subject. */
public interface PersonRepository {
  /** Records a sign-in: inserts the person, or updates the name and time of the one with that subject. */
  void remember(Person person);

  Optional<Person> find(String subject);

  /** The display names of those of {@code subjects} who ever signed in, by subject, in one query. */
  Map<String, String> displayNames(Collection<String> subjects);
}
