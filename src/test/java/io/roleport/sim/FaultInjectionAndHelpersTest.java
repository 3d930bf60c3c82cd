package io.roleport.sim;

import static io.roleport.sim.SimClients.ROLEPORT;
import static io.roleport.sim.SimClients.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** Injected faults as the SDK's retry logic sees them, and the unsigned helper endpoints. */
class FaultInjectionAndHelpersTest {

    private static CloudSimulator sim;

    @BeforeAll
    static void startSimulator() throws Exception {
        sim = CloudSimulator.start(0, SEED);
        // This class tests the service's mechanics, not permissions (PermissionContractTest does): full access.
        sim.attachRolePolicy("333333333333", "RoleportAutomation", "arn:aws:iam::aws:policy/AdministratorAccess");
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @BeforeEach
    void clearJournal() {
        sim.journal().clear();
    }

    @Test
    void injectedThrottlingIsRetriedByTheSdkAndTheCallSucceeds() {
        try (EksClient eks = SimClients.eks(sim, SimClients.session(sim, SimClients.GLOBEX_AUTOMATION, SimClients.GLOBEX_EXTERNAL_ID))) {
            sim.injectFault("eks", "ListClusters", 429, "ThrottlingException", 1);

            List<String> clusters = eks.listClusters().clusters();

            assertTrue(clusters.isEmpty());
            List<JournalEntry> calls = sim.journal().entries().stream().filter(e -> e.action().equals("ListClusters")).toList();
            assertEquals(2, calls.size());
            assertEquals(429, calls.get(0).status());
            assertEquals("ThrottlingException", calls.get(0).errorCode());
            assertEquals("333333333333", calls.get(0).accountId());
            assertEquals(200, calls.get(1).status());
        }
    }

    @Test
    void injectedServerErrorReachesACallerThatDoesNotRetry() {
        try (StsClient sts = StsClient.builder().endpointOverride(sim.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(ROLEPORT).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            sim.injectFault("sts", "GetCallerIdentity", 500, "InternalFailure", 1);

            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);

            assertEquals("InternalFailure", e.awsErrorDetails().errorCode());
            assertEquals(500, e.statusCode());
            assertEquals("arn:aws:iam::111111111111:user/roleport", sts.getCallerIdentity().arn());
        }
    }

    @Test
    void injectedLatencyDelaysTheAnswer() {
        try (StsClient sts = SimClients.sts(sim, ROLEPORT)) {
            sim.injectLatency("sts", "GetCallerIdentity", java.time.Duration.ofMillis(300), 1);

            long start = System.nanoTime();
            sts.getCallerIdentity();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            assertTrue(tookMillis >= 300, "took " + tookMillis + " ms");
        }
    }

    @Test
    void journalAndHealthAreServedAsJsonWithoutSigning() throws Exception {
        try (StsClient sts = SimClients.sts(sim, ROLEPORT)) {
            sts.getCallerIdentity();
        }
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> journal = http.send(HttpRequest.newBuilder(sim.endpoint().resolve("/_sim/journal")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(sim.endpoint().resolve("/_sim/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, journal.statusCode());
        assertTrue(journal.body().contains("\"action\" : \"GetCallerIdentity\""), journal.body());
        assertTrue(journal.body().contains("arn:aws:iam::111111111111:user/roleport"));
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
    }

    @Test
    void unsignedAwsCallIsRefused() throws Exception {
        HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sim.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(403, res.statusCode());
        assertTrue(res.body().contains("<Code>MissingAuthenticationToken</Code>"), res.body());
    }
}
