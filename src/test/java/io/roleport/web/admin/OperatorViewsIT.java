package io.roleport.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.access.Caller;
import io.roleport.application.access.NotFoundException;
import io.roleport.application.clusters.WorkerSwitch;
import io.roleport.application.installation.ClusterFilter;
import io.roleport.application.installation.ClusterOverview;
import io.roleport.application.installation.ClusterSort;
import io.roleport.application.installation.DefaultAccountRow;
import io.roleport.application.installation.InstallationService;
import io.roleport.application.installation.InventoryRow;
import io.roleport.domain.CloudKind;
import io.roleport.domain.ClusterStatus;
import io.roleport.domain.PlacementKind;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #15, item 5: the operators' views, in the deployed application against MariaDB. All clusters across
 * organizations are filtered, sorted and paged by the database; the inventory names Azure subscriptions; the
 * clusters left in the default account are counted per organization; nobody but operators and support staff sees
 * any of it (404). Pages are read over HTTP by people signed in through the local IdP. Organizations {@code zzop-…}
 * sort after the demo organizations.
 */
@ExtendWith(ArquillianExtension.class)
class OperatorViewsIT {
  static final String DEFAULT_ACCOUNT = "222222222222";
  static final String OWN_ACCOUNT = "343434343434";
  static final String SUBSCRIPTION = "6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b";

  @Deployment
  static WebArchive war() {
    return Deployments.inContainer(OperatorViewsIT.class, BulkSeed.class);
  }

  @Inject InstallationService installation;
  @Inject WorkerSwitch worker;

  @Resource(lookup = "java:app/jdbc/roleport")
  DataSource dataSource;

  private final Caller olga = new Caller("it-op-olga", "Olga", Set.of("roleport-operators"), true, false);
  private final Caller sam = new Caller("it-op-sam", "Sam", Set.of("roleport-support"), false, true);
  private static boolean seeded;

  /**
   * Three organizations: zzop-00001 and zzop-00002 (unbound, 3 clusters each in the default account), zzop-bound
   * (bound to its own AWS account since: 2 live clusters and 1 deleted one left in the default account, 2 in its own
   * account, one of them failed) and zzop-azure (bound to an Azure subscription, 1 cluster there).
   */
  @BeforeEach
  void seed() throws Exception {
    if (seeded) {
      return;
    }
    worker.pause();
    try (Connection db = dataSource.getConnection()) {
      BulkSeed.organizations(db, "zzop-", 1, 2, "zzop-leads", 3, DEFAULT_ACCOUNT);
      long bound = organization(db, "zzop-bound", "zz zzop bound");
      BulkSeed.clusters(db, "zzop-bound", 5, 0, DEFAULT_ACCOUNT);
      execute(db, "update cluster set placement_kind = 'ORG_ACCOUNT', placement_account = '" + OWN_ACCOUNT
          + "' where org_id = " + bound + " and name in ('c-00004', 'c-00005')");
      execute(db, "update cluster set status = 'FAILED' where org_id = " + bound + " and name = 'c-00005'");
      execute(db, "update cluster set status = 'DELETED', live_name = null where org_id = " + bound
          + " and name = 'c-00001'");
      execute(db, "insert into aws_binding (org_id, account_id, automation_role_arn, support_role_arn, external_id,"
          + " bound_by, bound_at) select id, '" + OWN_ACCOUNT + "', 'arn:aws:iam::" + OWN_ACCOUNT
          + ":role/RoleportAutomation', 'arn:aws:iam::" + OWN_ACCOUNT + ":role/RoleportSupport', external_id,"
          + " 'it-op', now(6) from organization where id = " + bound);
      long azure = organization(db, "zzop-azure", "zz zzop azure");
      execute(db, "insert into azure_binding (org_id, tenant_id, subscription_id, client_id, mode, bound_by, bound_at)"
          + " values (" + azure + ", '11111111-2222-4333-8444-555555555555', '" + SUBSCRIPTION
          + "', '99999999-8888-4777-8666-555555555555', 'FEDERATED', 'it-op', now(6))");
      BulkSeed.clusters(db, "zzop-azure", 1, 0, DEFAULT_ACCOUNT);
      execute(db, "update cluster set provider = 'AZURE', region = 'westeurope', placement_kind = 'ORG_ACCOUNT',"
          + " placement_account = '" + SUBSCRIPTION + "' where org_id = " + azure);
    } finally {
      worker.resume();
    }
    seeded = true;
  }

  @Test
  void operatorsSeeEveryClusterFilteredByOrganizationStatusProviderAccountAndPlacement() {
    assertEquals(List.of("c-00005", "c-00004", "c-00003", "c-00002"), names(filter("org", "zzop-bound")),
        "live clusters, newest first; the deleted one only when asked");
    assertEquals(5, installation.countClusters(olga, filter("org", "zzop-bound", "status", "ALL")));
    assertEquals(List.of("c-00005"), names(filter("org", "zzop-bound", "status", "FAILED")));
    assertEquals(List.of("c-00003", "c-00002"), names(filter("org", "zzop-bound", "placement", "DEFAULT_ACCOUNT")));
    assertEquals(List.of("c-00005", "c-00004"), names(filter("account", OWN_ACCOUNT)));
    assertEquals(2, installation.countClusters(olga, filter("account", OWN_ACCOUNT)));

    List<ClusterOverview> azure = installation.clusters(olga, filter("provider", "AZURE", "account", SUBSCRIPTION),
        ClusterSort.NEWEST_FIRST, 0, 10);
    assertEquals(1, azure.size());
    ClusterOverview row = azure.get(0);
    assertEquals("zzop-azure", row.orgSlug());
    assertEquals(CloudKind.AZURE, row.cloud());
    assertEquals(PlacementKind.ORG_ACCOUNT, row.placement());
    assertEquals(ClusterStatus.ACTIVE, row.status());
    assertEquals(0, installation.countClusters(olga, filter("provider", "AWS", "account", SUBSCRIPTION)));
  }

  @Test
  void theDatabaseSortsAndPagesWithoutOverlap() {
    ClusterFilter bound = filter("org", "zzop-bound", "status", "ALL");
    assertEquals(List.of("c-00001", "c-00002", "c-00003"),
        names(installation.clusters(olga, bound, ClusterSort.of("name", true), 0, 3)));
    assertEquals(List.of("c-00004", "c-00005"), names(installation.clusters(olga, bound, ClusterSort.of("name", true),
        3, 3)), "the second page starts where the first ended");
    assertEquals(List.of("c-00005", "c-00004"), names(installation.clusters(olga, bound, ClusterSort.of("name", false),
        0, 2)));
    assertEquals(List.of("c-00001", "c-00002"), names(installation.clusters(olga, bound,
        ClusterSort.of("createdAt", true), 0, 2)), "oldest first");
    List<ClusterOverview> byStatus = installation.clusters(olga, bound, ClusterSort.of("status", true), 0, 5);
    assertEquals(List.of(ClusterStatus.ACTIVE, ClusterStatus.ACTIVE, ClusterStatus.ACTIVE, ClusterStatus.DELETED,
        ClusterStatus.FAILED), byStatus.stream().map(ClusterOverview::status).toList());
    List<ClusterOverview> byAccount = installation.clusters(olga, bound, ClusterSort.of("account", false), 0, 5);
    assertEquals(OWN_ACCOUNT, byAccount.get(0).account());
    assertEquals(DEFAULT_ACCOUNT, byAccount.get(4).account());
    assertEquals(ClusterSort.NEWEST_FIRST, ClusterSort.of("org_id; drop table cluster", true),
        "a field the table does not offer sorts newest first, never reaches the SQL");
  }

  @Test
  void aWrongFilterIsRefusedPartByPartAndAllAtOnce() {
    ClusterFilter.Parsed parsed = ClusterFilter.parse(Map.of("org", "Not a slug!", "status", "BROKEN", "provider",
        "gcp", "account", "12345", "placement", "elsewhere"));
    assertEquals(List.of("org", "status", "provider", "account", "placement"),
        parsed.problems().stream().map(ClusterFilter.Problem::field).toList());
    assertEquals(ClusterFilter.NONE, parsed.filter(), "no wrong part reaches the query");
  }

  @Test
  void theInventoryNamesTheAzureSubscriptionOfAzureBoundOrganizations() throws Exception {
    InventoryRow azure = inventoryRow("zzop-azure");
    assertEquals(CloudKind.AZURE, azure.cloud());
    assertEquals(SUBSCRIPTION, azure.accountId());
    assertEquals(1, azure.liveClusters());
    InventoryRow aws = inventoryRow("zzop-bound");
    assertEquals(CloudKind.AWS, aws.cloud());
    assertEquals(OWN_ACCOUNT, aws.accountId());
    InventoryRow unbound = inventoryRow("zzop-00001");
    assertEquals(null, unbound.cloud());
    assertEquals(null, unbound.accountId(), "no account of its own: the default account");
  }

  @Test
  void clustersLeftInTheDefaultAccountAreCountedPerOrganization() {
    Map<String, DefaultAccountRow> all = defaultAccountRows(false);
    assertEquals(2, all.get("zzop-bound").clusters(), "live clusters only: the deleted one is not counted");
    assertEquals(OWN_ACCOUNT, all.get("zzop-bound").ownAccount());
    assertTrue(all.get("zzop-bound").boundSince());
    assertEquals(3, all.get("zzop-00001").clusters());
    assertFalse(all.get("zzop-00001").boundSince());
    assertFalse(all.containsKey("zzop-azure"), "its only cluster runs in its own subscription");
    assertEquals(1, all.get("vandelay").clusters(), "the demo organization bound since its first cluster");
    assertEquals(all.size(), installation.countDefaultAccount(olga, false));

    Map<String, DefaultAccountRow> bound = defaultAccountRows(true);
    assertTrue(bound.containsKey("zzop-bound") && bound.containsKey("vandelay"));
    assertFalse(bound.containsKey("zzop-00001"), "not bound: only the organizations bound since");
    assertEquals(bound.size(), installation.countDefaultAccount(olga, true));
  }

  @Test
  void supportStaffSeeTheViewsAndNobodyElseFindsThem() throws Exception {
    assertEquals(4, installation.countClusters(sam, filter("org", "zzop-bound")));
    Caller lead = new Caller("it-op-lead", "Lead", Set.of("zzop-leads"), false, false);
    assertThrows(NotFoundException.class, () -> installation.clusters(lead, ClusterFilter.NONE,
        ClusterSort.NEWEST_FIRST, 0, 5));
    assertThrows(NotFoundException.class, () -> installation.countClusters(lead, ClusterFilter.NONE));
    assertThrows(NotFoundException.class, () -> installation.defaultAccount(lead, false, 0, 5));
    assertThrows(NotFoundException.class, () -> installation.countDefaultAccount(lead, false));

    HttpClient leadBrowser = signIn("it-op-lead", List.of("zzop-leads"));
    assertEquals(404, get(leadBrowser, "admin/clusters").statusCode());
    assertEquals(404, get(leadBrowser, "admin/clusters/default-account").statusCode());
    HttpClient support = signIn("it-op-sam", List.of("roleport-support"));
    assertEquals(200, get(support, "admin/clusters").statusCode());
    assertEquals(200, get(support, "admin/clusters/default-account").statusCode());
  }

  @Test
  void thePagesShowTheFilteredClustersAndEveryWrongPartOfAFilter() throws Exception {
    HttpClient operator = signIn("it-op-olga", List.of("roleport-operators"));
    HttpResponse<String> filtered = get(operator, "admin/clusters?org=zzop-bound&placement=DEFAULT_ACCOUNT");
    assertEquals(200, filtered.statusCode());
    String page = filtered.body();
    assertTrue(page.contains(">c-00003</a>") && page.contains(">c-00002</a>"), page);
    assertFalse(page.contains(">c-00004</a>"), "a cluster in the organization's own account is filtered out");
    assertTrue(page.contains("value=\"DEFAULT_ACCOUNT\" selected=\"selected\""), "the choice stays selected");
    assertFalse(page.contains("selected=\"false\""), "only the chosen option is marked");
    assertTrue(page.contains("value=\"zzop-bound\""), "what was typed stays in the field");

    String wrong = get(operator, "admin/clusters?org=Not%20a%20slug&account=12345&status=LIVE").body();
    assertTrue(wrong.contains("id=\"orgError\"") && wrong.contains("id=\"accountError\""),
        "both wrong parts are named at once: " + wrong);
    assertTrue(wrong.contains("12 digits"), "the message says what to type instead");
    assertFalse(wrong.contains("id=\"allClusters:clusters\""), "no list until the filter is corrected");

    String perOrg = get(operator, "admin/clusters/default-account?bound=true").body();
    assertTrue(perOrg.contains("zzop-bound") && perOrg.contains(OWN_ACCOUNT), perOrg);
    assertTrue(perOrg.contains("/admin/clusters?org=zzop-bound&amp;placement=DEFAULT_ACCOUNT"),
        "the count links to the clusters it counts");
  }

  private InventoryRow inventoryRow(String slug) throws Exception {
    int offset;
    try (Connection db = dataSource.getConnection();
        PreparedStatement s = db.prepareStatement("select count(*) from organization o, organization me"
            + " where me.slug = ? and (o.name < me.name or (o.name = me.name and o.id < me.id))")) {
      s.setString(1, slug);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        offset = r.getInt(1);
      }
    }
    InventoryRow row = installation.inventory(olga, offset, 1).get(0);
    assertEquals(slug, row.slug());
    return row;
  }

  private Map<String, DefaultAccountRow> defaultAccountRows(boolean boundOnly) {
    Map<String, DefaultAccountRow> rows = new java.util.LinkedHashMap<>();
    installation.defaultAccount(olga, boundOnly, 0, 1_000_000).forEach(r -> rows.put(r.slug(), r));
    return rows;
  }

  private List<String> names(ClusterFilter filter) {
    return names(installation.clusters(olga, filter, ClusterSort.NEWEST_FIRST, 0, 25));
  }

  private static List<String> names(List<ClusterOverview> rows) {
    return rows.stream().map(ClusterOverview::name).toList();
  }

  private static ClusterFilter filter(String... keyValues) {
    Map<String, String> query = new java.util.HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      query.put(keyValues[i], keyValues[i + 1]);
    }
    ClusterFilter.Parsed parsed = ClusterFilter.parse(query);
    assertEquals(List.of(), parsed.problems());
    return parsed.filter();
  }

  private static long organization(Connection db, String slug, String name) throws Exception {
    String externalId = "rp-" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
        .digest(slug.getBytes(StandardCharsets.UTF_8)));
    execute(db, "insert into organization (slug, name, kind, external_id, created_at) values ('" + slug + "', '"
        + name + "', 'TEAM', '" + externalId + "', now(6))");
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("select id from organization where slug = '" + slug + "'")) {
      r.next();
      return r.getLong(1);
    }
  }

  private static void execute(Connection db, String sql) throws Exception {
    try (Statement s = db.createStatement()) {
      s.executeUpdate(sql);
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
        .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&claims=" + URLEncoder.encode(claims, StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
    URI callback = URI.create(login.headers().firstValue("Location").orElseThrow(() ->
        new AssertionError("the IdP did not answer with the callback: " + login.statusCode() + " " + login.body())));
    assertEquals(302, client.send(HttpRequest.newBuilder(callback).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode());
    return client;
  }

  private static HttpResponse<String> get(HttpClient client, String page) {
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
}
