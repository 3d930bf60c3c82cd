package io.roleport.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #13, migration V32 on a database that already has clusters: each organization's row counts its clusters (all,
 * and those not deleted) from then on, kept by the database whatever writes a cluster, and two clusters created at
 * once in one organization are both counted without a deadlock.
 */
class ClusterCountMigrationTest {
  @AutoClose
  private static MigratedDatabase database;

  @BeforeAll
  static void clustersCreatedBeforeTheCounts() throws SQLException {
    database = new MigratedDatabase("clustercount", "roleport_clustercount");
    database.migrateTo("31");
    execute("insert into organization (id, slug, name, kind, external_id, created_at) values"
        + " (1, 'acme', 'Acme', 'TEAM', 'rp-11111111111111111111111111111111', UTC_TIMESTAMP(6)),"
        + " (2, 'globex', 'Globex', 'TEAM', 'rp-22222222222222222222222222222222', UTC_TIMESTAMP(6)),"
        + " (3, 'initech', 'Initech', 'TEAM', 'rp-33333333333333333333333333333333', UTC_TIMESTAMP(6))");
    execute(insert(1, "prod", "ACTIVE") + ", " + values(1, "old", "DELETED") + ", " + values(1, "dev", "CREATING")
        + ", " + values(2, "eu", "FAILED"));
    database.migrateTo(null);
  }

  @Test
  void theMigrationCountsTheClustersThereWere() throws SQLException {
    assertEquals(List.of("1 3 2", "2 1 1", "3 0 0"),
        rows("select concat_ws(' ', id, cluster_count, live_cluster_count) from organization where id <= 3 order by id"));
  }

  @Test
  void everyWriteToAClusterKeepsItsOrganizationsCounts() throws SQLException {
    execute(insert(3, "a", "CREATING") + ", " + values(3, "b", "CREATING"));
    assertEquals("2 2", counts(3), "two new clusters");
    execute("update cluster set status = 'ACTIVE', node_count = 3 where org_id = 3 and name = 'a'");
    assertEquals("2 2", counts(3), "a change that deletes nothing counts nothing");
    execute("update cluster set status = 'DELETED', live_name = null where org_id = 3 and name = 'b'");
    assertEquals("2 1", counts(3), "a deleted cluster stays in the list with the deleted ones");
    execute("update cluster set status = 'DELETED' where org_id = 3 and name = 'b'");
    assertEquals("2 1", counts(3), "deleted again: counted once");
    execute("delete from cluster where org_id = 3 and name = 'b'");
    assertEquals("1 1", counts(3), "a row removed by hand");
    execute("delete from cluster where org_id = 3");
    assertEquals("0 0", counts(3));

    SQLException refused = assertThrows(SQLException.class, () -> execute(insert(3, "a", "CREATING")
        + ", " + values(3, "a", "CREATING")));
    assertTrue(refused.getMessage().contains("uq_cluster_live_name"), refused.getMessage());
    assertEquals("0 0", counts(3), "a refused insert counts nothing");
  }

  /**
   * V23's check read the organization's row with a shared lock; with the count written to that row, two creations at
   * once each held the shared lock and waited for the other's (a deadlock, one creation refused). Now they queue.
   */
  @Test
  void clustersCreatedAtOnceInOneOrganizationAreAllCountedAndNoneRefused() throws Exception {
    execute("insert into organization (id, slug, name, kind, external_id, created_at) values"
        + " (4, 'hooli', 'Hooli', 'TEAM', 'rp-44444444444444444444444444444444', UTC_TIMESTAMP(6))");
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (String prefix : List.of("x", "y")) {
        writers.add(two.submit(() -> {
          try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            for (int i = 0; i < 60; i++) {
              c.createStatement().executeUpdate(insert(4, prefix + i, "CREATING"));
              c.commit();
            }
          }
          return null;
        }));
      }
      for (Future<?> writer : writers) {
        writer.get(); // a deadlock would throw here
      }
    } finally {
      two.shutdownNow();
    }
    assertEquals("120 120", counts(4));
  }

  @Test
  void anArchivedOrganizationStillGetsNoCluster() throws SQLException {
    execute("insert into organization (id, slug, name, kind, external_id, created_at, archived_at, archived_by)"
        + " values (5, 'vandelay', 'Vandelay', 'TEAM', 'rp-55555555555555555555555555555555', UTC_TIMESTAMP(6),"
        + " UTC_TIMESTAMP(6), 'olga')");
    SQLException refused = assertThrows(SQLException.class, () -> execute(insert(5, "late", "CREATING")));
    assertTrue(refused.getMessage().contains("archived"), refused.getMessage());
    assertEquals("0 0", counts(5));
  }

  private static String counts(long org) throws SQLException {
    return rows("select concat_ws(' ', cluster_count, live_cluster_count) from organization where id = " + org).get(0);
  }

  private static String insert(long org, String name, String status) {
    return "insert into cluster (org_id, name, live_name, provider, region, kubernetes_version, instance_type,"
        + " node_count, status, placement_account, placement_kind, created_by, created_at, status_changed_at) values "
        + values(org, name, status);
  }

  private static String values(long org, String name, String status) {
    String live = status.equals("DELETED") ? "null" : "'" + name + "'";
    return "(" + org + ", '" + name + "', " + live + ", 'AWS', 'eu-west-1', '1.33', 'm6i.large', 2, '" + status
        + "', '222222222222', 'DEFAULT_ACCOUNT', 'alice', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))";
  }

  private static List<String> rows(String sql) throws SQLException {
    return database.rows(sql);
  }

  private static void execute(String sql) throws SQLException {
    database.execute(sql);
  }
}
