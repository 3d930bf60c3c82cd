package io.roleport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A scan's cursor only moves forward, and only a resource without a cluster is deleted, once. */
class OrphanScanTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  @Test
  void aScanCountsItsUnitsAndItsCursorOnlyMovesForward() {
    OrphanScan scan = new OrphanScan("op", 4, NOW);
    scan.unitDone(OrphanScan.PHASE_DEFAULT_AZURE, 0);
    scan.unitDone(OrphanScan.PHASE_ORGANIZATIONS, 0);
    scan.unitDone(OrphanScan.PHASE_ORGANIZATIONS, 5);
    assertEquals(3, scan.accountsDone());
    assertThrows(IllegalStateException.class, () -> scan.unitDone(OrphanScan.PHASE_ORGANIZATIONS, 5));
    assertThrows(IllegalStateException.class, () -> scan.unitDone(OrphanScan.PHASE_DEFAULT_AWS, 9));
    scan.finish(NOW);
    assertFalse(scan.running());
    assertEquals(4, scan.accountsDone());
    assertThrows(IllegalStateException.class, () -> scan.unitDone(OrphanScan.PHASE_ORGANIZATIONS, 9));
  }

  private static OrphanFinding finding(OrphanFinding.Kind kind, String tagOrg) {
    return new OrphanFinding(1, kind, CloudKind.AWS, "222222222222", null, "eu-west-1", "vpc-1", "rp-cluster-1",
        tagOrg, "7", null, null, null, null, "noRow");
  }

  @Test
  void onlyAResourceWithoutAClusterWhoseTagsNameItsOrganizationIsDeletedAndOnlyOnce() {
    OrphanFinding resource = finding(OrphanFinding.Kind.RESOURCE, "acme");
    assertTrue(resource.deletable());
    resource.requestDelete("op", NOW);
    assertEquals(OrphanFinding.DeleteStatus.REQUESTED, resource.deleteStatus().orElseThrow());
    assertEquals("orphans.delete.notDeletable",
        assertThrows(DomainException.class, () -> resource.requestDelete("op", NOW)).key());
    resource.deleted(NOW);
    assertEquals(OrphanFinding.DeleteStatus.DELETED, resource.deleteStatus().orElseThrow());

    for (OrphanFinding.Kind kind : java.util.List.of(OrphanFinding.Kind.MISMATCH, OrphanFinding.Kind.ROW,
        OrphanFinding.Kind.UNREADABLE)) {
      assertFalse(finding(kind, "acme").deletable(), kind.name());
    }
    assertFalse(finding(OrphanFinding.Kind.RESOURCE, null).deletable(), "tags without an organization: report only");
  }
}
