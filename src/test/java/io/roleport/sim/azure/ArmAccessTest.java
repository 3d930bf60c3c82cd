package io.roleport.sim.azure;

import com.azure.core.management.Region;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.models.Subscription;
import io.roleport.sim.JournalEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.roleport.sim.azure.AzureSimClients.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ARM refuses what real Azure refuses: no token, a token of another tenant, a principal without (enough) role; 429 is retried. */
class ArmAccessTest {

    static AzureSimulator sim;
    static AzureSimClients clients;

    @BeforeAll
    static void start() throws Exception {
        sim = AzureSimulator.start(0, Path.of("config/simulator-seed-azure.json"), Path.of("target/azure-sim-test"));
        sim.setOperationDelay(Duration.ofMillis(200));
        clients = new AzureSimClients(sim);
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void installationDefaultPrincipalReadsItsSubscription() {
        ResourceManager rm = clients.resources(clients.secret(DEFAULT_TENANT, DEFAULT_CLIENT, DEFAULT_SECRET),
                DEFAULT_TENANT, DEFAULT_SUBSCRIPTION);
        Subscription s = rm.subscriptions().getById(DEFAULT_SUBSCRIPTION);
        assertEquals(DEFAULT_SUBSCRIPTION, s.subscriptionId());
        List<Subscription> visible = rm.subscriptions().list().stream().toList();
        assertEquals(1, visible.size(), "only the subscriptions it has a role on");
    }

    @Test
    void tokenOfAnotherTenantIsRefused() {
        // the installation's principal (tenant aaaa...) reading the customer's subscription (tenant bbbb...)
        ResourceManager rm = clients.resources(clients.secret(DEFAULT_TENANT, DEFAULT_CLIENT, DEFAULT_SECRET),
                DEFAULT_TENANT, INITECH_SUBSCRIPTION);
        ManagementException e = assertThrows(ManagementException.class, () -> rm.subscriptions().getById(INITECH_SUBSCRIPTION));
        assertEquals(401, e.getResponse().getStatusCode());
        assertEquals("InvalidAuthenticationTokenTenant", e.getValue().getCode());
        assertTrue(e.getValue().getMessage().contains(INITECH_TENANT), e.getValue().getMessage());
    }

    @Test
    void principalWithoutRoleAssignmentIsRefused() {
        ResourceManager rm = clients.resources(clients.secret(INITECH_TENANT, INITECH_NOROLE_CLIENT, INITECH_NOROLE_SECRET),
                INITECH_TENANT, INITECH_SUBSCRIPTION);
        ManagementException e = assertThrows(ManagementException.class, () -> rm.subscriptions().getById(INITECH_SUBSCRIPTION));
        assertEquals(403, e.getResponse().getStatusCode());
        assertEquals("AuthorizationFailed", e.getValue().getCode());
        assertTrue(e.getValue().getMessage().contains(INITECH_NOROLE_CLIENT), e.getValue().getMessage());
        assertTrue(e.getValue().getMessage().contains("Microsoft.Resources/subscriptions/read"), e.getValue().getMessage());
        JournalEntry last = sim.journal().entries().stream().filter(x -> x.service().equals("arm")).reduce((a, b) -> b).orElseThrow();
        assertEquals("AuthorizationFailed", last.errorCode());
        assertEquals(INITECH_NOROLE_CLIENT, last.principalArn());
    }

    @Test
    void readerCanReadButNotCreate() {
        ResourceManager rm = clients.resources(clients.secret(INITECH_TENANT, INITECH_READER_CLIENT, INITECH_READER_SECRET),
                INITECH_TENANT, INITECH_SUBSCRIPTION);
        assertEquals("initech-workloads", rm.subscriptions().getById(INITECH_SUBSCRIPTION).displayName());
        ManagementException e = assertThrows(ManagementException.class,
                () -> rm.resourceGroups().define("rg-reader").withRegion(Region.EUROPE_WEST).create());
        assertEquals(403, e.getResponse().getStatusCode());
        assertEquals("AuthorizationFailed", e.getValue().getCode());
        assertTrue(e.getValue().getMessage().contains("Microsoft.Resources/subscriptions/resourceGroups/write"));
    }

    @Test
    void requestWithoutTokenIsRefused() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(sim.sslContext()).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.endpoint() + "/subscriptions/"
                + INITECH_SUBSCRIPTION + "?api-version=2022-12-01")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("AuthenticationFailed"), r.body());
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(sim.endpoint() + "/subscriptions/"
                + INITECH_SUBSCRIPTION + "?api-version=2022-12-01")).header("Authorization", "Bearer a.b.c").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, forged.statusCode());
        assertTrue(forged.body().contains("InvalidAuthenticationToken"), forged.body());
    }

    @Test
    void injectedThrottlingIsRetriedBySdk() {
        ResourceManager rm = clients.resources(clients.secret(INITECH_TENANT, INITECH_CLIENT, INITECH_SECRET),
                INITECH_TENANT, INITECH_SUBSCRIPTION);
        sim.injectFault("arm", "GetSubscription", 429, "TooManyRequests", 2);
        long before = sim.journal().count("arm", "GetSubscription");
        assertEquals(INITECH_SUBSCRIPTION, rm.subscriptions().getById(INITECH_SUBSCRIPTION).subscriptionId());
        assertEquals(before + 3, sim.journal().count("arm", "GetSubscription"), "2 throttled + 1 success");
        assertEquals(2, sim.journal().entries().stream().filter(x -> "TooManyRequests".equals(x.errorCode())).count());
    }

    @Test
    void unknownSubscriptionIsNotFound() {
        ResourceManager rm = clients.resources(clients.secret(INITECH_TENANT, INITECH_CLIENT, INITECH_SECRET),
                INITECH_TENANT, INITECH_SUBSCRIPTION);
        ManagementException e = assertThrows(ManagementException.class,
                () -> rm.subscriptions().getById("bbbbbbbb-0000-0000-0000-000000000599"));
        assertEquals(404, e.getResponse().getStatusCode());
        assertEquals("SubscriptionNotFound", e.getValue().getCode());
    }

    @Test
    void healthHelperAnswers() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(sim.sslContext()).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.endpoint() + "/_sim/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains(INITECH_SUBSCRIPTION));
    }
}
