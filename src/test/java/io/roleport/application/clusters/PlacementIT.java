package io.roleport.application.clusters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.InstallationProfile;
import io.roleport.application.access.Caller;
import io.roleport.application.onboarding.AwsOnboardingService;
import io.roleport.domain.Cluster;
import io.roleport.domain.ClusterName;
import io.roleport.domain.ClusterSpec;
import io.roleport.domain.ExistingNetwork;
import io.roleport.domain.ExternalId;
import io.roleport.domain.GroupMapping;
import io.roleport.domain.OrgKind;
import io.roleport.domain.OrgRole;
import io.roleport.domain.Organization;
import io.roleport.domain.OrganizationRepository;
import io.roleport.domain.PlacementKind;
import io.roleport.domain.RoleArn;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Issue #12, placement per cluster: a cluster created in the installation's default account keeps running as the role
 * recorded for it, even after the installation's default role changes ({@link SwitchableDefaultRole}) and after its
 * organization binds an account of its own. Proven by the simulator's journal: the delete's calls are made by the
 * recorded role in the recorded account, none by the new default or the organization's own account. And the
 * existing-VPC option: an organization's own network is checked in its account, used as it is, never deleted.
 */
@ExtendWith(ArquillianExtension.class)
class PlacementIT {
  private static final String SLUG = "zz-placement";
  /** Simulator account 121212121212 ("placement") trusts Roleport with this ExternalId (config/simulator-seed.json). */
  private static final String OWN_ACCOUNT = "121212121212";
  private static final String OWN_EXTERNAL_ID = "rp-12121212121212121212121212121212";
  /** The new default: globex's automation role, in another account than the configured default. */
  private static final RoleArn NEW_DEFAULT = new RoleArn("arn:aws:iam::333333333333:role/RoleportAutomation");
  private static final ExternalId NEW_DEFAULT_EXTERNAL_ID = new ExternalId("rp-9f1c2e7a4b3d5f60718293a4b5c6d7e8");
  /** Simulator account 131313131313 ("byo-network"), whose admin builds the organization's own VPC. */
  private static final String BYO_SLUG = "zz-byo-vpc";
  private static final String BYO_ACCOUNT = "131313131313";
  private static final String BYO_EXTERNAL_ID = "rp-13131313131313131313131313131313";

  @Deployment
  static WebArchive war() {
    return Deployments.inContainer(PlacementIT.class, SwitchableDefaultRole.class);
  }

  @Inject ClusterService clusters;
  @Inject AwsOnboardingService onboarding;
  @Inject OrganizationRepository organizations;
  @Inject InstallationProfile installation;
  @Inject CloudProvider cloud;
  @Inject UserTransaction tx;

  @Resource(lookup = "java:app/jdbc/roleport")
  DataSource dataSource;

  @Test
  void aClusterKeepsItsRecordedRoleWhenTheDefaultRoleChangesAndItsOrganizationBindsItsOwnAccount() throws Exception {
    RoleArn original = installation.defaultWorkloadRole();
    ExternalId originalExternalId = installation.defaultWorkloadExternalId();
    Caller lead = organization();
    Cluster cluster = clusters.create(lead, SLUG, new ClusterSpec(new ClusterName("stays"), "eu-west-1", "1.33",
        "m6i.large", 2));
    awaitStatus(cluster.id(), "ACTIVE");
    assertEquals(List.of(original.value(), originalExternalId.value(), "DEFAULT_ACCOUNT"),
        row("select placement_role_arn, placement_external_id, placement_kind from cluster where id = " + cluster.id()));
    String kubeconfig = clusters.kubeconfig(lead, SLUG, cluster.id());
    SQLException moved = assertThrows(SQLException.class, () -> execute("update cluster set placement_role_arn = '"
        + NEW_DEFAULT.value() + "' where id = " + cluster.id()));
    assertTrue(moved.getMessage().contains("write-once"), moved.getMessage());

    try {
      SwitchableDefaultRole.switchTo(NEW_DEFAULT, NEW_DEFAULT_EXTERNAL_ID);
      assertEquals(NEW_DEFAULT, installation.defaultWorkloadRole(), "the installation's default role changed");
      onboarding.bind(lead, SLUG, role(OWN_ACCOUNT, "RoleportAutomation"), role(OWN_ACCOUNT, "RoleportSupport"));
      assertEquals(PlacementKind.ORG_ACCOUNT, clusters.placement(lead, SLUG).kind(), "new clusters go to its own account");

      assertEquals(kubeconfig, clusters.kubeconfig(lead, SLUG, cluster.id()), "the kubeconfig names the same cluster");
      clusters.delete(lead, SLUG, cluster.id());
      awaitStatus(cluster.id(), "DELETED");
    } finally {
      SwitchableDefaultRole.reset();
    }

    String name = cluster.cloudName();
    List<JsonObject> journal = journal();
    for (String[] call : List.of(new String[] {"DeleteNodegroup", name + "/default"},
        new String[] {"DeleteCluster", name})) {
      assertEquals(1, journal.stream().filter(e -> e.getString("action").equals(call[0])
          && call[1].equals(e.getString("resource", "")) && e.getInt("status") == 200
          && "222222222222".equals(e.getString("accountId", ""))
          && e.getString("principalArn", "").startsWith("arn:aws:sts::222222222222:assumed-role/RoleportWorkload/"))
          .count(), call[0] + " by the recorded role");
    }
    assertTrue(journal.stream().anyMatch(e -> e.getString("action").equals("DeleteVpc") && e.getInt("status") == 200
        && "222222222222".equals(e.getString("accountId", ""))), "the network is deleted in the recorded account");
    assertEquals(List.of(), journal.stream().filter(e -> e.getString("resource", "").startsWith(name)
        && !"222222222222".equals(e.getString("accountId", ""))).toList(),
        "nothing of the cluster was asked of the new default account or the organization's own");
    CloudTarget recorded = new CloudTarget(original, originalExternalId, "eu-west-1", "it-placement", SLUG);
    assertEquals(ResourceState.GONE, cloud.clusterState(recorded, name, ResourceOwner.of(cluster)),
        "the EKS cluster is gone from the account it was in");
  }

  /**
   * The existing-VPC option: the organization's network is read in its account before anything is stored and refused
   * with every problem named; a usable one carries the cluster (nodes ACTIVE in its private subnets) and is left as
   * it was when the cluster is deleted.
   */
  @Test
  void aClusterInTheOrganizationsOwnVpcIsCheckedFirstUsedAsItIsAndNeverDeleted() throws Exception {
    Caller lead = organization(BYO_SLUG, BYO_EXTERNAL_ID);
    onboarding.bind(lead, BYO_SLUG, role(BYO_ACCOUNT, "RoleportAutomation"), role(BYO_ACCOUNT, "RoleportSupport"));
    try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(URI.create(ConfigProvider.getConfig()
        .getValue("roleport.aws.endpoint", String.class))).region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIABYOADMINLOCAL001",
            "byo-admin-local-secret-not-for-production"))).build()) {
      String vpc = ec2.createVpc(r -> r.cidrBlock("10.70.0.0/16")).vpc().vpcId();
      String publicA = subnet(ec2, vpc, "10.70.0.0/24", "eu-west-1a");
      String privateA = subnet(ec2, vpc, "10.70.1.0/24", "eu-west-1a");
      String privateB = subnet(ec2, vpc, "10.70.2.0/24", "eu-west-1b");
      String isolated = subnet(ec2, vpc, "10.70.3.0/24", "eu-west-1c");
      String igw = ec2.createInternetGateway(r -> { }).internetGateway().internetGatewayId();
      ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
      String publicRoutes = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
      ec2.createRoute(r -> r.routeTableId(publicRoutes).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
      ec2.associateRouteTable(r -> r.routeTableId(publicRoutes).subnetId(publicA));
      String eip = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
      String nat = ec2.createNatGateway(r -> r.subnetId(publicA).allocationId(eip)).natGateway().natGatewayId();
      org.awaitility.Awaitility.await("NAT gateway available").atMost(Duration.ofSeconds(60))
          .until(() -> ec2.describeNatGateways(r -> r.natGatewayIds(nat)).natGateways().get(0).stateAsString()
              .equals("available"));
      String privateRoutes = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
      ec2.createRoute(r -> r.routeTableId(privateRoutes).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));
      ec2.associateRouteTable(r -> r.routeTableId(privateRoutes).subnetId(privateA));
      ec2.associateRouteTable(r -> r.routeTableId(privateRoutes).subnetId(privateB));

      io.roleport.domain.DomainException refused = assertThrows(io.roleport.domain.DomainException.class,
          () -> clusters.create(lead, BYO_SLUG, spec("byo-refused"), null, new ExistingNetwork(vpc,
              List.of(privateA, isolated, "subnet-0000000000000000a"))));
      assertEquals("cluster.network.refused", refused.key());
      String why = String.valueOf(refused.args()[0]);
      assertTrue(why.contains("Subnet " + isolated + " has no route to the internet"), why);
      assertTrue(why.contains("Subnet subnet-0000000000000000a does not exist"), why);
      io.roleport.domain.DomainException oneZone = assertThrows(io.roleport.domain.DomainException.class,
          () -> clusters.create(lead, BYO_SLUG, spec("byo-refused"), null, new ExistingNetwork(vpc,
              List.of(privateA, publicA))));
      assertTrue(String.valueOf(oneZone.args()[0]).contains("All the subnets are in eu-west-1a"), oneZone.args()[0]
          .toString());
      assertTrue(String.valueOf(oneZone.args()[0]).contains("Subnet " + publicA + " has no route"),
          "a public subnet without public IPs on launch cannot carry nodes");
      io.roleport.domain.DomainException noVpc = assertThrows(io.roleport.domain.DomainException.class,
          () -> clusters.create(lead, BYO_SLUG, spec("byo-refused"), null, new ExistingNetwork(
              "vpc-0000000000000000a", List.of(privateA, privateB))));
      assertTrue(String.valueOf(noVpc.args()[0]).contains("VPC vpc-0000000000000000a does not exist in account "
          + BYO_ACCOUNT), noVpc.args()[0].toString());
      assertEquals(List.of("0"), row("select count(*) from cluster c join organization o on o.id = c.org_id"
          + " where o.slug = '" + BYO_SLUG + "'"), "a refused network stores nothing");

      Cluster cluster = clusters.create(lead, BYO_SLUG, spec("byo"), null, new ExistingNetwork(vpc,
          List.of(privateA, privateB)));
      awaitStatus(cluster.id(), "ACTIVE");
      assertEquals(List.of(vpc, privateA + "," + privateB, "ORG_ACCOUNT"), row("select existing_vpc_id,"
          + " existing_subnet_ids, placement_kind from cluster where id = " + cluster.id()));
      clusters.delete(lead, BYO_SLUG, cluster.id());
      awaitStatus(cluster.id(), "DELETED");

      assertEquals(1, ec2.describeVpcs(r -> r.vpcIds(vpc)).vpcs().size(), "the VPC is left as it was");
      assertEquals(4, ec2.describeSubnets(r -> r.filters(f -> f.name("vpc-id").values(vpc))).subnets().size());
      assertEquals("available", ec2.describeNatGateways(r -> r.natGatewayIds(nat)).natGateways().get(0)
          .stateAsString());
      List<JsonObject> journal = journal();
      for (String action : List.of("CreateVpc", "CreateSubnet", "DeleteVpc", "DeleteSubnet", "DeleteNatGateway",
          "DeleteRouteTable", "DeleteInternetGateway")) {
        assertEquals(0, journal.stream().filter(e -> action.equals(e.getString("action"))
            && BYO_ACCOUNT.equals(e.getString("accountId", ""))
            && e.getString("principalArn", "").contains(":assumed-role/RoleportAutomation/")).count(),
            action + " by Roleport in the organization's account");
      }
    }
  }

  private static String subnet(Ec2Client ec2, String vpc, String cidr, String zone) {
    return ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(cidr).availabilityZone(zone)).subnet().subnetId();
  }

  private static ClusterSpec spec(String name) {
    return new ClusterSpec(new ClusterName(name), "eu-west-1", "1.33", "m6i.large", 2);
  }

  private Caller organization() throws Exception {
    return organization(SLUG, OWN_EXTERNAL_ID);
  }

  private Caller organization(String slug, String externalId) throws Exception {
    String group = slug + "-leads";
    tx.begin();
    Organization org = new Organization(new Slug(slug), slug, OrgKind.TEAM, null, new ExternalId(externalId),
        Instant.now());
    organizations.add(org);
    organizations.add(new GroupMapping(org, group, OrgRole.ORG_ADMIN));
    tx.commit();
    return new Caller("it-" + slug, "it-" + slug, Set.of(group), false, false);
  }

  private static String role(String account, String name) {
    return "arn:aws:iam::" + account + ":role/" + name;
  }

  private void awaitStatus(long clusterId, String status) {
    org.awaitility.Awaitility.await("cluster " + clusterId + " becoming " + status)
        .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
        .until(() -> row("select status from cluster where id = " + clusterId).equals(List.of(status)));
  }

  private static List<JsonObject> journal() throws Exception {
    String endpoint = ConfigProvider.getConfig().getValue("roleport.aws.endpoint", String.class);
    String body = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(HttpRequest.newBuilder(URI.create(endpoint + "/_sim/journal")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    return Json.createReader(new StringReader(body)).readArray().stream().map(v -> (JsonObject) v).toList();
  }

  private List<String> row(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      if (rs.next()) {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          values.add(rs.getString(i));
        }
      }
      return values;
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.createStatement().executeUpdate(sql);
    }
  }
}
