package io.roleport.web.clusters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Issue #13: the page of the cluster list an address asks for ({@code ?page=N}). */
class ClustersBackingTest {

  @Test
  void aPageNumberFromOneIsTaken() {
    assertEquals(1, ClustersBacking.requestedPage("1"));
    assertEquals(37, ClustersBacking.requestedPage("37"));
    assertEquals(999_999_999, ClustersBacking.requestedPage("999999999"));
  }

  @Test
  void anythingElseIsTheFirstPage() {
    for (String other : new String[] {null, "", "0", "-2", "07", "2x", "x1", " 3", "1e3", "9999999999"}) {
      assertEquals(1, ClustersBacking.requestedPage(other), String.valueOf(other));
    }
  }

  @Test
  void aListHasAtLeastOnePageAndAPartOneForWhatIsLeftOver() {
    var pages = new int[] {
        io.roleport.application.clusters.ClusterService.ListingPage.pages(0, 20),
        io.roleport.application.clusters.ClusterService.ListingPage.pages(20, 20),
        io.roleport.application.clusters.ClusterService.ListingPage.pages(21, 20),
        io.roleport.application.clusters.ClusterService.ListingPage.pages(45, 20)};
    assertEquals("[1, 1, 2, 3]", java.util.Arrays.toString(pages));
  }
}
