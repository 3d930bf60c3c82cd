package io.roleport.infrastructure.persistence;

import io.roleport.domain.Cluster;
import io.roleport.domain.NodeGroup;
import io.roleport.domain.NodeGroupRepository;
import io.roleport.domain.NodeGroupStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** Node groups in MariaDB; every query is scoped by cluster (itself found through its organization). */
@ApplicationScoped
public class JpaNodeGroupRepository implements NodeGroupRepository {

  @PersistenceContext(unitName = "roleport")
  EntityManager em;

  @Override
  public Optional<NodeGroup> find(Cluster cluster, long id) {
    return em.createQuery("select g from NodeGroup g where g.id = :id and g.cluster = :cluster", NodeGroup.class)
        .setParameter("id", id)
        .setParameter("cluster", cluster)
        .getResultStream()
        .findFirst();
  }

  @Override
  public List<NodeGroup> live(Cluster cluster) {
    return em.createQuery("select g from NodeGroup g where g.cluster = :cluster and g.status <> :deleted"
            + " order by g.firstGroup desc, g.createdAt, g.id", NodeGroup.class)
        .setParameter("cluster", cluster)
        .setParameter("deleted", NodeGroupStatus.DELETED)
        .getResultList();
  }

  @Override
  public Optional<NodeGroup> first(Cluster cluster) {
    return em.createQuery("select g from NodeGroup g where g.cluster = :cluster and g.firstGroup = true"
            + " order by g.id desc", NodeGroup.class)
        .setParameter("cluster", cluster)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  @Override
  public void add(NodeGroup group) {
    em.persist(group);
  }
}
