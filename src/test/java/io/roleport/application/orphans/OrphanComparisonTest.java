package io.roleport.application.orphans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.clusters.ResourceState;
import io.roleport.application.clusters.TaggedResource;
import io.roleport.application.orphans.OrphanComparison.Found;
import io.roleport.application.orphans.OrphanComparison.Row;
import io.roleport.domain.CloudKind;
import io.roleport.domain.ClusterStatus;
import io.roleport.domain.OrphanFinding.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The orphan check's rules: which tagged resources and which rows are findings, and which are not. */
class OrphanComparisonTest {
  private static final String ACCOUNT = "222222222222";

  private static TaggedResource vpc(String id, String key, String org, String orgId) {
    Map<String, String> tags = orgId == null
        ? Map.of("roleport:cluster", key, "roleport:org", org)
        : Map.of("roleport:cluster", key, "roleport:org", org, "roleport:org-id", orgId);
    return new TaggedResource(id, "eu-west-1", tags);
  }

  private static Row row(long id, ClusterStatus status) {
    return new Row(id, 7, "acme", status, CloudKind.AWS, ACCOUNT);
  }

  @Test
  void aResourceWhoseClusterHasNoRowIsAnOrphan() {
    List<Found> found = OrphanComparison.compare(CloudKind.AWS, ACCOUNT,
        List.of(vpc("vpc-1", "rp-cluster-41", "acme", "7")), Map.of());
    assertEquals(1, found.size());
    Found f = found.get(0);
    assertEquals(List.of(Kind.RESOURCE, "vpc-1", "eu-west-1", "rp-cluster-41", "acme", "7", OrphanComparison.NO_ROW),
        List.of(f.kind(), f.resourceId(), f.region(), f.clusterKey(), f.tagOrg(), f.tagOrgId(), f.detail()));
    assertEquals(null, f.clusterId(), "no row: no cluster link");
  }

  @Test
  void aResourceWhoseRowIsDeletedIsAnOrphanWithItsCluster() {
    Found f = OrphanComparison.compare(CloudKind.AWS, ACCOUNT, List.of(vpc("vpc-2", "rp-cluster-42", "acme", "7")),
        Map.of(42L, row(42, ClusterStatus.DELETED))).get(0);
    assertEquals(List.of(Kind.RESOURCE, OrphanComparison.ROW_DELETED, 42L, "acme", 7L),
        List.of(f.kind(), f.detail(), f.clusterId(), f.clusterOrg(), f.orgId()));
  }

  @Test
  void aResourceOfALiveClusterIsNoFindingWhateverItsState() {
    for (ClusterStatus status : List.of(ClusterStatus.CREATING, ClusterStatus.ACTIVE, ClusterStatus.UPDATING,
        ClusterStatus.DELETING, ClusterStatus.FAILED, ClusterStatus.MISSING)) {
      assertEquals(List.of(), OrphanComparison.compare(CloudKind.AWS, ACCOUNT,
          List.of(vpc("vpc-3", "rp-cluster-43", "acme", "7")), Map.of(43L, row(43, status))), status.name());
    }
    assertEquals(List.of(), OrphanComparison.compare(CloudKind.AWS, ACCOUNT,
        List.of(vpc("vpc-3", "rp-cluster-43", "acme", null)), Map.of(43L, row(43, ClusterStatus.ACTIVE))),
        "resources made before the org id was tagged are recognised by key and slug");
  }

  @Test
  void aResourceWhoseRowIsAnotherOrganizationsIsAMismatchNeverAnOrphan() {
    Found slug = OrphanComparison.compare(CloudKind.AWS, ACCOUNT, List.of(vpc("vpc-4", "rp-cluster-44", "other", "7")),
        Map.of(44L, row(44, ClusterStatus.DELETED))).get(0);
    assertEquals(List.of(Kind.MISMATCH, OrphanComparison.OTHER_ORG), List.of(slug.kind(), slug.detail()),
        "even when the row is deleted: the tags do not match it");
    Found id = OrphanComparison.compare(CloudKind.AWS, ACCOUNT, List.of(vpc("vpc-5", "rp-cluster-44", "acme", "8")),
        Map.of(44L, row(44, ClusterStatus.ACTIVE))).get(0);
    assertEquals(Kind.MISMATCH, id.kind());
    Found account = OrphanComparison.compare(CloudKind.AWS, "333333333333",
        List.of(vpc("vpc-6", "rp-cluster-44", "acme", "7")), Map.of(44L, row(44, ClusterStatus.ACTIVE))).get(0);
    assertEquals(List.of(Kind.MISMATCH, OrphanComparison.OTHER_ACCOUNT), List.of(account.kind(), account.detail()));
  }

  @Test
  void azureTagNamesAreReadCaseInsensitively() {
    TaggedResource group = new TaggedResource("rp-45_app", "westeurope",
        Map.of("Roleport-Cluster", "rp-cluster-45", "ROLEPORT-ORG", "acme", "roleport-org-id", "7"));
    Found f = OrphanComparison.compare(CloudKind.AZURE, "sub", List.of(group), Map.of()).get(0);
    assertEquals(List.of("rp-cluster-45", "acme", "7"), List.of(f.clusterKey(), f.tagOrg(), f.tagOrgId()));
    assertEquals(List.of(45L), OrphanComparison.clusterIds(CloudKind.AZURE, List.of(group)));
  }

  @Test
  void aKeyThatIsNotRoleportsShapeNamesNoRow() {
    assertEquals(Optional.empty(), OrphanComparison.clusterId("rp-cluster-"));
    assertEquals(Optional.empty(), OrphanComparison.clusterId("rp-cluster-12x"));
    assertEquals(Optional.empty(), OrphanComparison.clusterId(null));
    assertEquals(Optional.of(12L), OrphanComparison.clusterId("rp-cluster-12"));
    assertEquals(Kind.RESOURCE, OrphanComparison.compare(CloudKind.AWS, ACCOUNT,
        List.of(vpc("vpc-7", "something-else", "acme", "7")), Map.of(12L, row(12, ClusterStatus.ACTIVE))).get(0)
        .kind());
  }

  @Test
  void aLiveRowWhoseClusterIsGoneIsARowWithoutResources() {
    Row row = row(46, ClusterStatus.ACTIVE);
    Found gone = OrphanComparison.checkRow(row, "eu-west-1", "rp-46_app", ResourceState.GONE).orElseThrow();
    assertEquals(List.of(Kind.ROW, "rp-46_app", "rp-cluster-46", 46L, "acme", OrphanComparison.GONE),
        List.of(gone.kind(), gone.resourceId(), gone.clusterKey(), gone.clusterId(), gone.clusterOrg(), gone.detail()));
    assertEquals(OrphanComparison.NOT_OURS, OrphanComparison.checkRow(row, "eu-west-1", "rp-46_app",
        ResourceState.NOT_OURS).orElseThrow().detail());
    for (ResourceState there : List.of(ResourceState.ACTIVE, ResourceState.CREATING, ResourceState.DELETING,
        ResourceState.FAILED)) {
      assertTrue(OrphanComparison.checkRow(row, "eu-west-1", "rp-46_app", there).isEmpty(), there.name());
    }
  }

  @Test
  void rowsBeingMadeOrChangedAreNotAsked() {
    assertTrue(OrphanComparison.checked(ClusterStatus.ACTIVE, false));
    assertTrue(OrphanComparison.checked(ClusterStatus.MISSING, false));
    assertTrue(OrphanComparison.checked(ClusterStatus.FAILED, false));
    assertFalse(OrphanComparison.checked(ClusterStatus.ACTIVE, true), "an operation runs");
    for (ClusterStatus status : List.of(ClusterStatus.CREATING, ClusterStatus.DELETING, ClusterStatus.UPDATING,
        ClusterStatus.DELETED)) {
      assertFalse(OrphanComparison.checked(status, false), status.name());
    }
  }
}
