package io.roleport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.domain.OperationKind.Step;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of day-2 operations in the domain: sizes, versions, retry from the failed step, refresh and drift. */
class Day2DomainTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

  private static Cluster activeCluster(String version) {
    Organization org = new Organization(new Slug("acme"), "Acme", OrgKind.TEAM, null,
        new ExternalId("rp-3c6e0b8a5d2f41e7a9b0c1d2e3f40516"), NOW);
    Cluster cluster = new Cluster(org, new ClusterSpec(new ClusterName("dev-1"), "eu-west-1", version, "m6i.large", 2),
        new AwsAccountId("222222222222"), PlacementKind.DEFAULT_ACCOUNT, "alice", NOW);
    cluster.markActive(NOW);
    return cluster;
  }

  @Test
  void sizesKeepMinDesiredMaxInOrderWithinTheLimitAndAllProblemsAreNamed() {
    assertEquals(List.of(), NodeScaling.problems(0, 0, 1, CloudKind.AWS));
    assertEquals(List.of("scale.min.negative", "scale.max.range", "scale.order"),
        NodeScaling.problems(-1, 22, ClusterSpec.MAX_NODES + 1, CloudKind.AWS));
    assertEquals(List.of("scale.order"), NodeScaling.problems(3, 2, 4, CloudKind.AWS));
    assertEquals(List.of("scale.min.system"), NodeScaling.problems(0, 1, 3, CloudKind.AZURE));
    assertThrows(DomainException.class, () -> new NodeScaling(2, 1, 3));
    assertThrows(DomainException.class, () -> new NodeScaling(0, 1, 3).requireOffered(CloudKind.AZURE));
  }

  @Test
  void anUpgradeGoesToTheNextSupportedMinorOnly() {
    assertEquals(Optional.of("1.34"), KubernetesVersions.next("1.33"));
    assertEquals(Optional.empty(), KubernetesVersions.next("1.34"));
    assertEquals("1.33", KubernetesVersions.minor("v1.33.7-eks-1234"));
    KubernetesVersions.requireNextMinor("1.32", "1.33");
    assertEquals("upgrade.version.notNext", assertThrows(DomainException.class,
        () -> KubernetesVersions.requireNextMinor("1.32", "1.34")).key());
    assertThrows(DomainException.class, () -> KubernetesVersions.requireNextMinor("1.33", "1.32"));
    assertThrows(DomainException.class, () -> KubernetesVersions.requireNextMinor("1.33", "1.33"));
  }

  @Test
  void aFailedOperationIsRetriedFromItsFailedStepAndAFailedWaitStartsItsUpdateAgain() {
    Cluster cluster = activeCluster("1.32");
    cluster.startUpdating(NOW);
    Operation op = Operation.upgrade(cluster, "1.33", "alice", NOW);
    op.completeStep(NOW); // control plane upgrade requested
    op.completeStep(NOW); // control plane upgraded
    op.failAttempt("AccessDeniedException: no", false, NOW); // node group upgrade refused
    assertEquals(OperationStatus.FAILED, op.status());
    cluster.endUpdating(NOW);

    cluster.resume(op.kind(), NOW);
    op.retry(NOW);
    assertEquals(ClusterStatus.UPDATING, cluster.status());
    assertEquals(Optional.of(Step.NODE_GROUP_UPGRADE), op.currentStep(), "not from scratch");
    assertEquals(0, op.attempts());

    op.completeStep(NOW);
    op.recordUpdate("u-1");
    op.failAttempt("UpdateFailed: Failed: NodeCreationFailure", false, NOW); // the cloud's update failed
    op.retry(NOW);
    assertEquals(Optional.of(Step.NODE_GROUP_UPGRADE), op.currentStep(), "a failed wait starts its update again");
    assertEquals(Optional.empty(), op.updateId());
    assertEquals("operation.retry.notFailed", assertThrows(DomainException.class, () -> op.retry(NOW)).key());
  }

  @Test
  void aRefreshRecordsDriftAndAClusterDeletedOutsideIsMissingUntilFoundAgain() {
    Cluster cluster = activeCluster("1.33");
    cluster.recordRefresh(true, 2, "1.33", NOW);
    assertFalse(cluster.drifted());
    cluster.recordRefresh(true, 4, "1.33", NOW);
    assertTrue(cluster.drifted());
    cluster.recordRefresh(false, null, null, NOW);
    assertEquals(ClusterStatus.MISSING, cluster.status());
    assertThrows(DomainException.class, () -> cluster.startUpdating(NOW), "a missing cluster is not changed");
    cluster.recordRefresh(true, 2, "1.33", NOW);
    assertEquals(ClusterStatus.ACTIVE, cluster.status());
    cluster.recordRefresh(false, null, null, NOW);
    cluster.startDeleting(NOW);
    assertEquals(ClusterStatus.DELETING, cluster.status());
  }
}
