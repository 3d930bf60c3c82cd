package io.roleport.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.access.Caller;
import io.roleport.application.access.NotFoundException;
import io.roleport.application.clusters.AzureClusterCloud;
import io.roleport.application.clusters.AzureTarget;
import io.roleport.application.clusters.CloudProvider;
import io.roleport.application.clusters.CloudTarget;
import io.roleport.application.clusters.ClusterService;
import io.roleport.application.clusters.ResourceOwner;
import io.roleport.application.clusters.ResourceState;
import io.roleport.application.orphans.OrphanCheck;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterName;
import io.roleport.domain.ClusterSpec;
import io.roleport.domain.DomainException;
import io.roleport.domain.ExternalId;
import io.roleport.domain.GroupMapping;
import io.roleport.domain.OrgKind;
import io.roleport.domain.OrgRole;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import io.roleport.domain.RoleArn;
import io.roleport.domain.Slug;
import io.roleport.testenv.Deployments;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's orphan check inside the deployed application (issue #15), against the simulators through the real
 * SDKs: orphans made out of band (a tagged network whose cluster has no row, in an organization's own account and in
 * the default account; a tagged Azure resource group likewise; a cluster row whose EKS cluster was deleted outside
 * Roleport) are each found, live clusters are not, an organization whose role is gone shows as unreadable with the
 * cloud's code, and a confirmed deletion removes the orphan from the cloud and is audited.
 */
@ExtendWith(ArquillianExtension.class)
class OrphansIT {
  private static final String DEFAULT_ACCOUNT = "222222222222";
  /** Simulator account 181818181818 ("orphan-check", a copy of kube-access) trusts Roleport with this ExternalId. */
  private static final String OWN_ACCOUNT = "181818181818";
  private static final String OWN_EXTERNAL_ID = "rp-18181818181818181818181818181818";
  private static final Caller OPERATOR = new Caller("it-orph-op", "it-orph-op", Set.of(), true, false);

  @Deployment
  static WebArchive war() {
    return Deployments.inContainer(OrphansIT.class);
  }

  @Inject OrphanCheck orphans;
  @Inject ClusterService clusters;
  @Inject OrganizationRepository organizations;
  @Inject CloudProvider aws;
  @Inject AzureClusterCloud azure;
  @Inject InstallationProfile installation;
  @Inject UserTransaction tx;

  @Resource(lookup = "java:app/jdbc/roleport")
  DataSource dataSource;

  @Test
  void orphansInEveryAccountAreFoundLiveClustersAreNotAndAConfirmedDeletionRemovesOneAndIsAudited()
      throws Exception {
    // Arrange: no other scan running; three organizations, clusters and orphans made out of band through the SDKs
    Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(300))
        .until(() -> sql("select count(*) from orphan_scan where status = 'RUNNING'").equals(List.of("0")));
    Organization own = org("zz-orph-own", new ExternalId(OWN_EXTERNAL_ID), "arn:aws:iam::" + OWN_ACCOUNT
        + ":role/RoleportAutomation");
    Organization broken = org("zz-orph-broken", ExternalId.generate(new java.security.SecureRandom()),
        "arn:aws:iam::" + OWN_ACCOUNT + ":role/RoleportRemovedLongAgo");
    Organization shared = org("zz-orph-def", ExternalId.generate(new java.security.SecureRandom()), null);
    Caller lead = new Caller("it-orph-lead", "it-orph-lead", Set.of("zz-orph-def-leads"), false, false);
    Cluster live = clusters.create(lead, "zz-orph-def", new ClusterSpec(new ClusterName("live"), "eu-west-1", "1.33",
        "m6i.large", 1));
    Cluster lost = clusters.create(lead, "zz-orph-def", new ClusterSpec(new ClusterName("lost"), "eu-west-1", "1.33",
        "m6i.large", 1));

    ResourceOwner ownOrphan = new ResourceOwner("rp-cluster-918181818101", own.slug(), own.id());
    CloudTarget ownAccount = new CloudTarget(new RoleArn("arn:aws:iam::" + OWN_ACCOUNT + ":role/RoleportAutomation"),
        new ExternalId(OWN_EXTERNAL_ID), "eu-west-1", "it-outside", own.slug());
    String ownVpc = aws.ensureNetwork(ownAccount, ownOrphan, ownOrphan.awsTags("it-outside")).vpcId();
    ResourceOwner defaultOrphan = new ResourceOwner("rp-cluster-918181818102", shared.slug(), shared.id());
    CloudTarget defaultAccount = defaultAccount(shared.slug());
    String defaultVpc = aws.ensureNetwork(defaultAccount, defaultOrphan, defaultOrphan.awsTags("it-outside")).vpcId();
    ResourceOwner azureOrphan = new ResourceOwner("rp-cluster-918181818103", shared.slug(), shared.id());
    AzureTarget subscription = defaultSubscription(shared.slug());
    azure.ensureResourceGroup(subscription, "rp-918181818103_gone", azureOrphan.azureTags("gone"), azureOrphan);

    awaitStatus(live, "ACTIVE");
    awaitStatus(lost, "ACTIVE");
    ResourceOwner lostOwner = ResourceOwner.of(lost);
    aws.deleteNodeGroup(defaultAccount, lost.cloudName(), "default", lostOwner); // someone deletes it in the console
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
        .until(() -> aws.nodeGroupState(defaultAccount, lost.cloudName(), "default", lostOwner) == ResourceState.GONE);
    aws.deleteCluster(defaultAccount, lost.cloudName(), lostOwner);
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
        .until(() -> aws.clusterState(defaultAccount, lost.cloudName(), lostOwner) == ResourceState.GONE);

    // Act: run the check
    long scan = orphans.start(OPERATOR).id();
    assertEquals("orphans.scan.running", assertThrows(DomainException.class, () -> orphans.start(OPERATOR)).key(),
        "one scan at a time");
    awaitScan(scan);

    // Assert: each orphan once, with where it is
    assertEquals(List.of("RESOURCE", "AWS", OWN_ACCOUNT, String.valueOf(own.id()), "eu-west-1", ownVpc, "noRow"),
        finding(scan, "rp-cluster-918181818101", "kind, provider, account_id, account_org_id, region, resource_id,"
            + " detail"), "in the organization's own account, read through its role");
    assertEquals(Arrays.asList("RESOURCE", "AWS", DEFAULT_ACCOUNT, null, defaultVpc, shared.slug()),
        finding(scan, "rp-cluster-918181818102", "kind, provider, account_id, account_org_id, resource_id, tag_org"));
    String subscriptionId = installation.azureDefault().orElseThrow().subscriptionId().value();
    assertEquals(List.of("RESOURCE", "AZURE", subscriptionId, "rp-918181818103_gone"),
        finding(scan, "rp-cluster-918181818103", "kind, provider, account_id, resource_id"));
    assertEquals(List.of("ROW", "AWS", DEFAULT_ACCOUNT, String.valueOf(lost.id()), shared.slug(), "gone"),
        finding(scan, "rp-cluster-" + lost.id(), "kind, provider, account_id, cluster_id, cluster_org, detail"),
        "the row whose EKS cluster was deleted outside Roleport");
    assertEquals(List.of(), sql("select kind from orphan_finding where scan_id = " + scan + " and (cluster_key = '"
        + ResourceOwner.of(live).clusterKey() + "' or cluster_id = " + live.id() + ")"), "a live cluster is no finding");
    assertEquals(List.of("0"), sql("select count(*) from orphan_finding where scan_id = " + scan
        + " and kind = 'RESOURCE' and cluster_key = '" + lostOwner.clusterKey() + "'"),
        "the lost cluster's network still has its live row: not an orphan resource");
    assertEquals(List.of("UNREADABLE", OWN_ACCOUNT, "AccessDenied"), sql("select kind, account_id, error_code from"
        + " orphan_finding where scan_id = " + scan + " and account_org_id = " + broken.id()),
        "an account whose role is gone is a finding of its own, with the cloud's code");
    assertEquals(List.of("FINISHED"), sql("select status from orphan_scan where id = " + scan));
    assertEquals(List.of("1", "1"), sql("select sum(action = 'orphan.scan.requested' and outcome = 'OK'),"
        + " sum(action = 'orphan.scan.finished') from audit_event where actor = 'it-orph-op' and detail like 'scan "
        + scan + "%'"));

    // Deletion: refused for what is not an orphan resource, for strangers; accepted for the default VPC
    long rowFinding = id(scan, "rp-cluster-" + lost.id());
    assertEquals("orphans.delete.notDeletable", assertThrows(DomainException.class,
        () -> orphans.requestDelete(OPERATOR, rowFinding)).key());
    assertThrows(NotFoundException.class, () -> orphans.requestDelete(OPERATOR, Long.MAX_VALUE));
    long vpcFinding = id(scan, "rp-cluster-918181818102");
    assertThrows(NotFoundException.class, () -> orphans.requestDelete(lead, vpcFinding), "operators only");
    assertThrows(NotFoundException.class, () -> orphans.start(lead));

    orphans.requestDelete(OPERATOR, vpcFinding);
    assertEquals("orphans.delete.notDeletable", assertThrows(DomainException.class,
        () -> orphans.requestDelete(OPERATOR, vpcFinding)).key(), "asked once");
    Awaitility.await("the orphan VPC being deleted").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
        .until(() -> sql("select delete_status from orphan_finding where id = " + vpcFinding),
            s -> !s.equals(List.of("REQUESTED")));
    assertEquals(List.of("DELETED"), sql("select delete_status from orphan_finding where id = " + vpcFinding),
        String.valueOf(sql("select delete_error from orphan_finding where id = " + vpcFinding)));
    assertTrue(aws.taggedNetworks(defaultAccount).stream().noneMatch(v -> v.id().equals(defaultVpc)),
        "the VPC is gone from the cloud");
    assertTrue(aws.taggedNetworks(ownAccount).stream().anyMatch(v -> v.id().equals(ownVpc)),
        "the other orphans stay");
    assertEquals(List.of("1", "1"), sql("select sum(action = 'orphan.delete.requested' and outcome = 'OK'),"
        + " sum(action = 'orphan.delete.finished' and outcome = 'OK') from audit_event where detail like '%"
        + defaultVpc + "%'"));
    assertEquals(List.of("1"), sql("select count(*) from audit_event where action = 'orphan.delete.requested'"
        + " and outcome = 'REFUSED' and detail like '%" + lost.cloudName() + "%'"));

    // the other two go as well: in the organization's own account (through its role) and in the Azure subscription
    long ownFinding = id(scan, "rp-cluster-918181818101");
    long groupFinding = id(scan, "rp-cluster-918181818103");
    orphans.requestDelete(OPERATOR, ownFinding);
    orphans.requestDelete(OPERATOR, groupFinding);
    Awaitility.await("the two other orphans being deleted").atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> sql("select count(*) from orphan_finding where delete_status = 'REQUESTED' and id in (" + ownFinding
            + ", " + groupFinding + ")"), s -> s.equals(List.of("0")));
    assertEquals(List.of("DELETED", "DELETED"), sql("select delete_status from orphan_finding where id in ("
        + ownFinding + ", " + groupFinding + ") order by id"),
        String.valueOf(sql("select delete_error from orphan_finding where id in (" + ownFinding + ", " + groupFinding
            + ")")));
    assertTrue(aws.taggedNetworks(ownAccount).stream().noneMatch(v -> v.id().equals(ownVpc)));
    assertEquals(ResourceState.GONE, azure.resourceGroupState(subscription, "rp-918181818103_gone", azureOrphan));
  }

  @Test
  void theDatabaseAllowsOneRunningScanAtATime() throws Exception {
    Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
        .until(() -> sql("select count(*) from orphan_scan where status = 'RUNNING'").equals(List.of("0")));
    try (Connection c = dataSource.getConnection()) {
      // leased far ahead by nobody, so that no worker takes it up meanwhile
      c.createStatement().executeUpdate("insert into orphan_scan (requested_by, requested_at, status, accounts_total,"
          + " lease_owner, lease_until) values ('it-orph-a', now(6), 'RUNNING', 1, 'it-nobody', now(6) + interval 1 day)");
      assertThrows(SQLException.class, () -> c.createStatement().executeUpdate("insert into orphan_scan"
          + " (requested_by, requested_at, status, accounts_total) values ('it-orph-b', now(6), 'RUNNING', 1)"));
      assertEquals("orphans.scan.running", assertThrows(DomainException.class, () -> orphans.start(OPERATOR)).key());
      c.createStatement().executeUpdate("update orphan_scan set status = 'FINISHED', finished_at = now(6)"
          + " where requested_by = 'it-orph-a'");
    }
    assertFalse(sql("select count(*) from orphan_scan where requested_by = 'it-orph-b'").equals(List.of("1")));
  }

  /**
   * A scan whose instance stopped mid-way (its lease left behind, its cursor after some organizations) is taken over
   * by a live worker once the lease has expired, and goes on from its cursor to the end.
   */
  @Test
  void aScanLeftByAStoppedInstanceIsTakenOverWhenItsLeaseEndsAndGoesOnFromItsCursor() throws Exception {
    Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(300))
        .until(() -> sql("select count(*) from orphan_scan where status = 'RUNNING'").equals(List.of("0")));
    long last = Long.parseLong(sql("select max(id) from organization").get(0));
    long scan;
    try (Connection c = dataSource.getConnection()) {
      c.createStatement().executeUpdate("insert into orphan_scan (requested_by, requested_at, status, accounts_total,"
          + " accounts_done, phase, cursor_org_id, lease_owner, lease_until) values ('it-orph-stopped', now(6),"
          + " 'RUNNING', 9, 7, 2, " + (last - 1) + ", 'orphans-stopped-instance', now(6) + interval 2 second)");
      scan = Long.parseLong(sql("select max(id) from orphan_scan where requested_by = 'it-orph-stopped'").get(0));
    }
    awaitScan(scan);
    assertEquals(Arrays.asList("9", "9", null), sql("select accounts_done, accounts_total, lease_owner from orphan_scan"
        + " where id = " + scan));
    assertEquals(List.of("0"), sql("select count(*) from orphan_finding where scan_id = " + scan
        + " and coalesce(account_org_id, org_id) <= " + (last - 1)), "the organizations before the cursor are not read"
        + " again");
    assertEquals(List.of("1"), sql("select count(*) from audit_event where action = 'orphan.scan.finished'"
        + " and detail like 'scan " + scan + ":%'"));
  }

  // --- helpers ---

  /** An organization mapped to its leads, bound to {@code automationRole}'s account (null: in the default account). */
  private Organization org(String slug, ExternalId externalId, String automationRole) throws Exception {
    tx.begin();
    Organization org = new Organization(new Slug(slug), slug, OrgKind.TEAM, null, externalId, Instant.now());
    organizations.add(org);
    organizations.add(new GroupMapping(org, slug + "-leads", OrgRole.ORG_ADMIN));
    if (automationRole != null) {
      RoleArn role = new RoleArn(automationRole);
      org.bindAws(role, new RoleArn(automationRole.replaceAll("role/.*", "role/RoleportSupport")), "it", Instant.now());
    }
    tx.commit();
    return org;
  }

  private CloudTarget defaultAccount(String slug) {
    return new CloudTarget(installation.defaultWorkloadRole(), installation.defaultWorkloadExternalId(), "eu-west-1",
        "it-outside", slug);
  }

  private AzureTarget defaultSubscription(String slug) {
    var d = installation.azureDefault().orElseThrow();
    return new AzureTarget(new AzureCredentials(d.tenantId(), d.subscriptionId(), d.clientId(), d.clientSecret()),
        "westeurope", "it-outside", slug);
  }

  private void awaitStatus(Cluster cluster, String status) {
    Awaitility.await("cluster " + cluster.id() + " becoming " + status).atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> sql("select status from cluster where id = " + cluster.id()).equals(List.of(status)));
  }

  private void awaitScan(long scan) {
    Awaitility.await("scan " + scan + " finishing").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(300))
        .until(() -> sql("select status from orphan_scan where id = " + scan).equals(List.of("FINISHED")));
  }

  private List<String> finding(long scan, String clusterKey, String columns) throws SQLException {
    List<String> rows = sql("select count(*) from orphan_finding where scan_id = " + scan + " and cluster_key = '"
        + clusterKey + "'");
    assertEquals(List.of("1"), rows, "exactly one finding for " + clusterKey + ": "
        + sql("select kind, resource_id, detail from orphan_finding where scan_id = " + scan));
    return sql("select " + columns + " from orphan_finding where scan_id = " + scan + " and cluster_key = '"
        + clusterKey + "'");
  }

  private long id(long scan, String clusterKey) throws SQLException {
    return Long.parseLong(finding(scan, clusterKey, "id").get(0));
  }

  private List<String> sql(String query) throws SQLException {
    try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(query)) {
      List<String> out = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          out.add(rs.getString(i));
        }
      }
      return out;
    }
  }
}
