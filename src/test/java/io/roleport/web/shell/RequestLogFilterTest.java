package io.roleport.web.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.RequestTrace;
import org.junit.jupiter.api.Test;

/**
 * Issue #16: the request log line and the metric's page label. A well-formed incoming request id is kept, anything
 * else replaced; a path or subject cannot forge a second log line; the page label is a route name or one of a few
 * fixed words, never the URL (so the metric's labels stay bounded however many organizations and clusters exist).
 */
class RequestLogFilterTest {

  @Test
  void aWellFormedIncomingIdIsKeptAnythingElseIsReplaced() {
    assertEquals("0af7651916cd43dd", RequestTrace.accept("0af7651916cd43dd"));
    assertEquals("nginx-req.1234:abcd", RequestTrace.accept("nginx-req.1234:abcd"));
    for (String bad : new String[] {null, "", "short", "has space in it", "line\nbreak-1234", "x".repeat(65),
        "<script>alert(1)</script>"}) {
      String id = RequestTrace.accept(bad);
      assertNotEquals(bad, id);
      assertTrue(id.matches("[0-9a-f]{16}"), id);
    }
    assertNotEquals(RequestTrace.newId(), RequestTrace.newId());
  }

  @Test
  void theLineHasEveryFieldAndNoControlCharacters() {
    assertEquals("request 0af7651916cd43dd gus globex GET /orgs/globex/clusters 200 12 ms",
        RequestLogFilter.line("0af7651916cd43dd", "gus", "globex", "GET", "/orgs/globex/clusters", 200, 12));
    String forged = RequestLogFilter.line("0af7651916cd43dd", "-", "-", "GET",
        "/orgs/x\nrequest ffffffffffffffff olga - GET /admin/orgs 200 1 ms", 404, 1);
    assertEquals(1, forged.lines().count(), forged);
    assertTrue(RequestLogFilter.line("id-12345678", "-", "-", "GET", "/" + "a".repeat(500), 404, 1).length() < 300);
  }

  @Test
  void pagesAreLabelledByRouteNeverByUrl() {
    assertEquals("clusters", RequestLogFilter.page("/orgs/acme/clusters"));
    assertEquals("clusters", RequestLogFilter.page("/orgs/globex/clusters/"));
    assertEquals("cluster", RequestLogFilter.page("/orgs/acme/clusters/42"));
    assertEquals("organizations", RequestLogFilter.page("/orgs"));
    assertEquals("admin_inventory", RequestLogFilter.page("/admin/orgs"));
    assertEquals("static", RequestLogFilter.page("/jakarta.faces.resource/primefaces.js"));
    assertEquals("health", RequestLogFilter.page("/health/ready"));
    assertEquals("metrics", RequestLogFilter.page("/metrics"));
    assertEquals("auth", RequestLogFilter.page("/auth/callback"));
    assertEquals("home", RequestLogFilter.page("/"));
    assertEquals("other", RequestLogFilter.page("/wp-login.php"));
    assertEquals("other", RequestLogFilter.page("/orgs/UPPER/clusters"));
  }
}
