package io.roleport.sim.azure;

import com.azure.core.management.Region;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.core.management.polling.PollResult;
import com.azure.resourcemanager.containerservice.ContainerServiceManager;
import com.azure.resourcemanager.containerservice.fluent.ManagedClustersClient;
import com.azure.resourcemanager.containerservice.fluent.models.CredentialResultsInner;
import com.azure.resourcemanager.containerservice.fluent.models.ManagedClusterInner;
import com.azure.resourcemanager.containerservice.models.AgentPoolMode;
import com.azure.resourcemanager.containerservice.models.ManagedClusterAgentPoolProfile;
import com.azure.resourcemanager.containerservice.models.ManagedClusterIdentity;
import com.azure.resourcemanager.containerservice.models.ResourceIdentityType;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.models.GenericResource;
import com.azure.resourcemanager.resources.models.ResourceGroup;
import com.azure.resourcemanager.resources.models.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.roleport.sim.azure.AzureSimClients.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cluster's whole life in the customer's subscription with the real ARM clients: RG, AKS create (LRO), kubeconfig, delete. */
class ArmLifecycleTest {

    static AzureSimulator sim;
    static AzureSimClients clients;
    static ResourceManager rm;
    static ContainerServiceManager aks;

    @BeforeAll
    static void start() throws Exception {
        sim = AzureSimulator.start(0, Path.of("config/simulator-seed-azure.json"), Path.of("target/azure-sim-test"));
        sim.setOperationDelay(Duration.ofMillis(200));
        clients = new AzureSimClients(sim);
        var credential = clients.secret(INITECH_TENANT, INITECH_CLIENT, INITECH_SECRET);
        rm = clients.resources(credential, INITECH_TENANT, INITECH_SUBSCRIPTION);
        aks = clients.aks(credential, INITECH_TENANT, INITECH_SUBSCRIPTION);
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    static ManagedClusterInner clusterDefinition(String name) {
        return new ManagedClusterInner().withLocation("westeurope").withTags(Map.of("roleport-org", "initech-azure"))
                .withIdentity(new ManagedClusterIdentity().withType(ResourceIdentityType.SYSTEM_ASSIGNED))
                .withDnsPrefix(name).withKubernetesVersion("")
                .withAgentPoolProfiles(List.of(new ManagedClusterAgentPoolProfile().withName("system").withCount(2)
                        .withVmSize("Standard_D2s_v5").withMode(AgentPoolMode.SYSTEM)));
    }

    @Test
    void readsTheSubscription() {
        Subscription s = rm.subscriptions().getById(INITECH_SUBSCRIPTION);
        assertEquals(INITECH_SUBSCRIPTION, s.subscriptionId());
        assertEquals("initech-workloads", s.displayName());
        assertEquals("Enabled", s.state().toString());
        assertEquals(INITECH_TENANT, s.innerModel().tenantId());
    }

    @Test
    void createsGetsListsCredentialsAndDeletesAnAksCluster() {
        long rgPuts = sim.journal().count("arm", "PutResourceGroup", INITECH_SUBSCRIPTION);
        long aksPuts = sim.journal().count("arm", "PutManagedCluster", INITECH_SUBSCRIPTION);
        ResourceGroup rg = rm.resourceGroups().define("rg-lifecycle").withRegion(Region.EUROPE_WEST)
                .withTags(Map.of("roleport-org", "initech-azure")).create();
        assertEquals("rg-lifecycle", rg.name());
        assertEquals("initech-azure", rm.resourceGroups().getByName("rg-lifecycle").tags().get("roleport-org"));
        assertTrue(rm.resourceGroups().contain("rg-lifecycle"));

        ManagedClustersClient clusters = aks.serviceClient().getManagedClusters();
        SyncPoller<PollResult<ManagedClusterInner>, ManagedClusterInner> poller =
                clusters.beginCreateOrUpdate("rg-lifecycle", "dev-1", clusterDefinition("dev-1"));
        PollResponse<PollResult<ManagedClusterInner>> first = poller.poll();
        ManagedClusterInner created = poller.getFinalResult(Duration.ofSeconds(30));
        assertEquals("Succeeded", created.provisioningState());
        assertEquals(ArmApi.DEFAULT_KUBERNETES_VERSION, created.currentKubernetesVersion(), "blank version = the default");
        assertTrue(created.fqdn().endsWith(".hcp.westeurope.azmk8s.io"), created.fqdn());
        assertEquals("initech-azure", created.tags().get("roleport-org"));
        assertTrue(first.getStatus() == LongRunningOperationStatus.IN_PROGRESS
                || first.getStatus() == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);

        ManagedClusterInner got = clusters.getByResourceGroup("rg-lifecycle", "dev-1");
        assertEquals(created.fqdn(), got.fqdn());
        assertEquals(2, got.agentPoolProfiles().get(0).count());

        // the same PUT again is the same cluster (idempotent)
        ManagedClusterInner again = clusters.beginCreateOrUpdate("rg-lifecycle", "dev-1", clusterDefinition("dev-1"))
                .getFinalResult(Duration.ofSeconds(30));
        assertEquals(created.id(), again.id());
        assertEquals(created.fqdn(), again.fqdn());
        assertEquals(1, rm.genericResources().list().stream().count());

        CredentialResultsInner creds = clusters.listClusterUserCredentials("rg-lifecycle", "dev-1");
        assertEquals("clusterUser", creds.kubeconfigs().get(0).name());
        String kubeconfig = new String(creds.kubeconfigs().get(0).value(), StandardCharsets.UTF_8);
        assertTrue(kubeconfig.contains("server: https://" + created.fqdn() + ":443"), kubeconfig);

        List<GenericResource> resources = rm.genericResources().list().stream().toList();
        assertEquals(1, resources.size());
        assertEquals("Microsoft.ContainerService/managedClusters", resources.get(0).resourceProviderNamespace() + "/"
                + resources.get(0).resourceType());

        clusters.beginDelete("rg-lifecycle", "dev-1").getFinalResult(Duration.ofSeconds(30));
        ManagementException gone = assertThrows(ManagementException.class, () -> clusters.getByResourceGroup("rg-lifecycle", "dev-1"));
        assertEquals(404, gone.getResponse().getStatusCode());
        assertEquals("ResourceNotFound", gone.getValue().getCode());

        rm.resourceGroups().deleteByName("rg-lifecycle");
        assertFalse(rm.resourceGroups().contain("rg-lifecycle"));
        assertEquals(0, rm.genericResources().list().stream().count(), "nothing left behind");

        assertEquals(rgPuts + 1, sim.journal().count("arm", "PutResourceGroup", INITECH_SUBSCRIPTION));
        assertEquals(aksPuts + 2, sim.journal().count("arm", "PutManagedCluster", INITECH_SUBSCRIPTION));
        assertTrue(sim.journal().count("arm", "GetOperationStatus") >= 2);
        assertEquals(0, sim.journal().count("arm", "Unknown"));
        assertEquals(0, sim.journal().count("entra", "Unknown"));
    }

    @Test
    void deletingAResourceGroupDeletesItsClusters() {
        rm.resourceGroups().define("rg-cascade").withRegion(Region.EUROPE_WEST).create();
        ManagedClustersClient clusters = aks.serviceClient().getManagedClusters();
        clusters.beginCreateOrUpdate("rg-cascade", "tmp-1", clusterDefinition("tmp-1")).getFinalResult(Duration.ofSeconds(30));
        rm.resourceGroups().deleteByName("rg-cascade");
        assertFalse(rm.resourceGroups().contain("rg-cascade"));
        assertTrue(rm.genericResources().list().stream().noneMatch(r -> r.resourceGroupName().equalsIgnoreCase("rg-cascade")));
        ManagementException e = assertThrows(ManagementException.class, () -> clusters.getByResourceGroup("rg-cascade", "tmp-1"));
        assertEquals("ResourceGroupNotFound", e.getValue().getCode());
    }

    @Test
    void putWhileDeletingIsAConflictAndInjectedThrottlingOfThePutIsRetried() {
        rm.resourceGroups().define("rg-conflict").withRegion(Region.EUROPE_WEST).create();
        ManagedClustersClient clusters = aks.serviceClient().getManagedClusters();
        sim.injectFault("arm", "PutManagedCluster", 429, "TooManyRequests", 1);
        clusters.beginCreateOrUpdate("rg-conflict", "c-1", clusterDefinition("c-1")).getFinalResult(Duration.ofSeconds(30));
        sim.setOperationDelay(Duration.ofSeconds(5));
        try {
            SyncPoller<PollResult<Void>, Void> deleting = clusters.beginDelete("rg-conflict", "c-1");
            assertEquals("Deleting", clusters.getByResourceGroup("rg-conflict", "c-1").provisioningState());
            ManagementException e = assertThrows(ManagementException.class,
                    () -> clusters.beginCreateOrUpdate("rg-conflict", "c-1", clusterDefinition("c-1")).poll());
            assertEquals(409, e.getResponse().getStatusCode());
            assertEquals("OperationNotAllowed", e.getValue().getCode());
        } finally {
            sim.setOperationDelay(Duration.ofMillis(200));
        }
        rm.resourceGroups().deleteByName("rg-conflict");
    }

    @Test
    void clusterInAMissingResourceGroupIsRefused() {
        ManagementException e = assertThrows(ManagementException.class, () -> aks.serviceClient().getManagedClusters()
                .beginCreateOrUpdate("rg-missing", "x-1", clusterDefinition("x-1")).getFinalResult(Duration.ofSeconds(30)));
        assertEquals(404, e.getResponse().getStatusCode());
        assertEquals("ResourceGroupNotFound", e.getValue().getCode());
    }
}
