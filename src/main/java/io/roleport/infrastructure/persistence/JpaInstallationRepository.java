package io.roleport.infrastructure.persistence;

import io.roleport.application.audit.Actor;
import io.roleport.application.installation.AuditRow;
import io.roleport.application.installation.InstallationRepository;
import io.roleport.application.installation.InventoryRow;
import io.roleport.domain.AuditEvent;
import io.roleport.domain.OrgKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** Cross-tenant read models in one SQL statement each. */
@ApplicationScoped
public class JpaInstallationRepository implements InstallationRepository {

  @PersistenceContext(unitName = "roleport")
  EntityManager em;

  @Override
  public List<InventoryRow> inventory(int offset, int limit) {
    List<Object[]> rows = em.createNativeQuery("select o.slug, o.name, o.kind, p.slug, b.account_id,"
            + " (select count(*) from cluster c where c.org_id = o.id and c.status <> 'DELETED')"
            + " from organization o left join organization p on p.id = o.parent_id"
            + " left join aws_binding b on b.org_id = o.id order by o.name, o.id limit ? offset ?")
        .setParameter(1, limit)
        .setParameter(2, offset)
        .getResultList();
    return rows.stream().map(r -> new InventoryRow((String) r[0], (String) r[1], OrgKind.valueOf((String) r[2]),
        (String) r[3], (String) r[4], ((Number) r[5]).longValue())).toList();
  }

  @Override
  public long organizations() {
    return em.createQuery("select count(o) from Organization o", Long.class).getSingleResult();
  }

  @Override
  public List<AuditRow> audit(int limit) {
    List<Object[]> rows = em.createQuery("select e, o.slug, p.displayName from AuditEvent e"
            + " left join Organization o on o.id = e.orgId left join Person p on p.subject = e.actor"
            + " order by e.id desc", Object[].class)
        .setMaxResults(limit)
        .getResultList();
    return rows.stream().map(r -> {
      AuditEvent event = (AuditEvent) r[0];
      return new AuditRow(event, (String) r[1], new Actor(event.actor(), (String) r[2]));
    }).toList();
  }
}
