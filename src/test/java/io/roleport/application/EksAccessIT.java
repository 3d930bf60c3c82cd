package io.roleport.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.access.Caller;
import io.roleport.application.clusters.ClusterService;
import io.roleport.application.clusters.EksAccessBackfill;
import io.roleport.application.onboarding.AwsOnboardingService;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterName;
import io.roleport.domain.ClusterSpec;
import io.roleport.domain.ExternalId;
import io.roleport.domain.GroupMapping;
import io.roleport.domain.OrgKind;
import io.roleport.domain.OrgRole;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import io.roleport.domain.Slug;
import io.roleport.testenv.Deployments;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.transaction.UserTransaction;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Access inside EKS clusters, in the deployed application: a cluster in an organization's own account is created with
 * authentication mode API, its create operation gives the account's three access roles their access entries and
 * policies (no entry for the automation role), and each person's kubeconfig names the access role of their Roleport
 * role; a third party's names none.
 */
@ExtendWith(ArquillianExtension.class)
class EksAccessIT {
  /** Simulator account 171717171717 ("kube-access", a copy of initech: ServicesIT binds 777777777777) trusts Roleport with this ExternalId. */
  private static final String EXTERNAL_ID = "rp-17171717171717171717171717171717";
  private static final String ACCOUNT = "171717171717";

  @Deployment
  static WebArchive war() {
    return Deployments.inContainer(EksAccessIT.class);
  }

  @Inject AwsOnboardingService onboarding;
  @Inject ClusterService clusters;
  @Inject OrganizationRepository organizations;
  @Inject UserTransaction tx;
  @Inject EksAccessBackfill backfill;

  @Resource(lookup = "java:app/jdbc/roleport")
  DataSource dataSource;

  private static final Caller LEAD = new Caller("it-zz-lead", "it-zz-lead", Set.of("zz-kube-leads"), false, false);
  private static boolean orgBound;

  /** The organization zz-kube bound to 171717171717 (its ExternalId is unique, so both tests share it). */
  private synchronized void kubeOrg() throws Exception {
    if (orgBound) {
      return;
    }
    tx.begin();
    Organization kube = new Organization(new Slug("zz-kube"), "zz-kube", OrgKind.TEAM, null, new ExternalId(EXTERNAL_ID),
        Instant.now());
    organizations.add(kube);
    organizations.add(new GroupMapping(kube, "zz-kube-leads", OrgRole.ORG_ADMIN));
    organizations.add(new GroupMapping(kube, "zz-kube-devs", OrgRole.MEMBER));
    organizations.add(new GroupMapping(kube, "zz-kube-readers", OrgRole.VIEWER));
    tx.commit();
    onboarding.bind(LEAD, "zz-kube", "arn:aws:iam::" + ACCOUNT + ":role/RoleportAutomation",
        "arn:aws:iam::" + ACCOUNT + ":role/RoleportSupport");
    orgBound = true;
  }

  @Test
  void aClusterGivesTheAccessRolesTheirEntriesAndEachPersonsKubeconfigNamesTheRoleOfTheirRole() throws Exception {
    kubeOrg();
    Caller lead = LEAD;
    Caller dev = new Caller("it-zz-dev", "it-zz-dev", Set.of("zz-kube-devs", "zz-kube-readers"), false, false);
    Caller reader = new Caller("it-zz-reader", "it-zz-reader", Set.of("zz-kube-readers"), false, false);

    Cluster cluster = clusters.create(lead, "zz-kube", new ClusterSpec(new ClusterName("kube-1"), "eu-west-1", "1.33",
        "m6i.large", 2));
    org.awaitility.Awaitility.await("cluster becoming ACTIVE").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200)).until(() -> status(cluster.id()).equals("ACTIVE"));

    List<JsonObject> calls = journal(cluster.cloudName());
    for (String role : List.of("RoleportEksView", "RoleportEksEdit", "RoleportEksAdmin")) {
      assertTrue(calls.stream().anyMatch(e -> e.getString("action").equals("CreateAccessEntry") && e.getInt("status") == 200
          && e.getString("resource", "").contains(role)), role + " got no access entry: " + calls);
    }
    assertEquals(3, calls.stream().filter(e -> e.getString("action").equals("AssociateAccessPolicy")
        && e.getInt("status") == 200).count(), calls.toString());
    assertTrue(calls.stream().noneMatch(e -> e.getInt("status") == 403 || e.getInt("status") == 400),
        "nothing was refused (a look-before-create DescribeCluster answers 404): " + calls);

    assertTrue(clusters.kubeconfig(lead, "zz-kube", cluster.id())
        .contains("\"--role-arn\", \"arn:aws:iam::" + ACCOUNT + ":role/RoleportEksAdmin\""));
    assertTrue(clusters.kubeconfig(dev, "zz-kube", cluster.id())
        .contains("\"--role-arn\", \"arn:aws:iam::" + ACCOUNT + ":role/RoleportEksEdit\""));
    String readers = clusters.kubeconfig(reader, "zz-kube", cluster.id());
    assertTrue(readers.contains("\"--role-arn\", \"arn:aws:iam::" + ACCOUNT + ":role/RoleportEksView\""), readers);
    assertFalse(readers.contains("RoleportEksAdmin") || readers.contains("RoleportEksEdit"), readers);
  }

  /**
   * A cluster created before the ACCESS_ENTRIES step (no marker) gets its entries through one durable EKS_ACCESS
   * operation, queued once: the marker is then set and a second start queues nothing.
   */
  @Test
  void aClusterCreatedBeforeTheAccessEntriesStepGetsThemOnceThroughADurableOperation() throws Exception {
    kubeOrg();
    Cluster cluster = clusters.create(LEAD, "zz-kube", new ClusterSpec(new ClusterName("kubf-1"), "eu-west-1", "1.33",
        "m6i.large", 2));
    org.awaitility.Awaitility.await("cluster becoming ACTIVE").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200)).until(() -> status(cluster.id()).equals("ACTIVE"));
    assertFalse(sql("select access_entries_at from cluster where id = " + cluster.id()).isEmpty(),
        "the create's step records that the entries are in place");
    assertFalse(backfill.queue().contains(cluster.id()), "a cluster created with the step is never queued");
    // As a cluster created before the step: no marker, flagged by the migration.
    try (Connection c = dataSource.getConnection()) {
      c.createStatement().executeUpdate("update cluster set access_entries_at = null, access_backfill_due = true"
          + " where id = " + cluster.id());
    }
    long associationsBefore = journal(cluster.cloudName()).stream()
        .filter(e -> e.getString("action").equals("AssociateAccessPolicy") && e.getInt("status") == 200).count();

    List<Long> queued = backfill.queue();
    assertTrue(queued.contains(cluster.id()), queued.toString());
    assertFalse(backfill.queue().contains(cluster.id()), "queued once: an operation is waiting for it");
    org.awaitility.Awaitility.await("the access-entries operation succeeding").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200)).until(() -> sql("select status from operation where cluster_id = "
            + cluster.id() + " and kind = 'EKS_ACCESS'").equals("SUCCEEDED"));
    assertFalse(sql("select access_entries_at from cluster where id = " + cluster.id()).isEmpty());
    assertEquals("ACTIVE", status(cluster.id()), "the cluster stays active");
    List<JsonObject> calls = journal(cluster.cloudName());
    assertEquals(associationsBefore + 3, calls.stream()
        .filter(e -> e.getString("action").equals("AssociateAccessPolicy") && e.getInt("status") == 200).count(),
        "the three access roles' policies associated again: " + calls);
    assertTrue(calls.stream().noneMatch(e -> e.getInt("status") == 403), calls.toString());
    assertFalse(backfill.queue().contains(cluster.id()), "the marker is set: never again");
    assertEquals("cluster.access.updated", sql("select action from audit_event where actor = '"
        + EksAccessBackfill.ACTOR + "' and detail = 'kubf-1' order by id desc limit 1"));
  }

  private String sql(String query) throws Exception {
    try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(query)) {
      return rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
    }
  }

  private String status(long clusterId) throws Exception {
    try (Connection c = dataSource.getConnection();
        ResultSet rs = c.createStatement().executeQuery("select status from cluster where id = " + clusterId)) {
      return rs.next() ? rs.getString(1) : "";
    }
  }

  /** The simulator's journal entries of EKS calls in the account whose resource names this cluster. */
  private static List<JsonObject> journal(String cloudName) throws Exception {
    String endpoint = ConfigProvider.getConfig().getValue("roleport.aws.endpoint", String.class);
    String body = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(HttpRequest.newBuilder(URI.create(endpoint + "/_sim/journal")).build(), HttpResponse.BodyHandlers.ofString())
        .body();
    return Json.createReader(new StringReader(body)).readArray().stream().map(v -> (JsonObject) v)
        .filter(e -> "eks".equals(e.getString("service")) && ACCOUNT.equals(e.getString("accountId", ""))
            && e.getString("resource", "").contains(cloudName))
        .toList();
  }
}
