package io.roleport.domain;

import java.util.List;

/** The append-only audit log. */
public interface AuditLog {
  void append(AuditEvent event);

  List<AuditEvent> recent(Long orgId, int limit);
}
