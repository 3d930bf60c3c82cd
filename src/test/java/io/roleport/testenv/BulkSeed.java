package io.roleport.testenv;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Many organizations and clusters at once, in batched SQL, for the statement-count test ({@code PageCostIT}) and the
 * benchmark ({@code bench/run.sh}): 10,000 organizations and 100,000 clusters take seconds. Rows are written as the application would store them (team organizations with a
 * valid ExternalId, an org-admin group mapping, active clusters in the default account), without audit events: this
 * is test data, not history.
 *
 * <p>As a program: {@code BulkSeed <jdbc-url> <user> <password> [organizations] [clustersPerOrganization]} seeds the
 * benchmark's data set (see docs/performance.md).
 */
public final class BulkSeed {
  private static final int BATCH = 1_000;

  private BulkSeed() {
  }

  /**
   * Removes what a test seeded under {@code prefix}: the clusters of every organization whose slug starts with it, and
   * the organizations themselves with their group mappings, except those with a binding (bindings are write-once: the
   * database refuses their deletion), which stay without clusters. The integration run shares one database and one
   * application: 10,000 seeded organizations left behind would make every later installation-wide job (the orphan
   * check reads each organization's clusters in the cloud) pay for them.
   */
  public static void remove(Connection db, String prefix) throws SQLException {
    String like = prefix.replace("_", "\\_").replace("%", "\\%") + "%";
    String unbound = " and not exists (select 1 from aws_binding b where b.org_id = o.id)"
        + " and not exists (select 1 from azure_binding z where z.org_id = o.id)";
    // The clusters by their organizations' ids: a statement that deletes clusters may not read organization, whose
    // counts the delete's trigger updates (MariaDB refuses that, error 1442; V32).
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement orgs = db.prepareStatement("select id from organization where slug like ?")) {
      orgs.setString(1, like);
      try (ResultSet rows = orgs.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
    }
    for (int from = 0; from < ids.size(); from += 1_000) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 1_000));
      try (PreparedStatement delete = db.prepareStatement("delete from cluster where org_id in ("
          + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          delete.setLong(i + 1, chunk.get(i));
        }
        delete.executeUpdate();
      }
    }
    for (String sql : List.of(
        "delete m from group_mapping m join organization o on o.id = m.org_id where o.slug like ?" + unbound,
        "delete o from organization o where o.slug like ?" + unbound)) {
      try (PreparedStatement delete = db.prepareStatement(sql)) {
        delete.setString(1, like);
        delete.executeUpdate();
      }
    }
  }

  /**
   * Team organizations {@code <prefix>NNNNN} for {@code from..to} (named {@code "zz <prefix>NNNNN"}, so they sort after
   * the demo organizations), each administered by {@code group}, each with {@code clustersEach} active clusters in
   * {@code account} (the default account).
   */
  public static void organizations(Connection db, String prefix, int from, int to, String group, int clustersEach,
      String account) throws SQLException {
    String nonce = Long.toHexString(System.nanoTime());
    Timestamp now = Timestamp.from(Instant.now());
    try (PreparedStatement orgs = db.prepareStatement("insert into organization (slug, name, kind, external_id,"
        + " created_at) values (?, ?, 'TEAM', ?, ?)")) {
      for (int i = from; i <= to; i++) {
        String slug = String.format("%s%05d", prefix, i);
        orgs.setString(1, slug);
        orgs.setString(2, "zz " + slug);
        orgs.setString(3, "rp-" + md5(nonce + "/" + slug));
        orgs.setTimestamp(4, now);
        orgs.addBatch();
        if ((i - from) % BATCH == BATCH - 1) {
          orgs.executeBatch();
        }
      }
      orgs.executeBatch();
    }
    String first = String.format("%s%05d", prefix, from);
    String last = String.format("%s%05d", prefix, to);
    try (PreparedStatement mappings = db.prepareStatement("insert into group_mapping (org_id, group_name, role)"
        + " select o.id, ?, 'ORG_ADMIN' from organization o where o.slug between ? and ?")) {
      mappings.setString(1, group);
      mappings.setString(2, first);
      mappings.setString(3, last);
      mappings.executeUpdate();
    }
    if (clustersEach > 0) {
      List<Long> ids = new ArrayList<>();
      try (PreparedStatement select = db.prepareStatement("select id from organization where slug between ? and ?")) {
        select.setString(1, first);
        select.setString(2, last);
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            ids.add(r.getLong(1));
          }
        }
      }
      insertClusters(db, ids, clustersEach, 0, account);
    }
  }

  /**
   * {@code count} active clusters {@code c-00001..} in an existing organization, newest first by number; the newest
   * {@code changing} of them are still being created.
   */
  public static void clusters(Connection db, String slug, int count, int changing, String account)
      throws SQLException {
    try (PreparedStatement select = db.prepareStatement("select id from organization where slug = ?")) {
      select.setString(1, slug);
      try (ResultSet r = select.executeQuery()) {
        r.next();
        insertClusters(db, List.of(r.getLong(1)), count, changing, account);
      }
    }
  }

  /**
   * Plain multi-row INSERTs (batched), not INSERT ... SELECT: MariaDB 11.4.5 (the embedded server) stores NULL for
   * computed columns of an INSERT ... SELECT into a table with a BEFORE UPDATE trigger, as organization and cluster
   * have.
   */
  private static void insertClusters(Connection db, List<Long> orgIds, int count, int changing, String account)
      throws SQLException {
    Instant now = Instant.now();
    try (PreparedStatement clusters = db.prepareStatement("insert into cluster (org_id, name, live_name, cloud_name,"
        + " provider, region, kubernetes_version, instance_type, node_count, status, placement_account, placement_kind,"
        + " created_by, created_at, status_changed_at, version) values (?, ?, ?, ?, 'AWS', 'eu-west-1', '1.31',"
        + " 't3.medium', 2, ?, ?, 'DEFAULT_ACCOUNT', 'seed', ?, ?, 0)")) {
      int pending = 0;
      for (long org : orgIds) {
        for (int n = 1; n <= count; n++) {
          String name = String.format("c-%05d", n);
          clusters.setLong(1, org);
          clusters.setString(2, name);
          clusters.setString(3, name);
          clusters.setString(4, "seed-" + org + "-" + name);
          clusters.setString(5, n > count - changing ? "CREATING" : "ACTIVE");
          clusters.setString(6, account);
          clusters.setTimestamp(7, Timestamp.from(now.minusSeconds(count - n)));
          clusters.setTimestamp(8, Timestamp.from(now));
          clusters.addBatch();
          if (++pending == BATCH) {
            clusters.executeBatch();
            pending = 0;
          }
        }
      }
      clusters.executeBatch();
    }
  }

  private static String md5(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
