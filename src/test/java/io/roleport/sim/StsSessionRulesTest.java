package io.roleport.sim;

import static io.roleport.sim.SimClients.ACME_ADMIN;
import static io.roleport.sim.SimClients.GLOBEX_AUTOMATION;
import static io.roleport.sim.SimClients.GLOBEX_EXTERNAL_ID;
import static io.roleport.sim.SimClients.ROLEPORT;
import static io.roleport.sim.SimClients.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Session rules through the real SDK: {@code DurationSeconds} against the role's {@code MaxSessionDuration},
 * the 1-hour role-chaining cap, the test knob that caps issued lifetimes, and IAM's view of a role.
 */
class StsSessionRulesTest {

    private static final String TRUST_ROLEPORT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:user/roleport\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String TRUST_GLOBEX_AUTOMATION = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"" + GLOBEX_AUTOMATION + "\"},\"Action\":\"sts:AssumeRole\"}]}";

    private static AdjustableClock clock;
    private static CloudSimulator sim;
    private static StsClient roleport;

    @BeforeAll
    static void startSimulator() throws Exception {
        clock = new AdjustableClock();
        sim = CloudSimulator.start(0, SEED, clock);
        roleport = SimClients.sts(sim, ROLEPORT);
        sim.putRole("333333333333", "LongSessions", TRUST_ROLEPORT, 14400);
        sim.putRole("333333333333", "Chained", TRUST_GLOBEX_AUTOMATION, 14400);
    }

    @AfterAll
    static void stopSimulator() {
        roleport.close();
        sim.close();
    }

    @AfterEach
    void noCap() {
        sim.setMaxIssuedSessionLifetime(null);
    }

    @Test
    void callerTheTrustPolicyDoesNotNameIsDeniedEvenWithTheRightExternalId() {
        try (StsClient acme = SimClients.sts(sim, ACME_ADMIN)) {
            StsException e = assertThrows(StsException.class, () -> acme.assumeRole(r -> r.roleArn(GLOBEX_AUTOMATION)
                    .roleSessionName("intruder").externalId(GLOBEX_EXTERNAL_ID)));

            assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
            assertEquals("User: arn:aws:iam::444444444444:user/acme-admin is not authorized to perform: sts:AssumeRole on resource: "
                    + GLOBEX_AUTOMATION, e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void durationAboveTheRolesMaxSessionDurationIsAValidationError() {
        StsException e = assertThrows(StsException.class, () -> roleport.assumeRole(r -> r.roleArn(GLOBEX_AUTOMATION)
                .roleSessionName("long").externalId(GLOBEX_EXTERNAL_ID).durationSeconds(3601)));

        assertEquals("ValidationError", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("MaxSessionDuration"), e.getMessage());
    }

    @Test
    void roleWithALongerMaxSessionDurationGivesTheLongerSession() {
        AssumeRoleResponse r = roleport.assumeRole(b -> b.roleArn("arn:aws:iam::333333333333:role/LongSessions")
                .roleSessionName("long").durationSeconds(14400));

        long seconds = Duration.between(clock.instant(), r.credentials().expiration()).toSeconds();
        assertTrue(seconds > 14300 && seconds <= 14400, "lifetime " + seconds);
        assertThrows(StsException.class, () -> roleport.assumeRole(b -> b.roleArn("arn:aws:iam::333333333333:role/LongSessions")
                .roleSessionName("longer").durationSeconds(14401)));
    }

    @Test
    void roleChainingIsCappedAtOneHourEvenWhenTheRoleAllowsMore() {
        try (StsClient session = SimClients.sts(sim, SimClients.session(sim, GLOBEX_AUTOMATION, GLOBEX_EXTERNAL_ID))) {
            StsException e = assertThrows(StsException.class, () -> session.assumeRole(r -> r
                    .roleArn("arn:aws:iam::333333333333:role/Chained").roleSessionName("chain").durationSeconds(3601)));

            assertEquals("ValidationError", e.awsErrorDetails().errorCode());
            assertEquals("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
                    e.awsErrorDetails().errorMessage());
            assertEquals("arn:aws:sts::333333333333:assumed-role/Chained/chain", session.assumeRole(r -> r
                    .roleArn("arn:aws:iam::333333333333:role/Chained").roleSessionName("chain").durationSeconds(3600))
                    .assumedRoleUser().arn());
        }
    }

    @Test
    void issuedLifetimeCapShortensExpirationAndTheSessionThenExpires() {
        sim.setMaxIssuedSessionLifetime(Duration.ofSeconds(60));
        Instant before = clock.instant();

        AssumeRoleResponse r = roleport.assumeRole(b -> b.roleArn(GLOBEX_AUTOMATION).roleSessionName("capped")
                .externalId(GLOBEX_EXTERNAL_ID).durationSeconds(3600));

        assertFalse(r.credentials().expiration().isAfter(before.plusSeconds(61)), r.credentials().expiration().toString());
        try (StsClient session = SimClients.sts(sim, SimClients.provider(r.credentials()))) {
            session.getCallerIdentity();
            clock.advance(Duration.ofSeconds(62));
            StsException e = assertThrows(StsException.class, session::getCallerIdentity);
            assertEquals("ExpiredToken", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void iamCreateRoleKeepsMaxSessionDurationAndGetRoleReturnsTheRoleLikeAws() {
        try (IamClient acme = SimClients.iam(sim, ACME_ADMIN)) {
            acme.createRole(r -> r.roleName("SevenHours").assumeRolePolicyDocument(TRUST_ROLEPORT).maxSessionDuration(25200));

            Role role = acme.getRole(r -> r.roleName("SevenHours")).role();

            assertEquals(25200, role.maxSessionDuration());
            assertEquals("arn:aws:iam::444444444444:role/SevenHours", role.arn());
            assertTrue(role.roleId().startsWith("AROA"));
            assertTrue(Duration.between(role.createDate(), clock.instant()).abs().toSeconds() < 5);
            assertTrue(role.assumeRolePolicyDocument().startsWith("%7B"), role.assumeRolePolicyDocument());
            assertEquals(TRUST_ROLEPORT, URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8));
            assertEquals(25200 - 1, Duration.between(clock.instant(), roleport.assumeRole(b -> b.roleArn(role.arn())
                    .roleSessionName("seven").durationSeconds(25200)).credentials().expiration()).toSeconds(), 1.5);
        }
    }

    @Test
    void createRoleWithMaxSessionDurationOutOfRangeIsAValidationError() {
        try (IamClient acme = SimClients.iam(sim, ACME_ADMIN)) {
            var e = assertThrows(software.amazon.awssdk.services.iam.model.IamException.class, () -> acme.createRole(r -> r
                    .roleName("TooLong").assumeRolePolicyDocument(TRUST_ROLEPORT).maxSessionDuration(43201)));
            assertEquals("ValidationError", e.awsErrorDetails().errorCode());
        }
    }
}
