package io.roleport.infrastructure.metrics;

import io.roleport.application.clusters.StepRun;
import io.roleport.domain.OperationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The provisioning worker's metrics (MicroProfile Metrics, served by Payara Micro at {@code /metrics}), from the
 * {@link StepRun} each step fires: {@code roleport.operation.steps} (a timer per kind, step, provider and outcome),
 * {@code roleport.operations.finished} (per kind, provider and outcome), {@code roleport.cloud.errors} (per
 * provider and error code) and the gauge {@code roleport.operations.due} (queue depth, read from the database
 * when scraped). Labels come from fixed sets; error codes are kept to {@value #MAX_CODES} distinct well-formed
 * codes, any further one counts as {@code other}.
 */
@ApplicationScoped
public class OperationMetrics {
  static final int MAX_CODES = 100;
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  @Inject MetricRegistry registry;
  @Inject OperationRepository operations;
  @Inject Clock clock;
  private final Set<String> codes = ConcurrentHashMap.newKeySet();

  /** Registers the queue-depth gauge when the application starts (gauges must exist before the first scrape). */
  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    registry.gauge(Metadata.builder().withName("roleport.operations.due")
        .withDescription("Unfinished operations due now (leased or not): the worker's queue depth")
        .withUnit(MetricUnits.NONE).build(), this, OperationMetrics::due);
  }

  long due() {
    return operations.countDue(clock.instant());
  }

  void onStep(@Observes StepRun run) {
    Tag kind = new Tag("kind", run.kind());
    Tag provider = new Tag("provider", run.provider());
    Tag outcome = new Tag("outcome", run.outcome());
    registry.timer("roleport.operation.steps", kind, new Tag("step", run.step()), provider, outcome)
        .update(run.took());
    if (run.outcome().equals("succeeded") || run.outcome().equals("failed")) {
      registry.counter("roleport.operations.finished", kind, provider, outcome).inc();
    }
    if (run.errorCode() != null) {
      registry.counter("roleport.cloud.errors", provider, new Tag("code", bounded(run.errorCode()))).inc();
    }
  }

  private String bounded(String code) {
    if (!CODE.matcher(code).matches()) {
      return "other";
    }
    if (codes.contains(code) || codes.size() < MAX_CODES && codes.add(code)) {
      return code;
    }
    return "other";
  }

}
