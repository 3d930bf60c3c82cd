package io.roleport.application.audit;

import io.roleport.application.access.Caller;
import io.roleport.domain.Person;
import io.roleport.domain.PersonRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Clock;

/**
 * Remembers who signed in under which name, so the audit trail, which records only stable subjects, can
 * show people by name. The name is the one the identity provider gave at the latest sign-in.
 */
@ApplicationScoped
public class PersonDirectory {

  @Inject PersonRepository people;
  @Inject Clock clock;

  /** Records a successful sign-in of {@code caller}, on its own like the sign-in's audit event. */
  @Transactional(TxType.REQUIRES_NEW)
  public void remember(Caller caller) {
    people.remember(new Person(caller.subject(), caller.displayName(), clock.instant()));
  }
}
