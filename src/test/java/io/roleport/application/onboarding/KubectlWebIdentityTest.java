package io.roleport.application.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.access.IdentityToken;
import io.roleport.application.clusters.CloudProvider;
import io.roleport.application.clusters.CloudTarget;
import io.roleport.application.clusters.Kubeconfig;
import io.roleport.application.clusters.ResourceOwner;
import io.roleport.application.clusters.SessionCredentials;
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
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KubectlAccessTest} in web-identity mode: the onboarding page's web-identity template (deployed with the AWS
 * CLI into a fresh account, the corporate issuer being mock-oauth2-server) creates the identity provider, the
 * automation role and the three access roles; Roleport's adapters create the cluster with a session obtained from a
 * person's ID token (AssumeRoleWithWebIdentity, as the worker does in this mode), its access entries and its nodes.
 * Then people whose only AWS identity in the account comes from their corporate ID token run the real {@code kubectl}
 * with the kubeconfig Roleport gives them: its exec runs the real {@code aws eks get-token}, which assumes the
 * person's access role with their token ({@code AWS_ROLE_ARN} from the kubeconfig, {@code AWS_WEB_IDENTITY_TOKEN_FILE}
 * from their environment). Same STS plumbing as {@link KubectlAccessTest}.
 */
class KubectlWebIdentityTest {
  private static final String PRINCIPAL = "arn:aws:iam::111111111111:user/roleport";
  private static final String ACME = "444444444444";
  /** The account's administrator, who deploys the template (the people below have no keys in the account). */
  private static final String[] ACME_ADMIN = {"AKIAACMEADMINLOCAL01", "acme-admin-local-secret-not-for-production"};
  private static final ExternalId EXTERNAL_ID = new ExternalId("rp-0d0e0a0d0b0e0e0f0d0e0a0d0b0e0e0f");
  private static final RoleArn AUTOMATION = new RoleArn("arn:aws:iam::" + ACME + ":role/RoleportAutomation");
  private static final String CLUSTER = "rp-7_web";
  private static final String CLIENT_ID = "roleport";

  @TempDir static Path home;
  private static MockOAuth2Server idp;
  private static CloudSimulator sim;
  private static Kubectl kubectl;
  private static CloudProvider.ClusterEndpoint endpoint;

  @BeforeAll
  static void aClusterCreatedAsThePersonInAnAccountSetUpFromThePage() throws Exception {
    idp = new MockOAuth2Server();
    idp.start();
    String issuer = idp.issuerUrl("roleport").toString();
    sim = CloudSimulator.start(0, Path.of("config/simulator-seed.json"));
    kubectl = new Kubectl(home, sim.endpoint());
    sim.setTransitionDelay(Duration.ofMillis(100));
    AwsCli cli = new AwsCli(sim.endpoint(), home.resolve("admin"));
    String template = TrustPolicy.webIdentityCloudFormation(issuer, CLIENT_ID, PRINCIPAL, EXTERNAL_ID,
        AwsOnboardingService.AUTOMATION_ROLE, AwsOnboardingService.SUPPORT_ROLE);
    assertEquals("CREATE_COMPLETE", cli.deployStack(ACME_ADMIN[0], ACME_ADMIN[1], "roleport", template)
        .path("StackStatus").asText());

    AwsClients clients = SimulatedAwsClients.clients(sim.endpoint());
    CloudProvider aws = SimulatedAwsClients.provider(clients);
    Instant now = Instant.now();
    SessionCredentials session = SimulatedAwsClients.webIdentitySessions(clients).assume(AUTOMATION,
        new IdentityToken(token("gus"), now, now.plusSeconds(3600)), "gus");
    CloudTarget target = new CloudTarget(AUTOMATION, EXTERNAL_ID, "eu-west-1", "gus", "hooli", session);
    ResourceOwner owner = new ResourceOwner("rp-cluster-7", "hooli", 7);
    endpoint = WorkerBuiltCluster.build(aws, target, owner, CLUSTER, ACME, "gus");
    assertEquals(0, sim.journal().entries().stream().filter(e -> e.status() == 403).count(),
        "nothing the worker did was refused: " + sim.journal().entries());
    assertTrue(sim.journal().entries().stream().anyMatch(e -> e.action().equals("CreateCluster")
        && e.principalArn().contains("assumed-role/RoleportAutomation/")), "the cluster was created as the person");
  }

  @AfterAll
  static void stop() {
    sim.close();
    idp.shutdown();
  }

  /** A person's corporate ID token for Roleport (audience = Roleport's client id), valid one hour. */
  private static String token(String subject) {
    return token(subject, CLIENT_ID);
  }

  private static String token(String subject, String audience) {
    return idp.issueToken("roleport", subject, audience, Map.of(), 3600).serialize();
  }

  /** The kubeconfig Roleport gives a person with these Roleport roles in a web-identity organization. */
  private static String kubeconfig(Set<OrgRole> roles) {
    Optional<String> role = AccessRole.of(roles).map(r -> r.roleArnIn(ACME));
    return Kubeconfig.awsWebIdentity(CLUSTER, endpoint.url(), endpoint.certificateAuthority(), "eu-west-1", role);
  }

  @Test
  void anOrgAdminSeesTheNodesWithTheirOwnSignIn() throws Exception {
    String config = kubeconfig(Set.of(OrgRole.ORG_ADMIN, OrgRole.VIEWER));
    assertTrue(config.contains("value: \"arn:aws:iam::" + ACME + ":role/RoleportEksAdmin\""), config);
    assertTrue(!config.contains("--role-arn"), config);

    Kubectl.Run nodes = kubectl(config, Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile(token("gus"))), "get", "nodes");
    assertEquals(0, nodes.exit(), nodes.err());
    assertEquals(3, nodes.out().strip().split("\n").length, nodes.out()); // a header and the node group's two nodes
    assertTrue(nodes.out().contains("Ready"), nodes.out());
    Kubectl.assertAnswer("yes", kubectl(config, Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile(token("gus"))),
        "auth", "can-i", "create", "clusterrolebindings"));
    assertTrue(sim.journal().entries().stream().anyMatch(e -> e.action().equals("AssumeRoleWithWebIdentity")
        && e.status() == 200 && e.resource().contains("RoleportEksAdmin")), "the CLI used the person's token");
  }

  @Test
  void aViewerMayNotCreateDeploymentsNorListNodes() throws Exception {
    String config = kubeconfig(Set.of(OrgRole.VIEWER));
    Map<String, String> env = Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile(token("dana")));

    Kubectl.Run create = kubectl(config, env, "auth", "can-i", "create", "deployments");
    assertEquals("no", create.out().strip(), create.err());
    assertEquals(1, create.exit());
    Kubectl.assertAnswer("yes", kubectl(config, env, "auth", "can-i", "list", "pods"));
    Kubectl.Run nodes = kubectl(config, env, "get", "nodes");
    assertNotEquals(0, nodes.exit());
    assertTrue(nodes.err().contains("nodes is forbidden: User \"arn:aws:sts::" + ACME
        + ":assumed-role/RoleportEksView/roleport-kubectl\" cannot list resource \"nodes\""), nodes.err());
  }

  @Test
  void aMemberCreatesDeploymentsButNotRoleBindings() throws Exception {
    String config = kubeconfig(Set.of(OrgRole.MEMBER));
    Map<String, String> env = Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile(token("erin")));

    Kubectl.assertAnswer("yes", kubectl(config, env, "auth", "can-i", "create", "deployments"));
    Kubectl.assertAnswer("no", kubectl(config, env, "auth", "can-i", "create", "rolebindings"));
  }

  @Test
  void aTokenForAnotherApplicationGetsNoAccessRole() throws Exception {
    Kubectl.Run run = kubectl(kubeconfig(Set.of(OrgRole.VIEWER)),
        Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile(token("dana", "another-app"))), "get", "pods");
    assertNotEquals(0, run.exit());
    assertTrue(run.err().contains("AssumeRoleWithWebIdentity"), run.err());
    assertTrue(run.err().contains("InvalidIdentityToken") || run.err().contains("AccessDenied"), run.err());
  }

  @Test
  void withoutARoleportRoleTheKubeconfigNamesNoRoleAndGetsNoCredentials() throws Exception {
    String config = kubeconfig(Set.of(OrgRole.THIRD_PARTY));
    assertTrue(!config.contains("AWS_ROLE_ARN") && !config.contains("--role-arn"), config);

    Kubectl.Run run = kubectl(config, Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile(token("trent"))), "get", "pods");
    assertNotEquals(0, run.exit());
    assertTrue(run.err().contains("getting credentials: exec: executable aws failed"), run.err()); // "no role ARN configured"
  }

  /**
   * Why the access roles trust the identity provider in this mode: the only role a person's token gives them
   * otherwise is the automation role, which may not assume anything, so the role-mode kubeconfig
   * ({@code --role-arn}) is refused by STS.
   */
  @Test
  void theAutomationRoleSessionOfAPersonCannotAssumeAnAccessRole() throws Exception {
    String roleMode = Kubeconfig.aws(CLUSTER, endpoint.url(), endpoint.certificateAuthority(), "eu-west-1",
        Optional.of(AccessRole.VIEW.roleArnIn(ACME)));
    Kubectl.Run run = kubectl(roleMode, Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile(token("dana")),
        "AWS_ROLE_ARN", AUTOMATION.value(), "AWS_ROLE_SESSION_NAME", "dana"), "get", "pods");
    assertNotEquals(0, run.exit());
    assertTrue(run.err().contains("AccessDenied") && run.err().contains("AssumeRole"), run.err());
  }

  private static Kubectl.Run kubectl(String kubeconfig, Map<String, String> personEnv, String... args)
      throws Exception {
    return kubectl.run(kubeconfig, personEnv, args);
  }

  private static String tokenFile(String jwt) throws Exception {
    return kubectl.tokenFile(jwt);
  }
}
