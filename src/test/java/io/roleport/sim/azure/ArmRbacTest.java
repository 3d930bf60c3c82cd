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
