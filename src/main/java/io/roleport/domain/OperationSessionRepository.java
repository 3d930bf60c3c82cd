package io.roleport.domain;

import java.util.Optional;

/** The sealed cloud sessions of running web-identity operations. */
public interface OperationSessionRepository {
  void add(OperationSession session);

  Optional<OperationSession> find(Operation operation);

  /** Removes the operation's session, if it has one. */
  void remove(Operation operation);
}
