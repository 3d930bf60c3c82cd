package io.roleport.sim;

import static io.roleport.sim.SimClients.GLOBEX_AUTOMATION;
import static io.roleport.sim.SimClients.GLOBEX_EXTERNAL_ID;
import static io.roleport.sim.SimClients.ROLEPORT;
import static io.roleport.sim.SimClients.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** STS through the real SDK: authentication, trust policies, ExternalId, SourceIdentity, tags, expiry. */
class StsAssumeRoleTest {

    private static AdjustableClock clock;
    private static CloudSimulator sim;
    private static StsClient roleport;

    @BeforeAll
    static void startSimulator() throws Exception {
        clock = new AdjustableClock();
        sim = CloudSimulator.start(0, SEED, clock);
        roleport = SimClients.sts(sim, ROLEPORT);
    }

    @AfterAll
    static void stopSimulator() {
        roleport.close();
        sim.close();
    }

    @BeforeEach
    void clearJournal() {
        sim.journal().clear();
    }

    @Test
    void installationUserIdentifiesAsItself() {
        GetCallerIdentityResponse me = roleport.getCallerIdentity();

        assertEquals("arn:aws:iam::111111111111:user/roleport", me.arn());
        assertEquals("111111111111", me.account());
        assertTrue(me.userId().startsWith("AIDA"));
    }

    @Test
    void assumeRoleWithTheRightExternalIdGivesASessionInTheCustomerAccount() {
        AssumeRoleResponse assumed = roleport.assumeRole(r -> r.roleArn(GLOBEX_AUTOMATION)
                .roleSessionName("cluster-op").externalId(GLOBEX_EXTERNAL_ID).durationSeconds(900));

        assertTrue(assumed.credentials().accessKeyId().startsWith("ASIA"));
        assertNotNull(assumed.credentials().sessionToken());
        Instant expiration = assumed.credentials().expiration();
        assertTrue(Duration.between(Instant.now(), expiration).toSeconds() > 850);
        assertEquals("arn:aws:sts::333333333333:assumed-role/RoleportAutomation/cluster-op", assumed.assumedRoleUser().arn());
        try (StsClient session = SimClients.sts(sim, SimClients.provider(assumed.credentials()))) {
            GetCallerIdentityResponse me = session.getCallerIdentity();
            assertEquals("arn:aws:sts::333333333333:assumed-role/RoleportAutomation/cluster-op", me.arn());
            assertEquals("333333333333", me.account());
            assertTrue(me.userId().endsWith(":cluster-op"));
        }
    }

    @Test
    void assumeRoleWithoutExternalIdIsDenied() {
        StsException e = assertThrows(StsException.class, () -> roleport.assumeRole(r -> r.roleArn(GLOBEX_AUTOMATION)
                .roleSessionName("no-external-id")));

        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals(403, e.statusCode());
        assertEquals("User: arn:aws:iam::111111111111:user/roleport is not authorized to perform: sts:AssumeRole on resource: "
                + GLOBEX_AUTOMATION, e.awsErrorDetails().errorMessage());
    }

    @Test
    void assumeRoleWithAnotherCustomersExternalIdIsDenied() {
        StsException e = assertThrows(StsException.class, () -> roleport.assumeRole(r -> r.roleArn(GLOBEX_AUTOMATION)
                .roleSessionName("wrong-external-id").externalId(SimClients.TAILSPIN_EXTERNAL_ID)));

        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
    }

    @Test
    void roleWithoutExternalIdConditionCanBeAssumedWithoutOne() {
        AssumeRoleResponse assumed = roleport.assumeRole(r -> r.roleArn("arn:aws:iam::666666666666:role/RoleportAutomation")
                .roleSessionName("confused-deputy"));

        assertEquals("arn:aws:sts::666666666666:assumed-role/RoleportAutomation/confused-deputy", assumed.assumedRoleUser().arn());
    }

    @Test
    void unknownRoleIsDeniedLikeAForbiddenOne() {
        StsException e = assertThrows(StsException.class, () -> roleport.assumeRole(r -> r
                .roleArn("arn:aws:iam::444444444444:role/RoleportAutomation").roleSessionName("probe").externalId("rp-x1")));

        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
    }

    @Test
    void sourceIdentityAndSessionTagsTravelWithTheSessionIntoTheJournal() {
        AwsCredentialsProvider session = SimClients.session(sim, GLOBEX_AUTOMATION, GLOBEX_EXTERNAL_ID,
                "alice@acme.example", Map.of("org", "globex", "operation", "create-cluster"));

        try (Ec2Client ec2 = SimClients.ec2(sim, session)) {
            ec2.describeVpcs();
        }

        JournalEntry call = sim.journal().entries().stream().filter(e -> e.action().equals("DescribeVpcs")).findFirst().orElseThrow();
        assertEquals("333333333333", call.accountId());
        assertEquals("arn:aws:sts::333333333333:assumed-role/RoleportAutomation/roleport-test", call.principalArn());
        assertEquals("alice@acme.example", call.sourceIdentity());
        assertEquals(Map.of("org", "globex", "operation", "create-cluster"), call.sessionTags());
        assertEquals(200, call.status());
    }

    @Test
    void sourceIdentityWithForbiddenCharactersIsRejected() {
        StsException e = assertThrows(StsException.class, () -> roleport.assumeRole(r -> r.roleArn(GLOBEX_AUTOMATION)
                .roleSessionName("s1").externalId(GLOBEX_EXTERNAL_ID).sourceIdentity("alice smith!")));

        assertEquals("ValidationError", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
    }

    @Test
    void durationOutsideNineHundredToFortyThreeThousandTwoHundredSecondsIsRejected() {
        StsException e = assertThrows(StsException.class, () -> roleport.assumeRole(r -> r.roleArn(GLOBEX_AUTOMATION)
                .roleSessionName("s2").externalId(GLOBEX_EXTERNAL_ID).durationSeconds(899)));

        assertEquals("ValidationError", e.awsErrorDetails().errorCode());
    }

    @Test
    void wrongSecretIsRejectedWithSignatureDoesNotMatch() {
        try (StsClient forged = SimClients.sts(sim, StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAROLEPORTLOCAL001", "not-the-secret")))) {
            StsException e = assertThrows(StsException.class, forged::getCallerIdentity);

            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
        }
        assertEquals(1, sim.journal().count("sts", "GetCallerIdentity"));
    }

    @Test
    void unknownAccessKeyIsRejectedWithInvalidClientTokenId() {
        try (StsClient stranger = SimClients.sts(sim, StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIANOBODYKNOWSTHIS", "whatever")))) {
            StsException e = assertThrows(StsException.class, stranger::getCallerIdentity);

            assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void expiredSessionIsRejectedWithExpiredToken() {
        AssumeRoleResponse assumed = roleport.assumeRole(r -> r.roleArn(GLOBEX_AUTOMATION)
                .roleSessionName("short").externalId(GLOBEX_EXTERNAL_ID).durationSeconds(900));
        try (StsClient session = SimClients.sts(sim, SimClients.provider(assumed.credentials()))) {
            session.getCallerIdentity();

            clock.advance(Duration.ofSeconds(901));

            StsException e = assertThrows(StsException.class, session::getCallerIdentity);
            assertEquals("ExpiredToken", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void theSdksAssumeRoleCredentialsProviderWorksAgainstTheSimulator() {
        try (StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder().stsClient(roleport)
                .refreshRequest(r -> r.roleArn(GLOBEX_AUTOMATION).roleSessionName("provider").externalId(GLOBEX_EXTERNAL_ID))
                .build();
             StsClient session = SimClients.sts(sim, provider)) {
            assertEquals("333333333333", session.getCallerIdentity().account());
        }
    }

    @Test
    void inTheSameAccountATrustOfTheAccountAlsoNeedsTheCallersIdentityPolicy() {
        // Globex's access role trusts arn:aws:iam::333333333333:root; its automation role's policy allows no
        // sts:AssumeRole: IAM refuses (a trust of the account delegates to the caller's identity policies).
        AwsCredentialsProvider automation = SimClients.session(sim, GLOBEX_AUTOMATION, GLOBEX_EXTERNAL_ID);
        try (StsClient sts = SimClients.sts(sim, automation)) {
            StsException e = assertThrows(StsException.class, () -> sts.assumeRole(r -> r
                    .roleArn("arn:aws:iam::333333333333:role/RoleportEksView").roleSessionName("kubectl")));
            assertEquals(403, e.statusCode());
            assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
            assertTrue(e.awsErrorDetails().errorMessage().contains("is not authorized to perform: sts:AssumeRole"
                    + " on resource: arn:aws:iam::333333333333:role/RoleportEksView"), e.awsErrorDetails().errorMessage());
        }
    }
}
