package io.roleport.testenv;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Many organizations and clusters at once, in plain SQL (MariaDB's sequence tables {@code seq_1_to_N}), for the
 * statement-count test ({@code PageCostIT}) and the benchmark ({@code bench/run.sh}): 10,000 organizations and
 * 100,000 clusters take seconds. Rows are written as the application would store them (team organizations with a
 * valid ExternalId, an org-admin group mapping, active clusters in the default account), without audit events: this
 * is test data, not history.
 *
 * <p>As a program: {@code BulkSeed <jdbc-url> <user> <password> [organizations] [clustersPerOrganization]} seeds the
 * benchmark's data set (see bench/README.md).
 */
public final class BulkSeed {

  private BulkSeed() {
  }

  /**
   * Team organizations {@code <prefix>NNNNN} for {@code from..to} (named {@code "zz <prefix>NNNNN"}, so they sort after
   * the demo organizations), each administered by {@code group}, each with {@code clustersEach} active clusters in
   * {@code account} (the default account).
   */
  public static void organizations(Connection db, String prefix, int from, int to, String group, int clustersEach,
      String account) throws SQLException {
    String seq = "seq_" + from + "_to_" + to;
    try (PreparedStatement orgs = db.prepareStatement("insert into organization (slug, name, kind, external_id,"
        + " created_at) select concat(?, lpad(seq, 5, '0')), concat('zz ', ?, lpad(seq, 5, '0')), 'TEAM',"
        + " concat('rp-', md5(concat(?, seq))), now(6) from " + seq)) {
      orgs.setString(1, prefix);
      orgs.setString(2, prefix);
      orgs.setString(3, prefix + "/" + System.nanoTime() + "/");
      orgs.executeUpdate();
    }
    String range = " where o.slug between ? and ?";
    try (PreparedStatement mappings = db.prepareStatement("insert into group_mapping (org_id, group_name, role)"
        + " select o.id, ?, 'ORG_ADMIN' from organization o" + range)) {
      mappings.setString(1, group);
      mappings.setString(2, String.format("%s%05d", prefix, from));
      mappings.setString(3, String.format("%s%05d", prefix, to));
      mappings.executeUpdate();
    }
    if (clustersEach > 0) {
      try (PreparedStatement clusters = db.prepareStatement(clusterInsert(clustersEach) + range)) {
        clusters.setString(1, account);
        clusters.setString(2, String.format("%s%05d", prefix, from));
        clusters.setString(3, String.format("%s%05d", prefix, to));
        clusters.executeUpdate();
      }
    }
  }

  /**
   * {@code count} active clusters {@code c-00001..} in an existing organization, newest first by number; the newest
   * {@code changing} of them are still being created.
   */
  public static void clusters(Connection db, String slug, int count, int changing, String account)
      throws SQLException {
    try (PreparedStatement clusters = db.prepareStatement(clusterInsert(count) + " where o.slug = ?")) {
      clusters.setString(1, account);
      clusters.setString(2, slug);
      clusters.executeUpdate();
    }
    if (changing > 0) {
      try (PreparedStatement creating = db.prepareStatement("update cluster set status = 'CREATING' where org_id ="
          + " (select id from organization where slug = ?) and name > ?")) {
        creating.setString(1, slug);
        creating.setString(2, String.format("c-%05d", count - changing));
        creating.executeUpdate();
      }
    }
  }

  /** Inserts {@code count} clusters for each organization {@code o} the appended where clause selects. */
  private static String clusterInsert(int count) {
    return "insert into cluster (org_id, name, live_name, cloud_name, provider, region, kubernetes_version,"
        + " instance_type, node_count, status, placement_account, placement_kind, created_by, created_at,"
        + " status_changed_at, version)"
        + " select o.id, concat('c-', lpad(n.seq, 5, '0')), concat('c-', lpad(n.seq, 5, '0')),"
        + " concat('seed-', o.id, '-', n.seq), 'AWS', 'eu-west-1', '1.31', 't3.medium', 2, 'ACTIVE', ?,"
        + " 'DEFAULT_ACCOUNT', 'seed', now(6) - interval (" + count + " - n.seq) second, now(6), 0"
        + " from organization o join seq_1_to_" + count + " n";
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("Usage: BulkSeed <jdbc-url> <user> <password> [organizations=10000] [clusters-each=10]"
          + " [account=123456789012]");
      System.exit(2);
    }
    int organizations = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
    int clustersEach = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    String account = args.length > 5 ? args[5] : "123456789012";
    try (Connection db = DriverManager.getConnection(args[0], args[1], args[2]); Statement s = db.createStatement()) {
      var seeded = s.executeQuery("select count(*) from organization where slug like 'bench-%'");
      seeded.next();
      if (seeded.getLong(1) > 0) {
        System.out.println("BulkSeed: already seeded (" + seeded.getLong(1) + " bench organizations)");
        return;
      }
      long started = System.nanoTime();
      organizations(db, "bench-", 1, organizations, "bench-leads", clustersEach, account);
      clusters(db, "globex", 1_000, 0, account);
      System.out.printf("BulkSeed: %d organizations with %d clusters each, and 1,000 clusters in globex, in %.1f s%n",
          organizations, clustersEach, (System.nanoTime() - started) / 1e9);
    }
  }
}
