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
  @Inject io.roleport.infrastructure.persistence.Migrations migrations;
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
      String expected;
      try {
        expected = migrations.expectedVersion();
      } catch (RuntimeException starting) { // the EJB container is still initializing the application
        return HealthCheckResponse.named("migrations").down().withData("state", "starting").build();
      }
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
}
