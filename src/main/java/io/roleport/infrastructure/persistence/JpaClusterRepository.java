package io.roleport.infrastructure.persistence;

import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterListing;
import io.roleport.domain.ClusterRepository;
import io.roleport.domain.ClusterStatus;
import io.roleport.domain.Organization;
import io.roleport.domain.PlacementKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/**
 * Clusters in MariaDB; every query is scoped by organization. Lists fetch the (eager) organization in the same
 * statement rather than one more SELECT per persistence context.
 */
@ApplicationScoped
public class JpaClusterRepository implements ClusterRepository {

  @PersistenceContext(unitName = "roleport")
  EntityManager em;

  private final PreparedPages pages = new PreparedPages();

  @Override
  public Optional<Cluster> find(Organization org, long id) {
    return em.createQuery("select c from Cluster c where c.id = :id and c.organization = :org", Cluster.class)
        .setParameter("id", id)
        .setParameter("org", org)
        .getResultStream()
        .findFirst();
  }

  @Override
  public List<Cluster> page(Organization org, int offset, int limit, boolean withDeleted) {
    var query = pages.query(em, "select c from Cluster c join fetch c.organization where c.organization = :org"
                + (withDeleted ? "" : " and c.status <> :deleted") + " order by c.createdAt desc, c.id desc",
            Cluster.class)
        .setParameter("org", org);
    if (!withDeleted) {
      query.setParameter("deleted", io.roleport.domain.ClusterStatus.DELETED);
    }
    return query
        .setFirstResult(offset)
        .setMaxResults(limit)
        .getResultList();
  }

  /** The columns of {@link ClusterListing}, in its constructor's order. */
  private static final String LISTING = "select new io.roleport.domain.ClusterListing(c.id, c.name, c.status, c.region,"
      + " c.kubernetesVersion, c.placementKind, c.placementAccount) from Cluster c where c.organization = :org";

  @Override
  public List<ClusterListing> listing(Organization org, int offset, int limit, boolean withDeleted) {
    var query = pages.query(em, LISTING + (withDeleted ? "" : " and c.status <> :deleted")
            + " order by c.createdAt desc, c.id desc", ClusterListing.class)
        .setParameter("org", org);
    if (!withDeleted) {
      query.setParameter("deleted", io.roleport.domain.ClusterStatus.DELETED);
    }
    return query.setFirstResult(offset).setMaxResults(limit).getResultList();
  }

  @Override
  public List<ClusterListing> listing(Organization org, java.util.Collection<Long> ids) {
    return em.createQuery(LISTING + " and c.id in :ids", ClusterListing.class)
        .setParameter("org", org)
        .setParameter("ids", ids)
        .getResultList();
  }

  @Override
  public boolean liveNameTaken(Organization org, String name) {
    return em.createQuery("select count(c) from Cluster c where c.organization = :org and c.liveName = :name",
            Long.class)
        .setParameter("org", org)
        .setParameter("name", name)
        .getSingleResult() > 0;
  }

  @Override
  public List<Cluster> activeWithoutAccessEntries() {
    return em.createQuery("select c from Cluster c where c.provider = :provider and c.status = :active"
            + " and c.placementKind = :own and c.accessEntriesAt is null and c.accessBackfillDue = true order by c.id",
            Cluster.class)
        .setParameter("provider", io.roleport.domain.CloudKind.AWS.name())
        .setParameter("active", ClusterStatus.ACTIVE)
        .setParameter("own", io.roleport.domain.PlacementKind.ORG_ACCOUNT)
        .getResultList();
  }

  @Override
  public List<Cluster> active(Organization org, io.roleport.domain.CloudKind cloud) {
    return em.createQuery("select c from Cluster c where c.organization = :org and c.provider = :provider"
            + " and c.status = :active order by c.id", Cluster.class)
        .setParameter("org", org)
        .setParameter("provider", cloud.name())
        .setParameter("active", ClusterStatus.ACTIVE)
        .getResultList();
  }

  @Override
  public long countLive(Organization org, PlacementKind kind) {
    return em.createQuery("select count(c) from Cluster c where c.organization = :org and c.placementKind = :kind"
            + " and c.status <> :deleted", Long.class)
        .setParameter("org", org)
        .setParameter("kind", kind)
        .setParameter("deleted", ClusterStatus.DELETED)
        .getSingleResult();
  }

  @Override
  public java.util.Map<PlacementKind, Long> countLiveByPlacement(Organization org) {
    java.util.Map<PlacementKind, Long> counts = new java.util.EnumMap<>(PlacementKind.class);
    em.createQuery("select c.placementKind, count(c) from Cluster c where c.organization = :org"
            + " and c.status <> :deleted group by c.placementKind", Object[].class)
        .setParameter("org", org)
        .setParameter("deleted", ClusterStatus.DELETED)
        .getResultList()
        .forEach(r -> counts.put((PlacementKind) r[0], ((Number) r[1]).longValue()));
    return counts;
  }

  @Override
  public void add(Cluster cluster) {
    em.persist(cluster);
    em.flush();
  }
}
