package io.roleport.domain;

import java.util.List;

/** Support sessions, append-only. */
public interface SupportSessionRepository {
  void add(SupportSession session);

  List<SupportSession> recent(Organization org, int limit);
}
