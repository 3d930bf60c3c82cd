package io.roleport.web.clusters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.domain.ClusterListing;
import io.roleport.domain.ClusterStatus;
import io.roleport.domain.PlacementKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue #13: the cluster list's rows, written in one piece (rp:clusterRows). */
class ClusterRowsTest {

  @Test
  void aRowHasTheCellsAndClassesTheListsStylesScriptsAndTestsKnow() {
    String html = ClusterRows.html(List.of(ClusterRow.of("/orgs/globex", new ClusterListing(7L, "prod-eu",
        ClusterStatus.ACTIVE, "eu-west-1", "1.33", PlacementKind.DEFAULT_ACCOUNT, "222222222222"))));
    assertEquals("<tr class=\"ui-widget-content\"><td><a href=\"/orgs/globex/clusters/7\" class=\"cluster-link\">"
        + "prod-eu</a></td><td><span class=\"badge badge-ACTIVE cluster-status\">Active</span></td><td>eu-west-1</td>"
        + "<td>1.33</td><td>Default account <code class=\"value\">222222222222</code></td></tr>\n", html);
  }

  @Test
  void everyValueIsEscapedAndNoneIsWrittenAsNothing() {
    String html = ClusterRows.html(List.of(ClusterRow.of("/orgs/a\"b", new ClusterListing(1L,
        "<script>alert('x')</script>&", ClusterStatus.CREATING, null, "1.33\"><img src=x>",
        PlacementKind.ORG_ACCOUNT, "<b>"))));
    assertFalse(html.contains("<script>") || html.contains("<img") || html.contains("<b>")
        || html.contains("a\"b"), html);
    assertTrue(html.contains("&lt;script&gt;alert('x')&lt;/script&gt;&amp;</a>"), html);
    assertTrue(html.contains("href=\"/orgs/a&#34;b/clusters/1\""), html);
    assertTrue(html.contains("</span></td><td></td><td>1.33\"&gt;&lt;img src=x&gt;</td>"), "no region: " + html);
  }

  @Test
  void noRowsWriteNothing() {
    assertEquals("", ClusterRows.html(List.of()));
  }
}
