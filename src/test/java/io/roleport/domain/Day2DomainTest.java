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

  // --- node groups (issue #15) ---

  private static List<String> keys(List<DomainException> problems) {
    return problems.stream().map(DomainException::key).toList();
  }

  @Test
  void aNodeGroupNameFollowsItsCloudsRulesAndEveryBrokenRuleIsNamedAtOnce() {
    List<String> none = List.of();
    assertEquals(List.of(), NodeGroup.problems(CloudKind.AWS, "Batch_workers-1", "m6i.large", 0, 1, 3, none));
    assertEquals(List.of(), NodeGroup.problems(CloudKind.AWS, "a".repeat(63), "m6i.large", 1, 1, 1, none));
    assertEquals(List.of("nodegroup.name.invalidAws"),
        keys(NodeGroup.problems(CloudKind.AWS, "a".repeat(64), "m6i.large", 1, 1, 1, none)));
    assertEquals(List.of("nodegroup.name.invalidAws"),
        keys(NodeGroup.problems(CloudKind.AWS, "-batch", "m6i.large", 1, 1, 1, none)));
    assertEquals(List.of(), NodeGroup.problems(CloudKind.AZURE, "batch1", "Standard_D4s_v5", 0, 0, 2, none));
    for (String bad : List.of("Batch", "1batch", "batch_1", "thirteenchars", "")) {
      assertEquals(List.of("nodegroup.name.invalidAzure"),
          keys(NodeGroup.problems(CloudKind.AZURE, bad, "Standard_D4s_v5", 1, 1, 1, none)), bad);
    }
    assertEquals(List.of("nodegroup.name.taken"),
        keys(NodeGroup.problems(CloudKind.AWS, "Default", "m6i.large", 1, 1, 1, List.of("default"))));
    assertEquals(List.of("nodegroup.name.invalidAzure", "nodegroup.instanceType.invalidAzure", "scale.max.range",
            "scale.order"),
        keys(NodeGroup.problems(CloudKind.AZURE, "Bad_Name", "m6i.large", 3, 2, 30, none)));
    assertEquals(List.of("nodegroup.instanceType.invalidAws", "scale.number"),
        keys(NodeGroup.problems(CloudKind.AWS, "ok", "Standard_D4s_v5", null, 1, 1, none)));
  }

  @Test
  void addingRefusesWithAllProblemsAndTheFirstGroupIsNeverRemovedOnItsOwn() {
    Cluster cluster = activeCluster("1.33");
    RulesBroken broken = assertThrows(RulesBroken.class, () -> NodeGroup.add(cluster, "default", "x", 2, 1, 1,
        List.of("default"), "alice", NOW));
    assertEquals(List.of("nodegroup.name.taken", "nodegroup.instanceType.invalidAws", "scale.order"),
        keys(broken.problems()));
    assertEquals("nodegroup.name.taken", broken.key());

    NodeGroup first = NodeGroup.first(cluster, NOW);
    first.markActive(NOW);
    assertEquals("default", first.name());
    assertEquals(NodeScaling.fixed(2), first.scaling());
    assertEquals("nodegroup.remove.first", assertThrows(DomainException.class, () -> first.startRemoving(NOW)).key());

    NodeGroup batch = NodeGroup.add(cluster, "batch", "m6i.xlarge", 0, 1, 4, List.of("default"), "alice", NOW);
    assertEquals(NodeGroupStatus.CREATING, batch.status());
    assertEquals("nodegroup.remove.notSettled",
        assertThrows(DomainException.class, () -> batch.startRemoving(NOW)).key(), "not while it is created");
    batch.markActive(NOW);
    batch.startRemoving(NOW);
    assertEquals(NodeGroupStatus.DELETING, batch.status());
    batch.markRemoved(NOW);
    assertFalse(batch.live());
  }

  @Test
  void nodeGroupOperationsAreDay2ChangesWithTheirOwnSteps() {
    assertTrue(OperationKind.NODE_GROUP_ADD.isDay2());
    assertTrue(OperationKind.AKS_POOL_REMOVE.isDay2());
    assertFalse(OperationKind.NODE_GROUP_REMOVE.changesLifecycle());
    assertEquals(OperationKind.AKS_POOL_ADD, OperationKind.addNodeGroup(CloudKind.AZURE));
    assertEquals(OperationKind.NODE_GROUP_REMOVE, OperationKind.removeNodeGroup(CloudKind.AWS));
    assertEquals(List.of(Step.NODE_GROUP, Step.NODE_GROUP_ACTIVE), OperationKind.NODE_GROUP_ADD.steps());
    assertEquals("nodegroup.remove", OperationKind.AKS_POOL_REMOVE.auditName());
    assertEquals("scale", OperationKind.AKS_SCALE.auditName());
  }
}
