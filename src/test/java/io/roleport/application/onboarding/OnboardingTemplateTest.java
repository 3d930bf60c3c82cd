package io.roleport.application.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roleport.application.clusters.CloudProvider;
import io.roleport.application.clusters.CloudTarget;
import io.roleport.application.clusters.ResourceOwner;
import io.roleport.application.clusters.ResourceState;
import io.roleport.domain.ExternalId;
import io.roleport.domain.RoleArn;
import io.roleport.infrastructure.cloud.aws.AwsClients;
import io.roleport.infrastructure.cloud.aws.SimulatedAwsClients;
import io.roleport.sim.AwsCli;
import io.roleport.sim.CloudSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The customer's path in a fresh account, with real clients: the AWS CLI deploys the CloudFormation template exactly
 * as the onboarding page shows it into the simulator (whose every call is authorized by IAM policies), Roleport's
 * validation proves with {@code iam:SimulatePrincipalPolicy} that the automation role may make every call the worker
 * makes, and the worker's real calls then create and delete a network, a cluster and its node group. A template with
 * one action removed fails validation, naming that action.
 */
class OnboardingTemplateTest {
  private static final String PRINCIPAL = "arn:aws:iam::111111111111:user/roleport";
  private static final String ACME = "444444444444";
  private static final String[] ACME_ADMIN = {"AKIAACMEADMINLOCAL01", "acme-admin-local-secret-not-for-production"};
  private static final ExternalId EXTERNAL_ID = new ExternalId("rp-0d0e0a0d0b0e0e0f0d0e0a0d0b0e0e0f");
  private static final RoleArn AUTOMATION = new RoleArn("arn:aws:iam::" + ACME + ":role/RoleportAutomation");

  @TempDir Path home;
  private CloudSimulator sim;
  private AwsCli cli;
  private AwsClients clients;

  @BeforeEach
  void freshAccount() throws Exception {
    sim = CloudSimulator.start(0, Path.of("config/simulator-seed.json"));
    sim.setTransitionDelay(Duration.ofMillis(100));
    cli = new AwsCli(sim.endpoint(), home);
    clients = SimulatedAwsClients.clients(sim.endpoint());
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private String pageTemplate() {
    return TrustPolicy.cloudFormation(PRINCIPAL, EXTERNAL_ID, AwsOnboardingService.AUTOMATION_ROLE,
        AwsOnboardingService.SUPPORT_ROLE);
  }

  private AwsPermissionProbe.PermissionResult validate() {
    return SimulatedAwsClients.permissionProbe(clients).check(AUTOMATION, EXTERNAL_ID, null, "alice", "acme",
        "eu-west-1");
  }

  @Test
  void thePageTemplateDeployedAsItIsPassesValidationAndTheWorkerCreatesAndDeletesACluster() throws Exception {
    JsonNode stack = cli.deployStack(ACME_ADMIN[0], ACME_ADMIN[1], "roleport", pageTemplate());
    assertEquals("CREATE_COMPLETE", stack.path("StackStatus").asText(), stack.toString());

    AwsPermissionProbe.PermissionResult result = validate();
    List<ValidationReport.Check> checks = new ArrayList<>();
    AwsOnboardingService.permissionChecks(result, AUTOMATION, checks);

    assertTrue(result.answered(), result.errorCode() + " " + result.errorMessage());
    assertEquals(List.of(), result.denied());
    assertEquals(List.of(), result.roles());
    assertEquals(AwsPermissions.requiredActions("eu-west-1").size(), result.simulated());
    assertTrue(checks.stream().allMatch(ValidationReport.Check::passed), checks.toString());

    // What validation proved, the worker does: every step with the automation role, as Roleport runs it.
    CloudProvider aws = SimulatedAwsClients.provider(clients);
    CloudTarget target = new CloudTarget(AUTOMATION, EXTERNAL_ID, "eu-west-1", "alice", "acme");
    ResourceOwner owner = new ResourceOwner("rp-cluster-7", "acme", 7);
    var network = aws.ensureNetwork(target, owner, owner.awsTags("alice"));
    aws.ensureCluster(target, new CloudProvider.ClusterRequest("rp-7_web", "1.33", network.subnetIds(), "token-7",
        owner.awsTags("alice"), owner));
    await(() -> aws.clusterState(target, "rp-7_web", owner), ResourceState.ACTIVE);
    aws.ensureNodeGroup(target, new CloudProvider.NodeGroupRequest("rp-7_web", "default", "t3.medium", 2,
        network.subnetIds(), "token-7-ng", owner.awsTags("alice"), owner));
    await(() -> aws.nodeGroupState(target, "rp-7_web", "default", owner), ResourceState.ACTIVE);
    aws.deleteNodeGroup(target, "rp-7_web", "default", owner);
    await(() -> aws.nodeGroupState(target, "rp-7_web", "default", owner), ResourceState.GONE);
    aws.deleteCluster(target, "rp-7_web", owner);
    await(() -> aws.clusterState(target, "rp-7_web", owner), ResourceState.GONE);
    await(() -> aws.deleteNetwork(target, owner), ResourceState.GONE);

    assertEquals(0, sim.journal().entries().stream().filter(e -> e.status() == 403).count(),
        "nothing the worker did was refused: " + sim.journal().entries());
    for (String call : List.of("CreateVpc", "CreateSubnet", "CreateInternetGateway", "AttachInternetGateway",
        "AllocateAddress", "CreateNatGateway", "CreateRouteTable", "CreateRoute", "AssociateRouteTable",
        "DeleteNatGateway", "ReleaseAddress", "DetachInternetGateway", "DeleteInternetGateway",
        "DisassociateRouteTable", "DeleteRouteTable", "DeleteSubnet", "DeleteVpc")) {
      assertTrue(sim.journal().count("ec2", call, ACME) > 0, call + " was called");
    }
    var ec2 = software.amazon.awssdk.services.ec2.Ec2Client.builder().endpointOverride(sim.endpoint())
        .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACME_ADMIN[0], ACME_ADMIN[1])))
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
    try (ec2) {
      assertEquals(List.of(), ec2.describeVpcs().vpcs(), "the VPC is gone");
      assertEquals(List.of(), ec2.describeInternetGateways().internetGateways(), "the internet gateway is gone");
      assertEquals(List.of(), ec2.describeAddresses().addresses(), "the Elastic IP is released");
      assertEquals(List.of(), ec2.describeRouteTables().routeTables(), "the route tables are gone");
      assertTrue(ec2.describeNatGateways().natGateways().stream().allMatch(n -> n.stateAsString().equals("deleted")));
    }
  }

  @Test
  void aTemplateMissingOneActionFailsValidationNamingIt() throws Exception {
    assertMissingActionIsNamed("[\"ec2:DeleteSubnet\", \"ec2:DeleteVpc\", ", "[\"ec2:DeleteSubnet\", ", "ec2:DeleteVpc",
        "ec2:DeleteVpc (to remove the network with the cluster");
  }

  /** Issue #12: each networking action Roleport added is proven by validation too (here the NAT gateway's). */
  @Test
  void aTemplateMissingANetworkingActionFailsValidationNamingIt() throws Exception {
    assertMissingActionIsNamed("[\"ec2:DeleteSubnet\", \"ec2:DeleteVpc\", \"ec2:DeleteInternetGateway\", "
        + "\"ec2:ReleaseAddress\", \"ec2:DeleteNatGateway\", ", "[\"ec2:DeleteSubnet\", \"ec2:DeleteVpc\", "
        + "\"ec2:DeleteInternetGateway\", \"ec2:ReleaseAddress\", ", "ec2:DeleteNatGateway",
        "ec2:DeleteNatGateway (to remove the NAT gateway with the cluster");
  }

  private void assertMissingActionIsNamed(String grant, String without, String action, String explained)
      throws Exception {
    String template = pageTemplate();
    String withoutOne = template.replace(grant, without);
    assertFalse(withoutOne.equals(template), "the template grants " + action + " in one statement");
    cli.deployStack(ACME_ADMIN[0], ACME_ADMIN[1], "roleport", withoutOne);

    AwsPermissionProbe.PermissionResult result = validate();
    List<ValidationReport.Check> checks = new ArrayList<>();
    AwsOnboardingService.permissionChecks(result, AUTOMATION, checks);

    assertEquals(List.of(action), result.denied().stream().map(AwsPermissionProbe.Denied::action).toList());
    ValidationReport.Check permissions = checks.get(0);
    assertFalse(permissions.passed());
    assertEquals("check.permissions.missing", permissions.detailKey());
    assertTrue(permissions.args().get(1).startsWith(explained), permissions.args().toString());
  }

  @Test
  void withoutTheEksRolesValidationSaysWhichAreMissingAndEksRefusesTheCluster() throws Exception {
    String template = pageTemplate();
    String withoutNodeRole = template.substring(0, template.indexOf("  EksNodeRole:"))
        + template.substring(template.indexOf("  EksAccessViewRole:")).replace("  EksNodeRoleArn: { Value: !GetAtt EksNodeRole.Arn }\n", "");
    cli.deployStack(ACME_ADMIN[0], ACME_ADMIN[1], "roleport", withoutNodeRole);

    AwsPermissionProbe.PermissionResult result = validate();

    assertEquals(List.of(), result.denied());
    assertEquals(List.of(new AwsPermissionProbe.RoleProblem("arn:aws:iam::" + ACME + ":role/RoleportEksNodeRole",
        "ec2.amazonaws.com", false, false, List.of(), AwsPermissions.NODE_ROLE_POLICIES)), result.roles());
  }

  @Test
  void withoutTheAccessRolesValidationNamesThem() throws Exception {
    String template = pageTemplate();
    String withoutAccessRoles = template.substring(0, template.indexOf("  EksAccessViewRole:"))
        + template.substring(template.indexOf("Outputs:"));
    cli.deployStack(ACME_ADMIN[0], ACME_ADMIN[1], "roleport", withoutAccessRoles);

    AwsPermissionProbe.PermissionResult result = validate();
    List<ValidationReport.Check> checks = new ArrayList<>();
    AwsOnboardingService.permissionChecks(result, AUTOMATION, checks);

    assertEquals(List.of(), result.denied());
    assertEquals(List.of("RoleportEksAdmin", "RoleportEksEdit", "RoleportEksView"), result.roles().stream()
        .map(r -> r.roleArn().substring(r.roleArn().lastIndexOf('/') + 1)).toList());
    assertTrue(result.roles().stream().noneMatch(AwsPermissionProbe.RoleProblem::exists));
    assertEquals("check.eksRoles.missing", checks.get(1).detailKey());
    assertTrue(checks.get(1).args().get(0).contains("arn:aws:iam::" + ACME + ":role/RoleportEksView does not exist"),
        checks.get(1).args().toString());
  }

  @Test
  void aNodeRoleWithoutTheCniPolicyFailsValidationNamingWhatItMayNotDo() throws Exception {
    String template = pageTemplate();
    String withoutCni = template.replace("        - arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy\n", "");
    assertFalse(withoutCni.equals(template));
    cli.deployStack(ACME_ADMIN[0], ACME_ADMIN[1], "roleport", withoutCni);

    AwsPermissionProbe.PermissionResult result = validate();
    List<ValidationReport.Check> checks = new ArrayList<>();
    AwsOnboardingService.permissionChecks(result, AUTOMATION, checks);

    AwsPermissionProbe.RoleProblem node = result.roles().get(0);
    assertTrue(node.exists() && node.trusted(), node.toString());
    assertTrue(node.missingActions().contains("ec2:AssignPrivateIpAddresses"), node.toString());
    assertFalse(node.missingActions().contains("ec2:DescribeInstances"), "the worker node policy grants it");
    assertEquals("check.eksRoles.missing", checks.get(1).detailKey());
    assertTrue(checks.get(1).args().get(0).contains("may not call ec2:AssignPrivateIpAddresses"), checks.get(1).args().toString());

    // What validation refused, EKS refuses too.
    CloudProvider aws = SimulatedAwsClients.provider(clients);
    CloudTarget target = new CloudTarget(AUTOMATION, EXTERNAL_ID, "eu-west-1", "alice", "acme");
    ResourceOwner owner = new ResourceOwner("rp-cluster-8", "acme", 8);
    var network = aws.ensureNetwork(target, owner, owner.awsTags("alice"));
    aws.ensureCluster(target, new CloudProvider.ClusterRequest("rp-8_web", "1.33", network.subnetIds(), "token-8",
        owner.awsTags("alice"), owner));
    await(() -> aws.clusterState(target, "rp-8_web", owner), ResourceState.ACTIVE);
    var refused = org.junit.jupiter.api.Assertions.assertThrows(io.roleport.application.clusters.CloudException.class,
        () -> aws.ensureNodeGroup(target, new CloudProvider.NodeGroupRequest("rp-8_web", "default", "t3.medium", 2,
            network.subnetIds(), "token-8-ng", owner.awsTags("alice"), owner)));
    assertEquals("InvalidParameterException", refused.code());
  }

  @Test
  void theWebIdentityTemplateGrantsTheSamePermissions() throws Exception {
    String template = TrustPolicy.webIdentityCloudFormation("http://127.0.0.1:9400/roleport", "roleport", PRINCIPAL,
        EXTERNAL_ID, AwsOnboardingService.AUTOMATION_ROLE, AwsOnboardingService.SUPPORT_ROLE);
    JsonNode stack = cli.deployStack(ACME_ADMIN[0], ACME_ADMIN[1], "roleport", template);
    assertEquals("CREATE_COMPLETE", stack.path("StackStatus").asText(), stack.toString());

    // Nobody can assume the web-identity role here without a person's token: the customer's admin simulates it.
    var admin = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACME_ADMIN[0], ACME_ADMIN[1]));
    AwsPermissionProbe.PermissionResult result = SimulatedAwsClients.permissionProbe(clients)
        .simulate(admin, AUTOMATION, "eu-west-1");

    assertTrue(result.answered(), result.errorCode() + " " + result.errorMessage());
    assertEquals(List.of(), result.denied());
    assertEquals(List.of(), result.roles());
  }

  @Test
  void thePermissionsJsonOnThePageIsTheTemplatesPolicy() throws Exception {
    cli.deployStack(ACME_ADMIN[0], ACME_ADMIN[1], "roleport", pageTemplate());

    JsonNode deployed = cli.run(ACME_ADMIN[0], ACME_ADMIN[1], "iam", "get-role-policy", "--role-name",
        "RoleportAutomation", "--policy-name", "RoleportAutomation").json().path("PolicyDocument");
    JsonNode page = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        AwsPermissions.automationPolicyJson(ACME));

    assertEquals(page, deployed);
  }

  private static void await(Supplier<ResourceState> state, ResourceState wanted) {
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(state::get, s -> s == wanted);
  }
}
