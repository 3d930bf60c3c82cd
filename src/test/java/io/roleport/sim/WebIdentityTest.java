package io.roleport.sim;

import static io.roleport.sim.SimClients.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * STS {@code AssumeRoleWithWebIdentity} through the real SDK (unsigned call) with mock-oauth2-server as the
 * OIDC issuer: signature, issuer, audience and expiry checks, and the trust policy's Federated principal and
 * {@code aud}/{@code sub} conditions.
 */
class WebIdentityTest {

    private static final String GLOBEX = "333333333333";

    private static MockOAuth2Server idp;
    private static AdjustableClock clock;
    private static CloudSimulator sim;
    private static StsClient anonymous;
    private static String issuer;
    private static String roleArn;
    private static String providerArn;

    @BeforeAll
    static void start() throws Exception {
        idp = new MockOAuth2Server();
        idp.start();
        issuer = idp.issuerUrl("roleport").toString();
        clock = new AdjustableClock();
        sim = CloudSimulator.start(0, SEED, clock);
        providerArn = sim.registerOidcProvider(GLOBEX, issuer, List.of("roleport"));
        String prefix = providerArn.substring(providerArn.indexOf("oidc-provider/") + "oidc-provider/".length());
        roleArn = sim.putRole(GLOBEX, "WebTeam", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Federated\":\"" + providerArn + "\"},"
                + "\"Action\":[\"sts:AssumeRoleWithWebIdentity\",\"sts:SetSourceIdentity\"],"
                + "\"Condition\":{\"StringEquals\":{\"" + prefix + ":aud\":\"roleport\"},"
                + "\"StringLike\":{\"" + prefix + ":sub\":\"team-*\"}}}]}");
        anonymous = StsClient.builder().endpointOverride(sim.endpoint())
                .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        anonymous.close();
        sim.close();
        idp.shutdown();
    }

    private static String token(String subject, String audience, Map<String, Object> claims) {
        return idp.issueToken("roleport", subject, audience, claims, 3600).serialize();
    }

    private static AssumeRoleWithWebIdentityResponse assume(String token) {
        return anonymous.assumeRoleWithWebIdentity(r -> r.roleArn(roleArn).roleSessionName("web").webIdentityToken(token));
    }

    private static StsException refused(String token) {
        return assertThrows(StsException.class, () -> assume(token));
    }

    @Test
    void providerArnIsBuiltFromTheUrlWithoutScheme() {
        assertEquals("arn:aws:iam::333333333333:oidc-provider/" + issuer.replaceFirst("^http://", "").replaceAll("/$", ""),
                providerArn);
    }

    @Test
    void validTokenGivesWorkingSessionCredentials() {
        AssumeRoleWithWebIdentityResponse r = assume(token("team-gus", "roleport",
                Map.of("https://aws.amazon.com/source_identity", "gus")));

        assertEquals("team-gus", r.subjectFromWebIdentityToken());
        assertEquals("roleport", r.audience());
        assertEquals(providerArn, r.provider());
        assertEquals("gus", r.sourceIdentity());
        assertEquals("arn:aws:sts::333333333333:assumed-role/WebTeam/web", r.assumedRoleUser().arn());
        try (StsClient session = SimClients.sts(sim, SimClients.provider(r.credentials()))) {
            assertEquals("arn:aws:sts::333333333333:assumed-role/WebTeam/web", session.getCallerIdentity().arn());
        }
        assertTrue(sim.journal().count("sts", "AssumeRoleWithWebIdentity", GLOBEX, "WebTeam") >= 1);
    }

    @Test
    void expiredTokenIsExpiredTokenException() {
        String token = token("team-gus", "roleport", Map.of());
        clock.advance(Duration.ofHours(2));
        try {
            StsException e = refused(token);
            assertEquals("ExpiredTokenException", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
        } finally {
            clock.advance(Duration.ofHours(-2));
        }
    }

    @Test
    void tokenWithAForeignSignatureIsInvalid() {
        String good = token("team-gus", "roleport", Map.of());
        String other = token("team-eve", "roleport", Map.of());
        String forged = good.substring(0, good.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));

        StsException e = refused(forged);

        assertEquals("InvalidIdentityToken", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
    }

    @Test
    void tokenOfAnUnregisteredIssuerIsInvalid() {
        String foreign = idp.issueToken("elsewhere", "team-gus", "roleport", Map.of(), 3600).serialize();

        StsException e = refused(foreign);

        assertEquals("InvalidIdentityToken", e.awsErrorDetails().errorCode());
    }

    @Test
    void audienceNotRegisteredWithTheProviderIsInvalid() {
        StsException e = refused(token("team-gus", "some-other-client", Map.of()));

        assertEquals("InvalidIdentityToken", e.awsErrorDetails().errorCode());
    }

    @Test
    void subjectNotAllowedByTheTrustPolicyIsAccessDenied() {
        StsException e = refused(token("mallory", "roleport", Map.of()));

        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals(403, e.statusCode());
    }

    @Test
    void durationAboveTheRolesMaximumIsAValidationError() {
        String token = token("team-gus", "roleport", Map.of());
        StsException e = assertThrows(StsException.class, () -> anonymous.assumeRoleWithWebIdentity(r -> r
                .roleArn(roleArn).roleSessionName("web").webIdentityToken(token).durationSeconds(7200)));

        assertEquals("ValidationError", e.awsErrorDetails().errorCode());
    }

    @Test
    void discoveryAndKeysAreCachedSoTheIdpMayGoAwayAfterTheFirstCall() throws Exception {
        MockOAuth2Server flaky = new MockOAuth2Server();
        flaky.start();
        try {
            String url = flaky.issuerUrl("cached").toString();
            String arn = sim.registerOidcProvider("555555555555", url, List.of("roleport"));
            String role = sim.putRole("555555555555", "CachedWeb", "{\"Version\":\"2012-10-17\",\"Statement\":[{"
                    + "\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"" + arn + "\"},"
                    + "\"Action\":\"sts:AssumeRoleWithWebIdentity\"}]}");
            String first = flaky.issueToken("cached", "u1", "roleport", Map.of(), 3600).serialize();
            String second = flaky.issueToken("cached", "u2", "roleport", Map.of(), 3600).serialize();
            anonymous.assumeRoleWithWebIdentity(r -> r.roleArn(role).roleSessionName("one").webIdentityToken(first));

            flaky.shutdown();

            assertEquals("u2", anonymous.assumeRoleWithWebIdentity(r -> r.roleArn(role).roleSessionName("two")
                    .webIdentityToken(second)).subjectFromWebIdentityToken());
        } finally {
            try {
                flaky.shutdown();
            } catch (Exception ignored) {
                // already stopped
            }
        }
    }

    @Test
    void seedDeclaresTheLocalIdpAndTheDemoWebIdentityRoleForGus() {
        try (IamClient iam = SimClients.iam(sim, SimClients.session(sim, SimClients.GLOBEX_AUTOMATION, SimClients.GLOBEX_EXTERNAL_ID))) {
            String policy = URLDecoder.decode(iam.getRole(r -> r.roleName("RoleportWebIdentity")).role()
                    .assumeRolePolicyDocument(), StandardCharsets.UTF_8);

            assertTrue(policy.contains("\"Federated\":\"arn:aws:iam::333333333333:oidc-provider/127.0.0.1:9400/roleport\""), policy);
            assertTrue(policy.contains("\"127.0.0.1:9400/roleport:sub\":\"gus\""), policy);
            assertTrue(policy.contains("\"127.0.0.1:9400/roleport:aud\":\"roleport\""), policy);
        }
    }

    @Test
    void aCustomerAdminRegistersTheProviderAndARoleTrustingItThroughIam() {
        String acme = "444444444444";
        String acmeProvider = "arn:aws:iam::" + acme + ":oidc-provider/" + issuer.replaceFirst("^https?://", "");
        String prefix = issuer.replaceFirst("^https?://", "");
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Federated\":\"" + acmeProvider + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\","
                + "\"Condition\":{\"StringEquals\":{\"" + prefix + ":aud\":\"roleport\"}}}]}";
        try (IamClient admin = SimClients.iam(sim, SimClients.ACME_ADMIN)) {
            var early = assertThrows(software.amazon.awssdk.services.iam.model.IamException.class,
                    () -> admin.createRole(r -> r.roleName("WebAutomation").assumeRolePolicyDocument(trust)));
            assertEquals("MalformedPolicyDocument", early.awsErrorDetails().errorCode(), "no such provider yet");

            String arn = admin.createOpenIDConnectProvider(r -> r.url(issuer).clientIDList("roleport"))
                    .openIDConnectProviderArn();
            assertEquals(acmeProvider, arn);
            var twice = assertThrows(software.amazon.awssdk.services.iam.model.IamException.class,
                    () -> admin.createOpenIDConnectProvider(r -> r.url(issuer).clientIDList("roleport")));
            assertEquals("EntityAlreadyExists", twice.awsErrorDetails().errorCode());
            String role = admin.createRole(r -> r.roleName("WebAutomation").assumeRolePolicyDocument(trust)).role().arn();

            String token = token("anyone", "roleport", Map.of());
            assertEquals("anyone", anonymous.assumeRoleWithWebIdentity(r -> r.roleArn(role).roleSessionName("web")
                    .webIdentityToken(token)).subjectFromWebIdentityToken());

            admin.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
            StsException revoked = assertThrows(StsException.class, () -> anonymous.assumeRoleWithWebIdentity(
                    r -> r.roleArn(role).roleSessionName("web").webIdentityToken(token)));
            assertEquals("InvalidIdentityToken", revoked.awsErrorDetails().errorCode());
            var gone = assertThrows(software.amazon.awssdk.services.iam.model.IamException.class,
                    () -> admin.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn)));
            assertEquals("NoSuchEntity", gone.awsErrorDetails().errorCode());
            admin.deleteRole(r -> r.roleName("WebAutomation"));
        }
    }
}
