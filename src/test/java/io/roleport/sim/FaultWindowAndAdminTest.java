package io.roleport.sim;

import static io.roleport.sim.SimClients.ROLEPORT;
import static io.roleport.sim.SimClients.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** Time-window and expired-token faults, and the {@code /_sim/faults} admin endpoint, seen through the real SDK. */
class FaultWindowAndAdminTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static AdjustableClock clock;
    private static CloudSimulator sim;
    private static StsClient sts;

    @BeforeAll
    static void start() throws Exception {
        clock = new AdjustableClock();
        sim = CloudSimulator.start(0, SEED, clock);
        sts = StsClient.builder().endpointOverride(sim.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(ROLEPORT).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @AfterAll
    static void stop() {
        sts.close();
        sim.close();
    }

    @AfterEach
    void clear() {
        sim.clearFaults();
    }

    private static int send(String method, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.endpoint() + "/_sim/faults"));
        b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String failure() {
        return assertThrows(StsException.class, sts::getCallerIdentity).awsErrorDetails().errorCode();
    }

    @Test
    void faultWindowFailsEveryCallUntilItEnds() {
        sim.injectFaultFor("sts", "GetCallerIdentity", 503, "ServiceUnavailable", Duration.ofSeconds(30));

        assertEquals("ServiceUnavailable", failure());
        assertEquals("ServiceUnavailable", failure());
        assertEquals("ServiceUnavailable", failure());
        clock.advance(Duration.ofSeconds(31));
        assertEquals("111111111111", sts.getCallerIdentity().account());
    }

    @Test
    void expiredTokenFaultAnswersExpiredTokenToValidCredentials() {
        sim.injectExpiredTokenFault("sts", "*", 1);

        StsException e = assertThrows(StsException.class, sts::getCallerIdentity);

        assertEquals("ExpiredToken", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertEquals("111111111111", sts.getCallerIdentity().account());
    }

    @Test
    void adminEndpointInjectsCountedFaults() throws Exception {
        assertEquals(201, send("POST", "{\"service\":\"sts\",\"action\":\"GetCallerIdentity\",\"status\":429,"
                + "\"errorCode\":\"Throttling\",\"times\":2}"));

        assertEquals("Throttling", failure());
        assertEquals("Throttling", failure());
        assertEquals("111111111111", sts.getCallerIdentity().account());
    }

    @Test
    void adminEndpointInjectsAWindowAndDeleteClearsIt() throws Exception {
        assertEquals(201, send("POST", "{\"service\":\"sts\",\"status\":500,\"errorCode\":\"InternalFailure\",\"seconds\":600}"));
        assertEquals("InternalFailure", failure());

        assertEquals(204, send("DELETE", null));

        assertEquals("111111111111", sts.getCallerIdentity().account());
    }

    @Test
    void adminEndpointInjectsExpiredTokenAndLatency() throws Exception {
        assertEquals(201, send("POST", "{\"service\":\"sts\",\"errorCode\":\"ExpiredToken\",\"times\":1}"));
        assertEquals("ExpiredToken", failure());

        assertEquals(201, send("POST", "{\"service\":\"sts\",\"action\":\"GetCallerIdentity\",\"latencyMillis\":300,\"times\":1}"));
        long t0 = System.nanoTime();
        sts.getCallerIdentity();
        assertTrue(System.nanoTime() - t0 >= 290_000_000L);
    }

    @Test
    void adminEndpointRefusesABadFault() throws Exception {
        assertEquals(400, send("POST", "{\"action\":\"GetCallerIdentity\"}"));
        assertEquals(400, send("POST", "not json"));
    }

    @Test
    void journalNamesTheResourceOfACall() {
        sts.assumeRole(r -> r.roleArn(SimClients.GLOBEX_AUTOMATION).roleSessionName("res")
                .externalId(SimClients.GLOBEX_EXTERNAL_ID));

        JournalEntry last = sim.journal().entries().get(sim.journal().entries().size() - 1);
        assertEquals("RoleportAutomation", last.resource());
        assertEquals(1, sim.journal().count("sts", "AssumeRole", "111111111111", "RoleportAutomation"));
        assertEquals(0, sim.journal().count("sts", "AssumeRole", "111111111111", "RoleportSupport"));
    }
}
