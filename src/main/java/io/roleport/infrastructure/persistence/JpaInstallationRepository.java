package io.roleport.infrastructure.persistence;

import io.roleport.application.audit.Actor;
import io.roleport.application.installation.AuditRow;
import io.roleport.application.installation.InstallationRepository;
import io.roleport.application.installation.InventoryRow;
import io.roleport.domain.AuditEvent;
import io.roleport.application.installation.ClusterFilter;
import io.roleport.application.installation.ClusterOverview;
import io.roleport.application.installation.ClusterSort;
import io.roleport.application.installation.DefaultAccountRow;
import io.roleport.domain.CloudKind;
import io.roleport.domain.ClusterStatus;
import io.roleport.domain.OrgKind;
import io.roleport.domain.PlacementKind;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
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
            + " (select count(*) from cluster c where c.org_id = o.id and c.status <> 'DELETED'), az.subscription_id"
            + " from organization o left join organization p on p.id = o.parent_id"
            + " left join aws_binding b on b.org_id = o.id left join azure_binding az on az.org_id = o.id"
            + " order by o.name, o.id limit ? offset ?")
        .setParameter(1, limit)
        .setParameter(2, offset)
        .getResultList();
    return rows.stream().map(r -> new InventoryRow((String) r[0], (String) r[1], OrgKind.valueOf((String) r[2]),
        (String) r[3], r[4] != null ? CloudKind.AWS : r[6] != null ? CloudKind.AZURE : null,
        r[4] != null ? (String) r[4] : (String) r[6], ((Number) r[5]).longValue())).toList();
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

  @Override
  public List<ClusterOverview> clusters(ClusterFilter filter, ClusterSort sort, int offset, int limit) {
    List<Object> params = new ArrayList<>();
    String where = where(filter, params);
    String direction = sort.ascending() ? " asc" : " desc";
    // each order ends with the columns of its index (V26), so the database reads the index in order and stops
    String column = switch (sort.column()) {
      case CREATED -> "c.created_at";
      case NAME -> "c.name";
      case STATUS -> "c.status" + direction + ", c.created_at";
      case ORGANIZATION -> "o.name" + direction + ", o.id" + direction + ", c.created_at";
      case ACCOUNT -> "c.placement_account" + direction + ", c.created_at";
    };
    params.add(limit);
    params.add(offset);
    @SuppressWarnings("unchecked")
    List<Object[]> rows = bind(em.createNativeQuery("select c.id, o.slug, o.name, c.name, c.status, c.provider,"
        + " c.region, c.placement_account, c.placement_kind, c.created_at from cluster c join organization o"
        + " on o.id = c.org_id" + where + " order by " + column + direction + ", c.id" + direction
        + " limit ? offset ?"), params).getResultList();
    return rows.stream().map(r -> new ClusterOverview(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
        (String) r[3], ClusterStatus.valueOf((String) r[4]), CloudKind.valueOf((String) r[5]), (String) r[6],
        (String) r[7], PlacementKind.valueOf((String) r[8]), instant(r[9]))).toList();
  }

  @Override
  public long countClusters(ClusterFilter filter) {
    List<Object> params = new ArrayList<>();
    String where = where(filter, params);
    String join = filter.org() == null ? "" : " join organization o on o.id = c.org_id";
    return ((Number) bind(em.createNativeQuery("select count(*) from cluster c" + join + where), params)
        .getSingleResult()).longValue();
  }

  /** The WHERE clause of a filter, its values appended to {@code params} (never spliced into the SQL). */
  private static String where(ClusterFilter filter, List<Object> params) {
    List<String> conditions = new ArrayList<>();
    if (filter.org() != null) {
      conditions.add("o.slug = ?");
      params.add(filter.org());
    }
    if (ClusterFilter.StatusChoice.LIVE.equals(filter.status())) {
      conditions.add("c.status <> 'DELETED'");
    } else if (filter.status().single() != null) {
      conditions.add("c.status = ?");
      params.add(filter.status().single().name());
    }
    if (filter.provider() != null) {
      conditions.add("c.provider = ?");
      params.add(filter.provider().name());
    }
    if (filter.account() != null) {
      conditions.add("c.placement_account = ?");
      params.add(filter.account());
    }
    if (filter.placement() != null) {
      conditions.add("c.placement_kind = ?");
      params.add(filter.placement().name());
    }
    return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
  }

  private static final String IN_DEFAULT_ACCOUNT = "exists (select 1 from cluster c where c.org_id = o.id"
      + " and c.placement_kind = 'DEFAULT_ACCOUNT' and c.status <> 'DELETED')";

  @Override
  public List<DefaultAccountRow> defaultAccount(boolean boundOnly, int offset, int limit) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows = em.createNativeQuery("select o.slug, o.name, b.account_id, az.subscription_id,"
            + " (select count(*) from cluster c where c.org_id = o.id and c.placement_kind = 'DEFAULT_ACCOUNT'"
            + " and c.status <> 'DELETED') from organization o left join aws_binding b on b.org_id = o.id"
            + " left join azure_binding az on az.org_id = o.id where " + IN_DEFAULT_ACCOUNT
            + (boundOnly ? " and (b.org_id is not null or az.org_id is not null)" : "")
            + " order by o.name, o.id limit ? offset ?")
        .setParameter(1, limit)
        .setParameter(2, offset)
        .getResultList();
    return rows.stream().map(r -> new DefaultAccountRow((String) r[0], (String) r[1],
        r[2] != null ? CloudKind.AWS : r[3] != null ? CloudKind.AZURE : null,
        r[2] != null ? (String) r[2] : (String) r[3], ((Number) r[4]).longValue())).toList();
  }

  @Override
  public long countDefaultAccount(boolean boundOnly) {
    return ((Number) em.createNativeQuery("select count(*) from organization o"
        + (boundOnly ? " left join aws_binding b on b.org_id = o.id left join azure_binding az on az.org_id = o.id" : "")
        + " where " + IN_DEFAULT_ACCOUNT + (boundOnly ? " and (b.org_id is not null or az.org_id is not null)" : ""))
        .getSingleResult()).longValue();
  }

  private static Query bind(Query query, List<Object> params) {
    for (int i = 0; i < params.size(); i++) {
      query.setParameter(i + 1, params.get(i));
    }
    return query;
  }

  private static Instant instant(Object value) {
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof LocalDateTime l) {
      return Timestamp.valueOf(l).toInstant();
    }
    return value == null ? null : (Instant) value;
  }
}
