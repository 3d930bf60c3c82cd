package io.roleport.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.access.Caller;
import io.roleport.application.clusters.AzureClusterCloud;
import io.roleport.application.clusters.AzureTarget;
import io.roleport.application.clusters.CloudProvider;
import io.roleport.application.clusters.CloudTarget;
import io.roleport.application.clusters.ClusterService;
import io.roleport.application.clusters.ResourceOwner;
import io.roleport.application.clusters.ResourceState;
import io.roleport.domain.CloudKind;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterName;
import io.roleport.domain.ClusterSpec;
import io.roleport.domain.DomainException;
import io.roleport.domain.ExternalId;
import io.roleport.domain.GroupMapping;
import io.roleport.domain.NodeScaling;
import io.roleport.domain.OrgKind;
import io.roleport.domain.OrgRole;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import io.roleport.domain.RulesBroken;
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
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Day-2 operations inside the deployed application (issue #15): scaling and upgrading clusters on EKS and AKS as
 * durable operations against the simulator (real AWS and Azure SDKs), a failed operation retried from its failed step,
 * and a refresh that shows a cluster changed or deleted outside Roleport. Each test works in an organization of its
 * own, in the installation's default account or subscription.
 */
@ExtendWith(ArquillianExtension.class)
class Day2IT {
  private static final String DEFAULT_ACCOUNT = "222222222222";

  @Deployment
  static WebArchive war() {
    return Deployments.inContainer(Day2IT.class);
  }

  @Inject ClusterService clusters;
  @Inject OrganizationRepository organizations;
  @Inject CloudProvider aws;
  @Inject AzureClusterCloud azure;
  @Inject InstallationProfile installation;
  @Inject UserTransaction tx;

  @Resource(lookup = "java:app/jdbc/roleport")
  DataSource dataSource;

  @Test
  void anEksClusterIsScaledThenUpgradedOneMinorAtATimeControlPlaneFirst() throws Exception {
    Caller lead = org("zz-d2-eks");
    Cluster cluster = clusters.create(lead, "zz-d2-eks", spec("app", "1.33"));
    awaitStatus(cluster, "ACTIVE");

    clusters.scale(lead, "zz-d2-eks", cluster.id(), new NodeScaling(1, 3, 5));
    assertEquals(List.of("UPDATING"), row("select status from cluster where id = " + cluster.id()),
        "the cluster shows its change at once");
    awaitOperation(cluster, "SUCCEEDED");
    assertEquals(List.of("ACTIVE", "1", "3", "5"),
        row("select status, node_min, node_count, node_max from cluster where id = " + cluster.id()));
    CloudProvider.Observed seen = aws.observe(defaultAccount("zz-d2-eks"), cluster.cloudName(), "default",
        ResourceOwner.of(cluster)).orElseThrow();
    assertEquals(List.of(1, 3, 5), List.of(seen.minNodes(), seen.desiredNodes(), seen.maxNodes()));
    assertEquals(1, journal("UpdateNodegroupConfig", cluster.cloudName() + "/default"));

    DomainException skipped = assertThrows(DomainException.class,
        () -> clusters.upgrade(lead, "zz-d2-eks", cluster.id(), "1.35"));
    assertEquals("upgrade.version.notNext", skipped.key());
    DomainException down = assertThrows(DomainException.class,
        () -> clusters.upgrade(lead, "zz-d2-eks", cluster.id(), "1.32"));
    assertEquals("upgrade.version.notNext", down.key());
    assertEquals(List.of("0"), row("select count(*) from operation where kind = 'UPGRADE' and cluster_id = "
        + cluster.id()), "a refused upgrade stores nothing");

    clusters.upgrade(lead, "zz-d2-eks", cluster.id(), "1.34");
    awaitOperation(cluster, "SUCCEEDED");
    assertEquals(List.of("ACTIVE", "1.34"), row("select status, kubernetes_version from cluster where id = "
        + cluster.id()));
    seen = aws.observe(defaultAccount("zz-d2-eks"), cluster.cloudName(), "default", ResourceOwner.of(cluster))
        .orElseThrow();
    assertEquals(List.of("1.34", "1.34"), List.of(seen.version(), seen.nodeGroupVersion()));
    assertTrue(firstCall("UpdateClusterVersion", cluster.cloudName()).isBefore(
        firstCall("UpdateNodegroupVersion", cluster.cloudName() + "/default")), "control plane first, then nodes");
    assertEquals(List.of("1", "1", "1"), row("select sum(action = 'cluster.scale.finished'),"
        + " sum(action = 'cluster.upgrade.requested'), sum(action = 'cluster.upgrade.finished') from audit_event"
        + " where outcome = 'OK' and org_id = (select id from organization where slug = 'zz-d2-eks')"));

    clusters.delete(lead, "zz-d2-eks", cluster.id());
    awaitStatus(cluster, "DELETED");
  }

  @Test
  void invalidSizesAreAllNamedAndChangeNothing() throws Exception {
    assertEquals(List.of("scale.min.negative", "scale.max.range", "scale.order"),
        NodeScaling.problems(-1, 31, 30, CloudKind.AWS));
    assertEquals(List.of("scale.min.system"), NodeScaling.problems(0, 1, 2, CloudKind.AZURE));
    Caller lead = org("zz-d2-invalid");
    Cluster cluster = clusters.create(lead, "zz-d2-invalid", spec("app", "1.33"));
    awaitStatus(cluster, "ACTIVE");
    assertThrows(DomainException.class, () -> clusters.scale(lead, "zz-d2-invalid", cluster.id(),
        new NodeScaling(3, 2, 4)));
    DomainException same = assertThrows(DomainException.class, () -> clusters.scale(lead, "zz-d2-invalid",
        cluster.id(), NodeScaling.fixed(2)));
    assertEquals("scale.unchanged", same.key());
    assertEquals(List.of("ACTIVE", "2", "1"), row("select status, node_count, (select count(*) from operation o"
        + " where o.cluster_id = c.id) from cluster c where id = " + cluster.id()));
    assertEquals(List.of("1"), row("select count(*) from audit_event where action = 'cluster.scale.requested'"
        + " and outcome = 'REFUSED' and org_id = (select id from organization where slug = 'zz-d2-invalid')"));
  }

  @Test
  void aFailedUpgradeIsRetriedFromItsFailedStepNotFromScratch() throws Exception {
    Caller lead = org("zz-d2-retry");
    Cluster cluster = clusters.create(lead, "zz-d2-retry", spec("app", "1.32"));
    awaitStatus(cluster, "ACTIVE");
    injectFault("UpdateNodegroupVersion", 403, "AccessDeniedException");

    clusters.upgrade(lead, "zz-d2-retry", cluster.id(), "1.33");
    awaitOperation(cluster, "FAILED");
    assertEquals(List.of("2", "ACTIVE", "1.32"), row("select o.step_index, c.status, c.kubernetes_version"
        + " from operation o join cluster c on c.id = o.cluster_id where o.id = " + latestOperation(cluster)),
        "failed at the node group's upgrade; the cluster still runs");
    assertEquals(1, journal("UpdateClusterVersion", cluster.cloudName()));

    clusters.retry(lead, "zz-d2-retry", cluster.id());
    awaitOperation(cluster, "SUCCEEDED");
    assertEquals(1, journal("UpdateClusterVersion", cluster.cloudName()), "the control plane is not upgraded again");
    assertEquals(1, journal("UpdateNodegroupVersion", cluster.cloudName() + "/default"));
    assertEquals(List.of("1.33"), row("select kubernetes_version from cluster where id = " + cluster.id()));
    assertEquals(List.of("1"), row("select count(*) from audit_event where action = 'operation.retried'"
        + " and org_id = (select id from organization where slug = 'zz-d2-retry')"));
    DomainException again = assertThrows(DomainException.class,
        () -> clusters.retry(lead, "zz-d2-retry", cluster.id()));
    assertEquals("operation.retry.notFailed", again.key(), "only a failed latest operation is retried");
  }

  @Test
  void aRefreshShowsAClusterChangedThenDeletedOutsideRoleport() throws Exception {
    Caller lead = org("zz-d2-drift");
    Cluster cluster = clusters.create(lead, "zz-d2-drift", spec("app", "1.33"));
    awaitStatus(cluster, "ACTIVE");
    CloudTarget outside = defaultAccount("zz-d2-drift");
    ResourceOwner owner = ResourceOwner.of(cluster);

    aws.scaleNodeGroup(outside, cluster.cloudName(), "default", 1, 4, 4, owner); // someone scales in the console
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
        .until(() -> !aws.observe(outside, cluster.cloudName(), "default", owner).orElseThrow().busy());
    Cluster refreshed = clusters.refresh(lead, "zz-d2-drift", cluster.id());
    assertEquals(List.of("ACTIVE", "2", "4"), row("select status, node_count, observed_nodes from cluster where id = "
        + cluster.id()));
    assertTrue(refreshed.drifted(), "the difference shows as drift");
    long reads = journal("DescribeCluster", cluster.cloudName());
    clusters.refresh(lead, "zz-d2-drift", cluster.id());
    assertEquals(reads, journal("DescribeCluster", cluster.cloudName()), "a second click at once calls no cloud");

    aws.deleteNodeGroup(outside, cluster.cloudName(), "default", owner); // and then deletes the cluster
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
        .until(() -> aws.nodeGroupState(outside, cluster.cloudName(), "default", owner) == ResourceState.GONE);
    aws.deleteCluster(outside, cluster.cloudName(), owner);
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
        .until(() -> aws.clusterState(outside, cluster.cloudName(), owner) == ResourceState.GONE);
    execute("update cluster set refreshed_at = refreshed_at - interval 1 minute where id = " + cluster.id());
    clusters.refresh(lead, "zz-d2-drift", cluster.id());
    assertEquals(List.of("MISSING"), row("select status from cluster where id = " + cluster.id()));
    assertTrue(row("select detail from audit_event where action = 'cluster.refreshed' and org_id = (select id from"
        + " organization where slug = 'zz-d2-drift') order by id desc limit 1").get(0).contains("missing"));

    clusters.delete(lead, "zz-d2-drift", cluster.id()); // the record is cleaned up: nothing is left to delete
    awaitStatus(cluster, "DELETED");
  }

  @Test
  void anAksClusterIsScaledAndUpgradedAndItsSystemPoolKeepsANode() throws Exception {
    Caller lead = org("zz-d2-aks");
    Cluster cluster = clusters.create(lead, "zz-d2-aks", new ClusterSpec(new ClusterName("aks"), "westeurope", "1.32",
        "Standard_D2s_v5", 2), CloudKind.AZURE);
    awaitStatus(cluster, "ACTIVE");
    DomainException system = assertThrows(DomainException.class,
        () -> clusters.scale(lead, "zz-d2-aks", cluster.id(), new NodeScaling(0, 1, 3)));
    assertEquals("scale.min.system", system.key());

    clusters.scale(lead, "zz-d2-aks", cluster.id(), new NodeScaling(2, 3, 5));
    awaitOperation(cluster, "SUCCEEDED");
    AzureTarget target = defaultSubscription("zz-d2-aks");
    CloudProvider.Observed seen = azure.observe(target, cluster.resourceGroupName(), cluster.cloudName(),
        ResourceOwner.of(cluster)).orElseThrow();
    assertEquals(List.of(2, 3, 5), List.of(seen.minNodes(), seen.desiredNodes(), seen.maxNodes()));

    clusters.upgrade(lead, "zz-d2-aks", cluster.id(), "1.33");
    awaitOperation(cluster, "SUCCEEDED");
    seen = azure.observe(target, cluster.resourceGroupName(), cluster.cloudName(), ResourceOwner.of(cluster))
        .orElseThrow();
    assertEquals(List.of("1.33", "1.33"), List.of(io.roleport.domain.KubernetesVersions.minor(seen.version()),
        io.roleport.domain.KubernetesVersions.minor(seen.nodeGroupVersion())));
    assertEquals(List.of("ACTIVE", "1.33", "3"), row("select status, kubernetes_version, node_count from cluster"
        + " where id = " + cluster.id()));
    Cluster refreshed = clusters.refresh(lead, "zz-d2-aks", cluster.id());
    assertEquals(false, refreshed.drifted(), "what Roleport set is what AKS has");

    clusters.delete(lead, "zz-d2-aks", cluster.id());
    awaitStatus(cluster, "DELETED");
  }

  // --- node groups (issue #15) ---

  @Test
  void anEksClusterGetsANodeGroupAddedScaledAndRemovedAndIsDeletedWithEveryGroup() throws Exception {
    Caller lead = org("zz-ng-eks");
    Cluster cluster = clusters.create(lead, "zz-ng-eks", spec("app", "1.33"));
    awaitStatus(cluster, "ACTIVE");
    assertEquals(List.of("default", "ACTIVE", "1", "2", "2", "2"), row("select name, status, first_group, node_min,"
        + " node_desired, node_max from node_group where cluster_id = " + cluster.id()), "created with its first group");

    RulesBroken broken = assertThrows(RulesBroken.class, () -> clusters.addNodeGroup(lead, "zz-ng-eks", cluster.id(),
        "-bad", "Standard_D2s_v5", 3, 2, 30));
    assertEquals(List.of("nodegroup.name.invalidAws", "nodegroup.instanceType.invalidAws", "scale.max.range",
        "scale.order"), broken.problems().stream().map(DomainException::key).toList(), "every broken rule at once");
    assertEquals("nodegroup.name.taken", assertThrows(RulesBroken.class, () -> clusters.addNodeGroup(lead,
        "zz-ng-eks", cluster.id(), "default", "m6i.large", 1, 1, 1)).key());
    assertEquals(List.of("1", "1", "ACTIVE"), row("select (select count(*) from node_group where cluster_id = c.id),"
        + " (select count(*) from operation where cluster_id = c.id), c.status from cluster c where c.id = "
        + cluster.id()), "a refused request stores nothing");

    injectFault("CreateNodegroup", 403, "AccessDeniedException");
    clusters.addNodeGroup(lead, "zz-ng-eks", cluster.id(), "batch", "m6i.xlarge", 0, 1, 3);
    assertEquals(List.of("UPDATING"), row("select status from cluster where id = " + cluster.id()));
    assertEquals("cluster.change.notActive", assertThrows(DomainException.class, () -> clusters.addNodeGroup(lead,
        "zz-ng-eks", cluster.id(), "other", "m6i.large", 1, 1, 1)).key(), "one update at a time per cluster");
    awaitOperation(cluster, "FAILED");
    assertEquals(List.of("FAILED", "ACTIVE"), row("select g.status, c.status from node_group g join cluster c"
        + " on c.id = g.cluster_id where g.name = 'batch' and c.id = " + cluster.id()));
    clusters.retry(lead, "zz-ng-eks", cluster.id()); // resumes at the failed step
    awaitOperation(cluster, "SUCCEEDED");
    assertEquals(List.of("ACTIVE", "0", "1", "3"), row("select status, node_min, node_desired, node_max from node_group"
        + " where name = 'batch' and cluster_id = " + cluster.id()));
    CloudTarget target = defaultAccount("zz-ng-eks");
    ResourceOwner owner = ResourceOwner.of(cluster);
    CloudProvider.Observed batch = aws.observe(target, cluster.cloudName(), "batch", owner).orElseThrow();
    assertEquals(List.of(0, 1, 3), List.of(batch.minNodes(), batch.desiredNodes(), batch.maxNodes()));
    assertEquals(1, journal("CreateNodegroup", cluster.cloudName() + "/batch"), "created once, after the retry");

    long batchId = Long.parseLong(row("select id from node_group where name = 'batch' and cluster_id = "
        + cluster.id()).get(0));
    clusters.scale(lead, "zz-ng-eks", cluster.id(), batchId, new NodeScaling(0, 2, 4));
    awaitOperation(cluster, "SUCCEEDED");
    assertEquals(List.of("0", "2", "4", "2"), row("select g.node_min, g.node_desired, g.node_max, c.node_count from"
        + " node_group g join cluster c on c.id = g.cluster_id where g.id = " + batchId), "only the chosen group");
    assertEquals(1, journal("UpdateNodegroupConfig", cluster.cloudName() + "/batch"));
    assertEquals(0, journal("UpdateNodegroupConfig", cluster.cloudName() + "/default"));

    // an upgrade takes every group along, one after the other (EKS refuses the next control plane while one lags)
    clusters.upgrade(lead, "zz-ng-eks", cluster.id(), "1.34");
    awaitOperation(cluster, "SUCCEEDED");
    assertEquals(List.of("1.34", "1.34"), List.of(aws.observe(target, cluster.cloudName(), "default", owner)
        .orElseThrow().nodeGroupVersion(), aws.observe(target, cluster.cloudName(), "batch", owner).orElseThrow()
        .nodeGroupVersion()), "every node group runs the new version");
    assertEquals(List.of(1L, 1L), List.of(journal("UpdateNodegroupVersion", cluster.cloudName() + "/default"),
        journal("UpdateNodegroupVersion", cluster.cloudName() + "/batch")), "each group upgraded once");
    Instant controlPlane = firstCall("UpdateClusterVersion", cluster.cloudName());
    Instant first = firstCall("UpdateNodegroupVersion", cluster.cloudName() + "/default");
    assertTrue(controlPlane.isBefore(first) && first.isBefore(firstCall("UpdateNodegroupVersion",
        cluster.cloudName() + "/batch")), "control plane, then the first group, then the added one");
    assertEquals(List.of("ACTIVE", "1.34"), row("select status, kubernetes_version from cluster where id = "
        + cluster.id()));

    long firstId = Long.parseLong(row("select id from node_group where first_group and cluster_id = " + cluster.id())
        .get(0));
    assertEquals("nodegroup.remove.first", assertThrows(DomainException.class,
        () -> clusters.removeNodeGroup(lead, "zz-ng-eks", cluster.id(), firstId)).key());
    assertThrows(io.roleport.application.access.NotFoundException.class,
        () -> clusters.removeNodeGroup(lead, "zz-ng-eks", cluster.id(), Long.MAX_VALUE));
    clusters.removeNodeGroup(lead, "zz-ng-eks", cluster.id(), batchId);
    awaitOperation(cluster, "SUCCEEDED");
    assertEquals(java.util.Arrays.asList("DELETED", null),
        row("select status, live_name from node_group where id = " + batchId));
    assertEquals(ResourceState.GONE, aws.nodeGroupState(target, cluster.cloudName(), "batch", owner));

    clusters.addNodeGroup(lead, "zz-ng-eks", cluster.id(), "batch", "m6i.large", 1, 1, 1); // the name is free again
    awaitOperation(cluster, "SUCCEEDED");
    clusters.delete(lead, "zz-ng-eks", cluster.id());
    awaitStatus(cluster, "DELETED");
    assertEquals(1, journal("DeleteNodegroup", cluster.cloudName() + "/default"));
    assertEquals(2, journal("DeleteNodegroup", cluster.cloudName() + "/batch"), "each batch group once");
    assertEquals(List.of("0"), row("select count(*) from node_group where status <> 'DELETED' and cluster_id = "
        + cluster.id()));
    assertEquals(List.of("2", "1", "1", "1", "1"), row("select sum(action = 'cluster.nodegroup.add.finished'),"
        + " sum(action = 'cluster.nodegroup.add.failed'), sum(action = 'cluster.nodegroup.remove.requested'),"
        + " sum(action = 'cluster.nodegroup.remove.finished'), sum(action = 'cluster.scale.finished')"
        + " from audit_event where outcome = 'OK' and org_id = (select id from organization where slug = 'zz-ng-eks')"));
    assertEquals(List.of("4"), row("select count(*) from audit_event where outcome = 'REFUSED' and action in"
        + " ('cluster.nodegroup.add.requested', 'cluster.nodegroup.remove.requested')"
        + " and org_id = (select id from organization where slug = 'zz-ng-eks')"));
  }

  @Test
  void anAksClusterGetsAUserPoolAddedAndRemoved() throws Exception {
    Caller lead = org("zz-ng-aks");
    Cluster cluster = clusters.create(lead, "zz-ng-aks", new ClusterSpec(new ClusterName("aks"), "westeurope", "1.33",
        "Standard_D2s_v5", 2), CloudKind.AZURE);
    awaitStatus(cluster, "ACTIVE");
    assertEquals(List.of("system", "ACTIVE"), row("select name, status from node_group where cluster_id = "
        + cluster.id()));
    RulesBroken broken = assertThrows(RulesBroken.class, () -> clusters.addNodeGroup(lead, "zz-ng-aks", cluster.id(),
        "Batch_pool_1", "m6i.large", 0, 1, 2));
    assertEquals(List.of("nodegroup.name.invalidAzure", "nodegroup.instanceType.invalidAzure"),
        broken.problems().stream().map(DomainException::key).toList());

    clusters.addNodeGroup(lead, "zz-ng-aks", cluster.id(), "batch1", "Standard_D4s_v5", 0, 1, 2);
    awaitOperation(cluster, "SUCCEEDED");
    AzureTarget target = defaultSubscription("zz-ng-aks");
    assertEquals(ResourceState.ACTIVE, azure.poolState(target, cluster.resourceGroupName(), cluster.cloudName(),
        "batch1"));
    assertEquals(List.of("ACTIVE", "ACTIVE"), row("select g.status, c.status from node_group g join cluster c on"
        + " c.id = g.cluster_id where g.name = 'batch1' and c.id = " + cluster.id()));

    clusters.upgrade(lead, "zz-ng-aks", cluster.id(), "1.34"); // the system pool, then the user pool
    awaitOperation(cluster, "SUCCEEDED");
    assertEquals(List.of("1.34", "1.34"), List.of(io.roleport.domain.KubernetesVersions.minor(azure.poolVersion(target,
        cluster.resourceGroupName(), cluster.cloudName(), "system").orElseThrow()),
        io.roleport.domain.KubernetesVersions.minor(azure.poolVersion(target, cluster.resourceGroupName(),
            cluster.cloudName(), "batch1").orElseThrow())), "every pool runs the new version");
    assertEquals(List.of("ACTIVE", "1.34"), row("select status, kubernetes_version from cluster where id = "
        + cluster.id()));

    long poolId = Long.parseLong(row("select id from node_group where name = 'batch1' and cluster_id = "
        + cluster.id()).get(0));
    clusters.removeNodeGroup(lead, "zz-ng-aks", cluster.id(), poolId);
    awaitOperation(cluster, "SUCCEEDED");
    assertEquals(ResourceState.GONE, azure.poolState(target, cluster.resourceGroupName(), cluster.cloudName(),
        "batch1"));
    assertEquals(List.of("DELETED"), row("select status from node_group where id = " + poolId));

    clusters.delete(lead, "zz-ng-aks", cluster.id());
    awaitStatus(cluster, "DELETED");
    assertEquals(List.of("0"), row("select count(*) from node_group where status <> 'DELETED' and cluster_id = "
        + cluster.id()));
  }

  // --- helpers ---

  private Caller org(String slug) throws Exception {
    String group = slug + "-leads";
    tx.begin();
    Organization org = new Organization(new Slug(slug), slug, OrgKind.TEAM, null,
        ExternalId.generate(new java.security.SecureRandom()), Instant.now());
    organizations.add(org);
    organizations.add(new GroupMapping(org, group, OrgRole.ORG_ADMIN));
    tx.commit();
    return new Caller("it-" + slug, "it-" + slug, Set.of(group), false, false);
  }

  private static ClusterSpec spec(String name, String version) {
    return new ClusterSpec(new ClusterName(name), "eu-west-1", version, "m6i.large", 2);
  }

  private CloudTarget defaultAccount(String slug) {
    return new CloudTarget(installation.defaultWorkloadRole(), installation.defaultWorkloadExternalId(), "eu-west-1",
        "it-outside", slug);
  }

  private AzureTarget defaultSubscription(String slug) {
    var d = installation.azureDefault().orElseThrow();
    return new AzureTarget(new AzureCredentials(d.tenantId(), d.subscriptionId(), d.clientId(), d.clientSecret()),
        "westeurope", "it", slug);
  }

  private void awaitStatus(Cluster cluster, String status) {
    Awaitility.await("cluster " + cluster.id() + " becoming " + status).atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> row("select status from cluster where id = " + cluster.id()).equals(List.of(status)));
  }

  private void awaitOperation(Cluster cluster, String status) {
    Awaitility.await("operation of cluster " + cluster.id() + " " + status).atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> row("select status from operation where id = " + latestOperation(cluster))
            .equals(List.of(status)));
  }

  private long latestOperation(Cluster cluster) throws SQLException {
    return Long.parseLong(row("select max(id) from operation where cluster_id = " + cluster.id()).get(0));
  }

  private static void injectFault(String action, int status, String code) throws Exception {
    String endpoint = ConfigProvider.getConfig().getValue("roleport.aws.endpoint", String.class);
    HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(URI.create(endpoint + "/_sim/faults")).POST(HttpRequest.BodyPublishers.ofString(
            "{\"service\":\"eks\",\"action\":\"" + action + "\",\"status\":" + status + ",\"errorCode\":\"" + code
                + "\",\"times\":1}")).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
  }

  private static List<JsonObject> journalEntries(String action, String resource) throws Exception {
    String endpoint = ConfigProvider.getConfig().getValue("roleport.aws.endpoint", String.class);
    String body = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(HttpRequest.newBuilder(URI.create(endpoint + "/_sim/journal")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    return Json.createReader(new StringReader(body)).readArray().stream().map(v -> (JsonObject) v)
        .filter(e -> "eks".equals(e.getString("service")) && action.equals(e.getString("action"))
            && resource.equals(e.getString("resource", "")) && e.getInt("status") == 200
            && DEFAULT_ACCOUNT.equals(e.getString("accountId", "")))
        .toList();
  }

  /** Successful EKS calls of {@code action} on {@code resource} in the default account, from the simulator's journal. */
  private static long journal(String action, String resource) throws Exception {
    return journalEntries(action, resource).size();
  }

  private static Instant firstCall(String action, String resource) throws Exception {
    return Instant.parse(journalEntries(action, resource).get(0).getString("at"));
  }

  private List<String> row(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      if (!rs.next()) {
        return List.of();
      }
      int columns = rs.getMetaData().getColumnCount();
      String[] values = new String[columns];
      for (int i = 0; i < columns; i++) {
        values[i] = rs.getString(i + 1);
      }
      return java.util.Arrays.asList(values);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.createStatement().executeUpdate(sql);
    }
  }
}
