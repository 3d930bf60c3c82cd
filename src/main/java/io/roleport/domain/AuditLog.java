package io.roleport.domain;

import java.util.List;

/** The append-only audit log. */
public interface AuditLog {
  void append(AuditEvent event);

  List<AuditEvent> recent(Long orgId, int limit);

  /** How many events of {@code actor} with this action and outcome happened at or after {@code since}. */
  long countSince(String actor, String action, AuditEvent.Outcome outcome, java.time.Instant since);
}
