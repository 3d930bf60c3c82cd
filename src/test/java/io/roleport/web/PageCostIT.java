package io.roleport.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.clusters.WorkerSwitch;
import io.roleport.testenv.BulkSeed;
import io.roleport.testenv.Deployments;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #13: what a page view costs in SQL, counted inside the deployed application while real HTTP requests of a
 * signed-in session (through the local IdP) are answered. Every SELECT the persistence unit sends is counted by an
 * EclipseLink session listener (the provisioning worker is paused, and nothing else runs in this deployment). The
 * organization pages, the cluster list, the organization list and the operators' inventory each cost at most four,
 * and the same with 10 and with 10,000 organizations; a live tick of a cluster list with 20 rows, 2 of them changing,
 * costs at most two and shows the rows as they are now. (Slugs {@code zperf-…} sort after the demo organizations,
 * whose pages the other tests of this JVM read in the same database.)
 */
@ExtendWith(ArquillianExtension.class)
class PageCostIT {
  static final int MAX_SELECTS_PER_PAGE = 4;
  static final int MAX_SELECTS_PER_TICK = 2;
  static final String ACCOUNT = "123456789012";
  static final String OWN_ACCOUNT = "210987654321";

  @Deployment
  static WebArchive war() {
    return Deployments.inContainer(PageCostIT.class, BulkSeed.class);
  }

  @Inject WorkerSwitch worker;

  @Resource(lookup = "java:app/jdbc/roleport")
  DataSource dataSource;

  @jakarta.persistence.PersistenceUnit(unitName = "roleport")
  jakarta.persistence.EntityManagerFactory emf;

  private final List<String> statements = Collections.synchronizedList(new ArrayList<>());

  @Test
  void pagesCostAtMostFourSelectsWithTenAndWithTenThousandOrganizations() throws Exception {
    worker.pause();
    try (Connection db = dataSource.getConnection()) {
      BulkSeed.organizations(db, "zperf-", 1, 10, "zperf-leads", 3, ACCOUNT);
      boundOrganizationWithClusters(db, "zperf-bound", "zperf-leads", 1_000, 0);
      HttpClient lead = signIn("zperf-lead", List.of("zperf-leads"));
      HttpClient olga = signIn("olga", List.of("roleport-operators"));
      List<String> pages = List.of("orgs", "orgs/zperf-bound", "orgs/zperf-bound/clusters", "orgs/zperf-00001",
          "orgs/zperf-00001/clusters");

      Map<String, Long> atTen = new LinkedHashMap<>();
      for (String page : pages) {
        atTen.put(page, selectsFor(lead, page));
      }
      atTen.put("admin/orgs", selectsFor(olga, "admin/orgs"));
      operatorViews(olga, atTen); // issue #15

      BulkSeed.organizations(db, "zperf-", 11, 10_000, "zperf-leads", 3, ACCOUNT);
      Map<String, Long> atTenThousand = new LinkedHashMap<>();
      for (String page : pages) {
        atTenThousand.put(page, selectsFor(lead, page));
      }
      atTenThousand.put("admin/orgs", selectsFor(olga, "admin/orgs"));
      operatorViews(olga, atTenThousand); // issue #15

      assertEquals(atTen, atTenThousand, "SELECTs per page with 10 and with 10,000 organizations");
      atTenThousand.forEach((page, selects) -> assertTrue(selects >= 1 && selects <= MAX_SELECTS_PER_PAGE,
          page + " took " + selects + " SELECTs (at most " + MAX_SELECTS_PER_PAGE + "): " + atTenThousand));
    } finally {
      worker.resume();
      try (Connection db = dataSource.getConnection()) {
        BulkSeed.remove(db, "zperf-"); // the 10,000 organizations and 31,000 clusters go again
      }
    }
  }

  /**
   * Issue #15: the operators' list of all clusters (30 and 30,000 of them, first page, filtered and not) and the
   * clusters left in the default account per organization.
   */
  private void operatorViews(HttpClient olga, Map<String, Long> selects) throws Exception {
    for (String page : List.of("admin/clusters", "admin/clusters?status=ACTIVE&placement=DEFAULT_ACCOUNT",
        "admin/clusters?org=zperf-bound", "admin/clusters/default-account")) {
      selects.put(page, selectsFor(olga, page));
    }
  }

  @Test
  void aLiveTickOfTwentyRowsWithTwoChangingReadsOnlyWhatChanges() throws Exception {
    worker.pause();
    try (Connection db = dataSource.getConnection()) {
      boundOrganizationWithClusters(db, "zperf-live", "zperf-live-leads", 25, 2);
      HttpClient lead = signIn("zperf-live-lead", List.of("zperf-live-leads"));
      HttpResponse<String> page = get(lead, "orgs/zperf-live/clusters");
      assertEquals(200, page.statusCode());
      assertEquals(2, count(page.body(), "badge-CREATING"), "two of the twenty rows shown are being created");
      assertEquals(18, count(page.body(), "badge-ACTIVE"));
      assertTrue(page.body().contains("data-live=\"true\""), "the page polls while rows change");
      String viewState = viewState(page.body());
      String nonce = nonce(page.body());

      execute(db, "update cluster set status = 'ACTIVE' where name = 'c-00025' and org_id = (select id from"
          + " organization where slug = 'zperf-live')");
      Map<String, Object> firstTick = new LinkedHashMap<>();
      long selects = selectsDuring(() -> firstTick.put("body", tick(lead, "orgs/zperf-live/clusters", viewState, nonce)));
      String first = (String) firstTick.get("body");

      assertTrue(selects <= MAX_SELECTS_PER_TICK, "a tick took " + selects + " SELECTs: " + statements);
      assertEquals(1, count(first, "badge-CREATING"), "the finished cluster is shown as active: " + first);
      assertEquals(19, count(first, "badge-ACTIVE"));
      assertTrue(first.contains("data-live=\"true\""), "one row still changes: the poll goes on: " + first);

      execute(db, "update cluster set status = 'ACTIVE' where name = 'c-00024' and org_id = (select id from"
          + " organization where slug = 'zperf-live')");
      String second = tick(lead, "orgs/zperf-live/clusters", viewState, nonce);
      assertEquals(0, count(second, "badge-CREATING"));
      assertEquals(20, count(second, "badge-ACTIVE"));
      assertTrue(second.contains("data-live=\"false\""), "nothing visible can change: the poll stops: " + second);
    } finally {
      worker.resume();
    }
  }

  /**
   * The cluster list's pages are addresses ({@code ?page=N}, the filter as {@code deleted=true}): each costs what the
   * first page costs, links its neighbours, marks itself as the current one, and a page number past the end, or not a
   * number, shows the last or the first page instead of an error.
   */
  @Test
  void theClusterListsPagesAreAddressesThatCostWhatTheFirstCosts() throws Exception {
    worker.pause();
    try (Connection db = dataSource.getConnection()) {
      boundOrganizationWithClusters(db, "zperf-pages", "zperf-pages-leads", 45, 0); // newest first: c-00045 .. c-00001
      execute(db, "update cluster set status = 'DELETED', live_name = null where name in ('c-00044', 'c-00043') and"
          + " org_id = " + orgId(db, "zperf-pages"));
      HttpClient lead = signIn("zperf-pages-lead", List.of("zperf-pages-leads"));
      String list = "orgs/zperf-pages/clusters";

      assertEquals(2, selectsFor(lead, list + "?page=2"), "the guard (with the count) and the page: " + statements);
      String second = get(lead, list + "?page=2").body();
      assertEquals(List.of("c-00023", "c-00004"), firstAndLast(second), "43 live clusters, 20 a page: the second");
      assertTrue(second.contains("Clusters 21 to 40 of 43"), second);
      assertTrue(second.contains("href=\"/roleport/orgs/zperf-pages/clusters?page=3\" aria-label=\"Page 3\""), second);
      assertTrue(second.contains("href=\"/roleport/orgs/zperf-pages/clusters?page=2\" aria-label=\"Page 2\""
          + " aria-current=\"page\""), "the page shown is marked as the current one: " + second);
      assertTrue(second.contains("href=\"/roleport/orgs/zperf-pages/clusters?page=1\" aria-label=\"Previous page\""),
          second);

      String third = get(lead, list + "?page=3").body();
      assertEquals(List.of("c-00003", "c-00001"), firstAndLast(third));
      assertTrue(third.contains("class=\"ui-paginator-next ui-state-default ui-corner-all ui-state-disabled\""
          + " role=\"link\" aria-disabled=\"true\" aria-label=\"Next page\""), "no next page after the last: " + third);
      assertEquals(firstAndLast(third), firstAndLast(get(lead, list + "?page=99").body()), "past the end: the last page");
      assertEquals(List.of("c-00045", "c-00024"), firstAndLast(get(lead, list + "?page=x1").body()),
          "not a page number: the first page");

      String deleted = get(lead, list + "?deleted=true&page=1").body();
      assertEquals(List.of("c-00045", "c-00026"), firstAndLast(deleted), "with the deleted clusters");
      assertTrue(deleted.contains("Clusters 1 to 20 of 45") && deleted.contains("checked=\"checked\""), deleted);
      assertTrue(deleted.contains("href=\"/roleport/orgs/zperf-pages/clusters?deleted=true&amp;page=3\""),
          "the pages keep the filter: " + deleted);
    } finally {
      worker.resume();
    }
  }

  /** The names of the first and the last cluster a page of the list shows. */
  private static List<String> firstAndLast(String html) {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("class=\"cluster-link\">([^<]+)</a>").matcher(html);
    while (m.find()) {
      names.add(m.group(1));
    }
    assertFalse(names.isEmpty(), "the page lists clusters: " + html);
    return List.of(names.get(0), names.get(names.size() - 1));
  }

  /**
   * The organization switcher reads the caller's organizations when it is opened (its panel loads with one ajax
   * request), not with every page view: the cluster list costs the guard (which reads the count with the organization)
   * and its page, and nothing else.
   */
  @Test
  void theSwitcherReadsTheOrganizationsOnlyWhenOpened() throws Exception {
    worker.pause();
    try (Connection db = dataSource.getConnection()) {
      boundOrganizationWithClusters(db, "zperf-sw", "zperf-sw-leads", 3, 0);
      execute(db, "insert into organization (slug, name, kind, external_id, created_at) values ('zperf-sw-second',"
          + " 'zz zperf-sw-second', 'TEAM', 'rp-zperf-sw-second', now(6))");
      execute(db, "insert into group_mapping (org_id, group_name, role) values (" + orgId(db, "zperf-sw-second")
          + ", 'zperf-sw-leads', 'MEMBER')");
      HttpClient lead = signIn("zperf-sw-lead", List.of("zperf-sw-leads"));

      assertEquals(2, selectsFor(lead, "orgs/zperf-sw/clusters"), "the guard (with the count) and the page: " + statements);
      HttpResponse<String> page = get(lead, "orgs/zperf-sw/clusters");
      assertTrue(page.body().contains("id=\"switcherForm:orgSwitcher\""), "the switcher's button is there");
      assertFalse(page.body().contains("/orgs/zperf-sw-second"), "but not the organizations");

      String form = form(Map.of("jakarta.faces.partial.ajax", "true",
          "jakarta.faces.source", "switcherForm:orgSwitcherPanel", "primefaces.nonce", nonce(page.body()),
          "jakarta.faces.partial.execute", "switcherForm:orgSwitcherPanel",
          "jakarta.faces.partial.render", "switcherForm:orgSwitcherPanel",
          "switcherForm:orgSwitcherPanel_contentLoad", "true", "switcherForm", "switcherForm",
          "jakarta.faces.ViewState", viewState(page.body())));
      Map<String, HttpResponse<String>> opened = new LinkedHashMap<>();
      long selects = selectsDuring(() -> opened.put("answer", post(lead, "orgs/zperf-sw/clusters", form)));
      String answer = opened.get("answer").body();
      assertEquals(200, opened.get("answer").statusCode(), answer);
      assertTrue(answer.contains("/orgs/zperf-sw-second") && answer.contains("/orgs/zperf-sw\""),
          "the opened switcher lists both organizations: " + answer);
      assertTrue(selects <= 2, "opening the switcher took " + selects + " SELECTs (the guard and the list): "
          + statements);
    } finally {
      worker.resume();
    }
  }

  @Test
  void theTenantChecksStayOnTheServer() throws Exception {
    try (Connection db = dataSource.getConnection()) {
      boundOrganizationWithClusters(db, "zperf-guard", "zperf-guard-leads", 3, 0);
      execute(db, "insert into group_mapping (org_id, group_name, role) values (" + orgId(db, "zperf-guard")
          + ", 'zperf-guard-viewers', 'VIEWER')");
    }
    HttpClient stranger = signIn("zperf-stranger", List.of("zperf-nobody"));
    HttpClient viewer = signIn("zperf-viewer", List.of("zperf-guard-viewers"));

    assertEquals(404, get(stranger, "orgs/zperf-guard").statusCode());
    assertEquals(404, get(stranger, "orgs/zperf-guard/clusters").statusCode());
    assertEquals(200, get(viewer, "orgs/zperf-guard/clusters").statusCode());
    assertEquals(403, get(viewer, "orgs/zperf-guard/audit").statusCode(), "a viewer may not read the audit");
    assertEquals(404, get(viewer, "orgs/globex").statusCode());
  }

  @Test
  void staticResourcesHaveVersionedUrlsAndStayInTheBrowserCacheForAYear() throws Exception {
    HttpClient person = signIn("zperf-static", List.of("zperf-static-nobody"));
    List<String> first = resourceUrls(get(person, "orgs").body());
    assertTrue(first.size() >= 2, "the page links its stylesheets and scripts: " + first);

    List<String> checked = new ArrayList<>(first);
    for (int i = 0; i < checked.size(); i++) {
      String resource = checked.get(i);
      assertTrue(resource.matches(".*[?&]v=[^&]+.*"), "versioned URL: " + resource);
      // HTTP/1.1 as browsers speak it: the JDK client's h2c upgrade is answered by Payara in HTTP/1.1 at times,
      // which the client then misreads as an HTTP/2 frame.
      HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
          .send(HttpRequest.newBuilder(absolute(resource)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode(), resource);
      String cache = answer.headers().firstValue("Cache-Control").orElse("");
      assertTrue(cache.contains("max-age=31536000") && cache.contains("public"), resource + ": " + cache);
      if (resource.contains(".css")) { // fonts and images a stylesheet names are versioned and cached too
        resourceUrls(answer.body()).stream().filter(u -> !checked.contains(u)).forEach(checked::add);
      }
    }
    assertEquals(first, resourceUrls(get(person, "orgs").body()),
        "a second view names the same URLs: the browser has them all and asks for none");
  }

  /** Faces resource URLs a page or stylesheet names (href, src, url(...)). */
  private static List<String> resourceUrls(String text) {
    List<String> urls = new ArrayList<>();
    Matcher m = Pattern.compile("(?:href=\"|src=\"|url\\(\"?)([^\"()]*/jakarta\\.faces\\.resource/[^\"()]+)").matcher(text);
    while (m.find()) {
      urls.add(m.group(1).replace("&amp;", "&"));
    }
    return urls;
  }

  /** A path of this host ({@code /roleport/...}) as an URL. */
  private static URI absolute(String path) {
    URI app = url("");
    return URI.create(app.getScheme() + "://" + app.getAuthority() + path);
  }

  /**
   * An organization bound to its own AWS account (as a binding is stored), administered by {@code group}, with clusters.
   * Plain INSERTs with values (see {@link BulkSeed}: not INSERT ... SELECT into tables with triggers).
   */
  private void boundOrganizationWithClusters(Connection db, String slug, String group, int clusters, int changing)
      throws Exception {
    String externalId = "rp-" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
        .digest(slug.getBytes(StandardCharsets.UTF_8)));
    execute(db, "insert into organization (slug, name, kind, external_id, created_at) values ('" + slug + "', 'zz "
        + slug + "', 'TEAM', '" + externalId + "', now(6))");
    long id = orgId(db, slug);
    execute(db, "insert into group_mapping (org_id, group_name, role) values (" + id + ", '" + group + "', 'ORG_ADMIN')");
    execute(db, "insert into aws_binding (org_id, account_id, automation_role_arn, support_role_arn, external_id,"
        + " bound_by, bound_at) values (" + id + ", '" + OWN_ACCOUNT + "', 'arn:aws:iam::" + OWN_ACCOUNT
        + ":role/RoleportAutomation', 'arn:aws:iam::" + OWN_ACCOUNT + ":role/RoleportSupport', '" + externalId
        + "', 'zperf-lead', now(6))");
    execute(db, "insert into binding_status (org_id, revoked, checked_at, checked_by) values (" + id + ", false,"
        + " now(6), 'zperf-lead')");
    BulkSeed.clusters(db, slug, clusters, changing, OWN_ACCOUNT);
    execute(db, "update cluster set placement_kind = 'ORG_ACCOUNT' where org_id = " + id);
  }

  private static long orgId(Connection db, String slug) throws Exception {
    try (Statement s = db.createStatement();
        java.sql.ResultSet r = s.executeQuery("select id from organization where slug = '" + slug + "'")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** SELECTs while one signed-in GET of {@code page} is answered (200 expected). */
  private long selectsFor(HttpClient client, String page) throws Exception {
    get(client, page); // the first view of a page also compiles its view and warms caches: not what is measured
    int[] status = new int[1];
    long selects = selectsDuring(() -> status[0] = get(client, page).statusCode());
    assertEquals(200, status[0], page);
    return selects;
  }

  /** A live tick of the cluster list, as resources/js/roleport.js sends it (the p:remoteCommand "refresh"). */
  private String tick(HttpClient client, String page, String viewState, String nonce) {
    String form = form(Map.of("jakarta.faces.partial.ajax", "true", "jakarta.faces.source", "clustersForm:refresh",
        "primefaces.nonce", nonce,
        "jakarta.faces.partial.execute", "clustersForm:refresh",
        "jakarta.faces.partial.render", "clustersForm:clusters clustersForm:live",
        "clustersForm:refresh", "clustersForm:refresh", "clustersForm", "clustersForm",
        "jakarta.faces.ViewState", viewState));
    HttpResponse<String> answer = post(client, page, form);
    assertEquals(200, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("<partial-response"), answer.body());
    return answer.body();
  }

  /** A Faces ajax request (a form posted as PrimeFaces' script posts it) to {@code page}. */
  private HttpResponse<String> post(HttpClient client, String page, String form) {
    try {
      return client.send(HttpRequest.newBuilder(url(page))
          .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
          .header("Faces-Request", "partial/ajax").header("X-Requested-With", "XMLHttpRequest")
          .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signs in through the local IdP as its login page would, with the given groups. */
  private HttpClient signIn(String user, List<String> groups) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> start = get(client, "orgs");
    assertEquals(302, start.statusCode(), "sign-in starts with a redirect to the IdP");
    URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
    String claims = jakarta.json.Json.createObjectBuilder().add("sub", user).add("preferred_username", user)
        .add("name", user).add("email", user + "@example.test")
        .add("groups", jakarta.json.Json.createArrayBuilder(groups)).build().toString();
    HttpResponse<String> login = client.send(HttpRequest.newBuilder(authorize)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", user, "claims", claims)))).build(),
        HttpResponse.BodyHandlers.ofString());
    URI callback = URI.create(login.headers().firstValue("Location").orElseThrow(() ->
        new AssertionError("the IdP did not answer with the callback: " + login.statusCode() + " " + login.body())));
    assertEquals(302, client.send(HttpRequest.newBuilder(callback).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode());
    return client;
  }

  private HttpResponse<String> get(HttpClient client, String page) {
    try {
      return client.send(HttpRequest.newBuilder(url(page)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The application's URL on loopback: the workload issuer setting names this deployment's port. */
  private static URI url(String page) {
    String issuer = ConfigProvider.getConfig().getValue("roleport.workload-identity.issuer", String.class);
    return URI.create(issuer.substring(0, issuer.indexOf("/roleport/") + "/roleport/".length()) + page);
  }

  private static String form(Map<String, String> fields) {
    StringBuilder body = new StringBuilder();
    fields.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(k,
        StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return body.toString();
  }

  private static String viewState(String html) {
    Matcher m = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"").matcher(html);
    assertTrue(m.find(), "the page has a view state");
    return m.group(1);
  }

  /** The page's script nonce, which PrimeFaces' ajax requests send back (CSP mode). */
  private static String nonce(String html) {
    Matcher m = Pattern.compile("<script[^>]* nonce=\"([^\"]+)\"").matcher(html);
    assertTrue(m.find(), "the page's scripts carry its nonce");
    return m.group(1);
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private static void execute(Connection db, String sql) throws Exception {
    try (Statement s = db.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  /**
   * SELECT statements sent to the database while {@code work} runs, on any thread but this one (the request threads
   * that answer the test's HTTP requests); their SQL is kept in {@link #statements} for the failure message.
   */
  private long selectsDuring(Runnable work) {
    statements.clear();
    Thread test = Thread.currentThread();
    var counter = new org.eclipse.persistence.sessions.SessionEventAdapter() {
      @Override
      public void postExecuteCall(org.eclipse.persistence.sessions.SessionEvent event) {
        if (Thread.currentThread() != test
            && event.getCall() instanceof org.eclipse.persistence.internal.databaseaccess.DatabaseCall call
            && call.getSQLString() != null && call.getSQLString().stripLeading().regionMatches(true, 0, "select", 0, 6)) {
          statements.add(call.getSQLString());
        }
      }
    };
    var events = emf.unwrap(org.eclipse.persistence.sessions.server.ServerSession.class).getEventManager();
    events.addListener(counter);
    try {
      work.run();
    } finally {
      events.removeListener(counter);
    }
    return statements.size();
  }
}
