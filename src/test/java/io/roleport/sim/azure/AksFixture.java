package io.roleport.sim.azure;

import static io.roleport.sim.azure.AzureSimClients.INITECH_CLIENT;
import static io.roleport.sim.azure.AzureSimClients.INITECH_SECRET;
import static io.roleport.sim.azure.AzureSimClients.INITECH_SUBSCRIPTION;
import static io.roleport.sim.azure.AzureSimClients.INITECH_TENANT;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.management.Region;
import com.azure.resourcemanager.containerservice.models.ManagedClusterAadProfile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roleport.application.onboarding.AzurePermissions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An Entra ID AKS cluster with Azure RBAC in the initech tenant, its three groups given the RBAC roles Roleport assigns
 * (admins: Cluster Admin, developers: Writer, viewers: Reader, as {@code AksAccess} does), and four people: one per
 * group and one in no group.
 */
final class AksFixture {
  static final String ADMINS = "bbbbbbbb-0000-0000-0000-0000000006a1";
  static final String DEVELOPERS = "bbbbbbbb-0000-0000-0000-0000000006a2";
  static final String VIEWERS = "bbbbbbbb-0000-0000-0000-0000000006a3";
  static final String PASSWORD = "local-only-Passw0rd";
  static final String KUBELOGIN_CLIENT = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";
  static final String RG = "rg-kube";
  private static final ObjectMapper JSON = new ObjectMapper();

  final AzureSimulator sim;
  final AzureSimClients clients;
  final TokenCredential operator;
  final String cluster;
  final String clusterId;

  AksFixture(AzureSimulator sim, String cluster) throws Exception {
    this.sim = sim;
    this.cluster = cluster;
    sim.setOperationDelay(Duration.ofMillis(100));
    clients = new AzureSimClients(sim);
    operator = clients.secret(INITECH_TENANT, INITECH_CLIENT, INITECH_SECRET);
    clients.resources(operator, INITECH_TENANT, INITECH_SUBSCRIPTION).resourceGroups().define(RG)
        .withRegion(Region.EUROPE_WEST).create();
    clients.aks(operator, INITECH_TENANT, INITECH_SUBSCRIPTION).serviceClient().getManagedClusters()
        .beginCreateOrUpdate(RG, cluster, ArmLifecycleTest.clusterDefinition(cluster).withAadProfile(
            new ManagedClusterAadProfile().withManaged(true).withEnableAzureRbac(true).withTenantId(INITECH_TENANT))
            .withDisableLocalAccounts(true)).getFinalResult(Duration.ofSeconds(30));
    clusterId = "/subscriptions/" + INITECH_SUBSCRIPTION + "/resourceGroups/" + RG
        + "/providers/Microsoft.ContainerService/managedClusters/" + cluster;
    assign("22222222-0000-0000-0000-000000000001", ADMINS, AzurePermissions.AKS_RBAC_CLUSTER_ADMIN);
    assign("22222222-0000-0000-0000-000000000002", DEVELOPERS, AzurePermissions.AKS_RBAC_WRITER);
    assign("22222222-0000-0000-0000-000000000003", VIEWERS, AzurePermissions.AKS_RBAC_READER);
    sim.addUser(INITECH_TENANT, "ada@initech.example", PASSWORD, List.of(ADMINS));
    sim.addUser(INITECH_TENANT, "dev@initech.example", PASSWORD, List.of(DEVELOPERS));
    sim.addUser(INITECH_TENANT, "vic@initech.example", PASSWORD, List.of(VIEWERS));
    sim.addUser(INITECH_TENANT, "nora@initech.example", PASSWORD, List.of());
  }

  HttpClient http() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(sim.sslContext()).build();
  }

  private void assign(String name, String group, String role) throws Exception {
    String token = operator.getTokenSync(new TokenRequestContext().addScopes("https://management.core.windows.net//.default"))
        .getToken();
    String body = "{\"properties\":{\"roleDefinitionId\":\"/subscriptions/" + INITECH_SUBSCRIPTION
        + "/providers/Microsoft.Authorization/roleDefinitions/" + role + "\",\"principalId\":\"" + group
        + "\",\"principalType\":\"Group\"}}";
    HttpResponse<String> r = http().send(HttpRequest.newBuilder(URI.create(sim.endpoint() + clusterId
            + "/providers/Microsoft.Authorization/roleAssignments/" + name + "?api-version=2022-04-01"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("role assignment: " + r.statusCode() + " " + r.body());
    }
  }

  /** The token endpoint's answer to kubelogin's ROPC sign-in (form fields as given). */
  HttpResponse<String> tokenRequest(String tenant, Map<String, String> form) throws Exception {
    String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    return http().send(HttpRequest.newBuilder(URI.create(sim.endpoint() + "/" + tenant + "/oauth2/v2.0/token"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A person's access token for the AKS server app, as {@code kubelogin get-token --login ropc} gets it. */
  String aksToken(String upn) throws Exception {
    HttpResponse<String> r = tokenRequest(INITECH_TENANT, Map.of("grant_type", "password", "client_id", KUBELOGIN_CLIENT,
        "username", upn, "password", PASSWORD, "scope", EntraApi.AKS_SERVER_APP + "/.default"));
    if (r.statusCode() != 200) {
      throw new IllegalStateException("token: " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body()).path("access_token").asText();
  }

  URI api() {
    return sim.aksApiEndpoint(INITECH_SUBSCRIPTION, RG, cluster);
  }

  HttpResponse<String> get(String token, String path) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http().send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code kubectl auth can-i verb resource}: the API's answer to a SelfSubjectAccessReview. */
  boolean canI(String token, String verb, String group, String resource, String namespace) throws Exception {
    String body = "{\"kind\":\"SelfSubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\",\"spec\":"
        + "{\"resourceAttributes\":{\"namespace\":\"" + namespace + "\",\"verb\":\"" + verb + "\",\"group\":\"" + group
        + "\",\"resource\":\"" + resource + "\"}}}";
    HttpResponse<String> r = http().send(HttpRequest.newBuilder(URI.create(api()
            + "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("review: " + r.statusCode() + " " + r.body());
    }
    JsonNode n = JSON.readTree(r.body());
    return n.path("status").path("allowed").asBoolean();
  }
}
