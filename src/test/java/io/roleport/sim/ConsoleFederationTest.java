package io.roleport.sim;

import static io.roleport.sim.SimClients.GLOBEX_AUTOMATION;
import static io.roleport.sim.SimClients.GLOBEX_EXTERNAL_ID;
import static io.roleport.sim.SimClients.ROLEPORT;
import static io.roleport.sim.SimClients.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Console federation ({@code /federation} getSigninToken + login) with sessions issued through the real SDK. */
class ConsoleFederationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AdjustableClock clock;
    private static CloudSimulator sim;
    private static StsClient roleport;

    @BeforeAll
    static void start() throws Exception {
        clock = new AdjustableClock();
        sim = CloudSimulator.start(0, SEED, clock);
        roleport = SimClients.sts(sim, ROLEPORT);
    }

    @AfterAll
    static void stop() {
        roleport.close();
        sim.close();
    }

    private static Credentials session(String name, int seconds) {
        return roleport.assumeRole(r -> r.roleArn(GLOBEX_AUTOMATION).roleSessionName(name).externalId(GLOBEX_EXTERNAL_ID)
                .sourceIdentity("alice").durationSeconds(seconds)).credentials();
    }

    private static HttpResponse<String> get(String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sim.endpoint() + "/federation?" + query)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> signinToken(Credentials c, String secret) throws Exception {
        String session = JSON.createObjectNode().put("sessionId", c.accessKeyId()).put("sessionKey", secret)
                .put("sessionToken", c.sessionToken()).toString();
        return get("Action=getSigninToken&SessionDuration=3600&Session=" + enc(session));
    }

    private static HttpResponse<String> login(String token) throws Exception {
        return get("Action=login&Issuer=" + enc("http://localhost:8080/roleport") + "&Destination="
                + enc("https://console.aws.amazon.com/eks/home") + "&SigninToken=" + enc(token));
    }

    @Test
    void sessionSignsIntoTheSimulatedConsoleOnceAndIsJournaled() throws Exception {
        Credentials c = session("console-alice", 3600);

        HttpResponse<String> t = signinToken(c, c.secretAccessKey());
        assertEquals(200, t.statusCode(), t.body());
        String token = JSON.readTree(t.body()).path("SigninToken").asText();
        HttpResponse<String> page = login(token);

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("AWS console (simulated)"));
        assertTrue(page.body().contains("333333333333"));
        assertTrue(page.body().contains("RoleportAutomation"));
        assertTrue(page.body().contains("console-alice"));
        assertTrue(page.body().contains("alice"));
        assertEquals(400, login(token).statusCode(), "sign-in tokens are single-use");
        assertEquals(1, sim.journal().count("signin", "login", "333333333333", "RoleportAutomation"));
        assertTrue(sim.journal().count("signin", "getSigninToken", "333333333333") >= 1);
    }

    @Test
    void wrongSessionKeyGetsNoSigninToken() throws Exception {
        Credentials c = session("console-wrong", 3600);

        assertEquals(400, signinToken(c, "not-the-key").statusCode());
    }

    @Test
    void expiredSessionGetsNoSigninToken() throws Exception {
        Credentials c = session("console-expired", 900);
        clock.advance(Duration.ofSeconds(901));

        assertEquals(400, signinToken(c, c.secretAccessKey()).statusCode());
    }

    @Test
    void signinTokenExpiresAfterFifteenMinutes() throws Exception {
        Credentials c = session("console-late", 3600);
        String token = JSON.readTree(signinToken(c, c.secretAccessKey()).body()).path("SigninToken").asText();
        clock.advance(Duration.ofMinutes(16));

        assertEquals(400, login(token).statusCode());
    }

    @Test
    void unknownSigninTokenIsRefused() throws Exception {
        assertEquals(400, login("made-up").statusCode());
    }
}
