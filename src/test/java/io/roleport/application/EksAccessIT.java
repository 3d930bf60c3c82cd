package io.roleport.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.access.Caller;
import io.roleport.application.clusters.ClusterService;
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
  /** Simulator account 777777777777 trusts Roleport with this ExternalId (config/simulator-seed.json). */
  private static final String EXTERNAL_ID = "rp-77777777777777777777777777777777";
  private static final String ACCOUNT = "777777777777";

  @Deployment
  static WebArchive war() {
    return Deployments.inContainer(EksAccessIT.class);
  }

  @Inject AwsOnboardingService onboarding;
  @Inject ClusterService clusters;
  @Inject OrganizationRepository organizations;
  @Inject UserTransaction tx;

  @Resource(lookup = "java:app/jdbc/roleport")
  DataSource dataSource;

  @Test
  void aClusterGivesTheAccessRolesTheirEntriesAndEachPersonsKubeconfigNamesTheRoleOfTheirRole() throws Exception {
    tx.begin();
    Organization kube = new Organization(new Slug("zz-kube"), "zz-kube", OrgKind.TEAM, null, new ExternalId(EXTERNAL_ID),
        Instant.now());
    organizations.add(kube);
    organizations.add(new GroupMapping(kube, "zz-kube-leads", OrgRole.ORG_ADMIN));
    organizations.add(new GroupMapping(kube, "zz-kube-devs", OrgRole.MEMBER));
    organizations.add(new GroupMapping(kube, "zz-kube-readers", OrgRole.VIEWER));
    tx.commit();
    Caller lead = new Caller("it-zz-lead", "it-zz-lead", Set.of("zz-kube-leads"), false, false);
    Caller dev = new Caller("it-zz-dev", "it-zz-dev", Set.of("zz-kube-devs", "zz-kube-readers"), false, false);
    Caller reader = new Caller("it-zz-reader", "it-zz-reader", Set.of("zz-kube-readers"), false, false);
    onboarding.bind(lead, "zz-kube", "arn:aws:iam::" + ACCOUNT + ":role/RoleportAutomation",
        "arn:aws:iam::" + ACCOUNT + ":role/RoleportSupport");

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
