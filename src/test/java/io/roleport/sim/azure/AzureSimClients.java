package io.roleport.sim.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.resourcemanager.containerservice.ContainerServiceManager;
import com.azure.resourcemanager.resources.ResourceManager;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Real Azure SDK clients pointed at an {@link AzureSimulator} (what the application does with its settings). */
final class AzureSimClients {

    /** The seed's demo identities (config/simulator-seed-azure.json). */
    static final String DEFAULT_TENANT = "aaaaaaaa-0000-0000-0000-000000000001";
    static final String DEFAULT_SUBSCRIPTION = "aaaaaaaa-0000-0000-0000-000000000501";
    static final String DEFAULT_CLIENT = "aaaaaaaa-0000-0000-0000-000000000a01";
    static final String DEFAULT_SECRET = "roleport-default-sp-secret-local-only";
    static final String INITECH_TENANT = "bbbbbbbb-0000-0000-0000-000000000001";
    static final String INITECH_SUBSCRIPTION = "bbbbbbbb-0000-0000-0000-000000000501";
    static final String INITECH_CLIENT = "bbbbbbbb-0000-0000-0000-000000000a01";
    static final String INITECH_SECRET = "initech-sp-secret-local-only";
    static final String INITECH_NOROLE_CLIENT = "bbbbbbbb-0000-0000-0000-000000000a02";
    static final String INITECH_NOROLE_SECRET = "initech-norole-secret-local-only";
    static final String INITECH_READER_CLIENT = "bbbbbbbb-0000-0000-0000-000000000a03";
    static final String INITECH_READER_SECRET = "initech-reader-secret-local-only";
    static final String INITECH_FEDERATED_CLIENT = "bbbbbbbb-0000-0000-0000-000000000a04";
    static final String CONTOSO_TENANT = "cccccccc-0000-0000-0000-000000000001";
    static final String CONTOSO_SUBSCRIPTION = "cccccccc-0000-0000-0000-000000000501";
    /** Contributor on its subscription. */
    static final String CONTOSO_CLIENT = "cccccccc-0000-0000-0000-000000000a01";
    static final String CONTOSO_SECRET = "contoso-sp-secret-local-only";
    /** Has the custom role without {@code managedClusters/delete}. */
    static final String INITECH_PARTIAL_CLIENT = "bbbbbbbb-0000-0000-0000-000000000a05";
    static final String INITECH_PARTIAL_SECRET = "initech-partial-secret-local-only";

    private final AzureSimulator sim;
    final HttpClient http;

    AzureSimClients(AzureSimulator sim) {
        this.sim = sim;
        this.http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                .sslContext(sim.sslContext()).version(java.net.http.HttpClient.Version.HTTP_1_1))
                .connectionTimeout(Duration.ofSeconds(5)).build();
    }

    TokenCredential secret(String tenant, String clientId, String secret) {
        return new ClientSecretCredentialBuilder().authorityHost(sim.endpoint().toString()).tenantId(tenant)
                .clientId(clientId).clientSecret(secret).disableInstanceDiscovery().httpClient(http).build();
    }

    TokenCredential assertion(String tenant, String clientId, Supplier<String> assertion) {
        return new ClientAssertionCredentialBuilder().authorityHost(sim.endpoint().toString()).tenantId(tenant)
                .clientId(clientId).clientAssertion(assertion).disableInstanceDiscovery().httpClient(http).build();
    }

    /** {@code AzureEnvironment.AZURE} with ARM and Entra ID at the simulator (managementEndpointUrl kept for the scope). */
    AzureEnvironment environment() {
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", sim.endpoint() + "/");
        endpoints.put("activeDirectoryEndpointUrl", sim.endpoint() + "/");
        return new AzureEnvironment(endpoints);
    }

    AzureProfile profile(String tenant, String subscription) {
        return new AzureProfile(tenant, subscription, environment());
    }

    ResourceManager resources(TokenCredential credential, String tenant, String subscription) {
        return ResourceManager.configure().withHttpClient(http).authenticate(credential, profile(tenant, subscription))
                .withSubscription(subscription);
    }

    ContainerServiceManager aks(TokenCredential credential, String tenant, String subscription) {
        return ContainerServiceManager.configure().withHttpClient(http).authenticate(credential, profile(tenant, subscription));
    }
}
