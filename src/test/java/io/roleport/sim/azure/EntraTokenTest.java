package io.roleport.sim.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.microsoft.aad.msal4j.MsalServiceException;
import org.junit.jupiter.api.function.Executable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

import static io.roleport.sim.azure.AzureSimClients.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Entra ID token endpoint with the real azure-identity credentials (client secret, federated client assertion). */
class EntraTokenTest {

    static final TokenRequestContext ARM = new TokenRequestContext().addScopes("https://management.azure.com/.default");
    static AzureSimulator sim;
    static AzureSimClients clients;
    static MockOAuth2Server issuer;

    @BeforeAll
    static void start() throws Exception {
        sim = AzureSimulator.start(0, Path.of("config/simulator-seed-azure.json"), Path.of("target/azure-sim-test"));
        clients = new AzureSimClients(sim);
        issuer = new MockOAuth2Server();
        issuer.start();
        sim.addFederatedCredential(INITECH_TENANT, INITECH_FEDERATED_CLIENT, issuer.issuerUrl("workload").toString(),
                "roleport-workload", "api://AzureADTokenExchange");
    }

    @AfterAll
    static void stop() {
        if (issuer != null) {
            issuer.shutdown();
        }
        if (sim != null) {
            sim.close();
        }
    }

    /**
     * What azure-identity 1.18.4 throws for an Entra ID refusal: MSAL's {@link MsalServiceException} (from
     * {@code getToken(..).block()}; {@code getTokenSync} wraps it in a RuntimeException), carrying the HTTP status, the
     * OAuth {@code error} and the AADSTS message.
     */
    static MsalServiceException refused(Executable call) {
        Throwable t = assertThrows(Throwable.class, call);
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MsalServiceException m) {
                return m;
            }
        }
        throw new AssertionError("No MsalServiceException in " + t, t);
    }

    @Test
    void clientSecretGetsAToken() {
        AccessToken token = clients.secret(DEFAULT_TENANT, DEFAULT_CLIENT, DEFAULT_SECRET).getTokenSync(ARM);
        assertNotNull(token.getToken());
        assertTrue(token.getExpiresAt().isAfter(OffsetDateTime.now().plusMinutes(50)), "about an hour");
        assertTrue(sim.journal().entries().stream().anyMatch(e -> e.service().equals("entra") && e.action().equals("Token")
                && DEFAULT_CLIENT.equals(e.principalArn()) && e.status() == 200));
        assertTrue(sim.journal().entries().stream().filter(e -> e.service().equals("entra"))
                .allMatch(e -> e.action().equals("Token")), "with disableInstanceDiscovery() MSAL asks for tokens only: "
                + sim.journal().entries());
    }

    @Test
    void everySecretOfTheAppWorks() {
        // an app may hold several secrets at once (rotation: the new one is proven before the old one is dropped)
        assertNotNull(clients.secret(INITECH_TENANT, INITECH_CLIENT, INITECH_SECRET).getTokenSync(ARM).getToken());
        assertNotNull(clients.secret(INITECH_TENANT, INITECH_CLIENT, "initech-sp-secret-rotated-local-only").getTokenSync(ARM).getToken());
    }

    @Test
    void injectedTokenFaultIsAnsweredOnce() {
        sim.injectFault("entra", "Token", 400, "invalid_request", 1);
        MsalServiceException e = refused(() -> clients.secret(INITECH_TENANT, INITECH_CLIENT, INITECH_SECRET).getToken(ARM).block());
        assertEquals("invalid_request", e.errorCode());
        assertNotNull(clients.secret(INITECH_TENANT, INITECH_CLIENT, INITECH_SECRET).getTokenSync(ARM).getToken());
    }

    @Test
    void tokenResponseHasTheAadShapeWithRefreshIn() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(sim.sslContext()).build();
        String form = "grant_type=client_credentials&client_id=" + INITECH_CLIENT + "&client_secret=" + INITECH_SECRET
                + "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.endpoint() + "/" + INITECH_TENANT + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertEquals("Bearer", body.path("token_type").asText());
        assertEquals(3599, body.path("expires_in").asInt());
        assertEquals(3599, body.path("ext_expires_in").asInt());
        assertEquals(1799, body.path("refresh_in").asInt());
        assertTrue(body.path("access_token").asText().split("\\.").length == 3, "a JWT");
    }

    @Test
    void wrongSecretIsRefusedWithAadsts7000215() {
        MsalServiceException e = refused(
                () -> clients.secret(INITECH_TENANT, INITECH_CLIENT, "not-the-secret").getToken(ARM).block());
        assertTrue(e.getMessage().contains("AADSTS7000215"), e.getMessage());
        assertEquals(401, e.statusCode());
        assertEquals("invalid_client", e.errorCode());
        assertTrue(sim.journal().entries().stream().anyMatch(x -> "invalid_client".equals(x.errorCode()) && x.status() == 401));
    }

    @Test
    void syncGetTokenWrapsTheSameAadError() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> clients.secret(INITECH_TENANT, INITECH_CLIENT, "not-the-secret").getTokenSync(ARM));
        assertTrue(e.getMessage().contains("AADSTS7000215"), e.getMessage());
    }

    @Test
    void unknownAppAndUnknownTenantAreRefused() {
        MsalServiceException app = refused(
                () -> clients.secret(INITECH_TENANT, DEFAULT_CLIENT, DEFAULT_SECRET).getToken(ARM).block());
        assertTrue(app.getMessage().contains("AADSTS700016"), app.getMessage());
        assertEquals("unauthorized_client", app.errorCode());
        MsalServiceException tenant = refused(
                () -> clients.secret("dddddddd-0000-0000-0000-000000000001", DEFAULT_CLIENT, DEFAULT_SECRET).getToken(ARM).block());
        assertTrue(tenant.getMessage().contains("AADSTS90002"), tenant.getMessage());
        assertEquals(400, tenant.statusCode());
    }

    @Test
    void federatedAssertionFromTheTrustedIssuerGetsAToken() {
        AccessToken token = clients.assertion(INITECH_TENANT, INITECH_FEDERATED_CLIENT,
                () -> issuer.issueToken("workload", "roleport-workload", "api://AzureADTokenExchange").serialize()).getTokenSync(ARM);
        assertNotNull(token.getToken());
    }

    @Test
    void federatedAssertionWithAnotherSubjectIsRefusedWithAadsts70021() {
        MsalServiceException e = refused(
                () -> clients.assertion(INITECH_TENANT, INITECH_FEDERATED_CLIENT,
                        () -> issuer.issueToken("workload", "someone-else", "api://AzureADTokenExchange").serialize()).getToken(ARM).block());
        assertTrue(e.getMessage().contains("AADSTS70021"), e.getMessage());
    }

    @Test
    void federatedAssertionWithWrongAudienceOrExpiredIsRefused() {
        MsalServiceException aud = refused(
                () -> clients.assertion(INITECH_TENANT, INITECH_FEDERATED_CLIENT,
                        () -> issuer.issueToken("workload", "roleport-workload", "roleport").serialize()).getToken(ARM).block());
        assertTrue(aud.getMessage().contains("AADSTS700212"), aud.getMessage());
        MsalServiceException expired = refused(
                () -> clients.assertion(INITECH_TENANT, INITECH_FEDERATED_CLIENT,
                        () -> issuer.issueToken("workload", "roleport-workload", "api://AzureADTokenExchange", Map.of(), -600)
                                .serialize()).getToken(ARM).block());
        assertTrue(expired.getMessage().contains("AADSTS700024"), expired.getMessage());
    }

    @Test
    void assertionFromAnUntrustedIssuerWithTheSameSubjectIsRefused() {
        MsalServiceException e = refused(
                () -> clients.assertion(INITECH_TENANT, INITECH_FEDERATED_CLIENT,
                        () -> issuer.issueToken("other-issuer", "roleport-workload", "api://AzureADTokenExchange").serialize())
                        .getToken(ARM).block());
        assertTrue(e.getMessage().contains("AADSTS70021"), e.getMessage());
    }

    @Test
    void truststoreIsWrittenWhereAsked() {
        assertTrue(sim.trustStore().startsWith(Path.of("target/azure-sim-test").toAbsolutePath()));
        assertTrue(java.nio.file.Files.isRegularFile(sim.trustStore()));
        assertEquals("https", sim.endpoint().getScheme());
        assertEquals(Duration.ZERO, Duration.ZERO);
    }
}
