package io.roleport.infrastructure.persistence;

import io.roleport.domain.ConsoleRole;
import io.roleport.domain.IsvRequest;
import io.roleport.domain.OrgLifecycleRepository;
import io.roleport.domain.Organization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** ISV requests, console roles and the list of organizations with archived ones, in MariaDB. */
@ApplicationScoped
public class JpaOrgLifecycleRepository implements OrgLifecycleRepository {
  private static final Set<String> NO_GROUP = Set.of("\u0000none");
  private static final String MINE = "exists (select m from GroupMapping m where m.organization = o"
      + " and m.groupName in :groups and m.role <> io.roleport.domain.OrgRole.THIRD_PARTY)";

  @PersistenceContext(unitName = "roleport")
  EntityManager em;

  @Override
  public void add(IsvRequest request) {
    em.persist(request);
  }

  @Override
  public Optional<IsvRequest> pendingIsvRequest(Organization org) {
    return em.createQuery("select r from IsvRequest r where r.organization = :org and r.decision is null",
            IsvRequest.class)
        .setParameter("org", org)
        .getResultStream()
        .findFirst();
  }

  @Override
  public List<IsvRequest> pendingIsvRequests(int limit) {
    return em.createQuery("select r from IsvRequest r join fetch r.organization where r.decision is null"
            + " order by r.requestedAt, r.id", IsvRequest.class)
        .setMaxResults(limit)
        .getResultList();
  }

  @Override
  public Optional<IsvRequest> findIsvRequest(long id) {
    return Optional.ofNullable(em.find(IsvRequest.class, id));
  }

  @Override
  public long thirdPartyCount(Organization isv) {
    return em.createQuery("select count(o) from Organization o where o.parent = :isv", Long.class)
        .setParameter("isv", isv)
        .getSingleResult();
  }

  @Override
  public void add(ConsoleRole role) {
    em.persist(role);
  }

  @Override
  public List<ConsoleRole> consoleRoles(Organization org) {
    return em.createQuery("select r from ConsoleRole r where r.organization = :org order by r.orgRole, r.roleArn",
            ConsoleRole.class)
        .setParameter("org", org)
        .getResultList();
  }

  @Override
  public Optional<ConsoleRole> findConsoleRole(Organization org, long id) {
    return em.createQuery("select r from ConsoleRole r where r.id = :id and r.organization = :org", ConsoleRole.class)
        .setParameter("id", id)
        .setParameter("org", org)
        .getResultStream()
        .findFirst();
  }

  @Override
  public void remove(ConsoleRole role) {
    em.remove(role);
  }

  @Override
  public List<Organization> page(Collection<String> groups, boolean all, boolean withArchived, int offset,
      int limit) {
    var query = em.createQuery("select o from Organization o" + where(all, withArchived) + " order by o.name, o.id",
        Organization.class).setFirstResult(offset).setMaxResults(limit);
    if (!all) {
      query.setParameter("groups", nonEmpty(groups));
    }
    return query.getResultList();
  }

  @Override
  public long count(Collection<String> groups, boolean all, boolean withArchived) {
    var query = em.createQuery("select count(o) from Organization o" + where(all, withArchived), Long.class);
    if (!all) {
      query.setParameter("groups", nonEmpty(groups));
    }
    return query.getSingleResult();
  }

  @Override
  public long liveClustersLocked(Organization org) {
    return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM cluster WHERE org_id = ? AND status <> 'DELETED'"
            + " LOCK IN SHARE MODE")
        .setParameter(1, org.id())
        .getSingleResult()).longValue();
  }

  @Override
  public void flush() {
    em.flush();
  }

  private static String where(boolean all, boolean withArchived) {
    String archived = withArchived ? null : "o.archivedAt is null";
    String mine = all ? null : MINE;
    if (archived == null && mine == null) {
      return "";
    }
    return " where " + (archived == null ? mine : mine == null ? archived : mine + " and " + archived);
  }

  private static Collection<String> nonEmpty(Collection<String> groups) {
    return groups == null || groups.isEmpty() ? NO_GROUP : groups;
  }
}
