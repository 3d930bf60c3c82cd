package io.roleport.sim.azure;

import static io.roleport.sim.azure.AzureSimClients.INITECH_CLIENT;
import static io.roleport.sim.azure.AzureSimClients.INITECH_PARTIAL_CLIENT;
import static io.roleport.sim.azure.AzureSimClients.INITECH_PARTIAL_SECRET;
import static io.roleport.sim.azure.AzureSimClients.INITECH_READER_CLIENT;
import static io.roleport.sim.azure.AzureSimClients.INITECH_READER_SECRET;
import static io.roleport.sim.azure.AzureSimClients.INITECH_SECRET;
import static io.roleport.sim.azure.AzureSimClients.INITECH_SUBSCRIPTION;
import static io.roleport.sim.azure.AzureSimClients.INITECH_TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.management.Region;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.containerservice.ContainerServiceManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roleport.application.onboarding.AzurePermissions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #12: ARM evaluates every call against the caller's role assignments (actions, notActions, wildcards, scope),
 * answers {@code AuthorizationFailed} as Azure does, and lists a caller's own permissions at a resource group.
 */
class ArmRbacTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static AzureSimulator sim;
  static AzureSimClients clients;

  @BeforeAll
  static void start() throws Exception {
    sim = AzureSimulator.start(0, Path.of("config/simulator-seed-azure.json"), Path.of("target/azure-sim-rbac"));
    sim.setOperationDelay(Duration.ofMillis(100));
    clients = new AzureSimClients(sim);
  }

  @AfterAll
  static void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  @Test
  void theOnboardingPagesCustomRoleIsTheSeedsAndHoldsExactlyWhatRoleportCalls() throws Exception {
    JsonNode seed = JSON.readTree(Files.readString(Path.of("config/simulator-seed-azure.json")));
    JsonNode role = null;
    for (JsonNode r : seed.path("roleDefinitions")) {
      if (r.path("name").asText().equals(AzurePermissions.ROLE_NAME)) {
        role = r;
      }
    }
    List<String> actions = new ArrayList<>();
    role.path("actions").forEach(a -> actions.add(a.asText()));
    assertEquals(AzurePermissions.REQUIRED, actions);
    JsonNode shown = JSON.readTree(AzurePermissions.customRoleJson("s-1"));
    List<String> shownActions = new ArrayList<>();
    shown.path("Actions").forEach(a -> shownActions.add(a.asText()));
    assertEquals(AzurePermissions.REQUIRED, shownActions, "the az command creates the same role");
    assertEquals("/subscriptions/s-1", shown.path("AssignableScopes").get(0).asText());
  }

  @Test
  void aRoleWithoutAnActionIsRefusedThatActionAndListsWhatItMayDo() throws Exception {
    var partial = clients.secret(INITECH_TENANT, INITECH_PARTIAL_CLIENT, INITECH_PARTIAL_SECRET);
    var rm = clients.resources(partial, INITECH_TENANT, INITECH_SUBSCRIPTION);
    rm.resourceGroups().define("rg-partial").withRegion(Region.EUROPE_WEST).create();

    ContainerServiceManager aks = clients.aks(partial, INITECH_TENANT, INITECH_SUBSCRIPTION);
    ManagementException refused = assertThrows(ManagementException.class,
        () -> aks.serviceClient().getManagedClusters().beginDelete("rg-partial", "nothing-here").poll());
    assertEquals(403, refused.getResponse().getStatusCode());
    assertEquals("AuthorizationFailed", refused.getValue().getCode());
    assertTrue(refused.getValue().getMessage().contains("'Microsoft.ContainerService/managedClusters/delete'"),
        refused.getValue().getMessage());
    assertTrue(refused.getValue().getMessage().contains("/resourceGroups/rg-partial/providers/"
        + "Microsoft.ContainerService/managedClusters/nothing-here"), refused.getValue().getMessage());

    List<AzurePermissions.Grant> grants = permissions(partial, "rg-partial");
    assertEquals(List.of("Microsoft.ContainerService/managedClusters/delete"), AzurePermissions.missing(grants));
  }

  @Test
  void contributorMayDoEverythingRoleportDoesButAssignNoRoleAndReaderOnlyReads() throws Exception {
    var operator = clients.secret(INITECH_TENANT, INITECH_CLIENT, INITECH_SECRET);
    clients.resources(operator, INITECH_TENANT, INITECH_SUBSCRIPTION).resourceGroups().define("rg-rbac")
        .withRegion(Region.EUROPE_WEST).create();
    assertEquals(List.of(), AzurePermissions.missing(permissions(operator, "rg-rbac")));

    var reader = clients.secret(INITECH_TENANT, INITECH_READER_CLIENT, INITECH_READER_SECRET);
    List<String> readerMissing = AzurePermissions.missing(permissions(reader, "rg-rbac"));
    assertTrue(readerMissing.contains("Microsoft.ContainerService/managedClusters/write"), readerMissing.toString());
    assertTrue(readerMissing.contains("Microsoft.Resources/subscriptions/resourceGroups/delete"), readerMissing.toString());
    assertFalse(readerMissing.contains("Microsoft.ContainerService/managedClusters/read"), readerMissing.toString());

    AzureRbac.Role contributor = AzureRbac.BUILT_IN.stream().filter(r -> r.name().equals("Contributor")).findFirst()
        .orElseThrow();
    assertTrue(contributor.allows("Microsoft.ContainerService/managedClusters/write"));
    assertFalse(contributor.allows("Microsoft.Authorization/roleAssignments/write"), "Contributor assigns no roles");
    assertFalse(contributor.allows("microsoft.authorization/ROLEASSIGNMENTS/write"), "matching ignores case");
  }

  @Test
  void anEntraIdClusterGivesNoStaticCredentialAndItsRolesAreAssignedOnlyWithinTheCondition() throws Exception {
    var operator = clients.secret(INITECH_TENANT, INITECH_CLIENT, INITECH_SECRET);
    clients.resources(operator, INITECH_TENANT, INITECH_SUBSCRIPTION).resourceGroups().define("rg-aad")
        .withRegion(Region.EUROPE_WEST).create();
    var aks = clients.aks(operator, INITECH_TENANT, INITECH_SUBSCRIPTION).serviceClient().getManagedClusters();

    var badAad = ArmLifecycleTest.clusterDefinition("aad-0").withAadProfile(
        new com.azure.resourcemanager.containerservice.models.ManagedClusterAadProfile().withEnableAzureRbac(true));
    ManagementException unmanaged = assertThrows(ManagementException.class,
        () -> aks.beginCreateOrUpdate("rg-aad", "aad-0", badAad).getFinalResult(Duration.ofSeconds(30)));
    assertEquals("BadRequest", unmanaged.getValue().getCode());

    var cluster = ArmLifecycleTest.clusterDefinition("aad-1").withAadProfile(
        new com.azure.resourcemanager.containerservice.models.ManagedClusterAadProfile().withManaged(true)
            .withEnableAzureRbac(true).withTenantId(INITECH_TENANT)).withDisableLocalAccounts(true);
    aks.beginCreateOrUpdate("rg-aad", "aad-1", cluster).getFinalResult(Duration.ofSeconds(30));

    ManagementException notInRole = assertThrows(ManagementException.class,
        () -> aks.listClusterAdminCredentials("rg-aad", "aad-1"));
    assertEquals("AuthorizationFailed", notInRole.getValue().getCode(), "Roleport's role never asks for it");
    // A Contributor may ask, and is refused all the same: the cluster has no local accounts.
    var contoso = clients.secret(AzureSimClients.CONTOSO_TENANT, AzureSimClients.CONTOSO_CLIENT,
        AzureSimClients.CONTOSO_SECRET);
    clients.resources(contoso, AzureSimClients.CONTOSO_TENANT, AzureSimClients.CONTOSO_SUBSCRIPTION).resourceGroups()
        .define("rg-aad").withRegion(Region.EUROPE_WEST).create();
    var contosoAks = clients.aks(contoso, AzureSimClients.CONTOSO_TENANT, AzureSimClients.CONTOSO_SUBSCRIPTION)
        .serviceClient().getManagedClusters();
    contosoAks.beginCreateOrUpdate("rg-aad", "aad-2", ArmLifecycleTest.clusterDefinition("aad-2").withAadProfile(
        new com.azure.resourcemanager.containerservice.models.ManagedClusterAadProfile().withManaged(true)
            .withEnableAzureRbac(true)).withDisableLocalAccounts(true)).getFinalResult(Duration.ofSeconds(30));
    ManagementException admin = assertThrows(ManagementException.class,
        () -> contosoAks.listClusterAdminCredentials("rg-aad", "aad-2"));
    assertTrue(admin.getValue().getMessage().contains("disable local accounts"), admin.getValue().getMessage());
    String user = new String(aks.listClusterUserCredentials("rg-aad", "aad-1").kubeconfigs().get(0).value(),
        java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(user.contains("command: kubelogin") && user.contains(INITECH_TENANT), user);
    assertFalse(user.contains("token:"), user);

    String scope = "/subscriptions/" + INITECH_SUBSCRIPTION + "/resourceGroups/rg-aad/providers/"
        + "Microsoft.ContainerService/managedClusters/aad-1";
    String viewers = "bbbbbbbb-0000-0000-0000-0000000006a3";
    assertEquals(201, assign(operator, scope, "11111111-0000-0000-0000-000000000001", viewers,
        AzurePermissions.AKS_RBAC_READER).statusCode());
    assertEquals(200, assign(operator, scope, "11111111-0000-0000-0000-000000000001", viewers,
        AzurePermissions.AKS_RBAC_READER).statusCode(), "the same assignment again");
    assertEquals(409, assign(operator, scope, "11111111-0000-0000-0000-000000000002", viewers,
        AzurePermissions.AKS_RBAC_READER).statusCode(), "the same group and role under another name");
    HttpResponse<String> owner = assign(operator, scope, "11111111-0000-0000-0000-000000000003", viewers,
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
    assertEquals(403, owner.statusCode(), "the condition lets it assign the AKS roles only, never Owner");
    assertTrue(owner.body().contains("AuthorizationFailed"), owner.body());
    HttpResponse<String> stranger = assign(operator, scope, "11111111-0000-0000-0000-000000000004",
        "bbbbbbbb-0000-0000-0000-0000000009ff", AzurePermissions.AKS_RBAC_READER);
    assertEquals(400, stranger.statusCode());
    assertTrue(stranger.body().contains("PrincipalNotFound"), stranger.body());
    assertEquals(400, assign(operator, scope, "not-a-guid", viewers, AzurePermissions.AKS_RBAC_READER).statusCode());

    var reader = clients.secret(INITECH_TENANT, INITECH_READER_CLIENT, INITECH_READER_SECRET);
    assertEquals(403, assign(reader, scope, "11111111-0000-0000-0000-000000000005", viewers,
        AzurePermissions.AKS_RBAC_WRITER).statusCode());
    AzureRbac.Role contributor = AzureRbac.BUILT_IN.stream().filter(r -> r.name().equals("Contributor")).findFirst()
        .orElseThrow();
    assertFalse(contributor.allows("Microsoft.Authorization/roleAssignments/write"));
  }

  @Test
  void aConditionIsUnderstoodOnlyInTheFormThatLimitsAssignableRoles() {
    assertEquals(java.util.Set.of(AzurePermissions.AKS_RBAC_READER, AzurePermissions.AKS_RBAC_WRITER,
        AzurePermissions.AKS_RBAC_CLUSTER_ADMIN), AzureRbac.assignableRoles(AzurePermissions.assignmentCondition()));
    assertThrows(IllegalArgumentException.class, () -> AzureRbac.assignableRoles("@Resource[x] StringEquals 'y'"));
  }

  private static HttpResponse<String> assign(com.azure.core.credential.TokenCredential credential, String scope,
      String name, String principal, String role) throws Exception {
    String token = credential.getTokenSync(new TokenRequestContext().addScopes("https://management.core.windows.net//.default"))
        .getToken();
    String body = "{\"properties\":{\"roleDefinitionId\":\"/subscriptions/" + INITECH_SUBSCRIPTION
        + "/providers/Microsoft.Authorization/roleDefinitions/" + role + "\",\"principalId\":\"" + principal
        + "\",\"principalType\":\"Group\"}}";
    return HttpClient.newBuilder().sslContext(sim.sslContext()).build().send(
        HttpRequest.newBuilder(URI.create(sim.endpoint() + scope + "/providers/Microsoft.Authorization/roleAssignments/"
            + name + "?api-version=2022-04-01")).header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAssignmentAtAResourceGroupCoversItAndNothingAbove() {
    AzureRbac rbac = new AzureRbac();
    rbac.assign("c1", "Contributor", "/subscriptions/s1/resourceGroups/rg-a");
    assertTrue(rbac.allows("c1", "Microsoft.ContainerService/managedClusters/write",
        "/subscriptions/s1/resourcegroups/RG-A/providers/Microsoft.ContainerService/managedClusters/x"));
    assertFalse(rbac.allows("c1", "Microsoft.Resources/subscriptions/read", "/subscriptions/s1"));
    assertFalse(rbac.allows("c1", "Microsoft.ContainerService/managedClusters/write",
        "/subscriptions/s1/resourceGroups/rg-ab/providers/Microsoft.ContainerService/managedClusters/x"),
        "a scope covers its own path, not a longer name");
  }

  private static List<AzurePermissions.Grant> permissions(com.azure.core.credential.TokenCredential credential,
      String group) throws Exception {
    String token = credential.getTokenSync(new TokenRequestContext().addScopes("https://management.core.windows.net//.default"))
        .getToken();
    HttpResponse<String> response = HttpClient.newBuilder().sslContext(sim.sslContext()).build().send(
        HttpRequest.newBuilder(URI.create(sim.endpoint() + "/subscriptions/" + INITECH_SUBSCRIPTION + "/resourcegroups/"
            + group + "/providers/Microsoft.Authorization/permissions?api-version=2022-04-01"))
            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    List<AzurePermissions.Grant> grants = new ArrayList<>();
    for (JsonNode g : JSON.readTree(response.body()).path("value")) {
      List<String> actions = new ArrayList<>();
      g.path("actions").forEach(a -> actions.add(a.asText()));
      List<String> notActions = new ArrayList<>();
      g.path("notActions").forEach(a -> notActions.add(a.asText()));
      grants.add(new AzurePermissions.Grant(actions, notActions));
    }
    return grants;
  }
}
