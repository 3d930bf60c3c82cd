package io.roleport.infrastructure.persistence;

import io.roleport.domain.GroupMapping;
import io.roleport.domain.OrgRole;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Organizations in MariaDB. The list is one paged query plus one count, whatever the page size. */
@ApplicationScoped
public class JpaOrganizationRepository implements OrganizationRepository {
  /** A group name no IdP issues: keeps IN () valid when a caller has no groups. */
  private static final Set<String> NO_GROUP = Set.of("\u0000none");

  @PersistenceContext(unitName = "roleport")
  EntityManager em;

  private final PreparedPages pages = new PreparedPages();

  @Override
  public Optional<Organization> findBySlug(String slug) {
    return em.createQuery("select o from Organization o where o.slug = :slug", Organization.class)
        .setParameter("slug", slug)
        .getResultStream()
        .findFirst();
  }

  @Override
  public Optional<WithRoles> findWithRoles(String slug, Collection<String> groups) {
    // One row per matching mapping (or one row with no role): the bindings come in the same statement.
    List<Object[]> rows = em.createQuery("select o, m.role from Organization o left join fetch o.awsBinding"
            + " left join fetch o.azureBinding left join GroupMapping m on m.organization = o and m.groupName in :groups"
            + " where o.slug = :slug", Object[].class)
        .setParameter("slug", slug)
        .setParameter("groups", nonEmpty(groups))
        .getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    java.util.Set<OrgRole> roles = java.util.EnumSet.noneOf(OrgRole.class);
    rows.stream().map(r -> (OrgRole) r[1]).filter(java.util.Objects::nonNull).forEach(roles::add);
    return Optional.of(new WithRoles((Organization) rows.get(0)[0], roles));
  }

  @Override
  public List<Organization> page(Collection<String> groups, boolean all, int offset, int limit) {
    String jpql = all
        ? "select o from Organization o where o.archivedAt is null order by o.name, o.id"
        : "select o from Organization o where exists (select m from GroupMapping m where m.organization = o"
            + " and m.groupName in :groups and m.role <> io.roleport.domain.OrgRole.THIRD_PARTY)"
            + " and o.archivedAt is null order by o.name, o.id";
    var query = pages.query(em, jpql, Organization.class).setFirstResult(offset).setMaxResults(limit);
    if (!all) {
      query.setParameter("groups", nonEmpty(groups));
    }
    return query.getResultList();
  }

  @Override
  public long count(Collection<String> groups, boolean all) {
    String jpql = all
        ? "select count(o) from Organization o where o.archivedAt is null"
        : "select count(o) from Organization o where exists (select m from GroupMapping m where"
            + " m.organization = o and m.groupName in :groups and m.role <> io.roleport.domain.OrgRole.THIRD_PARTY)"
            + " and o.archivedAt is null";
    var query = em.createQuery(jpql, Long.class);
    if (!all) {
      query.setParameter("groups", nonEmpty(groups));
    }
    return query.getSingleResult();
  }

  @Override
  public List<Organization> children(Organization isv) {
    // with their bindings: the ISV's page says for each whether it has an account of its own (no query per row)
    return em.createQuery("select o from Organization o left join fetch o.awsBinding left join fetch o.azureBinding"
            + " where o.parent = :isv order by o.name", Organization.class)
        .setParameter("isv", isv)
        .getResultList();
  }

  @Override
  public List<String> thirdPartySlugs(Collection<String> groups) {
    return em.createQuery("select distinct m.organization.slug from GroupMapping m where m.groupName in :groups"
            + " and m.role = io.roleport.domain.OrgRole.THIRD_PARTY order by m.organization.slug", String.class)
        .setParameter("groups", nonEmpty(groups))
        .getResultList();
  }

  @Override
  public List<GroupMapping> mappings(Organization org, Collection<String> groups) {
    return em.createQuery("select m from GroupMapping m where m.organization = :org and m.groupName in :groups",
            GroupMapping.class)
        .setParameter("org", org)
        .setParameter("groups", nonEmpty(groups))
        .getResultList();
  }

  @Override
  public List<GroupMapping> mappings(Organization org) {
    return em.createQuery("select m from GroupMapping m where m.organization = :org order by m.groupName",
            GroupMapping.class)
        .setParameter("org", org)
        .getResultList();
  }

  @Override
  public boolean slugTaken(String slug) {
    return findBySlug(slug).isPresent();
  }

  @Override
  public void add(Organization org) {
    em.persist(org);
  }

  @Override
  public void add(GroupMapping mapping) {
    em.persist(mapping);
  }

  @Override
  public Optional<GroupMapping> findMapping(Organization org, long mappingId) {
    return em.createQuery("select m from GroupMapping m where m.id = :id and m.organization = :org", GroupMapping.class)
        .setParameter("id", mappingId)
        .setParameter("org", org)
        .getResultStream()
        .findFirst();
  }

  @Override
  public void remove(GroupMapping mapping) {
    em.remove(mapping);
  }

  @Override
  public void lock(Organization org) {
    em.lock(org, LockModeType.PESSIMISTIC_WRITE);
    em.refresh(org);
  }

  @Override
  public void flush() {
    em.flush();
  }

  @Override
  public java.util.List<io.roleport.domain.AzureSecretVersion> azureSecretsNotUnder(String keyId) {
    return em.createQuery("select v from AzureSecretVersion v where v.keyId <> :keyId order by v.id",
        io.roleport.domain.AzureSecretVersion.class).setParameter("keyId", keyId).getResultList();
  }

  private static Collection<String> nonEmpty(Collection<String> groups) {
    return groups == null || groups.isEmpty() ? NO_GROUP : groups;
  }
}
