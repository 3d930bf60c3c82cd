package io.roleport.sim.azure;

import static io.roleport.sim.azure.AzureSimClients.INITECH_CLIENT;
import static io.roleport.sim.azure.AzureSimClients.INITECH_SECRET;
import static io.roleport.sim.azure.AzureSimClients.INITECH_SUBSCRIPTION;
import static io.roleport.sim.azure.AzureSimClients.INITECH_TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.Region;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.containerservice.ContainerServiceManager;
import com.azure.resourcemanager.containerservice.fluent.AgentPoolsClient;
import com.azure.resourcemanager.containerservice.fluent.ManagedClustersClient;
import com.azure.resourcemanager.containerservice.fluent.models.AgentPoolInner;
import com.azure.resourcemanager.containerservice.fluent.models.ManagedClusterInner;
import com.azure.resourcemanager.containerservice.models.AgentPoolMode;
import com.azure.resourcemanager.containerservice.models.ManagedClusterAgentPoolProfile;
import com.azure.resourcemanager.containerservice.models.ManagedClusterIdentity;
import com.azure.resourcemanager.containerservice.models.ResourceIdentityType;
import com.azure.resourcemanager.resources.ResourceManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AKS day-2 calls through the real ARM clients: agent pool PUTs (scale, autoscaler bounds, version) and the managed
 * cluster's version, with what AKS enforces: {@code OperationNotAllowed} (409) while another operation runs, a system
 * pool keeps a node, versions go up one minor at a time ({@code OperationNotAllowed} 400,
 * {@code AgentPoolUpgradeVersionNotAllowed}) and a pool is never newer than the control plane
 * ({@code NodePoolMcVersionIncompatible}).
 */
class ArmAgentPoolTest {

    static AzureSimulator sim;
    static ManagedClustersClient clusters;
    static AgentPoolsClient pools;

    @BeforeAll
    static void start() throws Exception {
        sim = AzureSimulator.start(0, Path.of("config/simulator-seed-azure.json"), Path.of("target/azure-sim-pools"));
        sim.setOperationDelay(Duration.ofMillis(200));
        AzureSimClients clients = new AzureSimClients(sim);
        var credential = clients.secret(INITECH_TENANT, INITECH_CLIENT, INITECH_SECRET);
        ResourceManager rm = clients.resources(credential, INITECH_TENANT, INITECH_SUBSCRIPTION);
        rm.resourceGroups().define("rg-pools").withRegion(Region.EUROPE_WEST).create();
        ContainerServiceManager aks = clients.aks(credential, INITECH_TENANT, INITECH_SUBSCRIPTION);
        clusters = aks.serviceClient().getManagedClusters();
        pools = aks.serviceClient().getAgentPools();
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private static void cluster(String name, String version) {
        clusters.beginCreateOrUpdate("rg-pools", name, new ManagedClusterInner().withLocation("westeurope")
                .withIdentity(new ManagedClusterIdentity().withType(ResourceIdentityType.SYSTEM_ASSIGNED))
                .withDnsPrefix(name).withKubernetesVersion(version)
                .withAgentPoolProfiles(List.of(new ManagedClusterAgentPoolProfile().withName("system").withCount(2)
                        .withVmSize("Standard_D2s_v5").withMode(AgentPoolMode.SYSTEM)))).getFinalResult();
    }

    private static AgentPoolInner pool(int count, String version) {
        return new AgentPoolInner().withMode(AgentPoolMode.SYSTEM).withVmSize("Standard_D2s_v5").withCount(count)
                .withOrchestratorVersion(version);
    }

    private static String code(ManagementException e) {
        return e.getValue().getCode();
    }

    @Test
    void aPoolIsScaledOneOperationAtATimeAndASystemPoolKeepsANode() {
        cluster("scaled", "1.32");
        ManagementException empty = assertThrows(ManagementException.class,
                () -> pools.beginCreateOrUpdate("rg-pools", "scaled", "system", pool(0, null)).poll());
        assertEquals("InvalidParameter", code(empty));
        ManagementException bounds = assertThrows(ManagementException.class, () -> pools.beginCreateOrUpdate("rg-pools",
                "scaled", "system", pool(5, null).withEnableAutoScaling(true).withMinCount(1).withMaxCount(3)).poll());
        assertTrue(bounds.getValue().getMessage().contains("within minCount 1 and maxCount 3"),
                bounds.getValue().getMessage());

        pools.beginCreateOrUpdate("rg-pools", "scaled", "system", pool(3, null).withEnableAutoScaling(true)
                .withMinCount(2).withMaxCount(4)).poll();
        ManagementException busy = assertThrows(ManagementException.class,
                () -> pools.beginCreateOrUpdate("rg-pools", "scaled", "system", pool(4, null)).poll());
        assertEquals(409, busy.getResponse().getStatusCode());
        assertEquals("OperationNotAllowed", code(busy));
        assertTrue(busy.getValue().getMessage().contains("Another operation (Updating) is in progress"));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> "Succeeded".equals(pools.get("rg-pools", "scaled", "system").provisioningState()));
        AgentPoolInner now = pools.get("rg-pools", "scaled", "system");
        assertEquals(List.of(3, 2, 4), List.of(now.count(), now.minCount(), now.maxCount()));
        assertEquals(3, clusters.getByResourceGroup("rg-pools", "scaled").agentPoolProfiles().get(0).count(),
                "the managed cluster shows its pool's new size");
    }

    @Test
    void versionsGoUpOneMinorAtATimeAndPoolsNeverPassTheControlPlane() {
        cluster("upgraded", "1.32");
        ManagementException poolFirst = assertThrows(ManagementException.class,
                () -> pools.beginCreateOrUpdate("rg-pools", "upgraded", "system", pool(2, "1.33")).poll());
        assertEquals("NodePoolMcVersionIncompatible", code(poolFirst));

        ManagedClusterInner current = clusters.getByResourceGroup("rg-pools", "upgraded");
        ManagementException skip = assertThrows(ManagementException.class,
                () -> clusters.beginCreateOrUpdate("rg-pools", "upgraded", current.withKubernetesVersion("1.34")).poll());
        assertEquals(400, skip.getResponse().getStatusCode());
        assertTrue(skip.getValue().getMessage().contains("Upgrading Kubernetes version 1.32.7 to 1.34 is not allowed"),
                skip.getValue().getMessage());
        ManagedClusterInner again = clusters.getByResourceGroup("rg-pools", "upgraded");
        assertThrows(ManagementException.class,
                () -> clusters.beginCreateOrUpdate("rg-pools", "upgraded", again.withKubernetesVersion("1.31")).poll(),
                "no downgrade");

        ManagedClusterInner upgraded = clusters.beginCreateOrUpdate("rg-pools", "upgraded",
                clusters.getByResourceGroup("rg-pools", "upgraded").withKubernetesVersion("1.33")).getFinalResult();
        assertEquals("1.33.7", upgraded.currentKubernetesVersion());
        assertEquals("1.32.7", pools.get("rg-pools", "upgraded", "system").currentOrchestratorVersion(),
                "a control-plane upgrade leaves the pools where they are");
        ManagementException twoSteps = assertThrows(ManagementException.class,
                () -> pools.beginCreateOrUpdate("rg-pools", "upgraded", "system", pool(2, "1.31")).poll());
        assertEquals("AgentPoolUpgradeVersionNotAllowed", code(twoSteps));

        pools.beginCreateOrUpdate("rg-pools", "upgraded", "system", pool(2, "1.33")).getFinalResult();
        assertEquals("1.33.7", pools.get("rg-pools", "upgraded", "system").currentOrchestratorVersion());
    }

    /**
     * User pools added and removed (issue #15): a PUT of a new name creates a User pool at the control plane's version,
     * AKS's naming rule is enforced, one operation at a time, the last System pool cannot be deleted, and a deleted pool
     * is Deleting until its operation ends (deleting it again, or one that is not there, is not an error).
     */
    @Test
    void aUserPoolIsAddedAndRemovedAndTheLastSystemPoolStays() {
        cluster("multi", "1.32");
        AgentPoolInner user = new AgentPoolInner().withVmSize("Standard_D4s_v5").withCount(1);
        ManagementException badName = assertThrows(ManagementException.class,
                () -> pools.beginCreateOrUpdate("rg-pools", "multi", "Batch_1", user).poll());
        assertEquals("InvalidParameter", code(badName));
        assertTrue(badName.getValue().getMessage().contains("lowercase"), badName.getValue().getMessage());
        assertThrows(ManagementException.class,
                () -> pools.beginCreateOrUpdate("rg-pools", "multi", "thirteenchars", user).poll(), "1-12 characters");

        pools.beginCreateOrUpdate("rg-pools", "multi", "batch", user).poll();
        ManagementException busy = assertThrows(ManagementException.class,
                () -> pools.beginCreateOrUpdate("rg-pools", "multi", "other", user).poll());
        assertEquals("OperationNotAllowed", code(busy));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> "Succeeded".equals(pools.get("rg-pools", "multi", "batch").provisioningState()));
        AgentPoolInner batch = pools.get("rg-pools", "multi", "batch");
        assertEquals(List.of("User", "1.32.7", "Standard_D4s_v5"),
                List.of(batch.mode().toString(), batch.currentOrchestratorVersion(), batch.vmSize()));

        ManagementException lastSystem = assertThrows(ManagementException.class,
                () -> pools.beginDelete("rg-pools", "multi", "system").poll());
        assertEquals("MustDefineAtLeastOneSystemPool", code(lastSystem));

        sim.setOperationDelay(Duration.ofSeconds(4)); // long enough to see the pool while it is deleted
        try {
            pools.beginDelete("rg-pools", "multi", "batch").poll();
            assertEquals("Deleting", pools.get("rg-pools", "multi", "batch").provisioningState());
            pools.beginDelete("rg-pools", "multi", "batch").poll();
        } finally {
            sim.setOperationDelay(Duration.ofMillis(200));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> clusters.getByResourceGroup("rg-pools", "multi").agentPoolProfiles().size() == 1);
        ManagementException gone = assertThrows(ManagementException.class, () -> pools.get("rg-pools", "multi", "batch"));
        assertEquals(404, gone.getResponse().getStatusCode());
        pools.beginDelete("rg-pools", "multi", "batch").poll(); // not there: nothing to do
    }
}
