package io.roleport.sim.azure;

import static io.roleport.sim.azure.AzureSimClients.CONTOSO_TENANT;
import static io.roleport.sim.azure.AzureSimClients.INITECH_CLIENT;
import static io.roleport.sim.azure.AzureSimClients.INITECH_SECRET;
import static io.roleport.sim.azure.AzureSimClients.INITECH_TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #12 (AKS half): the simulated Entra ID signs people in with ROPC and issues v1 access tokens for the AKS server
 * app with their groups; an AKS cluster's Kubernetes API authenticates those tokens (signature, audience, tenant,
 * expiry: 401) and authorizes by the Azure RBAC data-plane roles assigned on the cluster to the person's groups (403).
 */
class AksKubeApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static AzureSimulator sim;
  static AksFixture aks;

  @BeforeAll
  static void start() throws Exception {
    sim = AzureSimulator.start(0, Path.of("config/simulator-seed-azure.json"), Path.of("target/azure-sim-aks"));
    aks = new AksFixture(sim, "aks-api");
  }

  @AfterAll
  static void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  @Test
  void ropcGivesAV1TokenForTheAksServerAppNamingThePersonAndTheirGroups() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(aks.aksToken("ada@initech.example")).getJWTClaimsSet();
    assertEquals(List.of(EntraApi.AKS_SERVER_APP), claims.getAudience());
    assertEquals("https://sts.windows.net/" + INITECH_TENANT + "/", claims.getIssuer());
    assertEquals(INITECH_TENANT, claims.getStringClaim("tid"));
    assertEquals("ada@initech.example", claims.getStringClaim("upn"));
    assertEquals(List.of(AksFixture.ADMINS), claims.getStringListClaim("groups"));
    assertEquals("1.0", claims.getStringClaim("ver"));
    assertEquals(AksFixture.KUBELOGIN_CLIENT, claims.getStringClaim("appid"));
    assertTrue(claims.getStringClaim("oid").matches("[0-9a-f-]{36}"));
    assertTrue(claims.getExpirationTime().toInstant().isAfter(Instant.now().plusSeconds(3000)));
  }

  @Test
  void entraRefusesAWrongPasswordAnUnknownPersonAConfidentialClientAndAnUnknownResource() throws Exception {
    Map<String, String> ok = Map.of("grant_type", "password", "client_id", AksFixture.KUBELOGIN_CLIENT,
        "username", "ada@initech.example", "password", AksFixture.PASSWORD, "scope", EntraApi.AKS_SERVER_APP + "/.default");
    assertEquals(200, aks.tokenRequest(INITECH_TENANT, ok).statusCode());
    expectError(with(ok, "password", "wrong"), 400, "invalid_grant", 50126);
    expectError(with(ok, "username", "nobody@initech.example"), 400, "invalid_grant", 50034);
    expectError(with(ok, "client_id", INITECH_CLIENT), 401, "invalid_client", 7000218);
    expectError(with(ok, "scope", "11111111-2222-3333-4444-555555555555/.default"), 400, "invalid_resource", 500011);
    HttpResponse<String> otherTenant = aks.tokenRequest(CONTOSO_TENANT, ok);
    assertEquals(400, otherTenant.statusCode(), "the person is not in the contoso directory");
  }

  private static Map<String, String> with(Map<String, String> form, String key, String value) {
    Map<String, String> m = new java.util.HashMap<>(form);
    m.put(key, value);
    return m;
  }

  private static void expectError(Map<String, String> form, int status, String error, int code) throws Exception {
    HttpResponse<String> r = aks.tokenRequest(INITECH_TENANT, form);
    assertEquals(status, r.statusCode(), r.body());
    JsonNode n = JSON.readTree(r.body());
    assertEquals(error, n.path("error").asText(), r.body());
    assertEquals(code, n.path("error_codes").get(0).asInt(), r.body());
  }

  @Test
  void anAdminListsTheNodesOfTheAgentPools() throws Exception {
    HttpResponse<String> r = aks.get(aks.aksToken("ada@initech.example"), "/api/v1/nodes");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode items = JSON.readTree(r.body()).path("items");
    assertEquals(2, items.size(), "the system pool has two nodes");
    assertTrue(items.get(0).path("metadata").path("name").asText().startsWith("aks-system-"));
    assertTrue(aks.canI(aks.aksToken("ada@initech.example"), "create", "rbac.authorization.k8s.io",
        "clusterrolebindings", ""));
  }

  @Test
  void aTokenThatIsMissingForeignTamperedExpiredOrOfAnotherTenantIsUnauthorized() throws Exception {
    String good = aks.aksToken("ada@initech.example");
    assertEquals(200, aks.get(good, "/api/v1/nodes").statusCode());
    assertUnauthorized(aks.get(null, "/api/v1/nodes"));
    // a token of another audience: ARM's, which the same person or app gets from the same tenant
    String arm = aks.tokenRequest(INITECH_TENANT, Map.of("grant_type", "client_credentials", "client_id", INITECH_CLIENT,
        "client_secret", INITECH_SECRET, "scope", "https://management.azure.com/.default")).body();
    assertUnauthorized(aks.get(JSON.readTree(arm).path("access_token").asText(), "/api/v1/nodes"));
    String[] parts = good.split("\\.");
    String otherSignature = parts[0] + "." + parts[1] + "." + aks.aksToken("vic@initech.example").split("\\.")[2];
    assertUnauthorized(aks.get(otherSignature, "/api/v1/nodes"));
    JWTClaimsSet claims = SignedJWT.parse(good).getJWTClaimsSet();
    EntraApi signer = new EntraApi(null, JSON, Clock.systemUTC()); // the simulator's key (one per JVM)
    String resigned = signer.sign(claims);
    assertEquals(200, aks.get(resigned, "/api/v1/nodes").statusCode(), "the same claims with the same key pass");
    assertUnauthorized(aks.get(signer.sign(new JWTClaimsSet.Builder(claims)
        .expirationTime(Date.from(Instant.now().minusSeconds(5))).build()), "/api/v1/nodes"));
    assertUnauthorized(aks.get(signer.sign(new JWTClaimsSet.Builder(claims)
        .issuer("https://sts.windows.net/" + CONTOSO_TENANT + "/").claim("tid", CONTOSO_TENANT).build()), "/api/v1/nodes"));
    assertEquals(200, aks.get(signer.sign(new JWTClaimsSet.Builder(claims)
        .issuer("https://login.microsoftonline.com/" + INITECH_TENANT + "/v2.0").build()), "/api/v1/nodes").statusCode(),
        "the v2 issuer of the same tenant is accepted");
  }

  private static void assertUnauthorized(HttpResponse<String> r) throws Exception {
    assertEquals(401, r.statusCode(), r.body());
    JsonNode n = JSON.readTree(r.body());
    assertEquals("Status", n.path("kind").asText());
    assertEquals("Unauthorized", n.path("reason").asText());
  }

  @Test
  void theRbacRolesGrantWhatTheirDocumentedVerbsAllowAndNothingElse() throws Exception {
    String reader = aks.aksToken("vic@initech.example");
    String writer = aks.aksToken("dev@initech.example");
    String nobody = aks.aksToken("nora@initech.example");
    assertEquals(200, aks.get(reader, "/api/v1/namespaces/default/pods").statusCode());
    HttpResponse<String> nodes = aks.get(reader, "/api/v1/nodes");
    assertEquals(403, nodes.statusCode());
    assertEquals("nodes is forbidden: User \"vic@initech.example\" cannot list resource \"nodes\" in API group \"\" at the"
        + " cluster scope: User does not have access to the resource in Azure. Update role assignment to allow access.",
        JSON.readTree(nodes.body()).path("message").asText());
    assertEquals(403, aks.get(reader, "/api/v1/namespaces/default/secrets").statusCode(), "readers see no secrets");
    assertFalse(aks.canI(reader, "create", "apps", "deployments", "default"));
    assertTrue(aks.canI(reader, "list", "apps", "deployments", "default"));
    assertEquals(200, aks.get(writer, "/api/v1/namespaces/default/secrets").statusCode(), "writers read secrets");
    assertTrue(aks.canI(writer, "create", "apps", "deployments", "default"));
    assertFalse(aks.canI(writer, "create", "rbac.authorization.k8s.io", "rolebindings", "default"));
    assertFalse(aks.canI(writer, "list", "", "nodes", ""));
    HttpResponse<String> none = aks.get(nobody, "/api/v1/namespaces/default/pods");
    assertEquals(403, none.statusCode(), "a person in no assigned group is authenticated, and may do nothing");
    assertEquals(200, aks.get(nobody, "/version").statusCode(), "discovery is every authenticated user's");
  }
}
