package io.roleport.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #11, migration V13 on a database that already has clusters: they keep the cloud names they were created
 * under ({@code slug-name}, Azure group {@code rp-slug-name}), even two that collided, and the stored names are
 * write-once (set once from NULL, never changed).
 */
class CloudNameMigrationTest {
  @AutoClose
  private static MigratedDatabase database;

  @BeforeAll
  static void clustersCreatedBeforeTheFix() throws SQLException {
    database = new MigratedDatabase("cloudname", "roleport_cloudname");
    database.migrateTo("12");
    try (Connection c = database.connect()) {
      c.createStatement().executeUpdate("insert into organization (id, slug, name, kind, external_id, created_at) values"
          + " (1, 'acme', 'Acme', 'TEAM', 'rp-11111111111111111111111111111111', UTC_TIMESTAMP(6)),"
          + " (2, 'acme-prod', 'Acme Prod', 'TEAM', 'rp-22222222222222222222222222222222', UTC_TIMESTAMP(6))");
      c.createStatement().executeUpdate("insert into cluster (id, org_id, name, live_name, provider, region,"
          + " kubernetes_version, instance_type, node_count, status, placement_account, placement_kind, created_by,"
          + " created_at, status_changed_at) values"
          + " (1, 1, 'prod-eu', 'prod-eu', 'AWS', 'eu-west-1', '1.33', 'm6i.large', 2, 'ACTIVE', '222222222222',"
          + " 'DEFAULT_ACCOUNT', 'alice', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)),"
          + " (2, 2, 'eu', 'eu', 'AWS', 'eu-west-1', '1.33', 'm6i.large', 2, 'ACTIVE', '222222222222',"
          + " 'DEFAULT_ACCOUNT', 'bob', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)),"
          + " (3, 1, 'aks-1', 'aks-1', 'AZURE', 'westeurope', '1.32', 'Standard_D2s_v5', 2, 'ACTIVE',"
          + " '00000000-0000-0000-0000-000000000001', 'DEFAULT_ACCOUNT', 'alice', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))");
    }
    database.migrateTo(null);
  }

  @Test
  void existingClustersKeepTheNamesTheyWereCreatedUnderEvenWhenTheyCollided() throws SQLException {
    assertEquals(List.of("1 acme-prod-eu null", "2 acme-prod-eu null", "3 acme-aks-1 rp-acme-aks-1"),
        rows("select concat_ws(' ', id, cloud_name, coalesce(resource_group, 'null')) from cluster where id <= 3 order by id"));
  }

  @Test
  void theStoredNamesAreWriteOnce() throws SQLException {
    SQLException renamed = assertThrows(SQLException.class,
        () -> execute("update cluster set cloud_name = 'rp-1_prod-eu' where id = 1"));
    assertTrue(renamed.getMessage().contains("write-once"), renamed.getMessage());
    assertThrows(SQLException.class, () -> execute("update cluster set cloud_name = null where id = 1"));
    assertThrows(SQLException.class, () -> execute("update cluster set resource_group = 'rp-other' where id = 3"));

    execute("insert into cluster (id, org_id, name, live_name, provider, region, kubernetes_version, instance_type,"
        + " node_count, status, placement_account, placement_kind, created_by, created_at, status_changed_at) values"
        + " (4, 2, 'new', 'new', 'AWS', 'eu-west-1', '1.33', 'm6i.large', 2, 'CREATING', '222222222222',"
        + " 'DEFAULT_ACCOUNT', 'bob', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))");
    execute("update cluster set cloud_name = 'rp-4_new' where id = 4"); // set once, in the creating transaction
    execute("update cluster set status = 'ACTIVE' where id = 4"); // other columns still change
    assertThrows(SQLException.class, () -> execute("update cluster set cloud_name = 'rp-5_new' where id = 4"));
    assertEquals(List.of("rp-4_new ACTIVE"), rows("select concat_ws(' ', cloud_name, status) from cluster where id = 4"));
  }

  private static List<String> rows(String sql) throws SQLException {
    return database.rows(sql);
  }

  private static void execute(String sql) throws SQLException {
    database.execute(sql);
  }
}
