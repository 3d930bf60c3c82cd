package io.roleport.domain;

import java.util.Optional;

/** The last access check of each organization's own account. */
public interface BindingStatusRepository {
  Optional<BindingStatus> find(Organization org);

  void save(BindingStatus status);
}
