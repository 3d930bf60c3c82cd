package io.roleport.infrastructure.health;

import io.roleport.application.clusters.ProvisioningWorker;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The MicroProfile Health checks Payara Micro serves at {@code /health/ready} and {@code /health/live}.
 * Readiness: the database answers (one short query), its schema is at the version this build expects (one row of
 * Flyway's history), and the provisioning worker ticked in the last {@value #WORKER_STALE_SECONDS} seconds and is
 * not stopping. Liveness stays cheap and touches nothing outside the JVM: a database outage makes an instance not
 * ready, never restarted.
 */
@ApplicationScoped
public class ReadinessChecks {
  static final int WORKER_STALE_SECONDS = 30;

  @Resource(lookup = "java:app/jdbc/roleport")
  DataSource dataSource;

  @Inject ProvisioningWorker worker;
  @Inject Clock clock;

  @Produces
  @Readiness
  HealthCheck database() {
    return () -> {
      try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("select 1")) {
        s.setQueryTimeout(2);
        s.executeQuery().close();
        return HealthCheckResponse.up("database");
      } catch (SQLException e) {
        return HealthCheckResponse.named("database").down().withData("error", e.getClass().getSimpleName()).build();
      }
    };
  }

  @Produces
  @Readiness
  HealthCheck migrations() {
    return () -> {
      String expected = SchemaVersion.expected();
      var response = HealthCheckResponse.named("migrations").withData("expected", expected);
      try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
          "select count(*) from flyway_schema_history where version = ? and success = 1")) {
        s.setQueryTimeout(2);
        s.setString(1, expected);
        try (ResultSet r = s.executeQuery()) {
          boolean applied = r.next() && r.getLong(1) > 0;
          return response.status(applied).build();
        }
      } catch (SQLException e) {
        return response.down().withData("error", e.getClass().getSimpleName()).build();
      }
    };
  }

  @Produces
  @Readiness
  HealthCheck worker() {
    return () -> {
      Instant last = worker.lastTick();
      var response = HealthCheckResponse.named("worker");
      if (worker.stopping()) {
        return response.down().withData("state", "stopping").build();
      }
      if (last == null) {
        return response.down().withData("state", "not started").build();
      }
      long age = Duration.between(last, clock.instant()).toSeconds();
      return response.status(age <= WORKER_STALE_SECONDS).withData("secondsSinceTick", age).build();
    };
  }

  @Produces
  @Liveness
  HealthCheck alive() {
    return () -> HealthCheckResponse.up("alive");
  }

  /** The newest schema version this build ships (the highest {@code V<n>__} under {@code db/migration}). */
  static final class SchemaVersion {
    private static volatile String expected;

    static String expected() {
      if (expected == null) {
        expected = scan();
      }
      return expected;
    }

    private static String scan() {
      try {
        var url = ReadinessChecks.class.getClassLoader().getResource("db/migration");
        if (url == null) {
          return "0";
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        if ("jar".equals(url.getProtocol())) {
          String path = url.getPath();
          var jar = new java.util.jar.JarFile(java.net.URI.create(path.substring(0, path.indexOf('!'))).getPath());
          try (jar) {
            jar.stream().map(java.util.jar.JarEntry::getName).filter(n -> n.startsWith("db/migration/"))
                .map(n -> n.substring("db/migration/".length())).forEach(names::add);
          }
        } else {
          try (var files = java.nio.file.Files.list(java.nio.file.Path.of(url.toURI()))) {
            files.map(p -> p.getFileName().toString()).forEach(names::add);
          }
        }
        return String.valueOf(highest(names));
      } catch (java.io.IOException | java.net.URISyntaxException | RuntimeException e) {
        return "0";
      }
    }

    static int highest(java.util.List<String> names) {
      int max = 0;
      for (String n : names) {
        var m = java.util.regex.Pattern.compile("V(\\d+)__.*\\.sql").matcher(n);
        if (m.matches()) {
          max = Math.max(max, Integer.parseInt(m.group(1)));
        }
      }
      return max;
    }
  }
}
