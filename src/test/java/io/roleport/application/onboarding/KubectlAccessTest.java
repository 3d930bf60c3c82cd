package io.roleport.application.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.clusters.CloudProvider;
import io.roleport.application.clusters.CloudTarget;
import io.roleport.application.clusters.Kubeconfig;
import io.roleport.application.clusters.ResourceOwner;
import io.roleport.application.onboarding.AwsPermissions.AccessRole;
import io.roleport.domain.ExternalId;
import io.roleport.domain.OrgRole;
import io.roleport.domain.RoleArn;
import io.roleport.infrastructure.cloud.aws.AwsClients;
import io.roleport.infrastructure.cloud.aws.SimulatedAwsClients;
import io.roleport.sim.AwsCli;
import io.roleport.sim.CloudSimulator;
import io.roleport.testenv.Kubectl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The customer's path inside a cluster, with real clients: the onboarding page's CloudFormation template (deployed
 * with the AWS CLI) creates the account's three access roles; Roleport's worker creates the cluster (authentication
 * mode API), its access entries and its nodes; then the kubeconfig Roleport hands a person is used by a real
 * {@code kubectl}, whose exec runs the real {@code aws eks get-token --role-arn} with the person's own AWS identity.
 * The simulated cluster API verifies the presigned STS token as EKS does and authorizes by the access policies.
 *
 * <p>Test plumbing only: the AWS CLI 2.9 cannot be pointed at another STS endpoint by configuration, so
 * {@code AWS_DATA_PATH} holds an STS endpoint rule set naming the simulator (the token's URL then names the
 * simulator's STS, which its cluster API accepts besides AWS's own STS hosts).
 */
class KubectlAccessTest {
  private static final String PRINCIPAL = "arn:aws:iam::111111111111:user/roleport";
  private static final String ACME = "444444444444";
  /** The person's own AWS identity in the organization's account (its administrator here). */
  private static final String[] ACME_PERSON = {"AKIAACMEADMINLOCAL01", "acme-admin-local-secret-not-for-production"};
  /** Someone outside the organization: Roleport's own installation principal, in another account. */
  private static final String[] OUTSIDER = {"AKIAROLEPORTLOCAL001", "roleport-local-secret-not-for-production"};
  private static final ExternalId EXTERNAL_ID = new ExternalId("rp-0d0e0a0d0b0e0e0f0d0e0a0d0b0e0e0f");
  private static final RoleArn AUTOMATION = new RoleArn("arn:aws:iam::" + ACME + ":role/RoleportAutomation");
  private static final String CLUSTER = "rp-9_shop";

  @TempDir static Path home;
  private static CloudSimulator sim;
  private static Kubectl kubectl;
  private static CloudProvider.ClusterEndpoint endpoint;

  @BeforeAll
  static void aClusterCreatedByTheWorkerInAnAccountSetUpFromThePage() throws Exception {
    sim = CloudSimulator.start(0, Path.of("config/simulator-seed.json"));
    kubectl = new Kubectl(home, sim.endpoint());
    sim.setTransitionDelay(Duration.ofMillis(100));
    AwsCli cli = new AwsCli(sim.endpoint(), home.resolve("admin"));
    String template = TrustPolicy.cloudFormation(PRINCIPAL, EXTERNAL_ID, AwsOnboardingService.AUTOMATION_ROLE,
        AwsOnboardingService.SUPPORT_ROLE);
    assertEquals("CREATE_COMPLETE", cli.deployStack(ACME_PERSON[0], ACME_PERSON[1], "roleport", template)
        .path("StackStatus").asText());

    AwsClients clients = SimulatedAwsClients.clients(sim.endpoint());
    CloudProvider aws = SimulatedAwsClients.provider(clients);
    CloudTarget target = new CloudTarget(AUTOMATION, EXTERNAL_ID, "eu-west-1", "alice", "acme");
    ResourceOwner owner = new ResourceOwner("rp-cluster-9", "acme", 9);
    endpoint = WorkerBuiltCluster.build(aws, target, owner, CLUSTER, ACME, "alice");
    assertEquals(0, sim.journal().entries().stream().filter(e -> e.status() == 403).count(),
        "nothing the worker did was refused: " + sim.journal().entries());
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static String kubeconfig(Set<OrgRole> roles) {
    Optional<String> role = AccessRole.of(roles).map(r -> r.roleArnIn(ACME));
    return Kubeconfig.aws(CLUSTER, endpoint.url(), endpoint.certificateAuthority(), "eu-west-1", role);
  }

  @Test
  void anOrgAdminSeesTheNodesAndTheServerVersion() throws Exception {
    String config = kubeconfig(Set.of(OrgRole.ORG_ADMIN, OrgRole.VIEWER));
    assertTrue(config.contains("\"--role-arn\", \"arn:aws:iam::" + ACME + ":role/RoleportEksAdmin\""), config);

    Kubectl.Run nodes = kubectl(config, ACME_PERSON, "get", "nodes");
    assertEquals(0, nodes.exit(), nodes.err());
    assertEquals(3, nodes.out().strip().split("\n").length, nodes.out()); // a header and the node group's two nodes
    assertTrue(nodes.out().contains("ip-10-0-1-10.eu-west-1.compute.internal"), nodes.out());
    assertTrue(nodes.out().contains("Ready"), nodes.out());

    Kubectl.Run version = kubectl(config, ACME_PERSON, "version");
    assertEquals(0, version.exit(), version.err());
    assertTrue(version.out().contains("v1.33.0-eks-simulated"), version.out());
    Kubectl.assertAnswer("yes", kubectl(config, ACME_PERSON, "auth", "can-i", "create", "clusterrolebindings"));
  }

  @Test
  void aViewerReadsButMayNotCreateDeploymentsNorListNodes() throws Exception {
    String config = kubeconfig(Set.of(OrgRole.VIEWER));

    Kubectl.Run create = kubectl(config, ACME_PERSON, "auth", "can-i", "create", "deployments");
    assertEquals("no", create.out().strip(), create.err());
    assertEquals(1, create.exit());
    Kubectl.assertAnswer("yes", kubectl(config, ACME_PERSON, "auth", "can-i", "list", "pods"));
    Kubectl.assertAnswer("no", kubectl(config, ACME_PERSON, "auth", "can-i", "get", "secrets"));
    Kubectl.Run pods = kubectl(config, ACME_PERSON, "get", "pods");
    assertEquals(0, pods.exit(), pods.err());
    assertTrue(pods.err().contains("No resources found in default namespace"), pods.err());
    Kubectl.Run nodes = kubectl(config, ACME_PERSON, "get", "nodes");
    assertNotEquals(0, nodes.exit());
    assertTrue(nodes.err().contains("nodes is forbidden: User \"arn:aws:sts::" + ACME
        + ":assumed-role/RoleportEksView/EKSGetTokenAuth\" cannot list resource \"nodes\""), nodes.err());
  }

  @Test
  void aMemberEditsWorkloadsButNotAccess() throws Exception {
    String config = kubeconfig(Set.of(OrgRole.MEMBER));

    Kubectl.assertAnswer("yes", kubectl(config, ACME_PERSON, "auth", "can-i", "create", "deployments"));
    Kubectl.assertAnswer("yes", kubectl(config, ACME_PERSON, "auth", "can-i", "delete", "secrets", "-n", "shop"));
    Kubectl.assertAnswer("no", kubectl(config, ACME_PERSON, "auth", "can-i", "create", "rolebindings"));
  }

  @Test
  void withoutAnAccessEntryOrOutsideTheAccountNothingIsServed() throws Exception {
    // The person's own identity, no access role (a third party's kubeconfig): no access entry, 401 as on EKS
    // (kubectl 1.20 words it "(Unauthorized)", newer ones "(the server has asked for the client to provide credentials)").
    Kubectl.Run own = kubectl(kubeconfig(Set.of(OrgRole.THIRD_PARTY)), ACME_PERSON, "get", "nodes");
    assertNotEquals(0, own.exit());
    assertTrue(own.err().contains("error: You must be logged in to the server"), own.err());

    // Someone of another account with an org-admin's kubeconfig: the access role does not trust them.
    Kubectl.Run outsider = kubectl(kubeconfig(Set.of(OrgRole.ORG_ADMIN)), OUTSIDER, "get", "nodes");
    assertNotEquals(0, outsider.exit());
    assertTrue(outsider.err().contains("AccessDenied"), outsider.err());
  }

  private static Kubectl.Run kubectl(String kubeconfig, String[] key, String... args) throws Exception {
    return kubectl.run(kubeconfig, Kubectl.keys(key), args);
  }
}
