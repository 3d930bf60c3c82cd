package io.roleport.infrastructure.persistence;

import io.roleport.infrastructure.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Owns the schema: migrates the database with Flyway when the application starts, before any request is
 * served, and declares the application's data source from MicroProfile Config. With
 * {@code roleport.demo-data=true} it also loads the demo organizations (local mode and tests).
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
@DataSourceDefinition(
    name = "java:app/jdbc/roleport",
    className = "org.mariadb.jdbc.MariaDbDataSource",
    url = "${MPCONFIG=roleport.db.url}",
    user = "${MPCONFIG=roleport.db.user}",
    password = "${MPCONFIG=roleport.db.password}",
    minPoolSize = 2,
    maxPoolSize = 20)
public class Migrations {
  private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

  @Resource(lookup = "java:app/jdbc/roleport")
  DataSource dataSource;

  @Inject Settings settings;

  /** The newest schema version this build ships (db/migration only, never the demo data), for readiness. */
  private volatile String expectedVersion = "unknown";

  @PostConstruct
  void migrate() {
    String[] locations = settings.demoData()
        ? new String[] {"classpath:db/migration", "classpath:db/demo"}
        : new String[] {"classpath:db/migration"};
    var config = Flyway.configure(Migrations.class.getClassLoader())
        .locations(locations)
        // demo data is numbered from 1000: a local database that has it must still take later schema versions
        .outOfOrder(settings.demoData());
    var owner = settings.dbMigrationCredentials();
    if (owner.isPresent()) {
      config.dataSource(settings.dbUrl(), owner.get()[0], owner.get()[1]);
    } else {
      config.dataSource(dataSource);
      if (!settings.demoData() && settings.dbMigrateOnStart()) {
        LOG.warning("roleport.db.migration-user is not set: the runtime user migrates the schema, so it holds DDL"
            + " and TRIGGER rights and could drop the write-once triggers. Give the schema an owner of its own"
            + " (docs/security.md).");
      }
    }
    Flyway flyway = config.load();
    expectedVersion = newestShipped(owner.isPresent() ? null : dataSource, owner);
    if (!settings.dbMigrateOnStart()) {
      var pending = flyway.info().pending();
      if (pending.length > 0) {
        throw new IllegalStateException("the database schema is older than this version of Roleport needs: "
            + pending.length + " migration(s) pending, first " + pending[0].getVersion() + ". Run the migrations"
            + " first (roleport.db.migrate-on-start=true on one instance, or the migration job), then start.");
      }
      LOG.info("database schema is current (migrations run separately)");
      return;
    }
    var result = flyway.migrate();
    LOG.info(() -> "database schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
        + " migrations applied" + (owner.isPresent() ? " as the migration user" : "") + ")");
  }

  /** The newest version under {@code db/migration} (what readiness expects the database to have applied). */
  public String expectedVersion() {
    return expectedVersion;
  }

  private String newestShipped(DataSource runtime, java.util.Optional<String[]> owner) {
    var config = Flyway.configure(Migrations.class.getClassLoader()).locations("classpath:db/migration");
    if (runtime != null) {
      config.dataSource(runtime);
    } else {
      config.dataSource(settings.dbUrl(), owner.get()[0], owner.get()[1]);
    }
    return java.util.Arrays.stream(config.load().info().all())
        .filter(i -> i.getVersion() != null && i.getState().isResolved())
        .map(org.flywaydb.core.api.MigrationInfo::getVersion)
        .max(Comparable::compareTo)
        .map(Object::toString)
        .orElse("unknown");
  }
}
