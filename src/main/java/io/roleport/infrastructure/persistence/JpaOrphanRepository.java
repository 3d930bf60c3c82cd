package io.roleport.infrastructure.persistence;

import io.roleport.domain.CloudKind;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterStatus;
import io.roleport.domain.OperationStatus;
import io.roleport.domain.Organization;
import io.roleport.domain.OrphanFinding;
import io.roleport.domain.OrphanRepository;
import io.roleport.domain.OrphanScan;
import io.roleport.domain.PlacementKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The orphan check's scans and findings in MariaDB. Claims are conditional UPDATEs on the lease columns (as for
 * operations): exactly one worker of any instance wins a scan, or a deletion's next look.
 */
@ApplicationScoped
public class JpaOrphanRepository implements OrphanRepository {

  @PersistenceContext(unitName = "roleport")
  EntityManager em;

  @Override
  public void add(OrphanScan scan) {
    em.persist(scan);
  }

  @Override
  public void flush() {
    em.flush();
  }

  @Override
  public Optional<OrphanScan> scan(long id) {
    return Optional.ofNullable(em.find(OrphanScan.class, id));
  }

  @Override
  public Optional<OrphanScan> latest() {
    return em.createQuery("select s from OrphanScan s order by s.id desc", OrphanScan.class).setMaxResults(1)
        .getResultStream().findFirst();
  }

  @Override
  public Optional<Long> dueScan(Instant now) {
    return em.createQuery("select s.id from OrphanScan s where s.status = :running"
            + " and (s.leaseUntil is null or s.leaseUntil < :now) order by s.id", Long.class)
        .setParameter("running", OrphanScan.Status.RUNNING).setParameter("now", now).setMaxResults(1)
        .getResultStream().findFirst();
  }

  @Override
  public boolean claim(long scanId, String owner, Instant now, Instant until) {
    return em.createNativeQuery("update orphan_scan set lease_owner = ?, lease_until = ?, version = version + 1"
            + " where id = ? and status = 'RUNNING' and (lease_until is null or lease_until < ?)")
        .setParameter(1, owner).setParameter(2, Timestamp.from(until)).setParameter(3, scanId)
        .setParameter(4, Timestamp.from(now)).executeUpdate() == 1;
  }

  @Override
  public void release(long scanId, String owner) {
    em.createNativeQuery("update orphan_scan set lease_owner = null, lease_until = null, version = version + 1"
            + " where id = ? and lease_owner = ?")
        .setParameter(1, scanId).setParameter(2, owner).executeUpdate();
  }

  @Override
  public void add(OrphanFinding finding) {
    em.persist(finding);
  }

  @Override
  public List<OrphanFinding> findings(long scanId, int offset, int limit) {
    return em.createQuery("select f from OrphanFinding f where f.scanId = :scan order by f.id", OrphanFinding.class)
        .setParameter("scan", scanId).setFirstResult(offset).setMaxResults(limit).getResultList();
  }

  @Override
  public long countFindings(long scanId) {
    return em.createQuery("select count(f) from OrphanFinding f where f.scanId = :scan", Long.class)
        .setParameter("scan", scanId).getSingleResult();
  }

  @Override
  public Optional<OrphanFinding> finding(long id) {
    return Optional.ofNullable(em.find(OrphanFinding.class, id));
  }

  @Override
  public long countDeleting(long scanId) {
    return em.createQuery("select count(f) from OrphanFinding f where f.scanId = :scan and f.deleteStatus = :requested",
            Long.class)
        .setParameter("scan", scanId).setParameter("requested", OrphanFinding.DeleteStatus.REQUESTED).getSingleResult();
  }

  @Override
  public List<Long> deletionsDue(Instant now, int max) {
    return em.createQuery("select f.id from OrphanFinding f where f.deleteStatus = :requested"
            + " and f.deleteNextAt <= :now order by f.deleteNextAt, f.id", Long.class)
        .setParameter("requested", OrphanFinding.DeleteStatus.REQUESTED).setParameter("now", now)
        .setMaxResults(max).getResultList();
  }

  @Override
  public boolean claimDeletion(long findingId, Instant now, Instant until) {
    return em.createNativeQuery("update orphan_finding set delete_next_at = ?, version = version + 1"
            + " where id = ? and delete_status = 'REQUESTED' and delete_next_at <= ?")
        .setParameter(1, Timestamp.from(until)).setParameter(2, findingId).setParameter(3, Timestamp.from(now))
        .executeUpdate() == 1;
  }

  @Override
  public long countOrganizations() {
    return em.createQuery("select count(o) from Organization o", Long.class).getSingleResult();
  }

  @Override
  public Optional<Organization> organizationAfter(long afterId) {
    return em.createQuery("select o from Organization o where o.id > :after order by o.id", Organization.class)
        .setParameter("after", afterId).setMaxResults(1).getResultStream().findFirst();
  }

  @Override
  public Optional<Organization> organization(long id) {
    return Optional.ofNullable(em.find(Organization.class, id));
  }

  @Override
  public List<Cluster> clusters(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return em.createQuery("select c from Cluster c join fetch c.organization where c.id in :ids", Cluster.class)
        .setParameter("ids", ids).getResultList();
  }

  @Override
  public List<Cluster> clusters(Organization org, Collection<ClusterStatus> statuses) {
    return em.createQuery("select c from Cluster c where c.organization = :org and c.status in :statuses"
            + " order by c.id", Cluster.class)
        .setParameter("org", org).setParameter("statuses", statuses).getResultList();
  }

  @Override
  public List<String> regions(CloudKind cloud, PlacementKind placement, Organization org) {
    var query = em.createQuery("select distinct c.region from Cluster c where c.provider = :cloud"
            + " and c.placementKind = :placement" + (org == null ? "" : " and c.organization = :org")
            + " order by c.region", String.class)
        .setParameter("cloud", cloud.name()).setParameter("placement", placement);
    if (org != null) {
      query.setParameter("org", org);
    }
    return query.getResultList();
  }

  @Override
  public boolean busy(Cluster cluster) {
    return em.createQuery("select count(o) from Operation o where o.cluster = :cluster and o.status in :open",
            Long.class)
        .setParameter("cluster", cluster)
        .setParameter("open", List.of(OperationStatus.PENDING, OperationStatus.RUNNING))
        .getSingleResult() > 0;
  }
}
