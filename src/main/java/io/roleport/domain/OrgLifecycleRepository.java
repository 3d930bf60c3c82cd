package io.roleport.domain;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the lifecycle of organizations stores beside the organizations themselves (issue #15): requests to become an
 * ISV, the console roles of the access page, and the list of organizations with the archived ones.
 */
public interface OrgLifecycleRepository {
  void add(IsvRequest request);

  /** The pending request of an organization, if any (at most one: a unique key). */
  Optional<IsvRequest> pendingIsvRequest(Organization org);

  /** Every pending request, oldest first. */
  List<IsvRequest> pendingIsvRequests(int limit);

  Optional<IsvRequest> findIsvRequest(long id);

  /** How many third parties an ISV has, archived ones included. */
  long thirdPartyCount(Organization isv);

  void add(ConsoleRole role);

  List<ConsoleRole> consoleRoles(Organization org);

  Optional<ConsoleRole> findConsoleRole(Organization org, long id);

  void remove(ConsoleRole role);

  /** As {@link OrganizationRepository#page}, archived organizations included ({@code withArchived}) or not. */
  List<Organization> page(Collection<String> groups, boolean all, boolean withArchived, int offset, int limit);

  long count(Collection<String> groups, boolean all, boolean withArchived);

  /**
   * Live (not deleted) clusters of an organization, read with a lock: a cluster another transaction is inserting is
   * waited for and counted.
   */
  long liveClustersLocked(Organization org);

  /** Writes pending changes now, so a constraint violation surfaces inside the service. */
  void flush();
}
