package io.roleport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.domain.OperationKind.Step;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OperationTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private Operation createOperation() {
    Organization org = new Organization(new Slug("acme"), "Acme", OrgKind.TEAM, null,
        new ExternalId("rp-3c6e0b8a5d2f41e7a9b0c1d2e3f40516"), NOW);
    Cluster cluster = new Cluster(org, new ClusterSpec(new ClusterName("dev-1"), "eu-west-1", "1.33", "m6i.large", 2),
        new AwsAccountId("222222222222"), PlacementKind.DEFAULT_ACCOUNT, "alice", NOW);
    return new Operation(cluster, OperationKind.CREATE, "alice", NOW);
  }

  @Test
  void stepsRunInOrderUntilTheOperationSucceeds() {
    Operation op = createOperation();

    for (Step expected : OperationKind.CREATE.steps()) {
      assertEquals(expected, op.currentStep().orElseThrow());
      op.completeStep(NOW);
    }

    assertEquals(OperationStatus.SUCCEEDED, op.status());
    assertEquals(100, op.progressPercent());
    assertTrue(op.currentStep().isEmpty());
  }

  @Test
  void idempotencyTokensAreFixedAtCreation() {
    Operation op = createOperation();
    String token = op.clusterToken();

    op.completeStep(NOW);
    op.failAttempt("Throttling", true, NOW);

    assertEquals(token, op.clusterToken());
    assertNotEquals(op.clusterToken(), op.nodeGroupToken());
  }

  @Test
  void retryableFailuresBackOffThenFailAfterTheLimit() {
    Operation op = createOperation();

    op.failAttempt("Throttling", true, NOW);
    assertEquals(OperationStatus.RUNNING, op.status());
    assertTrue(op.nextRunAt().isAfter(NOW));

    for (int i = 1; i < Operation.MAX_ATTEMPTS; i++) {
      op.failAttempt("Throttling", true, NOW);
    }
    assertEquals(OperationStatus.FAILED, op.status());
    assertThrows(IllegalStateException.class, () -> op.completeStep(NOW));
  }

  @Test
  void theRetryBudgetOutlastsMinutesOfThrottlingWithJitteredExponentialBackOff() {
    Operation op = createOperation();
    Instant now = NOW;
    Duration shortest = Duration.ZERO;
    Duration longest = Duration.ZERO;
    for (int i = 1; i < Operation.MAX_ATTEMPTS; i++) {
      op.failAttempt("Throttling", true, now, 0.0);
      shortest = shortest.plus(Duration.between(now, op.nextRunAt()));
      longest = longest.plus(Operation.retryDelay(i, 0.999999));
      now = op.nextRunAt();
    }
    assertEquals(OperationStatus.RUNNING, op.status(), "still retrying after " + shortest);
    assertTrue(shortest.compareTo(Duration.ofMinutes(2)) > 0, "the budget ends within " + shortest);
    assertTrue(longest.compareTo(Duration.ofMinutes(6)) < 0, "the budget lasts up to " + longest);
    op.failAttempt("Throttling", true, now, 0.0);
    assertEquals(OperationStatus.FAILED, op.status());
    assertEquals("Throttling", op.lastError());
  }

  @Test
  void retryDelaysDoubleUpToTheCapAndSpreadWithJitter() {
    assertEquals(Duration.ofSeconds(1), Operation.retryDelay(1, 0.0));
    assertEquals(Duration.ofSeconds(2), Operation.retryDelay(1, 1.0));
    assertEquals(Duration.ofSeconds(8), Operation.retryDelay(4, 0.0));
    assertEquals(Duration.ofSeconds(30), Operation.retryDelay(9, 0.0));
    assertEquals(Operation.MAX_RETRY_DELAY, Operation.retryDelay(30, 1.0));
    assertNotEquals(Operation.retryDelay(5, 0.1), Operation.retryDelay(5, 0.9));
  }

  @Test
  void aNonRetryableFailureEndsTheOperationAtOnce() {
    Operation op = createOperation();

    op.failAttempt("AccessDenied", false, NOW);

    assertEquals(OperationStatus.FAILED, op.status());
    assertEquals(Step.NETWORK, op.kind().steps().get(op.stepIndex()));
  }

  @Test
  void waitingKeepsTheStepAndPostponesIt() {
    Operation op = createOperation();
    op.completeStep(NOW);

    op.waitFor(Duration.ofSeconds(2), NOW);

    assertEquals(Step.CLUSTER, op.currentStep().orElseThrow());
    assertEquals(NOW.plusSeconds(2), op.nextRunAt());
  }

  @Test
  void onlySettledClustersCanBeDeleted() {
    Cluster cluster = createOperation().cluster();

    assertThrows(DomainException.class, () -> cluster.startDeleting(NOW));
    cluster.markActive(NOW);
    cluster.startDeleting(NOW);
    assertEquals(ClusterStatus.DELETING, cluster.status());
  }
}
