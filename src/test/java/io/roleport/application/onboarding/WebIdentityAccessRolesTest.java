package io.roleport.application.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roleport.application.access.IdentityToken;
import io.roleport.application.clusters.WebIdentitySessions;
import io.roleport.application.onboarding.AwsPermissionProbe.RoleProblem;
import io.roleport.domain.ExternalId;
import io.roleport.infrastructure.cloud.aws.SimulatedAwsClients;
import io.roleport.sim.AwsCli;
import io.roleport.sim.CloudSimulator;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Validation's check of a web-identity account's access roles, against the simulator's STS with the onboarding page's
 * web-identity template deployed by the account's administrator (AWS CLI): the roles of the page's template accept
 * the binder's ID token; a role set up as in role mode (trusting only its account, as before the access roles trusted
 * the identity provider) is named with the provider it must trust; a token for another application is refused by all.
 */
class WebIdentityAccessRolesTest {
  private static final String ACME = "444444444444";
  private static final String[] ACME_ADMIN = {"AKIAACMEADMINLOCAL01", "acme-admin-local-secret-not-for-production"};
  private static final String CLIENT_ID = "roleport";

  @TempDir static Path home;
  private static MockOAuth2Server idp;
  private static CloudSimulator sim;
  private static AwsCli cli;
  private static WebIdentitySessions sessions;
  private static String issuer;

  @BeforeAll
  static void anAccountSetUpFromTheWebIdentityTemplate() throws Exception {
    idp = new MockOAuth2Server();
    idp.start();
    issuer = idp.issuerUrl("roleport").toString();
    sim = CloudSimulator.start(0, Path.of("config/simulator-seed.json"));
    cli = new AwsCli(sim.endpoint(), home);
    String template = TrustPolicy.webIdentityCloudFormation(issuer, CLIENT_ID, "arn:aws:iam::111111111111:user/roleport",
        new ExternalId("rp-0d0e0a0d0b0e0e0f0d0e0a0d0b0e0e0f"), AwsOnboardingService.AUTOMATION_ROLE,
        AwsOnboardingService.SUPPORT_ROLE);
    assertEquals("CREATE_COMPLETE", cli.deployStack(ACME_ADMIN[0], ACME_ADMIN[1], "roleport", template)
        .path("StackStatus").asText());
    sessions = SimulatedAwsClients.webIdentitySessions(SimulatedAwsClients.clients(sim.endpoint()));
  }

  @AfterAll
  static void stop() {
    sim.close();
    idp.shutdown();
  }

  private static IdentityToken token(String audience) {
    Instant now = Instant.now();
    return new IdentityToken(idp.issueToken("roleport", "gus", audience, Map.of(), 3600).serialize(), now,
        now.plusSeconds(3600));
  }

  private String provider() {
    return "arn:aws:iam::" + ACME + ":oidc-provider/" + TrustPolicy.hostPath(issuer);
  }

  @Test
  void theTemplatesAccessRolesAcceptThePersonsToken() {
    long before = accepted();
    assertEquals(List.of(), WebIdentityAccessRoles.refusing(sessions, ACME, issuer, token(CLIENT_ID), "gus", Set.of()));
    assertEquals(before + 3, accepted(), "each access role was asked once: " + sim.journal().entries());
  }

  @Test
  void anAccessRoleTrustingOnlyItsAccountIsNamedWithTheProviderItMustTrust() throws Exception {
    String edit = AwsPermissions.AccessRole.EDIT.roleArnIn(ACME);
    String rootOnly = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},\
        "Action":"sts:AssumeRole"}]}""".formatted(ACME);
    String templates = replaceTrust("RoleportEksEdit", rootOnly);
    try {
      List<RoleProblem> problems = WebIdentityAccessRoles.refusing(sessions, ACME, issuer, token(CLIENT_ID), "gus",
          Set.of());
      assertEquals(List.of(new RoleProblem(edit, provider(), true, false, List.of(), List.of())), problems);
      String detail = AwsOnboardingService.text("check.eksRoles.problem", edit,
          AwsOnboardingService.text("check.eksRoles.untrusted", provider()));
      assertTrue(detail.contains("RoleportEksEdit does not trust arn:aws:iam::444444444444:oidc-provider/"), detail);

      assertEquals(List.of(), WebIdentityAccessRoles.refusing(sessions, ACME, issuer, token(CLIENT_ID), "gus",
          Set.of(edit)), "a role reported missing is not asked again");
    } finally { // the template's role again, for the other tests
      replaceTrust("RoleportEksEdit", templates);
    }
  }

  /** The account's administrator gives role {@code name} another trust policy (UpdateAssumeRolePolicy); answers the old one. */
  private static String replaceTrust(String name, String trust) {
    try (IamClient iam = SimulatedAwsClients.clients(sim.endpoint()).iamAs(StaticCredentialsProvider.create(
        AwsBasicCredentials.create(ACME_ADMIN[0], ACME_ADMIN[1])))) {
      String old = URLDecoder.decode(iam.getRole(r -> r.roleName(name)).role().assumeRolePolicyDocument(),
          StandardCharsets.UTF_8);
      iam.updateAssumeRolePolicy(r -> r.roleName(name).policyDocument(trust));
      return old;
    }
  }

  private static long accepted() {
    return sim.journal().entries().stream().filter(e -> e.action().equals("AssumeRoleWithWebIdentity")
        && e.status() == 200).count();
  }

  @Test
  void aTokenForAnotherApplicationIsRefusedByEveryAccessRole() {
    List<RoleProblem> problems = WebIdentityAccessRoles.refusing(sessions, ACME, issuer, token("another-app"), "gus",
        Set.of());
    assertEquals(3, problems.size(), problems.toString());
    assertFalse(problems.stream().anyMatch(RoleProblem::trusted), problems.toString());
  }
}
